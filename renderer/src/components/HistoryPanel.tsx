import { useMemo, useState } from 'react'
import type { ChangeSetView } from '../../../shared/api/history'
import { errorText } from '../errorText'
import { describe, core, KIND_LABEL, timeText, type Names } from '../historyText'
import { useI18n } from '../i18n'
import { useApiQuery } from '../useApi'
import { HISTORY_INPUT, isMac, type HistoryAction } from '../useHistory'
import { ConfirmDialog } from './Dialog'

interface Props {
  names: Names
  onClose: () => void
  onRun: (a: HistoryAction) => void
  onRevert: (to: ChangeSetView, label: (lang: 'zh' | 'en') => string) => Promise<boolean>
}

/**
 * Every change set, newest first: what it did (in words), when, its kind, how many rows it
 * changed and whether it was undone; Undo / Redo say what they will do; any row after the last
 * bulk load can be reverted to (one new, undoable change set).
 */
export function HistoryPanel({ names, onClose, onRun, onRevert }: Props) {
  const { t, lang } = useI18n()
  const [limit, setLimit] = useState<number>(HISTORY_INPUT.limit)
  const q = useApiQuery('history.list', limit === HISTORY_INPUT.limit ? HISTORY_INPUT : { limit }, { keepPrevious: true })
  const [confirm, setConfirm] = useState<ChangeSetView | null>(null)
  const [busy, setBusy] = useState(false)
  const sets = useMemo(() => q.data?.sets ?? [], [q.data])
  const byId = useMemo(() => {
    const m = new Map(sets.map((s) => [s.id, s]))
    return (id: number) => m.get(id)
  }, [sets])
  // Undo and revert stop at the newest bulk load (it cannot be undone).
  const barrier = useMemo(() => Math.max(0, ...sets.filter((s) => !s.undoable).map((s) => s.id)), [sets])
  const newest = sets[0]?.id ?? 0
  const next = q.data
  const keys = isMac ? { undo: '⌘Z', redo: '⇧⌘Z' } : { undo: 'Ctrl+Z', redo: 'Ctrl+Shift+Z' }
  const label = (s: ChangeSetView) => describe(s, lang, names, byId)

  return (
    <aside className="history-panel" data-testid="history-panel" aria-label={t.historyTitle}>
      <div className="panel-head">
        <h3>{t.historyTitle}</h3>
        <button onClick={onClose} aria-label={t.close}>
          ×
        </button>
      </div>
      <div className="history-actions">
        <button
          className="history-btn"
          data-testid="undo-button"
          disabled={!next?.nextUndo}
          onClick={() => onRun('undo')}
          title={next?.nextUndo ? core(next.nextUndo, lang, names, byId) : t.nothingToUndo}
        >
          <span className="history-btn-kind">
            ↶ {t.undo} <kbd>{keys.undo}</kbd>
          </span>
          <span className="history-btn-what">{next?.nextUndo ? core(next.nextUndo, lang, names, byId) : t.nothingToUndo}</span>
        </button>
        <button
          className="history-btn"
          data-testid="redo-button"
          disabled={!next?.nextRedo}
          onClick={() => onRun('redo')}
          title={next?.nextRedo ? core(next.nextRedo, lang, names, byId) : t.nothingToRedo}
        >
          <span className="history-btn-kind">
            ↷ {t.redo} <kbd>{keys.redo}</kbd>
          </span>
          <span className="history-btn-what">{next?.nextRedo ? core(next.nextRedo, lang, names, byId) : t.nothingToRedo}</span>
        </button>
      </div>
      <p className="muted small">{t.historyHint}</p>
      {q.error && (
        <div className="error small" role="alert">
          {errorText(q.error, lang)}
        </div>
      )}
      {!q.data && !q.error && <div className="loading">{t.loading}</div>}
      <ol className="history-list" data-testid="history-list">
        {sets.map((s) => {
          const canRevert = s.id >= barrier && s.id < newest
          return (
            <li key={s.id} className={`history-row kind-${s.kind}${s.undoneBy ? ' undone' : ''}`} data-set-id={s.id} data-kind={s.kind}>
              <div className="history-label">{label(s)}</div>
              <div className="history-meta">
                <span className={`kind-tag kind-${s.kind}`}>{KIND_LABEL[s.kind][lang === 'zh' ? 0 : 1]}</span>
                <time dateTime={s.at} title={new Date(s.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')}>
                  {timeText(s.at)}
                </time>
                {s.changeCount > 0 && <span>{s.changeCount === 1 ? t.changeOne : t.changesN.replace('{n}', String(s.changeCount))}</span>}
                <span className="muted">#{s.id}</span>
                {s.undoneBy != null && (
                  <span className="tag undone-tag" title={`#${s.undoneBy}`}>
                    {t.undoneTag}
                  </span>
                )}
                <span className="spacer" />
                {canRevert && (
                  <button className="link small" onClick={() => setConfirm(s)}>
                    {t.revertHere}
                  </button>
                )}
              </div>
            </li>
          )
        })}
      </ol>
      {sets.length >= limit && limit < 500 && (
        <button className="small" onClick={() => setLimit(Math.min(500, limit + 100))}>
          {t.showMore}
        </button>
      )}
      {confirm && (
        <ConfirmDialog
          title={t.revertTitle}
          testId="revert-dialog"
          message={t.revertConfirm
            .replace('{label}', label(confirm))
            .replace('{id}', String(confirm.id))
            .replace('{n}', String(sets.filter((s) => s.id > confirm.id).length))}
          confirmLabel={t.revert}
          busy={busy}
          onCancel={() => setConfirm(null)}
          onConfirm={async () => {
            setBusy(true)
            const target = confirm
            // Either way the dialog closes: success says so in a notice, a refusal explains why.
            await onRevert(target, (l) => describe(target, l, names, byId))
            setBusy(false)
            setConfirm(null)
          }}
        />
      )}
    </aside>
  )
}
