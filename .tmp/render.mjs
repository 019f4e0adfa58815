import { chromium } from 'playwright-core'
import { spawn } from 'node:child_process'
const srv = spawn('node', ['scripts/serve.mjs', '--port', '0', '--data-dir', process.argv[2]], { env: { ...process.env, WORKBENCH_SKIP_BUILD: '1' }, stdio: ['ignore', 'pipe', 'inherit'] })
const url = await new Promise((res) => { let buf = ''; srv.stdout.on('data', (d) => { buf += d; const m = /Workbench ready: (\S+)/.exec(buf); if (m) res(m[1]) }) })
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
const p = await b.newPage({ viewport: { width: 1280, height: 800 } })
await p.addInitScript(() => { window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]) }).observe({ type: 'longtask', buffered: true }) })
await p.goto(url)
await p.getByRole('tab', { name: /^研报/ }).waitFor()
await p.waitForTimeout(1500)
for (let run = 0; run < 3; run++) {
  await p.getByRole('tab', { name: /^研报/ }).click(); await p.waitForTimeout(800)
  const t0 = await p.evaluate(() => { window.__lt = []; return performance.now() })
  await p.getByRole('tab', { name: /^产业链图谱/ }).click()
  await p.waitForFunction(() => { const n = document.querySelector('[data-testid=map-count]'); const m = n && /(\d+) (卡片|cards)/.exec(n.textContent); return m && document.querySelectorAll('.map-lanes .mcard').length === Number(m[1]) }, null, { timeout: 60000, polling: 'raf' })
  const r = await p.evaluate((t0) => ({ ms: performance.now() - t0, lt: window.__lt.filter(([s]) => s >= t0).map(([, d]) => Math.round(d)), api: performance.getEntriesByType('resource').filter((e) => e.name.includes('chain.map') && e.startTime >= t0).map((e) => Math.round(e.responseEnd - e.startTime)) }), t0)
  console.log(JSON.stringify(r), await p.locator('.map-lanes .mcard').count())
}
await p.screenshot({ path: '/tmp/map2k.png' })
await b.close(); srv.kill()
