/** Backup domain: rotating online backups of the workspace, manual backup and restore. */
import { z } from 'zod'
import { noInput } from './common'

/** A backup file name as listed by backup.list: never a path (the renderer is untrusted). */
export const backupFile = z.string().regex(/^workbench-[A-Za-z0-9_.-]{1,100}\.sqlite$/, 'backup file: a name from backup.list')

export const backupApi = {
  /** The backups in the data directory's backups/ folder, newest first, and the rotation policy. */
  'backup.list': { input: noInput },
  /** Takes a backup now with SQLite's online backup API (progress, cancellable). */
  'backup.create': { input: z.object({}).strict() },
  /** Replaces the workspace with a backup; the current workspace is first kept as a backup of its own. */
  'backup.restore': { input: z.object({ file: backupFile, confirm: z.literal(true) }).strict() },
} as const

export interface BackupEntry {
  file: string
  /** ISO time the backup was taken */
  at: string
  bytes: number
  /** auto: rotation (launch, periodic); manual: the user's; pre-restore: the workspace as it was before a restore */
  kind: 'auto' | 'manual' | 'pre-restore'
}

export interface BackupResults {
  'backup.list': { dir: string; keep: number; intervalMinutes: number; backups: BackupEntry[] }
  'backup.create': { backup: BackupEntry; ms: number; cancelled: boolean }
  'backup.restore': { restored: string; safetyCopy: BackupEntry }
}
