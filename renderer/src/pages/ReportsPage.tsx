import { useState } from 'react'
import { dateNoteText, institutionText } from '../../../shared/bundledText'
import { api } from '../api'
import type { Nav } from '../App'
import { ConfirmDialog } from '../components/Dialog'
import { errorText } from '../errorText'
import { useI18n } from '../i18n'
import { attempt, notify } from '../notices'
import { useApiQuery } from '../useApi'

export function ReportsPage({ onOpen }: { onOpen: (n: Nav) => void }) {
  const { t, lang } = useI18n()
  const { data, error } = useApiQuery('reports.list', {})
  const info = useApiQuery('workspace.info', {})
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)

  const reset = async () => {
    setBusy(true)
    const ok = await attempt(api['workspace.resetToBundled']({ confirm: true }))
    setBusy(false)
    setConfirming(false)
    if (ok) notify('ok', ({ t }) => t.resetDone)
  }

  if (error) return <div className="error">{errorText(error, lang)}</div>
  if (!data) return <div className="loading">{t.loading}</div>
  return (
    <div className="page">
      <div className="page-head">
        <h2>{t.navReports}</h2>
        <span className="muted">{t.reportsHint}</span>
        <span className="spacer" />
        <button onClick={() => setConfirming(true)}>{t.resetData}</button>
      </div>
      <table className="reports" data-testid="reports-table">
        <thead>
          <tr>
            <th>{t.institution}</th>
            <th>{t.title}</th>
            <th>{t.date}</th>
            <th>{t.rating}</th>
            <th className="num">{t.coverageCount}</th>
            <th className="num">{t.valuationRows}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((r) => (
            <tr key={r.id} data-report={r.id} className="clickable" onClick={(e) => !(e.target as HTMLElement).closest('button') && onOpen({ page: 'coverage', reportId: r.id })}>
              <td>{institutionText(r.institution, lang)}</td>
              <td className="title-cell">{r.title ?? <span className="muted">—</span>}</td>
              <td title={r.dateNote ? dateNoteText(r.dateNote, lang) : ''}>
                {r.date ?? <span className="muted">{t.notPrinted}</span>}
                {r.date && r.dateInferred && <span className="tag">{t.inferred}</span>}
              </td>
              <td>{r.industryRating ?? '—'}</td>
              <td className="num">
                <button className="link" onClick={() => onOpen({ page: 'coverage', reportId: r.id })}>
                  {r.coverageCount}
                </button>
              </td>
              <td className="num">
                <button className="link" disabled={r.valuationRowCount === 0} onClick={() => onOpen({ page: 'valuations', reportId: r.id })}>
                  {r.valuationRowCount}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {info.data && (
        <p className="muted small">
          {t.dataDir}: {info.data.dataDir}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={t.resetData}
          message={t.resetConfirm}
          confirmLabel={t.resetData}
          danger
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={reset}
        />
      )}
    </div>
  )
}
