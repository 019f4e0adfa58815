/** After a commit: what was written, where, and how to see or undo it; and the list of past imports. */
import { useEffect } from 'react'
import type { ImportCommitResult } from '../../../shared/api/imports'
import type { ReportSummary } from '../../../shared/domain'
import type { Nav } from '../App'
import { useI18n } from '../i18n'
import { onPushEvent, queryClient, useApiQuery } from '../useApi'
import { localTime } from './model'
import { fill, IMPORT_TEXT, reasonText } from './text'

interface Props {
  result: ImportCommitResult
  /** names of the securities the preview proposed (id → name) */
  newNames: Record<string, string>
  reports: ReportSummary[]
  onOpen: (n: Nav) => void
  onAnother: () => void
}

const reportName = (reports: ReportSummary[], id: string) => {
  const r = reports.find((x) => x.id === id)
  return r ? [r.institution, r.title].filter(Boolean).join(' · ') : null
}

export function ResultPanel({ result: r, newNames, reports, onOpen, onAnother }: Props) {
  const { lang } = useI18n()
  const tx = IMPORT_TEXT[lang]
  const name = reportName(reports, r.import.reportId)
  return (
    <section className="imp-card imp-result" data-testid="import-result" data-report={r.import.reportId}>
      <h3 className="imp-step">
        <span className="imp-num done" aria-hidden="true">
          <svg width="12" height="12" viewBox="0 0 12 12">
            <path d="M2 6.5 4.8 9 10 3" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </span>
        {tx.stepDone}
        <span className="muted small imp-result-file">{r.import.fileName}</span>
      </h3>
      <dl className="imp-result-facts">
        <div>
          <dt>{tx.resultRows}</dt>
          <dd data-testid="result-rows">{r.import.rows.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>{tx.resultFigures}</dt>
          <dd>{r.import.figures.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>{tx.resultTables}</dt>
          <dd>{r.tables}</dd>
        </div>
        <div>
          <dt>{tx.resultCreated}</dt>
          <dd data-testid="result-created">{r.created.length}</dd>
        </div>
        <div>
          <dt>{tx.resultLeftOut}</dt>
          <dd data-testid="result-left-out">{r.leftOut.length}</dd>
        </div>
        <div className="wide">
          <dt>{tx.resultReport}</dt>
          <dd title={r.import.reportId}>{name ?? r.import.reportId}</dd>
        </div>
      </dl>
      {r.created.length > 0 && (
        <div className="imp-created small">
          <span className="muted">{tx.createdList}</span>
          {r.created.map((id) => (
            <span key={id} className="alias">
              {newNames[id] ? `${newNames[id]} ` : ''}
              <span className="mono">{id}</span>
            </span>
          ))}
        </div>
      )}
      {r.leftOut.length > 0 && (
        <details className="imp-skipped">
          <summary>{fill(tx.leftOutList, { n: r.leftOut.length })}</summary>
          <table className="mini">
            <tbody>
              {r.leftOut.slice(0, 300).map((x, i) => (
                <tr key={`${x.sourceRow}:${i}`}>
                  <td className="num">{x.sourceRow}</td>
                  <td title={x.message}>{reasonText(tx, x.reason, x.message)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <div className="imp-result-foot">
        <button type="button" className="primary" onClick={() => onOpen({ page: 'valuations', reportId: r.import.reportId })} data-testid="open-valuations">
          {tx.openValuations}
        </button>
        <button type="button" onClick={onAnother} data-testid="import-another">
          {tx.importAnother}
        </button>
        <span className="muted small imp-undo-hint">{tx.undoHint}</span>
      </div>
    </section>
  )
}

const LIST_INPUT = { limit: 50 } as const

/** Past imports, newest first; refetched after any change (an undo turns one into "undone"). */
export function PastImports({ reports, onOpen }: { reports: ReportSummary[]; onOpen: (n: Nav) => void }) {
  const { lang } = useI18n()
  const tx = IMPORT_TEXT[lang]
  const list = useApiQuery('import.list', LIST_INPUT)
  // import.list reads the import batches, which no push entity names: refetch on any data change
  useEffect(() => onPushEvent((e) => e.type === 'changed' && e.entities.some((x) => !x.startsWith('meta')) && void queryClient.invalidateQueries({ queryKey: ['import.list'] })), [])
  const items = list.data?.imports ?? []
  return (
    <section className="imp-card imp-past" data-testid="import-past">
      <h3 className="imp-step plain">{tx.pastTitle}</h3>
      {!items.length ? (
        <div className="muted">{list.isLoading ? '…' : tx.pastNone}</div>
      ) : (
        <table className="mini imp-past-table">
          <thead>
            <tr>
              <th>{tx.colTime}</th>
              <th>{tx.colFile}</th>
              <th>{tx.colReport}</th>
              <th className="num">{tx.colRows}</th>
              <th className="num">{tx.colFiguresN}</th>
              <th>{tx.colState}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((b) => (
              <tr key={b.id} data-import={b.id} data-state={b.state} className={b.state === 'undone' ? 'imp-row-skipped' : undefined}>
                <td className="imp-nowrap">{localTime(b.at)}</td>
                <td className="imp-file-cell" title={b.fileName}>
                  {b.fileName}
                  {b.sheet ? <span className="muted"> · {b.sheet}</span> : null}
                </td>
                <td className="imp-file-cell" title={b.reportId}>
                  {reportName(reports, b.reportId) ?? <span className="muted">—</span>}
                </td>
                <td className="num">{b.rows.toLocaleString('en-US')}</td>
                <td className="num">{b.figures.toLocaleString('en-US')}</td>
                <td className={`imp-state ${b.state}`}>{tx.state[b.state] ?? b.state}</td>
                <td>
                  {b.state === 'applied' && reports.some((r) => r.id === b.reportId) && (
                    <button type="button" className="link" onClick={() => onOpen({ page: 'valuations', reportId: b.reportId })}>
                      {tx.open}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
