/**
 * Backups: online backups through SQLite's backup API (rotation, progress, cancel, writes while
 * copying), restore into the live database (checked first, a pre-restore copy kept, every
 * connection sees the result), and quarantine of a damaged workspace at open.
 */
import Database from 'better-sqlite3'
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import { openReader } from '../../electron/main/db/connection'
import { migrate } from '../../electron/main/db/migrate'
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/main/db/migrations'
import { KEEP_AUTO, KEEP_PRE_RESTORE, backupDir, parseBackupName } from '../../electron/main/domains/backup/policy'
import { backupService } from '../../electron/main/domains/backup/service'
import { engineContext } from '../../electron/main/engine/context'
import { startEngine, type Engine } from '../../electron/main/engine/host'
import { DB_FILENAME, openWorkspace, type Workspace } from '../../electron/main/workspace'
import { BACKUP_NAME, type BackupEntry, type BackupResults } from '../../shared/api/backup'
import type { WorkspaceInfo } from '../../shared/domain'
import type { ApiErrorBody } from '../../shared/errors'
import { WORKSPACE, type PushEvent } from '../../shared/push'
import { dumpDb, fileSet, tempDir, workspaceWithPendingWal, zeroTablePage } from '../helpers/workspace'

const dirs: string[] = []
const open: { close(): void }[] = []
afterEach(() => {
  open.splice(0).forEach((w) => w.close())
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }))
})
const keep = (d: string) => (dirs.push(d), d)

function workspace(dir = keep(tempDir()), opts: Parameters<typeof openWorkspace>[1] = {}): Workspace {
  const ws = openWorkspace(dir, opts)
  open.push(ws)
  return ws
}

/** The real handler table with a clock, the push events it sent and a cancel switch. */
function api(ws: Workspace) {
  let clock = Date.parse('2025-06-01T08:00:00Z')
  const events: PushEvent[] = []
  const state = { cancel: () => false }
  const parts = { now: () => new Date((clock += 1000)), emit: (e: PushEvent) => void events.push(e), cancelled: () => state.cancel() }
  const h = createHandlers(ws, parts)
  const reply = async (m: string, input: unknown) => dispatch(h, m, input)
  return {
    events,
    state,
    ctx: engineContext(ws, parts),
    call: async <T = any>(m: string, input: unknown = {}): Promise<T> => {
      const r = await reply(m, input)
      if (!r.ok) throw new Error(`${m} failed: ${r.error.code} ${r.error.message}`)
      return r.result as T
    },
    fail: async (m: string, input: unknown = {}): Promise<ApiErrorBody> => {
      const r = await reply(m, input)
      if (r.ok) throw new Error(`${m} should have failed`)
      return r.error
    },
  }
}

const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : [])
const ro = (file: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  open.push(db)
  return db
}
const integrity = (db: Database.Database) => db.pragma('integrity_check', { simple: true })

/** dumpDb without the change set a restore adds (and the AUTOINCREMENT counter it moves). */
function dataDump(db: Database.Database): string {
  return dumpDb(db)
    .split('\n')
    .filter((l) => !l.startsWith('sqlite_sequence:'))
    .map((l) => (l.startsWith('change_set:') ? `change_set:${JSON.stringify((JSON.parse(l.slice(11)) as { label: string }[]).filter((r) => r.label !== 'backup.restore'))}` : l))
    .join('\n')
}

const servers = (db: Database.Database) => db.prepare("SELECT name_zh FROM chain_node WHERE id = 'infra.servers'").pluck().get()

/** Notes with long bodies, so a backup takes many steps (64 pages each). */
async function growNotes(a: ReturnType<typeof api>, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await a.call('notes.save', { subject: { kind: 'theme' }, title: `Note ${i}`, body: `算力 ${i} `.repeat(400) })
}

describe('backup.create', () => {
  it('takes an online backup that passes integrity_check, equals the workspace, and reports progress', async () => {
    const ws = workspace()
    const a = api(ws)
    const r = await a.call<BackupResults['backup.create']>('backup.create')
    expect(r.cancelled).toBe(false)
    const b = r.backup!
    expect(b.kind).toBe('manual')
    expect(b.file).toMatch(BACKUP_NAME)
    expect(b.file).toBe('workbench-20250601-080001-manual.sqlite')
    const dir = backupDir(ws.dataDir)
    expect(files(dir)).toEqual([b.file]) // no temp file, no -wal/-shm: one self-contained file
    const copy = ro(join(dir, b.file))
    expect(integrity(copy)).toBe('ok')
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
    expect(copy.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(dumpDb(copy)).toBe(dumpDb(ws.db))
    expect(files(dir)).toEqual([b.file]) // opening it read-only created nothing
    const progress = a.events.filter((e) => e.type === 'progress')
    expect(progress.length).toBeGreaterThanOrEqual(2)
    expect(progress.every((e) => e.type === 'progress' && e.label === 'backup.create')).toBe(true)
    const last = progress.at(-1)!
    expect(last.type === 'progress' && last.done >= last.total).toBe(true)
    expect(a.events.some((e) => e.type === 'changed' && e.entities.includes('backup'))).toBe(true)

    const list = await a.call<BackupResults['backup.list']>('backup.list')
    expect(list.backups).toEqual([b])
    expect(list.dir).toBe(dir)
    expect(list.keep).toEqual({ auto: KEEP_AUTO, preRestore: KEEP_PRE_RESTORE })
    expect(list.intervalMinutes).toBe(10)
    expect((await a.call<WorkspaceInfo>('workspace.info')).backups?.latest).toEqual(b)
  })

  it(`keeps the newest ${KEEP_AUTO} automatic backups and every manual one`, async () => {
    const ws = workspace()
    const a = api(ws)
    const svc = backupService(ws)
    const manual = (await a.call<BackupResults['backup.create']>('backup.create')).backup!
    const autos: string[] = []
    for (let i = 0; i < 12; i++) {
      await a.call('chain.renameNode', { id: 'infra.servers', nameZh: `服务器 ${i}`, nameEn: `Servers ${i}` })
      await svc.auto(a.ctx, i % 2 ? 'launch' : 'periodic')
      expect(svc.lastAuto?.ok, svc.lastAuto?.error ?? '').toBe(true)
      autos.push(svc.lastAuto!.file!)
    }
    const list = (await a.call<BackupResults['backup.list']>('backup.list')).backups
    expect(list.filter((b) => b.kind === 'auto').map((b) => b.file)).toEqual(autos.slice(2).reverse()) // newest first
    expect(list.filter((b) => b.kind === 'manual')).toEqual([manual])
    expect(files(backupDir(ws.dataDir))).toHaveLength(KEEP_AUTO + 1)
  })

  it('periodic backups are taken only when something changed since the last backup', async () => {
    const ws = workspace()
    const a = api(ws)
    const svc = backupService(ws)
    await svc.auto(a.ctx, 'launch')
    const count = () => files(backupDir(ws.dataDir)).length
    expect(count()).toBe(1)
    await svc.auto(a.ctx, 'periodic')
    expect(count()).toBe(1) // nothing changed
    await a.call('chain.renameNode', { id: 'infra.servers', nameZh: '算力服务器', nameEn: 'AI servers' })
    await svc.auto(a.ctx, 'periodic')
    expect(count()).toBe(2)
    // a write without a change set (an entered price) counts too
    await a.call('prices.set', { securityId: '002230.SZ', asOf: '2025-05-30', price: 50.1, currency: 'CNY', source: 'test' })
    await svc.auto(a.ctx, 'periodic')
    expect(count()).toBe(3)
    await svc.auto(a.ctx, 'periodic')
    expect(count()).toBe(3)
  })

  it('no launch backup when the newest backup already holds this data, nor while a recovery is pending', async () => {
    const ws = workspace()
    const a = api(ws)
    const svc = backupService(ws)
    const count = () => files(backupDir(ws.dataDir)).length
    await a.call('backup.create')
    await a.call('prefs.set', { key: 'ui:lang', value: 'en' }) // view state only
    await svc.auto(a.ctx, 'launch')
    expect(count()).toBe(1)
    await a.call('notes.save', { subject: { kind: 'theme' }, title: 'n', body: 'b' })
    await svc.auto(a.ctx, 'launch')
    expect(count()).toBe(2)
    await a.call('chain.renameNode', { id: 'infra.servers', nameZh: '算力服务器', nameEn: 'AI servers' })
    ws.recovery = { quarantinedTo: '/x', files: ['/x'], reason: 'test', at: new Date().toISOString(), latestBackup: null }
    await svc.auto(a.ctx, 'launch')
    expect(count()).toBe(2)
  })

  it('a failed automatic backup is logged and reported on backup.list, never thrown; the next one retries', async () => {
    const ws = workspace()
    const a = api(ws)
    const svc = backupService(ws)
    writeFileSync(backupDir(ws.dataDir), 'not a folder') // the backups folder cannot be made
    await svc.auto(a.ctx, 'launch')
    const list = await a.call<BackupResults['backup.list']>('backup.list')
    expect(list.lastAuto).toMatchObject({ ok: false, file: null })
    expect(list.lastAuto!.error).toBeTruthy()
    expect(list.backups).toEqual([])
    expect(a.events.some((e) => e.type === 'changed' && e.entities.includes('backup'))).toBe(true)
    rmSync(backupDir(ws.dataDir))
    await svc.auto(a.ctx, 'periodic') // nothing backed up yet: the periodic check takes one
    expect((await a.call<BackupResults['backup.list']>('backup.list')).lastAuto).toMatchObject({ ok: true })
  })

  it('a cancelled backup leaves no file, no temp file and no partial backup', async () => {
    const ws = workspace()
    const a = api(ws)
    await growNotes(a, 60)
    let steps = 0
    a.state.cancel = () => ++steps > 2 // stop after two steps of the copy
    const r = await a.call<BackupResults['backup.create']>('backup.create')
    expect(r).toMatchObject({ cancelled: true, backup: null })
    expect(steps).toBeGreaterThan(2)
    expect(files(backupDir(ws.dataDir))).toEqual([])
    const last = a.events.filter((e) => e.type === 'progress').at(-1)!
    expect(last.type === 'progress' && last.done >= last.total).toBe(true) // the progress line is cleared
    // and the next one works
    a.state.cancel = () => false
    expect((await a.call<BackupResults['backup.create']>('backup.create')).backup).not.toBeNull()
  })

  it('a backup taken while writes keep landing through the handlers equals the workspace when it finished', async () => {
    const ws = workspace()
    const a = api(ws)
    await growNotes(a, 80)
    const pages = ws.db.pragma('page_count', { simple: true }) as number
    expect(pages).toBeGreaterThan(64 * 5) // several steps
    let done = false
    let writes = 0
    const backup = a.call<BackupResults['backup.create']>('backup.create').finally(() => (done = true))
    while (!done) {
      // interleaved with the copy's steps (each step is its own macrotask)
      await a.call('chain.renameNode', { id: 'infra.servers', nameZh: `服务器 ${writes}`, nameEn: `Servers ${writes}` })
      await a.call('notes.save', { subject: { kind: 'theme' }, title: `During ${writes}`, body: 'x'.repeat(2000) })
      writes++
      await new Promise((r) => setImmediate(r))
    }
    const r = await backup
    // nothing can have been written between the last step and this line (same tick)
    const live = dumpDb(ws.db)
    expect(writes).toBeGreaterThan(3)
    const copy = ro(join(backupDir(ws.dataDir), r.backup!.file))
    expect(integrity(copy)).toBe('ok')
    expect(dumpDb(copy)).toBe(live)

    // restoring it gives a consistent workspace with exactly that data
    await a.call('chain.renameNode', { id: 'infra.servers', nameZh: '之后', nameEn: 'After' })
    await a.call('backup.restore', { file: r.backup!.file, confirm: true })
    expect(integrity(ws.db)).toBe('ok')
    expect(ws.db.pragma('foreign_key_check')).toEqual([])
    expect(dataDump(ws.db)).toBe(dataDump(copy))
  })

  it('a backup taken while another connection commits writes completes, is consistent and restores', async () => {
    const ws = workspace()
    const a = api(ws)
    await growNotes(a, 80)
    const other = new Database(ws.dbFile)
    open.push(other)
    other.pragma('busy_timeout = 5000')
    const put = other.prepare("INSERT INTO meta(key, value) VALUES ('test:n' || ?, ?)")
    let done = false
    let n = 0
    const backup = a.call<BackupResults['backup.create']>('backup.create').finally(() => (done = true))
    while (!done) {
      put.run(n, String(n)) // each commit restarts SQLite's copy from page 1
      n++
      await new Promise((r) => setImmediate(r))
    }
    const r = await backup
    expect(n).toBeGreaterThan(5)
    const copy = ro(join(backupDir(ws.dataDir), r.backup!.file))
    expect(integrity(copy)).toBe('ok')
    // a snapshot: the rows it has are exactly the first k written, none missing in between
    const got = (copy.prepare("SELECT value FROM meta WHERE key LIKE 'test:n%'").pluck().all() as string[]).map(Number).sort((x, y) => x - y)
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => i))
    other.close()

    await a.call('backup.restore', { file: r.backup!.file, confirm: true })
    expect(integrity(ws.db)).toBe('ok')
    expect(ws.db.pragma('foreign_key_check')).toEqual([])
    expect(dataDump(ws.db)).toBe(dataDump(copy))
  })
})

describe('backup.restore', () => {
  it('keeps a pre-restore copy, replaces the data with the backup, and every connection sees it', async () => {
    const ws = workspace()
    const a = api(ws)
    const reader = openReader(ws.dbFile) // the engine's reader worker holds one like this
    open.push(reader)
    expect(servers(reader)).toBe('服务器')
    const b = (await a.call<BackupResults['backup.create']>('backup.create')).backup!
    const atBackup = dataDump(ro(join(backupDir(ws.dataDir), b.file)))

    await a.call('chain.renameNode', { id: 'infra.servers', nameZh: '算力服务器', nameEn: 'AI servers' })
    const note = await a.call<{ id: string }>('notes.save', { subject: { kind: 'theme' }, title: '新笔记', body: '光模块' })
    expect(servers(reader)).toBe('算力服务器')
    const beforeRestore = dumpDb(ws.db)
    a.events.length = 0

    const r = await a.call<BackupResults['backup.restore']>('backup.restore', { file: b.file, confirm: true })
    expect(r.restored).toBe(b.file)
    expect(r.migratedFrom).toBeNull()
    expect(r.safetyCopy.kind).toBe('pre-restore')
    expect(r.safetyCopy.file).toMatch(BACKUP_NAME)
    // the safety copy is the workspace as it was just before
    expect(dumpDb(ro(join(backupDir(ws.dataDir), r.safetyCopy.file)))).toBe(beforeRestore)
    // the data is the backup's, on the writer's connection and on the reader's
    expect(dataDump(ws.db)).toBe(atBackup)
    expect(dataDump(reader)).toBe(atBackup)
    expect(servers(ws.db)).toBe('服务器')
    expect(servers(reader)).toBe('服务器')
    expect(await a.fail('notes.get', { id: note.id })).toMatchObject({ code: 'notes.notFound' })
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(integrity(ws.db)).toBe('ok')

    // every view refetches everything; history says what happened and undo stops there
    const changed = a.events.filter((e) => e.type === 'changed' && e.entities.includes(WORKSPACE))
    expect(changed).toHaveLength(1)
    const hist = await a.call<{ sets: { label: string; kind: string; undoable: boolean }[] }>('history.list', { limit: 5 })
    expect(hist.sets[0]).toMatchObject({ label: 'backup.restore', kind: 'bulk' })
    expect((await a.fail('history.undo')).code).toBe('history.nothingToUndo')

    // the workspace keeps working, and the restore survives a reopen
    await a.call('chain.renameNode', { id: 'infra.servers', nameZh: '之后', nameEn: 'After' })
    expect(servers(reader)).toBe('之后')
    const dir = ws.dataDir
    reader.close()
    ws.close()
    const again = workspace(dir)
    expect(servers(again.db)).toBe('之后')
    expect(again.db.prepare("SELECT count(*) FROM note WHERE title = '新笔记'").pluck().get()).toBe(0)
  })

  it(`keeps the newest ${KEEP_PRE_RESTORE} pre-restore copies`, async () => {
    const ws = workspace()
    const a = api(ws)
    const b = (await a.call<BackupResults['backup.create']>('backup.create')).backup!
    const copies: string[] = []
    for (let i = 0; i < KEEP_PRE_RESTORE + 2; i++) copies.push((await a.call<BackupResults['backup.restore']>('backup.restore', { file: b.file, confirm: true })).safetyCopy.file)
    const list = (await a.call<BackupResults['backup.list']>('backup.list')).backups
    expect(list.filter((x) => x.kind === 'pre-restore').map((x) => x.file)).toEqual(copies.slice(2).reverse())
    expect(list.filter((x) => x.kind === 'manual')).toEqual([b])
  })

  it('refuses a damaged backup, a newer one, a missing one and a bad name, naming the file; nothing changes', async () => {
    const ws = workspace()
    const a = api(ws)
    const dir = backupDir(ws.dataDir)
    const good = (await a.call<BackupResults['backup.create']>('backup.create')).backup!
    await a.call('chain.renameNode', { id: 'infra.servers', nameZh: '算力服务器', nameEn: 'AI servers' })
    const damaged = 'workbench-20250101-000000-manual.sqlite'
    copyFileSync(join(dir, good.file), join(dir, damaged))
    zeroTablePage(join(dir, damaged))
    const newer = 'workbench-20250102-000000-manual.sqlite'
    copyFileSync(join(dir, good.file), join(dir, newer))
    const w = new Database(join(dir, newer))
    w.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    w.close()
    const notWorkspace = 'workbench-20250103-000000-manual.sqlite'
    new Database(join(dir, notWorkspace)).exec('CREATE TABLE x(a); PRAGMA user_version = 1').close()

    const before = dumpDb(ws.db)
    const listed = files(dir)
    const e1 = await a.fail('backup.restore', { file: damaged, confirm: true })
    expect(e1).toMatchObject({ kind: 'conflict', code: 'backup.damaged', params: { file: damaged } })
    expect(e1.message).toContain(damaged)
    expect(e1.message).toMatch(/integrity check/)
    const e2 = await a.fail('backup.restore', { file: newer, confirm: true })
    expect(e2).toMatchObject({ code: 'backup.newer', params: { file: newer, found: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION } })
    expect(e2.message).toContain(newer)
    expect(await a.fail('backup.restore', { file: notWorkspace, confirm: true })).toMatchObject({ code: 'backup.notWorkspace', params: { file: notWorkspace } })
    expect(await a.fail('backup.restore', { file: 'workbench-20200101-000000-manual.sqlite', confirm: true })).toMatchObject({ kind: 'not-found', code: 'backup.notFound' })
    // only names from backup.list: no paths, no other files
    for (const file of ['../workbench.sqlite', 'workbench-../../x.sqlite', 'workbench.sqlite', `${dir}/${good.file}`]) {
      expect((await a.fail('backup.restore', { file, confirm: true })).kind, file).toBe('input')
    }
    expect((await a.fail('backup.restore', { file: good.file })).kind).toBe('input') // confirm required
    expect(dumpDb(ws.db)).toBe(before)
    expect(files(dir)).toEqual(listed) // no pre-restore copy either
    expect(servers(ws.db)).toBe('算力服务器')
  })

  it('a cancelled restore leaves the workspace as it was', async () => {
    const ws = workspace()
    const a = api(ws)
    await growNotes(a, 40)
    const b = (await a.call<BackupResults['backup.create']>('backup.create')).backup!
    await a.call('chain.renameNode', { id: 'infra.servers', nameZh: '算力服务器', nameEn: 'AI servers' })
    const before = dumpDb(ws.db)
    const dir = backupDir(ws.dataDir)
    // cancel inside the copy into the live database (after the safety copy was kept)
    let after = 0
    a.state.cancel = () => files(dir).some((f) => f.endsWith('-pre-restore.sqlite')) && ++after > 1
    const e = await a.fail('backup.restore', { file: b.file, confirm: true })
    expect(e).toMatchObject({ kind: 'cancelled', code: 'backup.restoreCancelled' })
    expect(after).toBeGreaterThan(1)
    expect(dumpDb(ws.db)).toBe(before)
    expect(integrity(ws.db)).toBe('ok')
    a.state.cancel = () => false
    await a.call('chain.renameNode', { id: 'infra.servers', nameZh: '服务器 2', nameEn: 'Servers 2' }) // still writable
  })

  it('migrates a backup from an older schema version on the writer connection', async () => {
    const ws = workspace()
    const a = api(ws)
    const dir = backupDir(ws.dataDir)
    await a.call('backup.create')
    const old = 'workbench-20240101-000000-manual.sqlite'
    const o = new Database(join(dir, old))
    migrate(o, { migrations: MIGRATIONS.slice(0, SCHEMA_VERSION - 1) })
    o.prepare("INSERT INTO security(id, name_zh, name_en, market, currency, listed) VALUES ('USRX.US', '用户公司', 'User Co', 'US', 'USD', 1)").run()
    o.pragma('journal_mode = DELETE')
    o.close()
    const r = await a.call<BackupResults['backup.restore']>('backup.restore', { file: old, confirm: true })
    expect(r.migratedFrom).toBe(SCHEMA_VERSION - 1)
    expect(ws.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(ws.db.prepare("SELECT name_en FROM security WHERE id = 'USRX.US'").pluck().get()).toBe('User Co')
    expect(ws.db.prepare('SELECT count(*) FROM report').pluck().get()).toBe(5) // what an open adds (bundled reports)
    expect(integrity(ws.db)).toBe('ok')
    expect(ws.db.pragma('foreign_key_check')).toEqual([])
  })
})

describe('quarantine at open', () => {
  /** A workspace with one edit, two backups (the newer one damaged afterwards), then closed. */
  async function withBackups() {
    const dir = keep(tempDir())
    const ws = openWorkspace(dir)
    const a = api(ws)
    await a.call('chain.renameNode', { id: 'infra.servers', nameZh: '算力服务器', nameEn: 'AI servers' })
    const good = (await a.call<BackupResults['backup.create']>('backup.create')).backup!
    const bad = (await a.call<BackupResults['backup.create']>('backup.create')).backup!
    ws.close()
    zeroTablePage(join(backupDir(dir), bad.file))
    return { dir, good, bad }
  }

  it('moves a damaged workspace aside byte-identical, opens a fresh one, and offers the latest good backup', async () => {
    const { dir, good } = await withBackups()
    const file = join(dir, DB_FILENAME)
    zeroTablePage(file)
    const before = fileSet(file)
    const ws = workspace(dir, { onCorrupt: 'quarantine', now: () => new Date('2025-07-01T09:30:00Z') })
    const rec = ws.recovery!
    expect(rec.quarantinedTo).toBe(join(dir, 'quarantine', 'workbench-20250701-093000.sqlite'))
    expect(rec.files).toEqual([rec.quarantinedTo])
    expect(readFileSync(rec.quarantinedTo).equals(before.db!)).toBe(true)
    expect(rec.reason).toMatch(/integrity check/)
    expect(rec.at).toBe('2025-07-01T09:30:00.000Z')
    expect(rec.latestBackup).toMatchObject({ file: good.file, kind: 'manual' }) // the newer one fails its check
    // a fresh workspace, seeded as a first open is
    expect(ws.db.prepare('SELECT count(*) FROM report').pluck().get()).toBe(5)
    expect(servers(ws.db)).toBe('服务器')
    expect(integrity(ws.db)).toBe('ok')

    const a = api(ws)
    const info = await a.call<WorkspaceInfo>('workspace.info')
    expect(info.recovery).toEqual(rec)
    // restoring the offered backup brings the data back and ends the recovery
    await a.call('backup.restore', { file: rec.latestBackup!.file, confirm: true })
    expect(servers(ws.db)).toBe('算力服务器')
    expect((await a.call<WorkspaceInfo>('workspace.info')).recovery).toBeNull()
    expect(readFileSync(rec.quarantinedTo).equals(before.db!)).toBe(true) // still there, untouched
  })

  it('moves the -wal and -shm with it, byte-identical, never replaying them', () => {
    const dir = keep(workspaceWithPendingWal((db) => db.prepare("UPDATE report SET title = 'pending' WHERE id = 'r000'").run()))
    const file = join(dir, DB_FILENAME)
    zeroTablePage(file)
    const before = fileSet(file)
    expect(before.wal!.length).toBeGreaterThan(0)
    const now = () => new Date('2025-07-01T09:30:00Z')
    const ws = workspace(dir, { onCorrupt: 'quarantine', now })
    const q = ws.recovery!.quarantinedTo
    expect(fileSet(q)).toEqual(before)
    expect(ws.recovery!.files.sort()).toEqual([q, `${q}-shm`, `${q}-wal`].sort())
    expect(ws.recovery!.latestBackup).toBeNull()
    expect(ws.db.prepare("SELECT count(*) FROM report WHERE title = 'pending'").pluck().get()).toBe(0)
    ws.close()
    expect(workspace(dir, { onCorrupt: 'quarantine', now }).recovery).toBeNull() // the fresh one is fine
    open.splice(0).forEach((w) => w.close())
    // damaged again in the same second: its own name, the first one untouched
    zeroTablePage(file)
    const again = workspace(dir, { onCorrupt: 'quarantine', now })
    expect(again.recovery!.quarantinedTo).toBe(q.replace(/\.sqlite$/, '-2.sqlite'))
    expect(fileSet(q)).toEqual(before)
  })

  it('the refuse option (the default for tools) still leaves the damaged file where it is', async () => {
    const { dir } = await withBackups()
    const file = join(dir, DB_FILENAME)
    zeroTablePage(file)
    const before = fileSet(file)
    expect(() => openWorkspace(dir, { onCorrupt: 'refuse' })).toThrow(/damaged/)
    expect(() => openWorkspace(dir)).toThrow(/damaged/)
    expect(fileSet(file)).toEqual(before)
    expect(existsSync(join(dir, 'quarantine'))).toBe(false)
  })
})

describe('automatic backups in the engine', () => {
  const engines: Engine[] = []
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close()
  })

  async function engine(dataDir: string, intervalMs: number): Promise<Engine> {
    process.env.WORKBENCH_BACKUP_INTERVAL_MS = String(intervalMs)
    try {
      const e = await startEngine({ dataDir, mode: 'cli' })
      engines.push(e)
      return e
    } finally {
      delete process.env.WORKBENCH_BACKUP_INTERVAL_MS
    }
  }
  const ok = async <T>(p: Promise<{ ok: boolean; result?: unknown; error?: unknown }>): Promise<T> => {
    const r = await p
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return r.result as T
  }
  const list = (e: Engine) => ok<BackupResults['backup.list']>(e.call('backup.list', {}))
  const autos = async (e: Engine) => (await list(e)).backups.filter((b) => b.kind === 'auto')

  it('takes one at launch, then one per interval only while there are changes; close waits and leaves no temp file', async () => {
    const dir = keep(tempDir())
    const e = await engine(dir, 400)
    await expect.poll(() => autos(e).then((x) => x.length), { timeout: 10_000 }).toBe(1)
    expect((await list(e)).lastAuto).toMatchObject({ ok: true })
    expect((await list(e)).intervalMinutes).toBeCloseTo(400 / 60_000)
    await new Promise((r) => setTimeout(r, 1200))
    expect(await autos(e)).toHaveLength(1) // nothing changed
    await ok(e.call('chain.renameNode', { id: 'infra.servers', nameZh: '算力服务器', nameEn: 'AI servers' }))
    await expect.poll(() => autos(e).then((x) => x.length), { timeout: 10_000 }).toBe(2)
    // closing while a backup runs waits for it: it completes, and nothing half-written is left
    const running = e.call('backup.create', {})
    await new Promise((r) => setTimeout(r, 5))
    await e.close()
    engines.length = 0
    const r = await running
    expect(r.ok).toBe(true)
    const made = (r as { result: BackupResults['backup.create'] }).result.backup!
    expect(integrity(ro(join(backupDir(dir), made.file)))).toBe('ok')
    expect(files(backupDir(dir)).filter((f) => !BACKUP_NAME.test(f))).toEqual([])
  })

  it('restores through the engine: the reader worker answers with the restored data', async () => {
    const dir = keep(tempDir())
    const e = await engine(dir, 0)
    const b = (await ok<BackupResults['backup.create']>(e.call('backup.create', {}))).backup!
    await ok(e.call('chain.renameNode', { id: 'infra.servers', nameZh: '算力服务器', nameEn: 'AI servers' }))
    const name = async () => (await ok<{ nodes: { id: string; nameZh: string }[] }>(e.call('chain.get', {}))).nodes.find((n) => n.id === 'infra.servers')!.nameZh
    expect(await name()).toBe('算力服务器')
    const pushes: PushEvent[] = []
    e.onPush((p) => pushes.push(p))
    // calls sent while the restore runs wait for it (no write lands on the file being replaced)
    const restore = e.call('backup.restore', { file: b.file, confirm: true })
    const during = e.call('chain.renameNode', { id: 'infra.chips', nameZh: '芯片 x', nameEn: 'Chips x' })
    expect((await restore).ok).toBe(true)
    await during
    for (let i = 0; i < 4; i++) expect(await name()).toBe('服务器') // reads alternate between workers
    expect(pushes.some((p) => p.type === 'changed' && p.entities.includes(WORKSPACE))).toBe(true)
  })

  it('a damaged workspace is quarantined by the engine and workspace.info says so', async () => {
    const dir = keep(tempDir())
    openWorkspace(dir).close()
    zeroTablePage(join(dir, DB_FILENAME))
    const e = await engine(dir, 0)
    const info = await ok<WorkspaceInfo>(e.call('workspace.info', {}))
    expect(info.recovery?.quarantinedTo).toMatch(/quarantine[\\/]workbench-\d{8}-\d{6}\.sqlite$/)
    expect(info.recovery?.latestBackup).toBeNull()
    expect(info.counts.reports).toBe(5)
  })
})

describe('backup names', () => {
  it('parse back to their time and kind', () => {
    expect(parseBackupName('workbench-20250601-080001-2-pre-restore.sqlite')).toEqual({ at: new Date('2025-06-01T08:00:01Z'), seq: 2, kind: 'pre-restore' })
    expect(parseBackupName('workbench-20250631-080001-auto.sqlite')).toBeNull()
    expect(parseBackupName('.incomplete-1-abc.sqlite')).toBeNull()
    const e: BackupEntry = { file: 'workbench-20250601-080001-auto.sqlite', at: '', bytes: 0, kind: 'auto' }
    expect(e.file).toMatch(BACKUP_NAME)
  })
})
