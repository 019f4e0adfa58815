import { sql as m0001 } from './0001_foundation'

/** Ordered list of migrations; index + 1 is the user_version each one brings the database to. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: '0001_foundation', sql: m0001 },
]

export const SCHEMA_VERSION = MIGRATIONS.length
