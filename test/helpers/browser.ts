import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { tempDir } from './workspace'

export const e2eSkipped = process.env.WORKBENCH_E2E === 'skip'

export interface Session {
  url: string
  dataDir: string
  browser: Browser
  page: Page
  errors: string[]
  stop: () => Promise<void>
}

/** Starts `npm run serve` on a temp data dir exactly as a user would, then opens Chromium on it. */
export async function startSession(opts: { dataDir?: string; browserEnv?: Record<string, string> } = {}): Promise<Session> {
  const dataDir = opts.dataDir ?? tempDir()
  const root = join(__dirname, '../..')
  // The renderer was built once by test/helpers/globalSetup.ts.
  const env = { ...process.env, WORKBENCH_SKIP_BUILD: '1' }
  const srv: ChildProcess = spawn(process.execPath, ['scripts/serve.mjs', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ready line in 90 s:\n${out}`)), 90_000)
    const on = (b: Buffer) => {
      out += b.toString()
      // the whole printed URL, as a user would open it (it carries the workspace's view prefs)
      const m = out.match(/Workbench ready: (http:\/\/127\.0\.0\.1:\d+\/\?token=\w+\S*)/)
      if (m) {
        clearTimeout(timer)
        ok(m[1]!)
      }
    }
    srv.stdout!.on('data', on)
    srv.stderr!.on('data', on)
    srv.on('exit', (c) => fail(new Error(`serve exited ${c}:\n${out}`)))
  })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    // e.g. FONTCONFIG_FILE: a private font set, to see the page as a machine without those fonts would
    ...(opts.browserEnv ? { env: { ...process.env, ...opts.browserEnv } as Record<string, string> } : {}),
  })
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(url)
  return {
    url,
    dataDir,
    browser,
    page,
    errors,
    stop: async () => {
      await browser.close()
      srv.removeAllListeners('exit')
      srv.kill('SIGTERM')
    },
  }
}
