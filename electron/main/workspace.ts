import { mkdirSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { WorkspaceRecovery } from '../../shared/domain'
import { verifyBackupFile } from './db/backup'
import { CorruptDatabaseError, openCheckedDatabase, type CheckedDatabase, type Db, type OpenOptions } from './db/connection'
import { acquireInstanceLock, type InstanceMode } from './db/instanceLock'
import { SCHEMA_VERSION } from './db/migrations'
import { quarantineDatabase } from './db/quarantine'
import { backupDir, listBackups, quarantineDir, stamp } from './domains/backup/policy'
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
  /**
   * Set when this open found the workspace damaged and moved it aside (onCorrupt: 'quarantine');
   * cleared by a successful restore. Shown by workspace.info.
   */
  recovery?: WorkspaceRecovery | null
  /** the Electron-ABI better-sqlite3 build the workspace was opened with (desktop), for other connections to it */
  nativeBinding?: string
  /** Closes the database and releases the data directory's instance lock. Idempotent. */
  close(): void
}

export interface WorkspaceOptions extends OpenOptions {
  /** Who holds the workspace, shown to a second instance that is refused. */
  mode?: InstanceMode
  /**
   * A workspace that fails its check at open: 'refuse' (the default: CorruptDatabaseError, the
   * file untouched; CLIs and tools) or 'quarantine' (the app: move it and its -wal/-shm to
   * <dataDir>/quarantine/, byte-identical, and open a fresh workspace; see `recovery`).
   */
  onCorrupt?: 'refuse' | 'quarantine'
  /** clock for the quarantine name and time (tests) */
  now?: () => Date
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
    let recovery: WorkspaceRecovery | null = null
    let checked: CheckedDatabase
    try {
      checked = openCheckedDatabase(dbFile, opts)
    } catch (e) {
      if (!(e instanceof CorruptDatabaseError) || opts.onCorrupt !== 'quarantine') throw e
      recovery = quarantine(dir, dbFile, e, opts)
      checked = openCheckedDatabase(dbFile, opts)
    }
    const { db, quickCheckMs } = checked
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
    return { db, dataDir: dir, dbFile, openStats: { quickCheckMs, openMs: performance.now() - started }, recovery, nativeBinding: opts.nativeBinding, close }
  } catch (e) {
    lock.release()
    throw e
  }
}

/**
 * Moves the damaged workspace to <dataDir>/quarantine/workbench-<UTC time>.sqlite (+ -wal, -shm),
 * renamed, never copied or deleted, and finds the newest backup that passes its check.
 */
function quarantine(dir: string, dbFile: string, e: CorruptDatabaseError, opts: WorkspaceOptions): WorkspaceRecovery {
  const at = (opts.now ?? (() => new Date()))()
  const qdir = quarantineDir(dir)
  let moved: ReturnType<typeof quarantineDatabase> | null = null
  for (let n = 1; !moved; n++) {
    const name = `workbench-${stamp(at)}${n === 1 ? '' : `-${n}`}.sqlite`
    if (listQuarantine(qdir).some((f) => f.startsWith(name))) continue
    moved = quarantineDatabase(dbFile, qdir, name)
  }
  console.error(`[workspace] ${dbFile} is damaged (${e.detail}); moved to ${moved.file} and opened a fresh workspace`)
  return { quarantinedTo: moved.file, files: moved.moved, reason: e.detail, at: at.toISOString(), latestBackup: latestGoodBackup(dir, opts) }
}

function listQuarantine(qdir: string): string[] {
  try {
    return readdirSync(qdir)
  } catch {
    return []
  }
}

/** The newest backup that passes verification (integrity_check, schema version), or null. */
export function latestGoodBackup(dataDir: string, opts: OpenOptions = {}): WorkspaceRecovery['latestBackup'] {
  const dir = backupDir(dataDir)
  for (const b of listBackups(dir)) {
    try {
      verifyBackupFile(join(dir, b.file), { supported: SCHEMA_VERSION, nativeBinding: opts.nativeBinding })
      return b
    } catch (err) {
      console.error(`[workspace] backup ${b.file} is not usable: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  return null
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
