/**
 * Looks at a workspace database before anything opens it for writing, and never changes it.
 *
 * Why not just open it: a read-write (or even a `readonly: true`) better-sqlite3 connection to a
 * WAL-mode file creates or rewrites `-shm`/`-wal`, and the last connection to close checkpoints a
 * pending WAL into the main file. A file we are about to refuse (written by a newer app, or
 * damaged) must stay byte-identical so the newer app or a recovery tool still finds it as it was.
 * So: the version comes from the header bytes when nothing is pending; otherwise, and for
 * `PRAGMA quick_check`, we work on a temporary copy.
 */
import Database from 'better-sqlite3'
import { closeSync, constants, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { NewerDatabaseError } from './migrate'

/**
 * What the user can do about a damaged workspace, for the error a tool (onCorrupt: 'refuse')
 * shows. The app itself moves the file aside (db/quarantine.ts) and offers a restore in-app.
 */
export const CORRUPT_REMEDIES = ['restore-backup', 'choose-other-data-dir'] as const
export type CorruptRemedy = (typeof CORRUPT_REMEDIES)[number]

export class CorruptDatabaseError extends Error {
  readonly code = 'DB_CORRUPT'
  readonly remedies: readonly CorruptRemedy[] = CORRUPT_REMEDIES
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(
      `The workspace database ${file} is damaged and cannot be opened safely (${detail}). It has not been changed. ` +
        'Restore it from a backup, or choose another data directory.',
    )
    this.name = 'CorruptDatabaseError'
  }
}

/** SQLite's own "this is not / no longer a database" codes become our error; others pass through. */
export function asCorruptError(file: string, e: unknown): unknown {
  return isCorruptCode(e) ? new CorruptDatabaseError(file, (e as Error).message) : e
}

function isCorruptCode(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT'
}

export interface Inspection {
  /** user_version as the app would see it (including a pending WAL). 0 for a new file. */
  userVersion: number
  /** Time spent in PRAGMA quick_check; 0 when there was no file to check. */
  quickCheckMs: number
}

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
const HEADER_BYTES = 100
/** Files beside the database that can hold committed pages the main file does not have yet. */
const PENDING_SIDECARS = ['-wal', '-journal'] as const

/**
 * Refuses (NewerDatabaseError, CorruptDatabaseError) without touching the file, its `-wal` or
 * its `-shm`. `supported` is the newest schema this app knows. Call it before this process opens
 * a connection to the file: closing our plain fd would drop that connection's POSIX locks.
 */
export function inspectDatabase(file: string, opts: { supported: number; nativeBinding?: string }): Inspection {
  const size = existsSync(file) ? statSync(file).size : 0
  if (size === 0) return { userVersion: 0, quickCheckMs: 0 } // SQLite treats an empty file as a new database
  const header = readHeader(file)
  if (header.length < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new CorruptDatabaseError(file, 'file is not a database')
  }
  const pending = PENDING_SIDECARS.filter((s) => sizeOf(file + s) > 0)
  // With nothing pending the header is the truth: refuse a newer file before even copying it.
  if (pending.length === 0) refuseNewer(header.readUInt32BE(60), opts.supported)
  return withTempCopy(file, pending, (copy) => checkCopy(file, copy, opts))
}

/** Opens the copy (replaying any WAL into the copy, not the original), re-reads the version, checks it. */
function checkCopy(file: string, copy: string, opts: { supported: number; nativeBinding?: string }): Inspection {
  let db: Database.Database | undefined
  try {
    db = new Database(copy, { fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) })
    const userVersion = db.pragma('user_version', { simple: true }) as number
    refuseNewer(userVersion, opts.supported)
    const started = performance.now()
    const problems = quickCheck(db)
    const quickCheckMs = performance.now() - started
    if (problems.length > 0) throw new CorruptDatabaseError(file, summarize(problems))
    return { userVersion, quickCheckMs }
  } catch (e) {
    throw asCorruptError(file, e)
  } finally {
    db?.close()
  }
}

/** The problems PRAGMA quick_check finds; empty when it says "ok". */
function quickCheck(db: Database.Database): string[] {
  try {
    const rows = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check)
    return rows.length === 1 && rows[0] === 'ok' ? [] : rows
  } catch (e) {
    // Some damage (a zeroed b-tree page) stops the check itself; that is a finding too.
    if (isCorruptCode(e)) return [(e as Error).message]
    throw e
  }
}

function refuseNewer(found: number, supported: number): void {
  if (found > supported) throw new NewerDatabaseError(found, supported)
}

function summarize(problems: string[]): string {
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : ''
  return `integrity check: ${problems.slice(0, 3).join('; ')}${more}`
}

/**
 * Copies the database (and the sidecars that hold pending pages, but never `-shm`: SQLite rebuilds
 * the index from the WAL) into a private temp directory, runs fn on the copy, and removes it.
 */
function withTempCopy<T>(file: string, sidecars: readonly string[], fn: (copy: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'wb-inspect-'))
  try {
    const copy = join(dir, 'inspect.sqlite')
    // FICLONE: a copy-on-write clone where the filesystem can, a plain copy where it cannot.
    copyFileSync(file, copy, constants.COPYFILE_FICLONE)
    for (const s of sidecars) copyFileSync(file + s, copy + s, constants.COPYFILE_FICLONE)
    return fn(copy)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r')
  try {
    const buf = Buffer.alloc(HEADER_BYTES)
    return buf.subarray(0, readSync(fd, buf, 0, HEADER_BYTES, 0))
  } finally {
    closeSync(fd)
  }
}

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0
}
