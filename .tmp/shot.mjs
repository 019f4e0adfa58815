import { chromium } from 'playwright-core'
import { spawn } from 'node:child_process'
const dir = process.argv[2] || '/tmp/shot-ws'
const shots = JSON.parse(process.argv[3] || '[]')
const srv = spawn('node', ['scripts/serve.mjs', '--port', '0', '--data-dir', dir], { env: { ...process.env, WORKBENCH_SKIP_BUILD: '1' }, stdio: ['ignore', 'pipe', 'inherit'] })
const url = await new Promise((res) => { let buf = ''; srv.stdout.on('data', (d) => { buf += d; const m = /Workbench ready: (\S+)/.exec(buf); if (m) res(m[1]) }) })
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
const p = await b.newPage({ viewport: { width: 1280, height: 800 } })
p.on('pageerror', (e) => console.log('pageerror', e.message))
p.on('console', (m) => m.type() === 'error' && console.log('console', m.text()))
await p.goto(url)
for (const s of shots) {
  if (s.click) await p.locator(s.click).first().click()
  if (s.eval) await p.evaluate(s.eval)
  if (s.key) await p.keyboard.press(s.key)
  await p.waitForTimeout(s.wait ?? 800)
  if (s.shot) await p.screenshot({ path: s.shot, fullPage: !!s.full })
}
await b.close(); srv.kill()
