import Database from 'better-sqlite3'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { asCorruptError, inspectDatabase } from './inspect'
import { migrate } from './migrate'
import { SCHEMA_VERSION } from './migrations'

export { CorruptDatabaseError } from './inspect'

export type Db = Database.Database

export interface OpenOptions {
  /** Path to an Electron-ABI build of better_sqlite3.node (desktop only; see README). */
  nativeBinding?: string
  readonly?: boolean
}

export interface CheckedDatabase {
  db: Db
  /** Time PRAGMA quick_check took before the open (0 for a new file). */
  quickCheckMs: number
}

/**
 * Opens (creating if needed) the workspace database and brings it to the current schema.
 * A database written by a newer app, or a damaged one, is refused before anything is written
 * to it: inspectDatabase() decides on a copy, so the file, its -wal and -shm stay byte-identical.
 * The caller must hold the workspace's instance lock, so nothing changes between check and open.
 */
export function openCheckedDatabase(file: string, opts: OpenOptions = {}): CheckedDatabase {
  if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true })
  const { quickCheckMs } = inspectDatabase(file, { supported: SCHEMA_VERSION, nativeBinding: opts.nativeBinding })
  const db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  try {
    // migrate() reads the version again before any PRAGMA that writes (journal_mode=WAL rewrites
    // the header): a second guard should anything bypass the inspection.
    migrate(db, { beforeWrite: () => configure(db) })
    return { db, quickCheckMs }
  } catch (e) {
    db.close()
    throw asCorruptError(file, e)
  }
}

/** openCheckedDatabase() for callers that do not need the timing. */
/**
 * A reader worker's connection: read-only and query_only, opened only after the writer has
 * checked and migrated the file. WAL lets it read while the writer writes.
 */
export function openReader(file: string, opts: OpenOptions = {}): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) })
  db.pragma('busy_timeout = 5000')
  db.pragma('query_only = ON')
  return db
}

export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  return openCheckedDatabase(file, opts).db
}

function configure(db: Db): void {
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL') // an analyst's edits must survive a power cut, not just a crash
  db.pragma('foreign_keys = ON')
  // Writers take BEGIN IMMEDIATE; a second writer (a worker, a CLI) should wait its turn, not fail.
  db.pragma('busy_timeout = 5000')
  // SQLite's default page cache is 2 MiB: a 100k-row import or a whole-market comparison would
  // spill dirty pages and re-read index pages all the time. 64 MiB is small beside the machine.
  db.pragma('cache_size = -65536')
}
