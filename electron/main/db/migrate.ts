import type Database from 'better-sqlite3'
import { MIGRATIONS } from './migrations'

export type Migration = (typeof MIGRATIONS)[number]

export class NewerDatabaseError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This workspace was written by a newer version of the workbench (schema ${found}; this version knows up to ${supported}). ` +
        'It has not been changed. Update the app, or choose another data directory.',
    )
    this.name = 'NewerDatabaseError'
  }
}

/** A row that points at a parent row that does not exist (one line of PRAGMA foreign_key_check). */
export interface ForeignKeyViolation {
  table: string
  rowid: number | null
  parent: string
}

/** A migration left the database inconsistent; it was rolled back, the file is as it was. */
export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    readonly violations: readonly ForeignKeyViolation[],
  ) {
    const shown = violations.slice(0, 5).map((v) => `${v.table} rowid ${v.rowid} → missing ${v.parent} row`)
    const more = violations.length > shown.length ? ` (and ${violations.length - shown.length} more)` : ''
    super(`Migration ${migration} broke ${violations.length} foreign key(s): ${shown.join('; ')}${more}. Nothing was changed.`)
    this.name = 'MigrationError'
  }
}

export interface MigrateOptions {
  /** Runs after the version check and before anything is written (connection.ts sets WAL here). */
  beforeWrite?: () => void
  /** The migrations to apply; tests inject extra ones. */
  migrations?: readonly Migration[]
}

/**
 * Applies every pending migration in ONE transaction that also sets user_version, so a
 * failure leaves the database exactly at its previous version (no half-applied schema).
 * Foreign keys are off during the transaction (SQLite's table-rebuild procedure): with them
 * on, DROP TABLE of a parent cascades into its children and deletes their rows.
 */
export function migrate(db: Database.Database, opts: MigrateOptions = {}): number {
  const migrations = opts.migrations ?? MIGRATIONS
  assertNumbered(migrations)
  const latest = migrations.length
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > latest) throw new NewerDatabaseError(current, latest)
  opts.beforeWrite?.()
  const pending = migrations.filter((m) => m.version > current)
  if (pending.length === 0) return current
  withForeignKeysOff(db, () =>
    db.transaction(() => {
      for (const m of pending) applyChecked(db, m)
      db.pragma(`user_version = ${latest}`)
    })(),
  )
  return latest
}

function applyChecked(db: Database.Database, m: Migration): void {
  db.exec(m.sql)
  // Checked per migration so the error names the one that broke the data.
  const violations = db.pragma('foreign_key_check') as ForeignKeyViolation[]
  if (violations.length > 0) throw new MigrationError(m.name, violations)
}

/** The pragma is a silent no-op inside a transaction, so it is set (and verified) before BEGIN. */
function withForeignKeysOff(db: Database.Database, run: () => void): void {
  const before = db.pragma('foreign_keys', { simple: true }) as number
  db.pragma('foreign_keys = OFF')
  try {
    if (db.pragma('foreign_keys', { simple: true }) !== 0) {
      throw new Error('Cannot migrate inside an open transaction: foreign keys could not be switched off.')
    }
    run()
  } finally {
    db.pragma(`foreign_keys = ${before ? 'ON' : 'OFF'}`)
  }
}

/** user_version only goes up, one step per migration: the list must be numbered 1..n. */
function assertNumbered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}; expected ${i + 1} (numbered 1..n, in order).`)
  })
}
