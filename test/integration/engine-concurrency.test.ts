/**
 * Two writers: another process holding the workspace's write lock makes an edit wait
 * (busy_timeout), not fail with "database is locked". Two workbenches on one data directory:
 * the second is refused at once with a message naming the first.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import { startEngine, type Engine } from '../../electron/main/engine/host'
import { tempDir, tempWorkspace } from '../helpers/workspace'

const root = join(__dirname, '../..')
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/**
 * A second process that takes the write lock (BEGIN IMMEDIATE) on the workspace file, writes,
 * prints "locked", holds the lock for `ms`, commits and prints "released".
 */
const HOLDER = `
const Database = require('better-sqlite3')
const [file, ms] = process.argv.slice(1)
const db = new Database(file)
db.exec('BEGIN IMMEDIATE')
db.prepare("INSERT INTO meta(key, value) VALUES ('test.holder', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(process.pid))
process.stdout.write('locked\\n')
setTimeout(() => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n') }, Number(ms))
`

function holdWriteLock(file: string, ms: number): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['-e', HOLDER, file, String(ms)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'))
  let out = ''
  const exited = new Promise<number | null>((ok) => child.on('exit', (c) => ok(c)))
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`lock holder never took the lock:\n${out}`)), 10_000)
    const on = (b: Buffer) => {
      out += b.toString()
      if (out.includes('locked\n')) {
        clearTimeout(timer)
        ok({ child, output: () => out, exited })
      }
    }
    child.stdout!.on('data', on)
    child.stderr!.on('data', on)
    child.on('exit', (c) => fail(new Error(`lock holder exited ${c}:\n${out}`)))
  })
}

describe('a concurrent writer', () => {
  it('makes an edit wait for the lock and then succeed', async () => {
    const w = tempWorkspace()
    cleanups.push(() => w.cleanup())
    const h = createHandlers(w)
    const holder = await holdWriteLock(w.dbFile, 800)

    const t0 = performance.now()
    // synchronous: blocks this thread in SQLite's busy handler until the other process commits
    const r = dispatch(h, 'fx.set', { currency: 'CNY', asOf: '2024-06-03', perUsd: 7.25, source: 'while locked' })
    const waited = performance.now() - t0

    expect(r, JSON.stringify(r)).toEqual({ ok: true, result: { ok: true } })
    expect(waited).toBeGreaterThan(200) // it really waited for the holder (which holds 800 ms after "locked")
    expect(await holder.exited).toBe(0)
    expect(holder.output()).toBe('locked\nreleased\n')
    // both writes are in: the other process's and ours, ours as one change set
    expect(w.db.prepare("SELECT value FROM meta WHERE key = 'test.holder'").pluck().get()).toBe(String(holder.child.pid))
    expect(w.db.prepare("SELECT per_usd FROM fx_rate WHERE currency = 'CNY' AND as_of = '2024-06-03'").pluck().get()).toBe(7.25)
    const last = dispatch(h, 'history.list', { limit: 1 })
    expect(last.ok && (last.result as { sets: { label: string }[] }).sets[0]!.label).toBe('fx.set')
  })

  it('answers busy (503), not an internal error, when the lock outlives busy_timeout', async () => {
    const w = tempWorkspace()
    cleanups.push(() => w.cleanup())
    const h = createHandlers(w)
    w.db.pragma('busy_timeout = 200') // shorten the 5 s wait for the test; the path is the same
    const holder = await holdWriteLock(w.dbFile, 1500)
    const r = dispatch(h, 'fx.set', { currency: 'CNY', asOf: '2024-06-04', perUsd: 7.3, source: 'too late' })
    expect(r).toMatchObject({ ok: false, error: { kind: 'busy', code: 'db.busy' } })
    expect(JSON.stringify(r)).not.toMatch(/database is locked/)
    await holder.exited
    expect(w.db.prepare("SELECT count(*) FROM fx_rate WHERE as_of = '2024-06-04'").pluck().get()).toBe(0)
    // nothing half-written: no change set, and the next edit goes through
    expect(dispatch(h, 'fx.set', { currency: 'CNY', asOf: '2024-06-04', perUsd: 7.3, source: 'later' }).ok).toBe(true)
  })
})

describe('a second workbench on the same data directory', () => {
  it('is refused with a message naming the one that holds it; the first keeps working', async () => {
    const dir = tempDir()
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const first: Engine = await startEngine({ dataDir: dir, mode: 'browser' })
    cleanups.push(() => first.close())
    const second = startEngine({ dataDir: dir, mode: 'desktop' })
    await expect(second).rejects.toMatchObject({ name: 'EngineStartError' })
    const message = await second.catch((e: Error) => e.message)
    expect(message).toMatch(/already open in another workbench/)
    expect(message).toMatch(/browser mode \(npm run serve\)/)
    expect(message).toContain(`process ${process.pid}`)
    expect(message).toContain(dir)

    const r = await first.call('fx.set', { currency: 'HKD', asOf: '2024-06-05', perUsd: 7.8, source: 'first' })
    expect(r).toEqual({ ok: true, result: { ok: true } })
    await first.close()
    // once the first is closed, the directory can be opened again
    const third = await startEngine({ dataDir: dir, mode: 'browser' })
    cleanups.push(() => third.close())
    const fx = await third.call('fx.list', {})
    expect(fx.ok && (fx.result as { asOf: string }[]).some((x) => x.asOf === '2024-06-05')).toBe(true)
  })
})
