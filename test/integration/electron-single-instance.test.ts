import { describe, expect, it, vi } from 'vitest'

/**
 * A second desktop launch: Electron's single-instance lock is taken by the first, so this one
 * quits at once — it never opens the workspace nor a window (the first one is focused instead).
 */
const rec = vi.hoisted(() => ({ quit: 0, ready: 0, windows: 0 }))

vi.mock('electron', () => ({
  app: {
    requestSingleInstanceLock: () => false,
    whenReady: () => ({ then: () => void rec.ready++ }),
    on: () => {},
    quit: () => void rec.quit++,
    getPath: () => '/nonexistent',
    getAppPath: () => process.cwd(),
  },
  BrowserWindow: class {
    constructor() {
      rec.windows++
    }
  },
  dialog: { showErrorBox: () => {} },
  nativeTheme: { shouldUseDarkColors: false },
  ipcMain: { handle: () => {} },
  session: { defaultSession: { setPermissionRequestHandler: () => {} } },
}))

describe('desktop single instance', () => {
  it('a second launch quits without opening the workspace or a window', async () => {
    await import('../../electron/main/index')
    expect(rec.quit).toBe(1)
    expect(rec.ready).toBe(0)
    expect(rec.windows).toBe(0)
  })
})
