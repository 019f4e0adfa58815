/**
 * Desktop entry: a thin Electron shell over the same workspace + handler table that browser
 * mode serves over HTTP.
 */
import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { METHOD_NAMES, channelOf } from '../../shared/methods'
import { dispatch } from './api/dispatch'
import { createHandlers } from './api/handlers'
import { dataDirFromArgs, openWorkspace, type Workspace } from './workspace'

let ws: Workspace | null = null
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
  return frame.url.startsWith('file://') && frame.url.includes('/renderer/index.html')
}

function registerIpc(w: Workspace): void {
  const handlers = createHandlers(w)
  for (const m of METHOD_NAMES) {
    ipcMain.handle(channelOf(m), (e, payload: unknown) => {
      if (!trustedSender(e)) return { ok: false, error: { kind: 'input', message: 'untrusted sender' } }
      return dispatch(handlers, m, payload)
    })
  }
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'AIGC 投研工作台',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  })
  win.loadFile(rendererIndex)
}

app.on('web-contents-created', (_e, contents) => {
  // No navigation away from the app and no new windows: the workbench has no reason to show
  // anything but its own page, so any attempt is an attack or a bug.
  contents.on('will-navigate', (e) => e.preventDefault())
  contents.on('will-redirect', (e) => e.preventDefault())
  contents.on('will-attach-webview', (e) => e.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false))
  const dataDir = dataDirFromArgs(process.argv, process.env, app.getPath('userData'))
  try {
    ws = openWorkspace(dataDir, { nativeBinding: nativeBinding() })
  } catch (e) {
    dialog.showErrorBox('Workbench cannot open its data', e instanceof Error ? e.message : String(e))
    app.quit()
    return
  }
  registerIpc(ws)
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

app.on('window-all-closed', () => {
  ws?.db.close()
  ws = null
  app.quit()
})
