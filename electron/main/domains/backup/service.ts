/**
 * Backups of one open workspace: one operation at a time (automatic, manual, restore), the
 * automatic schedule, and what the last automatic backup did. One service per workspace.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { AutoBackupStatus, BackupEntry, BackupKind, BackupResults } from '../../../../shared/api/backup'
import { AppError, conflict, notFound } from '../../../../shared/errors'
import { BACKUPS, WORKSPACE } from '../../../../shared/push'
import { BackupCancelledError, BackupRefusedError, readBackup, restoreInto, takeBackup, verifyBackupFile, type BackupProgress } from '../../db/backup'
import type { Db } from '../../db/connection'
import { migrate } from '../../db/migrate'
import { SCHEMA_VERSION } from '../../db/migrations'
import type { EngineContext } from '../../engine/context'
import { mutate } from '../../engine/mutate'
import type { Workspace } from '../../workspace'
import { seedIfNeeded } from '../workspace/seed'
import { KEEP_AUTO, KEEP_PRE_RESTORE, backupDir, listBackups, newBackupName, removeStaleTemps, rotate } from './policy'

/** What an operation needs from the engine: the views (push) and the user (cancel). */
export type BackupContext = Pick<EngineContext, 'ws' | 'db' | 'now' | 'emit' | 'cancelled'>

let opSeq = 0

/**
 * What a backup holds, in a few aggregates: the newest change set and note revision (the
 * brief's test), plus the notes' trash and entered prices, which are written without a change
 * set. Equal markers: same data (view state such as column widths aside).
 */
function dataMarker(db: Db): string {
  const one = (sql: string) => db.prepare(sql).pluck().get() as string | number | null
  return [
    one('SELECT max(id) FROM change_set'),
    one('SELECT max(rowid) FROM note_revision'),
    one("SELECT count(*) || ':' || count(deleted_at) || ':' || coalesce(max(deleted_at), '') FROM note"),
    one("SELECT count(*) || ':' || total(price) FROM user_price"),
  ].join('|')
}

/** "Changed since the last backup" while the engine runs: the data, and every row this connection wrote. */
function marker(ctx: BackupContext): string {
  return `${dataMarker(ctx.db)}|${ctx.db.prepare('SELECT total_changes()').pluck().get()}`
}

export class BackupService {
  readonly dir: string
  lastAuto: AutoBackupStatus | null = null
  private queue: Promise<unknown> = Promise.resolve()
  private active = 0
  private stopped = false
  private lastMarker: string | null = null
  private timers: ReturnType<typeof setTimeout>[] = []

  constructor(private readonly ws: Workspace) {
    this.dir = backupDir(ws.dataDir)
  }

  running(): boolean {
    return this.active > 0
  }

  list(): BackupEntry[] {
    return listBackups(this.dir)
  }

  /** One backup operation at a time, in call order; an automatic one waits for a manual one and vice versa. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(conflict('backup.closing', 'the workspace is closing; backups are stopped'))
    this.active++
    const run = this.queue.then(fn, fn).finally(() => this.active--)
    this.queue = run.catch(() => {})
    return run
  }

  /** Backup now (manual, or automatic from the schedule). Cancelled: no file kept, backup null. */
  create(ctx: BackupContext, kind: Exclude<BackupKind, 'pre-restore'>, opts: { progress?: boolean } = {}): Promise<BackupResults['backup.create']> {
    return this.exclusive(async () => {
      const started = performance.now()
      if (opts.progress !== false && ctx.cancelled()) return { backup: null, ms: 0, cancelled: true }
      const opId = `backup.create:${++opSeq}`
      const report = opts.progress === false ? undefined : throttled((p: BackupProgress) => ctx.emit({ type: 'progress', opId, label: 'backup.create', done: p.done, total: p.total }))
      try {
        const backup = await this.copy(ctx, kind, { progress: report, cancelled: opts.progress === false ? undefined : ctx.cancelled })
        return { backup, ms: performance.now() - started, cancelled: false }
      } catch (e) {
        if (e instanceof BackupCancelledError) return { backup: null, ms: performance.now() - started, cancelled: true }
        throw asAppError(e)
      } finally {
        // the last step is never reported by better-sqlite3; done = total clears the progress line
        report?.({ done: 1, total: 1 })
      }
    })
  }

  /**
   * Checks the backup (refused: nothing changes), keeps the current workspace as a pre-restore
   * backup, loads the backup into the live database under the writer's connection, migrates it
   * if it is older, and tells every view to refetch.
   */
  restore(ctx: BackupContext, file: string): Promise<BackupResults['backup.restore']> {
    return this.exclusive(async () => {
      const started = performance.now()
      const path = join(this.dir, file)
      const { ws, db } = ctx
      const opId = `backup.restore:${++opSeq}`
      try {
        const check = verifyBackupFile(path, { supported: SCHEMA_VERSION, nativeBinding: ws.nativeBinding })
        const livePages = db.pragma('page_count', { simple: true }) as number
        const total = livePages + check.pages
        const emit = throttled((p: BackupProgress) => ctx.emit({ type: 'progress', opId, label: 'backup.restore', done: p.done, total: p.total }))
        const report = (done: number) => emit({ done: Math.min(done, total - 1), total })
        report(0)
        const safetyCopy = await this.copy(ctx, 'pre-restore', { progress: (p) => report(p.done), cancelled: ctx.cancelled })
        if (ctx.cancelled()) throw new BackupCancelledError()
        const stepOpts = { nativeBinding: ws.nativeBinding, cancelled: ctx.cancelled }
        await restoreInto(ws.dbFile, path, db.pragma('page_size', { simple: true }) as number, { ...stepOpts, progress: (p) => report(livePages + p.done) })
        let migratedFrom: number | null = null
        try {
          migratedFrom = upgrade(ctx)
        } catch (e) {
          // The backup cannot be brought to this version: put the workspace back as it was.
          console.error(`[backup] ${file} could not be migrated; restoring the pre-restore copy:`, e)
          await restoreInto(ws.dbFile, join(this.dir, safetyCopy.file), db.pragma('page_size', { simple: true }) as number, { nativeBinding: ws.nativeBinding })
          ctx.emit({ type: 'changed', setId: 0, label: 'backup.restore', kind: 'bulk', entities: [WORKSPACE] })
          throw conflict('backup.migrateFailed', `the backup ${file} could not be upgraded to this version (${e instanceof Error ? e.message : String(e)}); the workspace is unchanged`, { file, detail: e instanceof Error ? e.message : String(e) })
        }
        ws.recovery = null
        // One bulk change set: history says when the workspace was replaced, undo stops there
        // (its commit with synchronous=FULL also makes the restored pages durable), and the
        // push names WORKSPACE so every view refetches everything.
        mutate(ctx, 'backup.restore', () => {}, { kind: 'bulk', undoable: false, entities: [WORKSPACE], params: { file, safetyCopy: safetyCopy.file, migratedFrom } })
        return { restored: file, safetyCopy, migratedFrom, ms: performance.now() - started }
      } catch (e) {
        if (e instanceof BackupCancelledError) throw new AppError('cancelled', 'backup.restoreCancelled', 'restore cancelled; the workspace is unchanged', { file })
        throw asAppError(e)
      } finally {
        ctx.emit({ type: 'progress', opId, label: 'backup.restore', done: 1, total: 1 })
      }
    })
  }

  /** The copy itself (inside exclusive): name, online backup, check, rotation, notification. */
  private async copy(ctx: BackupContext, kind: BackupKind, opts: { progress?: (p: BackupProgress) => void; cancelled?: () => boolean }): Promise<BackupEntry> {
    mkdirSync(this.dir, { recursive: true })
    const at = ctx.now()
    const name = newBackupName(this.dir, at, kind)
    const check = await takeBackup(ctx.db, join(this.dir, name), { supported: SCHEMA_VERSION, nativeBinding: this.ws.nativeBinding, ...opts })
    // Read in the same tick the copy finished in: no write can land in between.
    this.lastMarker = marker(ctx)
    const spare = this.ws.recovery?.latestBackup ? [this.ws.recovery.latestBackup.file] : []
    if (kind === 'auto') rotate(this.dir, 'auto', KEEP_AUTO, spare)
    if (kind === 'pre-restore') rotate(this.dir, 'pre-restore', KEEP_PRE_RESTORE, spare)
    ctx.emit({ type: 'changed', setId: 0, label: 'backup.create', kind: 'backup', entities: [BACKUPS] })
    return { file: name, at: at.toISOString(), bytes: check.bytes, kind }
  }

  /** An automatic backup; a failure is logged and kept for backup.list, never thrown. */
  async auto(ctx: BackupContext, reason: 'launch' | 'periodic'): Promise<void> {
    if (this.stopped) return
    if (reason === 'periodic' && (this.active > 0 || marker(ctx) === this.lastMarker)) return
    if (reason === 'launch' && this.skipAtLaunch(ctx)) {
      this.lastMarker = marker(ctx)
      return
    }
    const at = ctx.now().toISOString()
    try {
      const r = await this.create(ctx, 'auto', { progress: false })
      this.lastAuto = { at, ok: true, file: r.backup?.file ?? null, error: null }
    } catch (e) {
      if (this.stopped && e instanceof AppError && e.code === 'backup.closing') return
      const message = e instanceof Error ? e.message : String(e)
      console.error(`[backup] automatic backup (${reason}) failed: ${message}`)
      this.lastAuto = { at, ok: false, file: null, error: message }
      ctx.emit({ type: 'changed', setId: 0, label: 'backup.create', kind: 'backup', entities: [BACKUPS] })
    }
  }

  /**
   * No launch backup when the newest backup already holds exactly this data (relaunching ten
   * times would otherwise rotate out ten different older states), nor right after a damaged
   * workspace was moved aside: a fresh workspace must not push out the good backups the
   * recovery banner offers.
   */
  private skipAtLaunch(ctx: BackupContext): boolean {
    if (ctx.ws.recovery) return true
    const newest = this.list()[0]
    if (!newest) return false
    try {
      return readBackup(join(this.dir, newest.file), dataMarker, { nativeBinding: this.ws.nativeBinding }) === dataMarker(ctx.db)
    } catch {
      return false // unreadable: take a new one
    }
  }

  /** The engine's schedule: one backup at launch, then every intervalMs if anything changed (0: launch only). */
  start(ctx: BackupContext, intervalMs: number): void {
    removeStaleTemps(this.dir)
    this.timers.push(setTimeout(() => void this.auto(ctx, 'launch'), 0))
    if (intervalMs > 0) this.timers.push(setInterval(() => void this.auto(ctx, 'periodic'), intervalMs))
    for (const t of this.timers) t.unref?.()
  }

  /** Stops the schedule and waits for the running backup or restore. Later calls are refused. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const t of this.timers) clearTimeout(t)
    this.timers = []
    await this.queue
  }
}

/** The workspace was restored from an older backup: bring it to this version as an open would. */
function upgrade(ctx: BackupContext): number | null {
  const version = ctx.db.pragma('user_version', { simple: true }) as number
  if (version < SCHEMA_VERSION) migrate(ctx.db)
  seedIfNeeded(ctx.db) // what an open adds to an older workspace (chain, derived data); no-op otherwise
  return version < SCHEMA_VERSION ? version : null
}

/** At most one progress event per 50 ms (a large workspace takes hundreds of steps); the first and the last always. */
function throttled(fn: (p: BackupProgress) => void): (p: BackupProgress) => void {
  let last = 0
  return (p) => {
    const t = performance.now()
    if (p.done !== 0 && p.done < p.total && t - last < 50) return
    last = t
    fn(p)
  }
}

function asAppError(e: unknown): unknown {
  if (!(e instanceof BackupRefusedError)) return e
  const base = e.file.split(/[\\/]/).pop() ?? e.file
  const params = { file: base, detail: e.detail }
  switch (e.problem) {
    case 'missing':
      return notFound('backup.notFound', `no backup named ${base}`, { file: base })
    case 'newer':
      return conflict('backup.newer', e.message, { ...params, found: e.found ?? null, supported: SCHEMA_VERSION })
    case 'not-workspace':
      return conflict('backup.notWorkspace', e.message, params)
    case 'incompatible':
      return conflict('backup.incompatible', e.message, params)
    case 'copy-failed':
      // the workspace itself may be damaged: say so loudly (logged by dispatch too)
      return new AppError('internal', 'backup.checkFailed', e.message, params)
    default:
      return conflict('backup.damaged', e.message, params)
  }
}

const services = new WeakMap<Workspace, BackupService>()

export function backupService(ws: Workspace): BackupService {
  let s = services.get(ws)
  if (!s) services.set(ws, (s = new BackupService(ws)))
  return s
}
