/**
 * Desktop entry: a thin Electron shell. The workspace (database, handlers) runs in a worker
 * (engine/worker.ts); this process only relays IPC calls and push events, so the window never
 * waits on a query. One instance per user: a second launch focuses the first window, and the
 * data directory's own lock refuses browser mode or a CLI on the same workspace.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, session, shell, type IpcMainInvokeEvent } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { CANCEL_CHANNEL, METHOD_NAMES, PUSH_CHANNEL, channelOf } from '../../shared/methods'
import { startEngine, type Engine } from './engine/host'
import { menuTemplate } from './desktopMenu'
import { launchView } from './launchView'
import { isTrustedRendererUrl } from './trust'
import { dataDirFromArgs } from './workspace'

let engine: Engine | null = null
let win: BrowserWindow | null = null
const rendererIndex = join(__dirname, '../renderer/index.html')

/** Electron-ABI build of better-sqlite3 prepared by scripts/start-desktop.mjs (see README). */
function nativeBinding(): string | undefined {
  const fromEnv = process.env.WORKBENCH_NATIVE_BINDING
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  const local = join(app.getAppPath(), '.electron-native', 'better_sqlite3.node')
  return existsSync(local) ? local : undefined
}

/** Only our own top-level page may call the API (no sub-frames, no other origins). */
function trustedSender(e: IpcMainInvokeEvent): boolean {
  const frame = e.senderFrame
  if (!frame || frame.parent !== null) return false
  return isTrustedRendererUrl(frame.url, rendererIndex)
}

const UNTRUSTED = JSON.stringify({ ok: false, error: { kind: 'refused', code: 'ipc.untrusted', params: {}, message: 'untrusted sender' } })

function registerIpc(en: Engine): void {
  for (const m of METHOD_NAMES) {
    ipcMain.handle(channelOf(m), (e, payload: unknown) => {
      if (!trustedSender(e)) return UNTRUSTED
      // JSON text from the worker: main forwards it without parsing; the preload parses it
      return en.callJson(m, payload).then((r) => (followLanguage(m, payload, r.status === 200), r.json))
    })
  }
  ipcMain.handle(CANCEL_CHANNEL, (e) => {
    if (!trustedSender(e)) return { ok: false, error: { kind: 'refused', code: 'ipc.untrusted', params: {}, message: 'untrusted sender' } }
    en.cancel()
    return { ok: true, result: { ok: true } }
  })
  en.onPush((event) => win?.webContents.send(PUSH_CHANNEL, event))
}

/** The application menu in the UI language (electron/main/desktopMenu.ts). */
function setAppMenu(lang: 'zh' | 'en'): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(lang, process.platform)))
}

/** A language switch in the page renames the menus (the pref is the workspace's, written by the page). */
function followLanguage(method: string, payload: unknown, ok: boolean): void {
  if (method !== 'prefs.set' || !payload || typeof payload !== 'object') return
  const { key, value } = payload as { key?: unknown; value?: unknown }
  if (key === 'ui:lang' && ok) setAppMenu(value === 'en' ? 'en' : 'zh')
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'AIGC 投研工作台',
    // the page's own background before its first paint (styles.css --bg), so a dark system shows
    // no white window while the renderer loads; the page then applies the workspace's theme
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#12161d' : '#f6f7f9',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  })
  win.on('closed', () => (win = null))
  win.loadFile(rendererIndex)
}

app.on('web-contents-created', (_e, contents) => {
  // No navigation away from the app and no new windows: the workbench has no reason to show
  // anything but its own page, so any attempt is an attack or a bug.
  contents.on('will-navigate', (e) => e.preventDefault())
  contents.on('will-redirect', (e) => e.preventDefault())
  contents.on('will-attach-webview', (e) => e.preventDefault())
  // A link in a note opens in the user's browser (after they confirmed it in the app), and only
  // http(s) or mailto; the app itself never opens a window.
  contents.setWindowOpenHandler(({ url }) => {
    if (/^(https?:\/\/|mailto:)/i.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
})

if (!app.requestSingleInstanceLock()) {
  // A second launch: the first instance gets 'second-instance' and shows its window.
  app.quit()
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })
  app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false))
    const dataDir = dataDirFromArgs(process.argv, process.env, app.getPath('userData'))
    try {
      engine = await startEngine({ dataDir, mode: 'desktop', nativeBinding: nativeBinding() })
    } catch (e) {
      dialog.showErrorBox('Workbench cannot open its data', e instanceof Error ? e.message : String(e))
      app.quit()
      return
    }
    registerIpc(engine)
    // the window first: the menu's language is a pref read, not a reason to wait
    createWindow()
    const en = engine
    setAppMenu((await launchView((m, p) => en.call(m, p))).lang)
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow()
    })
  })
}

app.on('window-all-closed', () => {
  const en = engine
  engine = null
  void (en ? en.close() : Promise.resolve()).finally(() => app.quit())
})
