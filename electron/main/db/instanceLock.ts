/**
 * One workbench per data directory. Two processes writing the same workspace (the desktop app
 * and `npm run serve`, say) would interleave migrations, seeding and edits.
 *
 * The lock is an exclusive SQLite lock on `workbench.lock`, held by a connection kept open for
 * the life of the workspace. The OS drops it when the process dies, however it dies (SIGKILL,
 * crash, power cut), so there is no stale pid file to clean up. `workbench.lock.json` beside it
 * only describes the holder for the error message; the SQLite lock alone decides.
 *
 * Never open `workbench.lock` with plain fs calls in this process: on POSIX, closing any fd to
 * a file drops every lock this process holds on it.
 */
import Database from 'better-sqlite3'
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export type InstanceMode = 'desktop' | 'browser' | 'cli'

export interface LockHolder {
  pid: number
  mode: InstanceMode
  /** ISO time the holder took the lock. */
  startedAt: string
}

export interface InstanceLock {
  /** Idempotent. Closing the process releases the lock too. */
  release(): void
}

export const LOCK_FILENAME = 'workbench.lock'
const HOLDER_FILENAME = 'workbench.lock.json'
/**
 * Lock connections not yet released. better-sqlite3 closes a connection when its JS object is
 * garbage-collected, which would silently drop the lock of a caller that kept only `ws.db`.
 */
const HELD = new Set<Database.Database>()
const MODES: readonly InstanceMode[] = ['desktop', 'browser', 'cli']
const MODE_WORDS: Record<InstanceMode, string> = {
  desktop: 'the desktop app',
  browser: 'browser mode (npm run serve)',
  cli: 'a command-line tool',
}

export class InstanceLockedError extends Error {
  readonly code = 'WORKSPACE_IN_USE'
  constructor(
    readonly dataDir: string,
    /** null when the description file was missing or unreadable. */
    readonly holder: LockHolder | null,
  ) {
    const who = holder
      ? `${MODE_WORDS[holder.mode]}, process ${holder.pid}, open since ${holder.startedAt}`
      : 'another process; its details could not be read'
    super(
      `The workspace in ${dataDir} is already open in another workbench (${who}). ` +
        'Close that one first, or choose another data directory.',
    )
    this.name = 'InstanceLockedError'
  }
}

/** Takes the data directory's lock or throws InstanceLockedError at once (no waiting). */
export function acquireInstanceLock(dataDir: string, info: { mode: InstanceMode }, opts: { nativeBinding?: string } = {}): InstanceLock {
  const db = lockConnection(dataDir, opts.nativeBinding)
  try {
    writeHolder(dataDir, { pid: process.pid, mode: info.mode, startedAt: new Date().toISOString() })
  } catch (e) {
    db.close()
    throw e
  }
  HELD.add(db)
  return {
    release() {
      if (!HELD.delete(db)) return
      try {
        // Remove the description while still holding the lock, so we never delete a new holder's.
        rmSync(join(dataDir, HOLDER_FILENAME), { force: true })
      } finally {
        db.close()
      }
    },
  }
}

function lockConnection(dataDir: string, nativeBinding: string | undefined): Database.Database {
  // timeout 0: a second instance must be told at once, not after better-sqlite3's default 5 s.
  const db = new Database(join(dataDir, LOCK_FILENAME), { timeout: 0, ...(nativeBinding ? { nativeBinding } : {}) })
  try {
    db.pragma('journal_mode = MEMORY') // no -journal file beside the lock, even while held
    db.pragma('locking_mode = EXCLUSIVE') // keep the lock even if the transaction ever ended
    db.exec('BEGIN EXCLUSIVE') // never committed: the open transaction is the lock
    return db
  } catch (e) {
    db.close()
    if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new InstanceLockedError(dataDir, readHolder(dataDir))
    throw e
  }
}

/** Written to a temp name and renamed, so a refused process never reads half a description. */
function writeHolder(dataDir: string, holder: LockHolder): void {
  const file = join(dataDir, HOLDER_FILENAME)
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(holder) + '\n')
  renameSync(tmp, file)
}

function readHolder(dataDir: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(join(dataDir, HOLDER_FILENAME), 'utf8')) as Partial<LockHolder>
    const valid = typeof h.pid === 'number' && MODES.includes(h.mode as InstanceMode) && typeof h.startedAt === 'string'
    return valid ? (h as LockHolder) : null
  } catch {
    return null // the lock still holds; only the description is missing
  }
}
