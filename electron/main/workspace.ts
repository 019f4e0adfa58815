import { join, resolve } from 'node:path'
import { openDatabase, type Db, type OpenOptions } from './db/connection'
import { seedIfNeeded } from './services/seed'

export interface Workspace {
  db: Db
  dataDir: string
  dbFile: string
}

export const DB_FILENAME = 'workbench.sqlite'

/** Opens the workspace in dataDir; the first open of an empty directory loads the bundled reports. */
export function openWorkspace(dataDir: string, opts: OpenOptions = {}): Workspace {
  const dir = resolve(dataDir)
  const dbFile = join(dir, DB_FILENAME)
  const db = openDatabase(dbFile, opts)
  try {
    seedIfNeeded(db)
  } catch (e) {
    db.close()
    throw e
  }
  return { db, dataDir: dir, dbFile }
}

/**
 * Data directory: --data-dir DIR, else WORKBENCH_DATA_DIR, else the caller's default
 * (Electron's userData on the desktop).
 */
export function dataDirFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv, fallback: string): string {
  const i = argv.indexOf('--data-dir')
  if (i >= 0 && argv[i + 1]) return argv[i + 1]!
  const eq = argv.find((a) => a.startsWith('--data-dir='))
  if (eq) return eq.slice('--data-dir='.length)
  return env.WORKBENCH_DATA_DIR || fallback
}
