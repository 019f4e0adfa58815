import { useI18n } from '../i18n'
import { useApiQuery } from '../useApi'

const TEXT = {
  zh: { title: '笔记与论点', none: '暂无笔记。', flagged: '论点检查被触发', open: '打开', scenarios: '个情景' },
  en: { title: 'Notes and theses', none: 'No notes yet.', flagged: 'thesis checks breached', open: 'Open', scenarios: 'scenarios' },
}

/** In the company panel: the notes about this company, breached thesis checks first. */
export function SecurityNotes({ securityId, onOpenNote }: { securityId: string; onOpenNote: (id: string) => void }) {
  const { lang } = useI18n()
  const t = TEXT[lang]
  const { data } = useApiQuery('notes.list', { subjectKind: 'security', subjectId: securityId, limit: 50 })
  if (!data) return null
  const notes = [...data.notes].sort((a, b) => b.flags - a.flags)
  return (
    <section data-testid="security-notes">
      <h4>
        {t.title} ({data.total})
      </h4>
      {notes.length === 0 && <p className="muted small">{t.none}</p>}
      <ul className="security-notes">
        {notes.map((n) => (
          <li key={n.id}>
            <button className="link" onClick={() => onOpenNote(n.id)}>
              {n.title || '—'}
            </button>
            {n.flags > 0 && (
              <span className="thesis-flag" title={t.flagged}>
                ⚠ {n.flags} {t.flagged}
              </span>
            )}
            <span className="muted small">
              {' '}
              · {n.updatedAt.slice(0, 10)}
              {n.scenarios > 0 ? ` · ${n.scenarios} ${t.scenarios}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
