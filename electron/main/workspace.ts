import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openCheckedDatabase, type Db, type OpenOptions } from './db/connection'
import { acquireInstanceLock, type InstanceMode } from './db/instanceLock'
import { seedIfNeeded } from './domains/workspace/seed'

export interface OpenStats {
  /** PRAGMA quick_check before the open; 0 when the workspace was new. */
  quickCheckMs: number
  /** The whole openWorkspace(): lock, checks, migrations, seeding. */
  openMs: number
}

export interface Workspace {
  db: Db
  dataDir: string
  dbFile: string
  openStats: OpenStats
  /** Closes the database and releases the data directory's instance lock. Idempotent. */
  close(): void
}

export interface WorkspaceOptions extends OpenOptions {
  /** Who holds the workspace, shown to a second instance that is refused. */
  mode?: InstanceMode
}

export const DB_FILENAME = 'workbench.sqlite'

/**
 * Opens the workspace in dataDir; the first open of an empty directory loads the bundled reports.
 * The instance lock comes first, so no other workbench can change the file between the checks
 * and the open.
 */
export function openWorkspace(dataDir: string, opts: WorkspaceOptions = {}): Workspace {
  const started = performance.now()
  const dir = resolve(dataDir)
  const dbFile = join(dir, DB_FILENAME)
  mkdirSync(dir, { recursive: true })
  const lock = acquireInstanceLock(dir, { mode: opts.mode ?? 'cli' }, { nativeBinding: opts.nativeBinding })
  try {
    const { db, quickCheckMs } = openCheckedDatabase(dbFile, opts)
    try {
      seedIfNeeded(db)
    } catch (e) {
      db.close()
      throw e
    }
    const close = () => {
      try {
        db.close() // better-sqlite3's close() is a no-op on a closed database
      } finally {
        lock.release()
      }
    }
    return { db, dataDir: dir, dbFile, openStats: { quickCheckMs, openMs: performance.now() - started }, close }
  } catch (e) {
    lock.release()
    throw e
  }
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
