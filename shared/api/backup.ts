/** Backup domain: rotating online backups of the workspace, manual backup and restore. */
import { z } from 'zod'
import { noInput } from './common'

/**
 * A backup file name as listed by backup.list: never a path (the renderer is untrusted).
 * workbench-YYYYMMDD-HHMMSS[-n]-<kind>.sqlite, the time in UTC.
 */
export const BACKUP_NAME = /^workbench-\d{8}-\d{6}(?:-\d{1,4})?-(?:auto|manual|pre-restore)\.sqlite$/
export const backupFile = z.string().refine((s) => BACKUP_NAME.test(s), { message: 'backup file: a name from backup.list', params: { code: 'backup.fileName' } })

export const backupApi = {
  /** The backups in the data directory's backups/ folder, newest first, and the rotation policy. */
  'backup.list': { input: noInput },
  /** Takes a backup now with SQLite's online backup API (progress, cancellable). */
  'backup.create': { input: z.object({}).strict() },
  /**
   * Replaces the workspace with a backup, after checking it (a damaged or newer backup is
   * refused, the workspace untouched); the current workspace is first kept as a pre-restore backup.
   */
  'backup.restore': { input: z.object({ file: backupFile, confirm: z.literal(true) }).strict() },
} as const

export type BackupKind = 'auto' | 'manual' | 'pre-restore'

export interface BackupEntry {
  file: string
  /** ISO time the backup was taken */
  at: string
  bytes: number
  /** auto: rotation (launch, periodic); manual: the user's; pre-restore: the workspace as it was before a restore */
  kind: BackupKind
}

/** The last automatic backup this launch attempted (null: none yet). */
export interface AutoBackupStatus {
  at: string
  ok: boolean
  /** the backup taken, when ok */
  file: string | null
  /** why it failed, when not ok (English, for the log and the panel) */
  error: string | null
}

export interface BackupResults {
  'backup.list': {
    /** the folder, for the user to find the files */
    dir: string
    /** how many of each rotated kind are kept (manual backups are all kept) */
    keep: { auto: number; preRestore: number }
    /** minutes between checks for changes (0: periodic backups off) */
    intervalMinutes: number
    backups: BackupEntry[]
    lastAuto: AutoBackupStatus | null
    /** a backup or restore is running now */
    running: boolean
  }
  /** cancelled: no file was kept (backup is null) */
  'backup.create': { backup: BackupEntry | null; ms: number; cancelled: boolean }
  /** migratedFrom: the backup's schema version when it was older and the migrations ran, else null */
  'backup.restore': { restored: string; safetyCopy: BackupEntry; migratedFrom: number | null; ms: number }
}
