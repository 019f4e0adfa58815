import { sql as m0001 } from './0001_foundation'
import { sql as m0002 } from './0002_chain_fx'
import { sql as m0003 } from './0003_open_checks'
import { sql as m0004 } from './0004_history_engine'
import { sql as m0005 } from './0005_notes'
import { sql as m0006 } from './0006_imports'

/** Ordered list of migrations; index + 1 is the user_version each one brings the database to. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: '0001_foundation', sql: m0001 },
  { version: 2, name: '0002_chain_fx', sql: m0002 },
  { version: 3, name: '0003_open_checks', sql: m0003 },
  { version: 4, name: '0004_history_engine', sql: m0004 },
  { version: 5, name: '0005_notes', sql: m0005 },
  { version: 6, name: '0006_imports', sql: m0006 },
]

export const SCHEMA_VERSION = MIGRATIONS.length
