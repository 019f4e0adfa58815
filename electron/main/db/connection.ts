import Database from 'better-sqlite3'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrate } from './migrate'

export type Db = Database.Database

export interface OpenOptions {
  /** Path to an Electron-ABI build of better_sqlite3.node (desktop only; see README). */
  nativeBinding?: string
  readonly?: boolean
}

/**
 * Opens (creating if needed) the workspace database and brings it to the current schema.
 * A database written by a newer app is refused before anything is written to it.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  try {
    // Read the version before any PRAGMA that writes (journal_mode=WAL rewrites the header),
    // so a newer database is left byte-identical.
    migrate(db, { beforeWrite: () => configure(db) })
    return db
  } catch (e) {
    db.close()
    if ((e as { code?: string }).code === 'SQLITE_NOTADB' || (e as { code?: string }).code === 'SQLITE_CORRUPT') {
      throw new CorruptDatabaseError(file, (e as Error).message)
    }
    throw e
  }
}

export class CorruptDatabaseError extends Error {
  constructor(file: string, detail: string) {
    super(`${file} is not a readable workbench database (${detail}). It has not been changed; restore a backup or choose another data directory.`)
    this.name = 'CorruptDatabaseError'
  }
}

function configure(db: Db): void {
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL') // an analyst's edits must survive a power cut, not just a crash
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 3000')
}
