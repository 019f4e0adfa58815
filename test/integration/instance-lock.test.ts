/**
 * One workbench per data directory: a second instance is refused at once with a message naming
 * the holder, and the lock disappears with the holder even when it is SIGKILLed.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { InstanceLockedError } from '../../electron/main/db/instanceLock'
import { DB_FILENAME, openWorkspace } from '../../electron/main/workspace'
import { tempDir } from '../helpers/workspace'

const ROOT = resolve(__dirname, '../..')
const HOLDER_SCRIPT = join(ROOT, 'test/helpers/holdWorkspace.ts')

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()))

function dir(): string {
  const d = tempDir()
  cleanups.push(() => rmSync(d, { recursive: true, force: true }))
  return d
}

/** Starts a separate node process that opens dataDir and holds it; resolves once it holds the lock. */
async function holder(dataDir: string, mode: string, ...extra: string[]): Promise<ChildProcess> {
  const args = ['--expose-gc', '--import', 'tsx', HOLDER_SCRIPT, dataDir, mode, ...extra]
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'))
  const line = await new Promise<string>((ok, fail) => {
    let out = ''
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString()
      if (out.includes('\n')) ok(out.split('\n')[0]!)
    })
    child.on('exit', (code) => fail(new Error(`holder exited (${code}) before holding: ${out}`)))
  })
  expect(JSON.parse(line)).toEqual({ held: true, pid: child.pid })
  return child
}

function refusal(dataDir: string): { error: InstanceLockedError; ms: number } {
  const started = performance.now()
  try {
    openWorkspace(dataDir).close()
  } catch (e) {
    expect(e).toBeInstanceOf(InstanceLockedError)
    return { error: e as InstanceLockedError, ms: performance.now() - started }
  }
  throw new Error('a second instance opened the workspace')
}

describe('one instance per workspace', () => {
  it('refuses a second process at once, naming the data dir and the holder', async () => {
    const d = dir()
    const child = await holder(d, 'desktop')
    const { error, ms } = refusal(d)
    expect(ms).toBeLessThan(1000) // not after a busy timeout
    expect(error.message).toContain(d)
    expect(error.message).toContain(`process ${child.pid}`)
    expect(error.message).toContain('the desktop app')
    expect(error.message).toMatch(/open since \d{4}-\d\d-\d\dT/)
    expect(error.message).toMatch(/Close that one first, or choose another data directory/)
    expect(error.holder).toMatchObject({ pid: child.pid, mode: 'desktop' })
  })

  it('is released when the holder is SIGKILLed: the next open succeeds and names itself', async () => {
    const d = dir()
    const child = await holder(d, 'browser')
    const exited = new Promise((ok) => child.on('exit', ok))
    child.kill('SIGKILL')
    await exited
    expect(JSON.parse(readFileSync(join(d, 'workbench.lock.json'), 'utf8')).pid).toBe(child.pid) // stale, and harmless
    const ws = openWorkspace(d, { mode: 'cli' })
    expect(JSON.parse(readFileSync(join(d, 'workbench.lock.json'), 'utf8'))).toMatchObject({ pid: process.pid, mode: 'cli' })
    ws.close()
    expect(existsSync(join(d, 'workbench.lock.json'))).toBe(false)
  })

  it('holds even when the holder keeps only ws.db and the Workspace object is garbage-collected', async () => {
    const d = dir()
    const child = await holder(d, 'cli', '--keep-db-only')
    expect(refusal(d).error.message).toContain(`process ${child.pid}`)
  })

  it('refuses a second open in the same process until the first is closed', () => {
    const d = dir()
    const first = openWorkspace(d, { mode: 'browser' })
    expect(refusal(d).error.message).toContain(`process ${process.pid}`)
    first.close()
    first.close() // idempotent
    openWorkspace(d).close()
  })

  it('releases the lock when the open is refused for another reason', () => {
    const d = dir()
    writeFileSync(join(d, DB_FILENAME), 'not a database '.repeat(100))
    expect(() => openWorkspace(d)).toThrow(/not a database/)
    expect(() => openWorkspace(d)).toThrow(/not a database/) // not "already open"
  })
})
