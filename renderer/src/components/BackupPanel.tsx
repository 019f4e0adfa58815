/**
 * The Backups dialog: the backups in the data directory's backups/ folder (time, kind, size),
 * Back up now (with progress and Cancel), and Restore behind an in-app confirm that says a copy
 * of the current workspace is kept first. RestoreConfirm is shared with the recovery banner.
 */
import { useEffect, useState } from 'react'
import type { BackupEntry } from '../../../shared/api/backup'
import { api, cancelRunning } from '../api'
import { attempt, notify } from '../notices'
import { onPushEvent, useApiQuery } from '../useApi'
import { BACKUP_TEXT, backupTime, sizeText, useBackupText } from './backupText'
import { ConfirmDialog, Dialog } from './Dialog'
import './backup.css'

interface Step {
  done: number
  total: number
}

// Notices are worded when shown (BACKUP_TEXT[lang]), so they follow a language switch.

/** The progress of the running backup.create / backup.restore, from push events (null: none seen yet). */
function useOpProgress(label: string, active: boolean): Step | null {
  const [step, setStep] = useState<Step | null>(null)
  useEffect(() => {
    if (!active) return setStep(null)
    return onPushEvent((e) => {
      if (e.type === 'progress' && e.label === label) setStep(e.done >= e.total ? null : { done: e.done, total: e.total })
    })
  }, [label, active])
  return step
}

function Bar({ step, testId }: { step: Step | null; testId: string }) {
  return (
    <span className="backup-progress" data-testid={testId} role="status">
      <progress max={step?.total || 1} value={step ? step.done : undefined} />
      {step && <span className="muted small">{Math.round((100 * step.done) / Math.max(1, step.total))}%</span>}
    </span>
  )
}

/** The header button; marked when the last automatic backup failed. */
export function BackupsButton({ active, onClick }: { active: boolean; onClick: () => void }) {
  const w = useBackupText()
  const list = useApiQuery('backup.list', {})
  const failed = list.data?.lastAuto?.ok === false
  return (
    <button className={active ? 'lang backup-toggle active' : 'lang backup-toggle'} aria-pressed={active} onClick={onClick} title={failed ? w.headerWarn : w.title} data-testid="backups-button">
      {w.headerButton}
      {failed && <span className="backup-warn-dot" aria-label={w.headerWarn}>!</span>}
    </button>
  )
}

/** Confirm, then restore, with progress; Cancel during the restore stops it (nothing changes). */
export function RestoreConfirm({ entry, onDone, onCancel }: { entry: BackupEntry; onDone: () => void; onCancel: () => void }) {
  const w = useBackupText()
  const [busy, setBusy] = useState(false)
  const step = useOpProgress('backup.restore', busy)
  const run = async () => {
    if (busy) return
    setBusy(true)
    const ok = await attempt(
      api['backup.restore']({ file: entry.file, confirm: true }).then((r) => notify('ok', ({ lang }) => BACKUP_TEXT[lang].restored(r.restored, r.safetyCopy.file), { key: `restored:${r.safetyCopy.file}` })),
    )
    setBusy(false)
    if (ok) onDone()
  }
  return (
    <ConfirmDialog
      testId="restore-confirm"
      title={w.confirmTitle}
      danger
      busy={busy}
      confirmLabel={busy ? w.restoring : w.confirmButton}
      onConfirm={() => void run()}
      onCancel={() => (busy ? void attempt(cancelRunning()) : onCancel())}
      message={
        <>
          <p>{w.confirmBody(backupTime(entry.at), w.kind[entry.kind])}</p>
          <p className="mono small muted">{entry.file}</p>
          <p className="warn-box">{w.confirmKeep}</p>
          {busy && <Bar step={step} testId="restore-progress" />}
        </>
      }
    />
  )
}

export function BackupPanel({ onClose }: { onClose: () => void }) {
  const w = useBackupText()
  const q = useApiQuery('backup.list', {})
  const [creating, setCreating] = useState(false)
  const [confirm, setConfirm] = useState<BackupEntry | null>(null)
  const step = useOpProgress('backup.create', creating)
  const data = q.data

  const backupNow = async () => {
    setCreating(true)
    await attempt(
      api['backup.create']({}).then((r) =>
        r.backup
          ? notify('ok', ({ lang }) => BACKUP_TEXT[lang].created(r.backup!.file), { key: `backup:${r.backup.file}` })
          : notify('info', ({ lang }) => BACKUP_TEXT[lang].cancelled),
      ),
    )
    setCreating(false)
  }

  // One dialog at a time: the confirm replaces the panel (Esc closes only what is on top).
  if (confirm) return <RestoreConfirm entry={confirm} onCancel={() => setConfirm(null)} onDone={() => (setConfirm(null), onClose())} />

  return (
    <Dialog
      title={w.title}
      wide
      testId="backup-panel"
      onClose={creating ? () => {} : onClose}
      footer={
        <>
          {creating ? (
            <>
              <Bar step={step} testId="backup-progress" />
              <button type="button" onClick={() => void attempt(cancelRunning())} data-testid="backup-cancel">
                {w.cancel}
              </button>
            </>
          ) : (
            <button type="button" className="primary" onClick={() => void backupNow()} data-testid="backup-now">
              {w.backupNow}
            </button>
          )}
          <span className="spacer" />
          <button type="button" onClick={onClose} disabled={creating}>
            {w.close}
          </button>
        </>
      }
    >
      {data && (
        <div className="backup-policy small">
          <div>
            {w.folder} <span className="mono">{data.dir}</span>
          </div>
          <div className="muted">{w.policy(data.intervalMinutes, data.keep.auto, data.keep.preRestore)}</div>
          {data.lastAuto && (data.lastAuto.ok ? <div className="muted">{w.lastAutoOk(backupTime(data.lastAuto.at))}</div> : <div className="warn-box" data-testid="backup-auto-failed">{w.lastAutoFailed(backupTime(data.lastAuto.at), data.lastAuto.error ?? '')}</div>)}
        </div>
      )}
      {!data && <div className="muted">{w.loading}</div>}
      {data && data.backups.length === 0 && <div className="muted" data-testid="backup-empty">{w.empty}</div>}
      {data && data.backups.length > 0 && (
        <div className="backup-list-wrap">
          <table className="mini backup-list" data-testid="backup-list">
            <thead>
              <tr>
                <th>{w.colTime}</th>
                <th>{w.colKind}</th>
                <th className="num">{w.colSize}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.backups.map((b) => (
                <tr key={b.file} className="backup-row" data-kind={b.kind} data-file={b.file} title={b.file}>
                  <td>{backupTime(b.at)}</td>
                  <td>
                    <span className={`kind-tag backup-kind-${b.kind}`}>{w.kind[b.kind]}</span>
                  </td>
                  <td className="num">{sizeText(b.bytes)}</td>
                  <td className="num">
                    <button type="button" className="small" disabled={creating} onClick={() => setConfirm(b)}>
                      {w.restore}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Dialog>
  )
}
