/**
 * Backup files, at the SQLite level: take an online backup of a live connection, verify a backup
 * file, load a backup into the live database. The policy (folder, names, how many are kept, when)
 * lives in domains/backup/.
 *
 * Everything goes through SQLite's online backup API (sqlite3_backup_*; better-sqlite3's
 * `db.backup()`), never a file copy: the API copies pages under SQLite's own locks, so a backup
 * taken while the app writes is a consistent snapshot, and a restore into the live file is one
 * write transaction that other connections (the engine's reader) see all at once or not at all.
 */
import Database from 'better-sqlite3'
import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Db } from './connection'

/** Names of half-written backups in the backups folder (never matching a backup's name). */
export const TEMP_PREFIX = '.incomplete-'
/** Pages copied per step (256 KB at 4 KB pages): small steps keep the worker answering other calls between them. */
const PAGES_PER_STEP = 64
const MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
/** A copy that makes no progress this long (another connection holds a lock) fails as busy. */
const BUSY_LIMIT_MS = 10_000

export interface BackupProgress {
  /** pages copied so far */
  done: number
  total: number
}

export interface StepOptions {
  /** after every step */
  progress?: (p: BackupProgress) => void
  /** polled after every step; true stops the copy (BackupCancelledError) */
  cancelled?: () => boolean
  nativeBinding?: string
}

export class BackupCancelledError extends Error {
  constructor() {
    super('backup cancelled')
    this.name = 'BackupCancelledError'
  }
}

export type BackupProblem = 'missing' | 'damaged' | 'newer' | 'not-workspace' | 'incompatible' | 'copy-failed'

/** A backup file that must not be loaded: names the file and what is wrong with it. */
export class BackupRefusedError extends Error {
  constructor(
    readonly file: string,
    readonly problem: BackupProblem,
    readonly detail: string,
    readonly found?: number,
  ) {
    super(`The backup ${basename(file)} cannot be used: ${detail}`)
    this.name = 'BackupRefusedError'
  }
}

export interface BackupCheck {
  userVersion: number
  pageSize: number
  pages: number
  bytes: number
}

/**
 * Copies `db` (its main database) into `target` with the online backup API: first into a temp
 * file in the same folder, which is then switched to rollback-journal mode (one self-contained
 * file: no -wal/-shm beside a backup), checked with PRAGMA integrity_check through a fresh
 * read-only connection, fsynced, and only then renamed to `target`. A failed or cancelled
 * backup leaves no file behind (and never a file under the final name).
 *
 * Writes made through `db` while the copy runs are carried into the copy by SQLite; a write
 * through another connection restarts the copy, and after a few restarts the rest is copied in
 * one step so a busy workspace still gets its backup.
 */
export async function takeBackup(db: Db, target: string, opts: StepOptions & { supported: number }): Promise<BackupCheck> {
  const tmp = join(dirname(target), `${TEMP_PREFIX}${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.sqlite`)
  try {
    await db.backup(tmp, { progress: stepper(opts) })
    // journal_mode is part of the copied header (WAL): a backup should be one file that opens
    // read-only without creating sidecars, so it becomes a rollback-journal database.
    const c = new Database(tmp, { fileMustExist: true, ...binding(opts) })
    try {
      c.pragma('journal_mode = DELETE')
    } finally {
      c.close()
    }
    const check = verifyBackupFile(tmp, opts)
    fsyncPath(tmp)
    renameSync(tmp, target)
    fsyncPath(dirname(target))
    return check
  } catch (e) {
    removeWithSidecars(tmp)
    if (e instanceof BackupRefusedError) {
      // the copy failed its own check: say so about the backup being made, not the temp name
      throw new BackupRefusedError(target, 'copy-failed', `the new copy failed its check (${e.detail})`, e.found)
    }
    throw e
  }
}

/**
 * Is this file a backup this app can load? Read-only: PRAGMA integrity_check (the full check,
 * not quick_check: a backup is chosen to be trusted), the schema version (a newer app's backup
 * is refused), and that it is a workspace at all. Throws BackupRefusedError.
 */
export function verifyBackupFile(file: string, opts: { supported: number; nativeBinding?: string }): BackupCheck {
  if (!existsSync(file)) throw new BackupRefusedError(file, 'missing', 'the file does not exist')
  const bytes = statSync(file).size
  if (bytes < 100 || !readStart(file).equals(MAGIC)) throw new BackupRefusedError(file, 'damaged', 'the file is not an SQLite database')
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...binding(opts) })
    let problems: string[]
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)
    } catch (e) {
      // some damage (a zeroed b-tree page) stops the check itself: that is its finding
      if (!/^SQLITE_(CORRUPT|NOTADB)/.test((e as { code?: string }).code ?? '')) throw e
      problems = [(e as Error).message]
    }
    if (!(problems.length === 1 && problems[0] === 'ok')) {
      const more = problems.length > 3 ? `; and ${problems.length - 3} more` : ''
      throw new BackupRefusedError(file, 'damaged', `integrity check: ${problems.slice(0, 3).join('; ')}${more}`)
    }
    const userVersion = db.pragma('user_version', { simple: true }) as number
    if (userVersion > opts.supported) {
      throw new BackupRefusedError(file, 'newer', `it was written by a newer version of the workbench (schema ${userVersion}; this version knows up to ${opts.supported})`, userVersion)
    }
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get()
    if (userVersion < 1 || !hasMeta) throw new BackupRefusedError(file, 'not-workspace', 'it is not a workbench workspace')
    return {
      userVersion,
      pageSize: db.pragma('page_size', { simple: true }) as number,
      pages: db.pragma('page_count', { simple: true }) as number,
      bytes,
    }
  } catch (e) {
    if (e instanceof BackupRefusedError) throw e
    const code = (e as { code?: string }).code ?? ''
    if (/^SQLITE_(CORRUPT|NOTADB|IOERR|CANTOPEN)/.test(code)) throw new BackupRefusedError(file, 'damaged', (e as Error).message)
    throw e
  } finally {
    db?.close()
  }
}

/**
 * Replaces the contents of the live database `liveFile` with the backup's, through the online
 * backup API from a read-only connection on the backup into the live file. SQLite opens its own
 * connection to the live file and copies every page in ONE write transaction: the engine's other
 * connections keep reading the old contents until it commits and see the backup's afterwards
 * (WAL: the pages go to the -wal like any write; the page size must match, so it is checked
 * first). A failure or cancel before the end rolls the transaction back: nothing changes.
 * The caller must check the backup first (verifyBackupFile) and hold every write of its own.
 */
export async function restoreInto(liveFile: string, backupFile: string, livePageSize: number, opts: StepOptions): Promise<void> {
  const src = new Database(backupFile, { readonly: true, fileMustExist: true, ...binding(opts) })
  try {
    const pageSize = src.pragma('page_size', { simple: true }) as number
    if (pageSize !== livePageSize) {
      throw new BackupRefusedError(backupFile, 'incompatible', `its page size (${pageSize}) differs from the workspace's (${livePageSize})`)
    }
    await src.backup(liveFile, { progress: stepper(opts) })
  } finally {
    src.close()
  }
}

/** Runs fn on a read-only connection to a backup file (nothing is created beside it). */
export function readBackup<T>(file: string, fn: (db: Db) => T, opts: { nativeBinding?: string } = {}): T {
  const db = new Database(file, { readonly: true, fileMustExist: true, ...binding(opts) })
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

/** better-sqlite3's progress callback: reports, cancels, and finishes in one step after restarts. */
function stepper(opts: StepOptions) {
  let steps = 0
  let rate = PAGES_PER_STEP
  let lastDone = -1
  let movedAt = performance.now()
  return ({ totalPages, remainingPages }: { totalPages: number; remainingPages: number }): number => {
    steps++
    const done = totalPages - remainingPages
    opts.progress?.({ done, total: totalPages })
    // better-sqlite3 retries SQLITE_BUSY at once, forever: give up like busy_timeout would
    if (done !== lastDone) {
      lastDone = done
      movedAt = performance.now()
    } else if (performance.now() - movedAt > BUSY_LIMIT_MS) {
      throw Object.assign(new Error('the database stayed locked during the backup'), { code: 'SQLITE_BUSY' })
    }
    // throwing here makes better-sqlite3 finish the backup handle and reject (temp file removed,
    // or the restore's write transaction rolled back)
    if (opts.cancelled?.()) throw new BackupCancelledError()
    // Another connection's writes restart the copy from page 1; a copy that has taken far more
    // steps than pages/rate needs is copied in one step (holds the source's read lock briefly).
    if (steps > 2 * Math.ceil(totalPages / PAGES_PER_STEP) + 8) rate = 0x7fffffff
    return rate
  }
}

const binding = (opts: { nativeBinding?: string }) => (opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})

function readStart(file: string): Buffer {
  const fd = openSync(file, 'r')
  try {
    const buf = Buffer.alloc(MAGIC.length)
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0))
  } finally {
    closeSync(fd)
  }
}

/** fsync a file or directory (a renamed entry is durable only once its directory is synced). */
function fsyncPath(path: string): void {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    fsyncSync(fd)
  } catch {
    // some platforms cannot fsync a directory; the rename itself is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

export function removeWithSidecars(file: string): void {
  for (const s of ['', '-journal', '-wal', '-shm']) rmSync(file + s, { force: true })
}
