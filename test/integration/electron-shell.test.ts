import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { pathToFileURL } from 'node:url'
import { METHOD_NAMES, channelOf } from '../../shared/methods'
import { isTrustedRendererUrl } from '../../electron/main/trust'

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
  ready: null as null | (() => Promise<void>),
  sent: [] as [string, unknown][],
  menu: null as null | any[],
  quit: 0,
  external: [] as string[],
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
    on() {}
    webContents = { send: (ch: string, e: unknown) => rec.sent.push([ch, e]) }
  }
  return {
    app: {
      whenReady: () => ({ then: (cb: () => Promise<void>) => void (rec.ready = cb) }),
      requestSingleInstanceLock: () => true,
      on: (ev: string, cb: (...a: any[]) => void) => rec.appEvents.set(ev, cb),
      getPath: () => mkdtempSync(join(tmpdir(), 'wb-electron-')),
      getAppPath: () => process.cwd(),
      quit: () => void rec.quit++,
    },
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    Menu: { buildFromTemplate: (t: any[]) => (rec.menu = t), setApplicationMenu: () => {} },
    dialog: { showErrorBox: (t: string, m: string) => { throw new Error(`${t}: ${m}`) } },
    ipcMain: { handle: (ch: string, fn: any) => rec.handlers.set(ch, fn) },
    session: { defaultSession: { setPermissionRequestHandler: (fn: any) => (rec.permission = fn) } },
    shell: { openExternal: (url: string) => (rec.external.push(url), Promise.resolve()) },
    contextBridge: { exposeInMainWorld: (k: string, v: any) => rec.exposed.set(k, v) },
    ipcRenderer: { invoke: (ch: string, p: unknown) => (rec.invoked.push([ch, p]), Promise.resolve('{"ok":true,"result":null}')) },
  }
})

describe('Electron main (with electron mocked)', () => {
  beforeAll(async () => {
    process.argv.push('--data-dir', mkdtempSync(join(tmpdir(), 'wb-electron-data-')))
    await import('../../electron/main/index')
    await rec.ready!() // starts the engine worker on the temp data dir
  }, 60_000)

  it('opens one window with contextIsolation and sandbox on, nodeIntegration and webviews off', () => {
    expect(rec.windows).toHaveLength(1)
    const wp = rec.windows[0]!.opts.webPreferences
    expect(wp).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false })
    expect(wp.preload).toMatch(/preload[\\/]index\.cjs$/)
    expect(rec.windows[0]!.loaded).toMatch(/renderer[\\/]index\.html$/)
    // no white window before the first paint: the page's light background (the mock's system is light)
    expect(rec.windows[0]!.opts.backgroundColor).toBe('#f6f7f9')
  })

  it('denies navigation, redirects, webviews, new windows and permission requests', () => {
    const events = new Map<string, (e: { preventDefault: () => void }) => void>()
    let openHandler: ((d: { url: string }) => { action: string }) | null = null
    rec.appEvents.get('web-contents-created')!({}, { on: (ev: string, fn: any) => events.set(ev, fn), setWindowOpenHandler: (fn: any) => (openHandler = fn) })
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const prevent = vi.fn()
      events.get(ev)!({ preventDefault: prevent })
      expect(prevent, ev).toHaveBeenCalled()
    }
    // no window is ever opened; a confirmed http(s)/mailto link from a note goes to the system browser
    for (const url of ['https://example.com/a', 'http://x.test', 'mailto:a@b.c', 'javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x']) {
      expect(openHandler!({ url }), url).toEqual({ action: 'deny' })
    }
    expect(rec.external).toEqual(['https://example.com/a', 'http://x.test', 'mailto:a@b.c'])
    const cb = vi.fn()
    rec.permission!({}, 'media', cb)
    expect(cb).toHaveBeenCalledWith(false)
  })

  it('sets a menu in the UI language whose Edit items do not take Ctrl+Z from the page (undo is the workspace history)', () => {
    // a new workspace: Chinese, every menu and item labelled (role menus alone would be English)
    expect(rec.menu!.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '窗口'])
    const edit = rec.menu!.find((m) => m.label === '编辑')
    expect(edit.submenu.map((i: any) => [i.role, i.label])).toEqual([['cut', '剪切'], ['copy', '复制'], ['paste', '粘贴'], ['selectAll', '全选']])
    const items = rec.menu!.flatMap((m) => m.submenu).filter((i: any) => i.type !== 'separator')
    expect(items.filter((i: any) => !/[\u4e00-\u9fff]/.test(i.label ?? ''))).toEqual([])
    expect(JSON.stringify(rec.menu)).not.toMatch(/undo|redo|editMenu|fileMenu|viewMenu|windowMenu/)
  })

  it('renames the menus when the page switches the language, and not on a refused write', async () => {
    const raw = rec.handlers.get(channelOf('prefs.set'))!
    const index = join(__dirname, '../../electron/renderer/index.html')
    const own = { senderFrame: { parent: null, url: pathToFileURL(index).href } }
    await raw(own, { key: 'ui:lang', value: 'en' })
    expect(rec.menu!.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window'])
    await raw(own, { key: 'ui:lang', value: 'zh', extra: 1 }) // refused by validation: menus unchanged
    expect(rec.menu!.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window'])
    await raw(own, { key: 'ui:lang', value: 'zh' })
    expect(rec.menu!.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '窗口'])
  })

  it('registers exactly one IPC channel per API method and nothing generic', () => {
    expect([...rec.handlers.keys()].sort()).toEqual([...METHOD_NAMES.map(channelOf), 'control:cancel'].sort())
  })

  it('answers our own top-level page through the engine worker and refuses other frames and origins', async () => {
    const raw = rec.handlers.get(channelOf('reports.list'))!
    // replies cross IPC as JSON text (main never parses them); the preload parses
    const h = async (e: unknown, p: unknown) => JSON.parse((await raw(e, p)) as string)
    const index = join(__dirname, '../../electron/renderer/index.html') // main's __dirname is electron/main here
    const own = { senderFrame: { parent: null, url: pathToFileURL(index).href } }
    expect(await h(own, {})).toMatchObject({ ok: true })
    expect(await h({ senderFrame: { parent: {}, url: own.senderFrame.url } }, {})).toMatchObject({ ok: false, error: { message: 'untrusted sender' } })
    expect(await h({ senderFrame: { parent: null, url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false })
    expect(await h({ senderFrame: { parent: null, url: 'file:///tmp/evil/renderer/index.html' } }, {})).toMatchObject({ ok: false, error: { code: 'ipc.untrusted' } })
    expect(await h(own, { not: 'allowed' })).toMatchObject({ ok: false, error: { kind: 'input' } })
  })

  it('relays change notifications from the worker to the window', async () => {
    const raw = rec.handlers.get(channelOf('fx.set'))!
    const h = async (e: unknown, p: unknown) => JSON.parse((await raw(e, p)) as string)
    const index = join(__dirname, '../../electron/renderer/index.html')
    const own = { senderFrame: { parent: null, url: pathToFileURL(index).href } }
    expect(await h(own, { currency: 'GBP', asOf: '2023-02-08', perUsd: 0.83, source: 'test' })).toMatchObject({ ok: true })
    // other pushes (the launch backup's) may arrive around it: look for this write's
    const pushOf = () => rec.sent.find((m) => m[0] === 'push' && (m[1] as { label?: string }).label === 'fx.set')
    await expect.poll(pushOf, { timeout: 5000 }).toMatchObject(['push', { type: 'changed', label: 'fx.set', entities: ['fx_rate'] }])
  })
})

describe('IPC sender trust', () => {
  it('accepts only the exact renderer file, never a look-alike path or another scheme', () => {
    const index = '/opt/app/out/renderer/index.html'
    expect(isTrustedRendererUrl('file:///opt/app/out/renderer/index.html', index)).toBe(true)
    expect(isTrustedRendererUrl('file:///opt/app/out/renderer/index.html?x=1#y', index)).toBe(true)
    for (const bad of [
      'file:///tmp/evil/renderer/index.html',
      'file:///opt/app/out/renderer/index.html.evil',
      'file://host/opt/app/out/renderer/index.html',
      'https://opt/app/out/renderer/index.html',
      'file:///opt/app/out/renderer/../../evil/index.html',
      'not a url',
    ]) {
      expect(isTrustedRendererUrl(bad, index), bad).toBe(false)
    }
  })
})

describe('preload bridge (with electron mocked)', () => {
  it('exposes one named function per method, frozen, and never ipcRenderer itself', async () => {
    await import('../../electron/preload/index')
    const bridge = rec.exposed.get('workbench')
    expect(Object.isFrozen(bridge)).toBe(true)
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES, 'onPush', 'cancel'].sort())
    expect(Object.values(bridge).every((f) => typeof f === 'function')).toBe(true)
    expect([...rec.exposed.keys()]).toEqual(['workbench'])
    await bridge['securities.get']({ id: 'MSFT.US' })
    expect(rec.invoked.at(-1)).toEqual(['api:securities.get', { id: 'MSFT.US' }])
  })
})
