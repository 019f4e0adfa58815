import { chromium } from 'playwright-core'
import { spawn } from 'node:child_process'
const srv = spawn('node', ['scripts/serve.mjs', '--port', '0', '--data-dir', '/tmp/drag-ws'], { env: { ...process.env, WORKBENCH_SKIP_BUILD: '1' }, stdio: ['ignore', 'pipe', 'inherit'] })
const url = await new Promise((res) => { let buf = ''; srv.stdout.on('data', (d) => { buf += d; const m = /Workbench ready: (\S+)/.exec(buf); if (m) res(m[1]) }) })
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
const p = await b.newPage({ viewport: { width: 1280, height: 800 } })
p.on('console', (m) => console.log('console', m.text()))
await p.goto(url)
await p.getByRole('tab', { name: /^产业链图谱/ }).click()
await p.locator('.lane').nth(2).waitFor()
await p.locator('.report-pick summary').click()
await p.locator('input[data-report="r000"]').check()
await p.locator('.report-pick summary').click()
for (let i = 0; i < 8; i++) { console.log(i, await p.locator('.group[data-node="model.foundation"] .mcard').evaluateAll((els) => els.map((e) => e.dataset.security).join(' '))); await p.waitForTimeout(300) }
await p.evaluate(() => {
  for (const ev of ['dragstart', 'dragover', 'drop', 'dragend']) document.addEventListener(ev, (e) => console.log(ev, e.target.className, e.dataTransfer?.types.join(',')), true)
})
const card = p.locator('.group[data-node="model.foundation"] .mcard').first()
console.log(await card.getAttribute('data-security'))
await card.dragTo(p.locator('.group[data-node="model.vision"] .mcards'))
await p.waitForTimeout(1500)
console.log(await p.getByTestId('notices').innerText())
await p.screenshot({path:'/tmp/drag.png'})
await b.close(); srv.kill()
