import type Database from 'better-sqlite3'
import { MIGRATIONS, SCHEMA_VERSION } from './migrations'

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

/**
 * Applies every pending migration in ONE transaction that also sets user_version, so a
 * failure leaves the database exactly at its previous version (no half-applied schema).
 */
export function migrate(db: Database.Database, hooks: { beforeWrite?: () => void } = {}): number {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION) throw new NewerDatabaseError(current, SCHEMA_VERSION)
  hooks.beforeWrite?.()
  const pending = MIGRATIONS.filter((m) => m.version > current)
  if (pending.length === 0) return current
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  })()
  return SCHEMA_VERSION
}
