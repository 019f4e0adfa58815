/**
 * Backup policy: where backups live, what they are called, how many are kept, how often
 * automatic ones are taken. The file work itself is db/backup.ts.
 *
 *   <dataDir>/backups/workbench-YYYYMMDD-HHMMSS[-n]-<kind>.sqlite     (time in UTC)
 *
 * kind: auto (at launch and every BACKUP_INTERVAL_MS while the workspace changes), manual
 * (Back up now), pre-restore (the workspace as it was just before a restore).
 */
import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { backupFile, type BackupEntry, type BackupKind } from '../../../../shared/api/backup'
import { TEMP_PREFIX, removeWithSidecars } from '../../db/backup'

export const BACKUP_DIRNAME = 'backups'
export const QUARANTINE_DIRNAME = 'quarantine'

/** Automatic backups kept (the newest); older ones are deleted after a successful new one. */
export const KEEP_AUTO = 10
/** Copies taken before a restore, kept (the newest). Manual backups are all kept. */
export const KEEP_PRE_RESTORE = 5
/**
 * How often the engine looks for changes and, if there are any since the last backup, takes an
 * automatic one: 10 minutes. WORKBENCH_BACKUP_INTERVAL_MS overrides it (tests); 0 turns the
 * periodic backups off (the one at launch is still taken).
 */
export const BACKUP_INTERVAL_MS = 10 * 60_000

export function backupIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.WORKBENCH_BACKUP_INTERVAL_MS
  if (raw === undefined || raw === '') return BACKUP_INTERVAL_MS
  const n = Number(raw)
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : BACKUP_INTERVAL_MS
}

export const backupDir = (dataDir: string) => join(dataDir, BACKUP_DIRNAME)
export const quarantineDir = (dataDir: string) => join(dataDir, QUARANTINE_DIRNAME)

const NAME = /^workbench-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d{1,4}))?-(auto|manual|pre-restore)\.sqlite$/

/** YYYYMMDD-HHMMSS in UTC. */
export function stamp(at: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${p(at.getUTCFullYear(), 4)}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}-${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`
}

export interface ParsedName {
  at: Date
  seq: number
  kind: BackupKind
}

export function parseBackupName(name: string): ParsedName | null {
  const m = NAME.exec(name)
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  if (Number.isNaN(at.getTime()) || at.getUTCDate() !== d) return null
  return { at, seq: m[7] ? Number(m[7]) : 1, kind: m[8] as BackupKind }
}

/** A name for a new backup taken at `at` that no file in `dir` has yet (-2, -3… within a second). */
export function newBackupName(dir: string, at: Date, kind: BackupKind): string {
  const taken = new Set(safeReaddir(dir))
  const base = `workbench-${stamp(at)}`
  for (let n = 1; n < 10_000; n++) {
    const name = `${base}${n === 1 ? '' : `-${n}`}-${kind}.sqlite`
    // same second, other kind: keep the -n unique across kinds too, so names sort by time
    if (![...taken].some((t) => t.startsWith(`${base}${n === 1 ? '' : `-${n}`}-`))) {
      if (!backupFile.safeParse(name).success) throw new Error(`backup name ${name} does not match the contract`)
      return name
    }
  }
  throw new Error(`no free backup name for ${base}`)
}

/** The backups in `dir`, newest first. Files that do not look like backups are ignored. */
export function listBackups(dir: string): BackupEntry[] {
  const out: (BackupEntry & { seq: number })[] = []
  for (const name of safeReaddir(dir)) {
    const p = parseBackupName(name)
    if (!p) continue
    let bytes: number
    try {
      const st = statSync(join(dir, name))
      if (!st.isFile()) continue
      bytes = st.size
    } catch {
      continue // deleted while listing
    }
    out.push({ file: name, at: p.at.toISOString(), bytes, kind: p.kind, seq: p.seq })
  }
  out.sort((a, b) => (a.at === b.at ? b.seq - a.seq : a.at < b.at ? 1 : -1))
  return out.map(({ seq: _seq, ...e }) => e)
}

/**
 * Deletes the oldest of a kind beyond `keep`; returns the names deleted. Manual backups are never
 * rotated, nor a backup named in `spare` (the one a recovery banner offers).
 */
export function rotate(dir: string, kind: Exclude<BackupKind, 'manual'>, keep: number, spare: readonly string[] = []): string[] {
  const old = listBackups(dir)
    .filter((b) => b.kind === kind)
    .slice(keep)
    .filter((b) => !spare.includes(b.file))
  for (const b of old) rmSync(join(dir, b.file), { force: true })
  return old.map((b) => b.file)
}

/** Half-written backups left by a crash (never a finished backup: those are renamed into place). */
export function removeStaleTemps(dir: string): void {
  for (const name of safeReaddir(dir)) if (name.startsWith(TEMP_PREFIX)) removeWithSidecars(join(dir, name.replace(/-(journal|wal|shm)$/, '')))
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}
