import type { Lang } from '../../../shared/format'
import { useI18n } from '../i18n'
import { useApiQuery } from '../useApi'
import { flagReason, scenarioLabel } from './model'
import { NOTES_TEXT } from './text'

const TEXT: Record<Lang, { title: string; none: string; trigger: string; since: string }> = {
  zh: { title: '被新数据触发的论点', none: '没有被触发的论点检查。', trigger: '触发的数据变化', since: '自' },
  en: { title: 'Theses challenged by new data', none: 'No thesis check is breached.', trigger: 'data change', since: 'since' },
}

/** Every breached thesis check, with the reason and the data change that found it. */
export function FlagsPanel({ onSelect }: { onSelect: (id: string) => void }) {
  const { lang } = useI18n()
  const t = TEXT[lang]
  const tx = NOTES_TEXT[lang]
  const { data } = useApiQuery('notes.flags', {})
  if (!data) return null
  return (
    <section className="flags-panel" data-testid="flags-panel">
      <h4>
        ⚑ {t.title} ({data.flags.length})
      </h4>
      {data.flags.length === 0 && <p className="muted small">{t.none}</p>}
      <ul>
        {data.flags.map((f) => (
          <li key={`${f.noteId}|${f.scenario}|${f.rule}`}>
            <button className="link" onClick={() => onSelect(f.noteId)}>
              {f.noteTitle || '—'}
            </button>
            <div className="small">
              <b>{scenarioLabel(f.scenario, tx)}</b> · {flagReason(f, lang)}
            </div>
            <div className="muted small">
              {t.trigger}: <span className="mono">{f.trigger}</span> · {t.since} {f.since.slice(0, 16).replace('T', ' ')}
            </div>
          </li>
        ))}
      </ul>
    </section>
  )
}
