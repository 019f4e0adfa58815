import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { METHOD_NAMES, channelOf } from '../../shared/methods'

/**
 * The desktop shell without an Electron binary (none can be downloaded here): `electron` is
 * replaced by a recorder, the real main and preload modules run against it, and we check the
 * security settings they apply and the IPC they expose.
 */
const rec = vi.hoisted(() => ({
  windows: [] as { opts: any; loaded: string | null }[],
  handlers: new Map<string, (e: any, payload: unknown) => unknown>(),
  appEvents: new Map<string, (...a: any[]) => void>(),
  exposed: new Map<string, any>(),
  invoked: [] as [string, unknown][],
  ready: null as null | (() => void),
  permission: null as null | ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void),
}))

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => rec.windows
    opts: any
    constructor(opts: any) {
      this.opts = opts
      rec.windows.push({ opts, loaded: null })
    }
    loadFile(f: string) {
      rec.windows.at(-1)!.loaded = f
    }
  }
  return {
    app: {
      whenReady: () => ({ then: (cb: () => void) => void (rec.ready = cb) }),
      on: (ev: string, cb: (...a: any[]) => void) => rec.appEvents.set(ev, cb),
      getPath: () => mkdtempSync(join(tmpdir(), 'wb-electron-')),
      getAppPath: () => process.cwd(),
      quit: () => {},
    },
    BrowserWindow,
    dialog: { showErrorBox: (t: string, m: string) => { throw new Error(`${t}: ${m}`) } },
    ipcMain: { handle: (ch: string, fn: any) => rec.handlers.set(ch, fn) },
    session: { defaultSession: { setPermissionRequestHandler: (fn: any) => (rec.permission = fn) } },
    contextBridge: { exposeInMainWorld: (k: string, v: any) => rec.exposed.set(k, v) },
    ipcRenderer: { invoke: (ch: string, p: unknown) => (rec.invoked.push([ch, p]), Promise.resolve({ ok: true, result: null })) },
  }
})

describe('Electron main (with electron mocked)', () => {
  beforeAll(async () => {
    process.argv.push('--data-dir', mkdtempSync(join(tmpdir(), 'wb-electron-data-')))
    await import('../../electron/main/index')
    rec.ready!()
  })

  it('opens one window with contextIsolation and sandbox on, nodeIntegration and webviews off', () => {
    expect(rec.windows).toHaveLength(1)
    const wp = rec.windows[0]!.opts.webPreferences
    expect(wp).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false })
    expect(wp.preload).toMatch(/preload[\\/]index\.cjs$/)
    expect(rec.windows[0]!.loaded).toMatch(/renderer[\\/]index\.html$/)
  })

  it('denies navigation, redirects, webviews, new windows and permission requests', () => {
    const events = new Map<string, (e: { preventDefault: () => void }) => void>()
    let openHandler: (() => { action: string }) | null = null
    rec.appEvents.get('web-contents-created')!({}, { on: (ev: string, fn: any) => events.set(ev, fn), setWindowOpenHandler: (fn: any) => (openHandler = fn) })
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const prevent = vi.fn()
      events.get(ev)!({ preventDefault: prevent })
      expect(prevent, ev).toHaveBeenCalled()
    }
    expect(openHandler!()).toEqual({ action: 'deny' })
    const cb = vi.fn()
    rec.permission!({}, 'media', cb)
    expect(cb).toHaveBeenCalledWith(false)
  })

  it('registers exactly one IPC channel per API method and nothing generic', () => {
    expect([...rec.handlers.keys()].sort()).toEqual(METHOD_NAMES.map(channelOf).sort())
  })

  it('answers our own top-level page and refuses other frames and origins', () => {
    const h = rec.handlers.get(channelOf('reports.list'))!
    const own = { senderFrame: { parent: null, url: 'file:///app/out/renderer/index.html' } }
    expect(h(own, {})).toMatchObject({ ok: true })
    expect(h({ senderFrame: { parent: {}, url: own.senderFrame.url } }, {})).toMatchObject({ ok: false, error: { message: 'untrusted sender' } })
    expect(h({ senderFrame: { parent: null, url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false })
    expect(h(own, { not: 'allowed' })).toMatchObject({ ok: false, error: { kind: 'input' } })
  })
})

describe('preload bridge (with electron mocked)', () => {
  it('exposes one named function per method, frozen, and never ipcRenderer itself', async () => {
    await import('../../electron/preload/index')
    const bridge = rec.exposed.get('workbench')
    expect(Object.isFrozen(bridge)).toBe(true)
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES].sort())
    expect(Object.values(bridge).every((f) => typeof f === 'function')).toBe(true)
    expect([...rec.exposed.keys()]).toEqual(['workbench'])
    await bridge['securities.get']({ id: 'MSFT.US' })
    expect(rec.invoked.at(-1)).toEqual(['api:securities.get', { id: 'MSFT.US' }])
  })
})
