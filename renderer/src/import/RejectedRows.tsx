/** Rejected rows (fix a cell or skip the row) and the rows the reader left out on purpose. */
import type { ColumnMapping, RejectedRow, SkippedRow } from '../../../shared/import/types'
import { useI18n } from '../i18n'
import { fixKey, type Decisions } from './model'
import { CommitInput } from './CommitInput'
import { colLetter } from './MappingTable'
import { fill, IMPORT_TEXT, reasonText, skipReasonText } from './text'

const SHOWN = 300

function FixInput({ initial, label, onCommit, disabled }: { initial: string; label: string; onCommit: (v: string) => void; disabled: boolean }) {
  return <CommitInput className="imp-fix" value={initial} maxLength={500} label={label} disabled={disabled} onCommit={onCommit} />
}

interface Props {
  rejected: RejectedRow[]
  columns: ColumnMapping[]
  decisions: Decisions
  onFix: (sourceRow: number, column: number, value: string) => void
  onSkip: (sourceRow: number, skip: boolean) => void
  onSkipAll: (v: boolean) => void
  onUndoFixes: () => void
  busy: boolean
}

export function RejectedRows({ rejected, columns, decisions: d, onFix, onSkip, onSkipAll, onUndoFixes, busy }: Props) {
  const { lang } = useI18n()
  const tx = IMPORT_TEXT[lang]
  const skip = new Set(d.skipRows)
  const nFixes = Object.keys(d.fixes).length
  const rows = new Set(rejected.map((r) => r.sourceRow)).size
  const header = (i: number | null) => {
    if (i == null) return tx.noColumn
    const c = columns.find((x) => x.index === i)
    return c?.header ? `${colLetter(i)} · ${c.header}` : colLetter(i)
  }
  // a missing or unreadable code names no column: it is fixed in the code column
  const codeColumn = columns.find((c) => c.role.kind === 'code')?.index ?? null
  const fixColumn = (r: RejectedRow) => r.column ?? (r.reason.startsWith('code.') ? codeColumn : null)
  if (!rejected.length && !nFixes) return null
  return (
    <div className="imp-rejected" data-testid="import-rejected">
      <div className="imp-sub-head">
        <h4>
          {tx.rejectedTitle} <span className="imp-count-badge bad">{rejected.length}</span>
        </h4>
        {rejected.length > 0 && <span className="muted small">{tx.rejectedHint}</span>}
        <span className="spacer" />
        {nFixes > 0 && (
          <span className="small" data-testid="import-fixes">
            {fill(tx.fixesApplied, { n: nFixes })}{' '}
            <button type="button" className="link" onClick={onUndoFixes} disabled={busy}>
              {tx.undoFixes}
            </button>
          </span>
        )}
        {rejected.length > 0 && (
          <label className="imp-check">
            <input type="checkbox" checked={d.skipRejected} onChange={(e) => onSkipAll(e.target.checked)} data-testid="skip-all-rejected" />
            {fill(tx.skipAllRejected, { n: rows })}
          </label>
        )}
      </div>
      {rejected.length > 0 && (
        <div className="imp-table-scroll tall">
          <table className="mini imp-rej-table">
            <thead>
              <tr>
                <th className="num">{tx.colRow}</th>
                <th>{tx.colColumn}</th>
                <th>{tx.colValue}</th>
                <th>{tx.colReason}</th>
                <th>{tx.colFix}</th>
                <th>{tx.colSkip}</th>
              </tr>
            </thead>
            <tbody>
              {rejected.slice(0, SHOWN).map((r, i) => {
                const skipped = d.skipRejected || skip.has(r.sourceRow)
                const col = fixColumn(r)
                return (
                  <tr key={`${r.sourceRow}:${r.column}:${i}`} data-row={r.sourceRow} className={skipped ? 'imp-row-skipped' : undefined}>
                    <td className="num">{r.sourceRow}</td>
                    <td className="imp-col-name">{header(r.column)}</td>
                    <td className="mono imp-value">{r.value ?? <span className="muted">—</span>}</td>
                    <td title={r.message} className="imp-reason">
                      {reasonText(tx, r.reason, r.message)}
                    </td>
                    <td>
                      {col != null ? (
                        <FixInput
                          initial={d.fixes[fixKey(r.sourceRow, col)] ?? r.value ?? ''}
                          label={`${tx.colFix}: ${tx.colRow} ${r.sourceRow}`}
                          disabled={busy || skipped}
                          onCommit={(v) => onFix(r.sourceRow, col, v)}
                        />
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        checked={skipped}
                        disabled={d.skipRejected}
                        aria-label={`${tx.skipRow} ${r.sourceRow}`}
                        onChange={(e) => onSkip(r.sourceRow, e.target.checked)}
                      />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {rejected.length > SHOWN && <div className="muted small imp-more">{fill(tx.moreRows, { n: rejected.length - SHOWN })}</div>}
        </div>
      )}
    </div>
  )
}

export function SkippedRows({ skipped }: { skipped: SkippedRow[] }) {
  const { lang } = useI18n()
  const tx = IMPORT_TEXT[lang]
  if (!skipped.length) return null
  return (
    <details className="imp-skipped" data-testid="import-skipped">
      <summary>{fill(tx.skippedTitle, { n: skipped.length })}</summary>
      <div className="imp-table-scroll tall">
        <table className="mini imp-skip-table">
          <thead>
            <tr>
              <th className="num">{tx.colRow}</th>
              <th>{tx.colReason}</th>
              <th>{tx.colText}</th>
            </tr>
          </thead>
          <tbody>
            {skipped.slice(0, SHOWN).map((s) => (
              <tr key={s.sourceRow} data-row={s.sourceRow}>
                <td className="num">{s.sourceRow}</td>
                <td className="imp-nowrap">{skipReasonText(tx, s.reason)}</td>
                <td className="imp-skip-text" title={s.text}>
                  {s.text}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {skipped.length > SHOWN && <div className="muted small imp-more">{fill(tx.moreRows, { n: skipped.length - SHOWN })}</div>}
      </div>
    </details>
  )
}
