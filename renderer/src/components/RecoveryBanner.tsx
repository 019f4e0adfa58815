/**
 * Shown when this launch found the workspace damaged (workspace.info.recovery): what happened,
 * where the damaged file is now, and the latest backup that passes its check, with a button to
 * restore it (in-app confirm) or to dismiss the banner for this session.
 */
import { useState } from 'react'
import { useApiQuery } from '../useApi'
import { RestoreConfirm } from './BackupPanel'
import { backupTime, useBackupText } from './backupText'
import './backup.css'

const DISMISSED = 'workbench.recovery.dismissed'

export function RecoveryBanner() {
  const w = useBackupText()
  const info = useApiQuery('workspace.info', {})
  const rec = info.data?.recovery
  const [dismissed, setDismissed] = useState(() => sessionStorage.getItem(DISMISSED))
  const [confirm, setConfirm] = useState(false)
  if (!rec || dismissed === rec.at) return null
  const latest = rec.latestBackup
  const dismiss = () => {
    sessionStorage.setItem(DISMISSED, rec.at)
    setDismissed(rec.at)
  }
  return (
    <section className="recovery-banner" role="alert" data-testid="recovery-banner">
      <div className="recovery-title">{w.bannerTitle}</div>
      <p>
        {w.bannerBody(backupTime(rec.at))}
        <br />
        <span className="mono recovery-path" data-testid="recovery-path">
          {rec.quarantinedTo}
        </span>
      </p>
      <p>{w.bannerFresh}</p>
      <p className="muted small">
        {w.bannerReason} <span className="mono">{rec.reason}</span>
      </p>
      <div className="recovery-actions">
        {latest ? (
          <>
            <span data-testid="recovery-latest">{w.bannerLatest(backupTime(latest.at), w.kind[latest.kind])}</span>
            <button className="primary" onClick={() => setConfirm(true)} data-testid="recovery-restore">
              {w.bannerRestore}
            </button>
          </>
        ) : (
          <span>{w.bannerNoBackup}</span>
        )}
        <span className="spacer" />
        <button onClick={dismiss} data-testid="recovery-dismiss">
          {w.bannerDismiss}
        </button>
      </div>
      {confirm && latest && <RestoreConfirm entry={latest} onCancel={() => setConfirm(false)} onDone={() => setConfirm(false)} />}
    </section>
  )
}
