/**
 * The UI measures, in headless Chromium through browser mode: the page records, in its own
 * clock, when the user's input event arrived and when the grid's rows were painted in their new
 * state, so Playwright's own overhead is not in the numbers. Controls are looked for by role,
 * AG Grid column id or label (zh or en); a control that is not there is reported, not guessed.
 */
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { responsive } from './http'
import { absolute, info, median, type Entry } from './measure'
import type { Server } from './proc'

declare global {
  interface Window {
    __bench: {
      arm(): void
      poll(quietMs: number): boolean
      result(): { t0: number | null; readyAt: number | null; lastChange: number | null; sig: string; count: number; loading: number; api: string }
      rows(): { loading: number; count: number; sig: string }
    }
  }
}

/** Runs in the page before the app: input timestamps and row paints, in performance.now() time. */
export function instrument(): void {
  const st = { armed: false, t0: null as number | null, before: '', readyAt: null as number | null, lastChange: null as number | null, raf: false, sig: '', all: '', count: 0, loading: 0 }
  // A row without its data yet: AG Grid's own loading markers, or cells that only say "loading"
  // (the app's cell renderers print its loading text while a block is on its way).
  const LOADING_TEXT = /^(载入中|加载中|loading)[.…]*$/i
  const isLoading = (r: Element) => {
    if (r.classList.contains('ag-row-loading') || r.querySelector('.ag-skeleton-container, .ag-skeleton-effect, .ag-loading')) return true
    const texts = Array.from(r.querySelectorAll('.ag-cell'))
      .map((c) => (c.textContent ?? '').trim())
      .filter((t) => t !== '')
    return texts.length > 0 && texts.every((t) => LOADING_TEXT.test(t))
  }
  const rows = () => {
    const byIdx = new Map<number, string>()
    let loading = 0
    for (const r of Array.from(document.querySelectorAll('.ag-row'))) {
      if (r.classList.contains('ag-header-row') || r.closest('.ag-header')) continue
      if (isLoading(r)) {
        loading++
        continue
      }
      const idx = Number(r.getAttribute('row-index') ?? -1)
      const text = Array.from(r.querySelectorAll('.ag-cell'))
        .map((c) => (c.textContent ?? '').trim())
        .join('|')
      byIdx.set(idx, `${byIdx.get(idx) ?? ''}|${text}`)
    }
    const data = [...byIdx.entries()].filter(([, t]) => t.replace(/\|/g, '').trim() !== '').sort((a, b) => a[0] - b[0])
    return { loading, count: data.length, sig: data.slice(0, 8).map((d) => d[1]).join('\n'), all: data.map((d) => d[1]).join('\n') }
  }
  const overlay = () => !!document.querySelector('.ag-overlay-loading-wrapper, .ag-overlay-loading-center')
  const evaluate = () => {
    st.raf = false
    const now = performance.now()
    const r = rows()
    // DOM churn that changes nothing on screen (a re-render with the same rows) is not a change
    const changed = r.all !== st.all || r.loading !== st.loading
    st.sig = r.sig
    st.all = r.all
    st.count = r.count
    st.loading = r.loading
    if (!st.armed || st.t0 == null) return
    if (changed) st.lastChange = now
    const ready = r.count > 0 && r.loading === 0 && !overlay() && r.sig !== st.before
    if (ready && st.readyAt == null) st.readyAt = now
    else if (!ready) st.readyAt = null
  }
  // API requests since the input event: when each was sent and answered (resource timing)
  performance.setResourceTimingBufferSize(10_000)
  const apiTimeline = () => {
    if (st.t0 == null) return ''
    const t0 = st.t0
    return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => e.name.includes('/api/') && !e.name.includes('/api/events') && e.startTime >= t0 - 1)
      .map((e) => `${e.name.split('/api/')[1]} sent +${(e.startTime - t0).toFixed(0)} answered +${(e.responseEnd - t0).toFixed(0)}`)
      .join(', ')
  }
  const inGrid = (n: Node | null) => {
    const el = n instanceof Element ? n : n?.parentElement
    if (!el) return false
    return !!el.closest('.ag-root-wrapper') && !el.closest('.ag-header, .ag-popup, .ag-tooltip, .ag-custom-tooltip')
  }
  const start = () => {
    new MutationObserver((records) => {
      if (!records.some((m) => inGrid(m.target))) return
      if (!st.raf) {
        st.raf = true
        requestAnimationFrame(evaluate)
      }
    }).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['row-index', 'row-id', 'style'] })
  }
  if (document.documentElement) start()
  else document.addEventListener('DOMContentLoaded', start)
  for (const type of ['pointerdown', 'mousedown', 'keydown', 'input', 'change', 'click']) {
    window.addEventListener(
      type,
      () => {
        if (st.armed && st.t0 == null) st.t0 = performance.now()
      },
      true,
    )
  }
  ;(window as any).__bench = {
    arm() {
      performance.clearResourceTimings()
      const r = rows()
      Object.assign(st, { armed: true, t0: null, before: r.sig, all: r.all, count: r.count, loading: r.loading, readyAt: null, lastChange: null })
    },
    /** settled: the new rows are painted and nothing in the grid body changed for quietMs */
    poll(quietMs: number) {
      if (st.t0 == null || st.readyAt == null) return false
      return performance.now() - Math.max(st.readyAt, st.lastChange ?? 0) >= quietMs
    },
    result: () => ({ t0: st.t0, readyAt: st.readyAt, lastChange: st.lastChange, sig: st.sig, count: st.count, loading: st.loading, api: apiTimeline() }),
    rows,
  }
}

interface Sample {
  /** first frame with the new rows (navigation) */
  firstMs: number | null
  /** frame after which the rows stopped changing (sort, filter, group) */
  settledMs: number | null
  loopMs: number
  /** API calls the server answered during the action */
  calls: string
  /** the page's API requests after the input event, with the paint */
  timeline: string
  note?: string
}

interface Ctx {
  page: Page
  server: Server
  o: BrowserOptions
  restarts: string[]
  /** API requests in flight (the event stream excluded) */
  inflight: Set<unknown>
}

/**
 * Waits until the page has had no API request in flight for quietMs: each action is measured
 * from an idle engine (the engine answers one request at a time, so a click made while the
 * previous view's statistics are computed waits for them — reported apart, not hidden in here).
 */
async function settle(c: Ctx, quietMs = 500, capMs = 60_000): Promise<number> {
  const t0 = Date.now()
  let quietSince = Date.now()
  while (Date.now() - t0 < capMs) {
    if (c.inflight.size > 0) quietSince = Date.now()
    else if (Date.now() - quietSince >= quietMs) break
    await c.page.waitForTimeout(50)
  }
  return Date.now() - t0
}

async function measureAction(c: Ctx, act: () => Promise<unknown>, timeoutMs: number, quietMs = 300): Promise<Sample> {
  const { page } = c
  await settle(c)
  await page.evaluate(() => window.__bench.arm())
  const srv = await c.server.get()
  await srv.loopStart()
  try {
    await act()
    await page.waitForFunction((q) => window.__bench.poll(q), quietMs, { timeout: timeoutMs, polling: 25 })
    const r = await page.evaluate(() => window.__bench.result())
    const loop = await srv.loopStop()
    const firstMs = r.readyAt! - r.t0!
    const settledMs = Math.max(r.readyAt!, r.lastChange ?? 0) - r.t0!
    const timeline = `${r.api || 'no API request'}; rows painted +${firstMs.toFixed(0)}${settledMs > firstMs + 1 ? `, settled +${settledMs.toFixed(0)}` : ''}`
    return { firstMs, settledMs, loopMs: loop.ms, calls: loop.calls, timeline }
  } catch (e) {
    const loop = await srv.loopStop()
    const r = await page.evaluate(() => window.__bench.result()).catch(() => null)
    const why = (e as Error).message.split('\n')[0]
    const note = `no new rows within ${timeoutMs} ms (${why}; rows shown ${r?.count ?? '?'}, loading ${r?.loading ?? '?'})`
    await recover(c)
    return { firstMs: null, settledMs: null, loopMs: loop.ms, calls: loop.calls, timeline: r?.api ?? '', note }
  }
}

/** After a timeout: if the engine is stuck in a runaway query, restart the server and reopen the grid. */
async function recover(c: Ctx): Promise<void> {
  const srv = await c.server.get()
  if (await responsive(srv.ready)) return
  c.restarts.push('engine unresponsive after a timeout: server restarted')
  const fresh = await c.server.restart()
  await c.page.goto(fresh.url)
  await c.page.getByRole('tab', { name: /估值|Valuations/ }).first().click()
  await c.page.waitForFunction(() => window.__bench.rows().count > 0, undefined, { timeout: c.o.navTimeoutMs, polling: 100 })
}

async function first(candidates: (() => Locator)[]): Promise<Locator | null> {
  for (const c of candidates) {
    const l = c().first()
    if ((await l.count()) > 0 && (await l.isVisible().catch(() => false))) return l
  }
  return null
}

const BUDGET_NAV = 1500
const BUDGET_ACTION = 150

export interface BrowserOptions {
  server: Server
  chromiumPath: string
  runs: number
  navTimeoutMs: number
  actionTimeoutMs: number
  /** text typed in the filter box; matches a few hundred synthetic rows */
  filterTerms: [string, string]
}

function summarize(name: string, samples: Sample[], pick: 'firstMs' | 'settledMs', budget: number, what: string): Entry[] {
  const ok = samples.map((s) => s[pick]).filter((x): x is number => x != null)
  const notes = [...new Set(samples.map((s) => s.note).filter(Boolean))].join('; ')
  const all = samples.map((s) => (s[pick] == null ? 'timeout' : s[pick]!.toFixed(0))).join(', ')
  const ms = ok.length === samples.length && ok.length > 0 ? median(ok) : null
  const mid = samples.find((s) => s[pick] === ms)
  const e = absolute(name, ms, budget, { n: samples.length, notes: `${what}; runs: ${all} ms${mid ? `; median run (ms after the input event): ${mid.timeline}` : ''}${notes ? `; ${notes}` : ''}` })
  const worst = samples.reduce((a, s) => (s.loopMs > a.loopMs ? s : a), samples[0]!)
  return [e, absolute(`event-loop max block (server): ${name}`, worst.loopMs, 50, { n: samples.length, notes: `max over the runs; calls served in that run: ${worst.calls || 'none'}` })]
}

function missing(name: string, what: string): Entry[] {
  return [{ ...absolute(name, null, name.startsWith('browser: navigation') ? BUDGET_NAV : BUDGET_ACTION), notes: `not measured: ${what}` }]
}

export async function browserMeasures(o: BrowserOptions): Promise<Entry[]> {
  const out: Entry[] = []
  let browser: Browser | null = null
  let c: Ctx | null = null
  const errors: string[] = []
  try {
    browser = await chromium.launch({ executablePath: o.chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    page.on('pageerror', (e) => errors.push(String(e).slice(0, 200)))
    // tsx compiles functions with a __name() helper that the page does not have
    await page.addInitScript({ content: `var __name = (f) => f;\n(${instrument.toString()})()` })
    c = { page, server: o.server, o, restarts: [], inflight: new Set() }
    const inflight = c.inflight
    const api = (r: { url(): string }) => r.url().includes('/api/') && !r.url().includes('/api/events')
    page.on('request', (r) => api(r) && inflight.add(r))
    page.on('requestfinished', (r) => inflight.delete(r))
    page.on('requestfailed', (r) => inflight.delete(r))
    const ctx = c
    const srv = await o.server.get()
    const t0 = Date.now()
    await srv.loopStart()
    await page.goto(srv.url)
    await page.getByRole('tab').first().waitFor({ timeout: 60_000 })
    const loadLoop = await srv.loopStop()
    out.push(info('browser: page load → app shell (tabs) visible', Date.now() - t0, `wall clock from goto; server event-loop max ${loadLoop.ms.toFixed(1)} ms; calls: ${loadLoop.calls}`))

    const tab = page.getByRole('tab', { name: /估值|Valuations/ }).first()
    const away = page.getByRole('tab').first()
    if ((await tab.count()) === 0) {
      out.push(...missing('browser: navigation → valuations grid rows', 'no Valuations tab'))
      return out
    }

    // navigation → first data rows painted
    const nav: Sample[] = []
    for (let i = 0; i < o.runs; i++) {
      if (i > 0) {
        await away.click()
        await page.waitForTimeout(300)
      }
      const s = await measureAction(ctx, () => tab.click(), o.navTimeoutMs, 300)
      nav.push(s)
      // a first run far over budget is not repeated (the numbers would only cost minutes)
      if (s.firstMs == null || s.firstMs > 10 * BUDGET_NAV) break
    }
    out.push(...summarize('browser: navigation → valuations grid rows', nav, 'firstMs', BUDGET_NAV, 'click on the Valuations tab → first frame with data rows'))
    if (nav.every((s) => s.firstMs == null)) {
      out.push(...missing('browser: sort by market cap', 'the grid never showed rows'), ...missing('browser: filter', 'the grid never showed rows'), ...missing('browser: group by layer', 'the grid never showed rows'))
      return out
    }
    await page.waitForTimeout(500)

    // sort: click the market-cap header
    const header = await first([
      () => page.locator('.ag-header-cell[col-id="marketCap"]'),
      () => page.locator('.ag-header-cell[col-id="mcapReporting"]'),
      () => page.locator('.ag-header-cell[col-id="mcapUsd"]'),
      () => page.locator('.ag-header-cell[col-id="mcapMn"]'),
      () => page.locator('.ag-header-cell').filter({ hasText: /^\s*(市值|Market cap)\s*$/i }),
      () => page.locator('.ag-header-cell').filter({ hasText: /市值|market cap/i }).filter({ hasNotText: /原文|printed/i }),
    ])
    if (!header) out.push(...missing('browser: sort by market cap', 'no market-cap column header found'))
    else {
      const colId = await header.getAttribute('col-id')
      const label = header.locator('.ag-header-cell-label').first()
      const target = (await label.count()) ? label : header
      const samples: Sample[] = []
      for (let i = 0; i < o.runs; i++) samples.push(await measureAction(ctx, () => target.click(), o.actionTimeoutMs))
      out.push(...summarize('browser: sort by market cap', samples, 'settledMs', BUDGET_ACTION, `header click (col-id ${colId}) → rows settled`))
    }

    // filter: the grid's search box
    const search = await first([
      () => page.getByRole('searchbox'),
      () => page.locator('input.search'),
      () => page.locator('input[type="search"]'),
      () => page.getByPlaceholder(/搜索|search|筛选|filter/i),
    ])
    if (!search) out.push(...missing('browser: filter', 'no search / filter box found'))
    else {
      const samples: Sample[] = []
      const terms = [o.filterTerms[0], '', o.filterTerms[1]]
      for (let i = 0; i < Math.max(o.runs, 1); i++) samples.push(await measureAction(ctx, () => search.fill(terms[i % terms.length]!), o.actionTimeoutMs))
      if (terms[(o.runs - 1) % terms.length] !== '') await search.fill('')
      await page.waitForTimeout(500)
      out.push(...summarize('browser: filter', samples, 'settledMs', BUDGET_ACTION, `type "${o.filterTerms[0]}" / clear / "${o.filterTerms[1]}" in the search box → rows settled (includes any debounce)`))
    }

    // group by layer: a checkbox / switch named for it, else a group-by select with a layer option, else a button
    let toggle: ((on: boolean) => Promise<unknown>) | null = null
    let how = ''
    const named = /(分组|group).*(层|layer)|(层|layer).*(分组|group)/i
    const box = await first([() => page.getByRole('checkbox', { name: named }), () => page.getByRole('switch', { name: named })])
    if (box) {
      toggle = (on) => box.setChecked(on)
      how = `checkbox "${((await box.evaluate((el) => el.closest('label')?.textContent ?? (el as HTMLInputElement).name)) || '').trim()}"`
    }
    if (!toggle) {
      const select = await first([() => page.locator('select').filter({ has: page.locator('option', { hasText: /不分组|no group|none/i }) }).filter({ has: page.locator('option', { hasText: /层|layer/i }) })])
      if (select) {
        const options = await select.locator('option').evaluateAll((os) => os.map((x) => ({ value: (x as HTMLOptionElement).value, text: x.textContent ?? '' })))
        const layer = options.find((x) => /层|layer/i.test(x.text))
        const none = options.find((x) => /不分组|no group|none/i.test(x.text))
        if (layer && none) {
          toggle = (on) => select.selectOption(on ? layer.value : none.value)
          how = `select option "${layer.text.trim()}" / "${none.text.trim()}"`
        }
      }
    }
    if (!toggle) {
      const btn = await first([() => page.getByRole('button', { name: named })])
      if (btn) {
        toggle = () => btn.click()
        how = 'button'
      }
    }
    if (!toggle) out.push(...missing('browser: group by layer', 'no group-by-layer control found'))
    else {
      const samples: Sample[] = []
      for (let i = 0; i < o.runs; i++) samples.push(await measureAction(ctx, () => toggle!(i % 2 === 0), o.actionTimeoutMs))
      out.push(...summarize('browser: group by layer', samples, 'settledMs', BUDGET_ACTION, `${how} → rows settled (on / off / on)`))
    }
    return out
  } catch (e) {
    out.push({ ...info('browser: run', null), pass: false, notes: `browser part failed: ${(e as Error).message.split('\n')[0]}` })
    return out
  } finally {
    if (c?.restarts.length) out.push(info('browser: server restarts', null, c.restarts.join('; ')))
    if (errors.length) out.push(info('browser: page errors', null, errors.slice(0, 5).join(' | ')))
    await browser?.close().catch(() => {})
  }
}
