/**
 * The chain map in headless Chromium through browser mode. The page records, in its own clock,
 * the input event, the first frame where the lanes hold every card the status line counts
 * (the map draws in steps: 60 cards per lane, then 120 more per lane per task), the last frame
 * in which anything in the map changed, and every long task (PerformanceObserver 'longtask',
 * buffered) — so Playwright's own overhead is not in the numbers.
 */
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { absolute, info, median, type Entry } from './measure'
import type { Server } from './proc'

interface MapResult {
  t0: number | null
  readyAt: number | null
  lastChange: number | null
  cards: number
  expected: number | null
  status: string
  fetching: boolean
  api: string
  /** long tasks overlapping [input event, settled] */
  longMax: number
  longCount: number
  /** their summed duration */
  longSum: number
}

declare global {
  interface Window {
    __map: {
      arm(kind: 'nav' | 'paint' | 'count'): void
      poll(quietMs: number): boolean
      result(): MapResult
      state(): { cards: number; expected: number | null; status: string; fetching: boolean }
    }
  }
}

/** Runs in the page before the app. */
export function instrumentMap(): void {
  const st = {
    armed: false,
    kind: 'nav' as 'nav' | 'paint' | 'count',
    t0: null as number | null,
    before: '',
    readyAt: null as number | null,
    lastChange: null as number | null,
    painted: false,
    dirty: false,
    raf: false,
  }
  const tasks: { start: number; dur: number }[] = []
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, dur: e.duration })
    }).observe({ type: 'longtask', buffered: true })
  } catch {
    // no long-task API: longMax stays 0 and the bench says so (longCount −1)
    tasks.push({ start: -1, dur: -1 })
  }
  const LOADING = /^·?\s*(加载中|Loading)/
  const state = () => {
    const lanes = document.querySelector('[data-testid="chain-map"]')
    const cards = lanes ? lanes.getElementsByClassName('mcard').length : 0
    const status = (document.querySelector('[data-testid="map-count"]')?.textContent ?? '').trim()
    // "2178 家公司 · 2545 卡片" / "2178 companies · 2545 cards"
    const nums = status.match(/\d+/g) ?? []
    const expected = nums.length >= 2 ? Number(nums[1]) : null
    const bar = document.querySelector('.map-status')
    const fetching =
      !!document.querySelector('.map-page > .loading') || (bar ? Array.from(bar.children).some((c) => LOADING.test((c.textContent ?? '').trim())) : false)
    return { cards, expected, status, fetching }
  }
  const evaluate = () => {
    st.raf = false
    if (!st.armed || st.t0 == null) return
    const now = performance.now()
    if (st.dirty) {
      st.lastChange = now
      st.dirty = false
    }
    const s = state()
    let ready = s.cards > 0 && s.cards === s.expected && !s.fetching
    if (st.kind === 'paint') ready = ready && st.painted
    if (st.kind === 'count') ready = ready && s.status !== st.before
    if (ready && st.readyAt == null) st.readyAt = now
    else if (!ready) st.readyAt = null
  }
  const inMap = (n: Node) => {
    const el = n instanceof Element ? n : n.parentElement
    return !!el?.closest('.map-page')
  }
  const start = () => {
    new MutationObserver((records) => {
      let hit = false
      for (const m of records) {
        if (!inMap(m.target)) continue
        hit = true
        if (m.type === 'attributes' && m.attributeName === 'style' && (m.target as Element).classList.contains('mcard')) st.painted = true
      }
      if (!hit) return
      st.dirty = true
      if (!st.raf) {
        st.raf = true
        requestAnimationFrame(evaluate)
      }
    }).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['style', 'class', 'aria-pressed'] })
  }
  if (document.documentElement) start()
  else document.addEventListener('DOMContentLoaded', start)
  for (const type of ['pointerdown', 'mousedown', 'keydown', 'input', 'change', 'click']) {
    window.addEventListener(
      type,
      () => {
        if (st.armed && st.t0 == null) {
          st.t0 = performance.now()
          // the action itself may not mutate the map at once (navigation): look at the next frame anyway
          if (!st.raf) {
            st.raf = true
            requestAnimationFrame(evaluate)
          }
        }
      },
      true,
    )
  }
  performance.setResourceTimingBufferSize(10_000)
  const apiTimeline = () => {
    if (st.t0 == null) return ''
    const t0 = st.t0
    return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => e.name.includes('/api/') && !e.name.includes('/api/events') && e.startTime >= t0 - 1)
      .map((e) => `${e.name.split('/api/')[1]} sent +${(e.startTime - t0).toFixed(0)} answered +${(e.responseEnd - t0).toFixed(0)}${e.encodedBodySize ? ` (${Math.round(e.encodedBodySize / 1024)} KiB)` : ''}`)
      .join(', ')
  }
  window.__map = {
    arm(kind) {
      performance.clearResourceTimings()
      Object.assign(st, { armed: true, kind, t0: null, before: state().status, readyAt: null, lastChange: null, painted: false, dirty: false })
    },
    poll(quietMs) {
      if (st.t0 == null || st.readyAt == null) return false
      return performance.now() - Math.max(st.readyAt, st.lastChange ?? 0) >= quietMs
    },
    result() {
      const s = state()
      const end = Math.max(st.readyAt ?? 0, st.lastChange ?? 0)
      const t0 = st.t0 ?? 0
      const during = tasks.filter((t) => t.start < end && t.start + t.dur > t0)
      return {
        t0: st.t0,
        readyAt: st.readyAt,
        lastChange: st.lastChange,
        ...s,
        api: apiTimeline(),
        longMax: Math.max(0, ...during.map((t) => t.dur)),
        longCount: tasks.length === 1 && tasks[0]!.start === -1 ? -1 : during.length,
        longSum: during.reduce((a, t) => a + t.dur, 0),
      }
    },
    state,
  }
}

interface Sample {
  /** first frame with every card drawn (and, for a filter, the new count) */
  readyMs: number | null
  /** last frame in which the map changed */
  settledMs: number | null
  longMax: number
  longCount: number
  loopMs: number
  calls: string
  timeline: string
  note?: string
}

export interface MapBrowserOptions {
  server: Server
  chromiumPath: string
  runs: number
  navTimeoutMs: number
  actionTimeoutMs: number
  fy: string
}

const BUDGET_MS = 1000
const BUDGET_LONG_TASK = 200
const BUDGET_LOOP = 50

interface Ctx {
  page: Page
  server: Server
  inflight: Set<unknown>
}

/** No API request in flight for quietMs (each action starts from an idle engine, as lib/browser.ts). */
async function settle(c: Ctx, quietMs = 500, capMs = 60_000): Promise<void> {
  const t0 = Date.now()
  let quietSince = Date.now()
  while (Date.now() - t0 < capMs) {
    if (c.inflight.size > 0) quietSince = Date.now()
    else if (Date.now() - quietSince >= quietMs) return
    await c.page.waitForTimeout(50)
  }
}

async function measure(c: Ctx, kind: 'nav' | 'paint' | 'count', act: () => Promise<unknown>, timeoutMs: number, quietMs = 300): Promise<Sample> {
  const { page } = c
  await settle(c)
  await page.evaluate((k) => window.__map.arm(k), kind)
  const srv = await c.server.get()
  await srv.loopStart()
  try {
    await act()
    await page.waitForFunction((q) => window.__map.poll(q), quietMs, { timeout: timeoutMs, polling: 25 })
    const r = await page.evaluate(() => window.__map.result())
    const loop = await srv.loopStop()
    const readyMs = r.readyAt! - r.t0!
    const settledMs = Math.max(r.readyAt!, r.lastChange ?? 0) - r.t0!
    const timeline = `${r.api || 'no API request'}; ${r.cards} cards drawn +${readyMs.toFixed(0)}${settledMs > readyMs + 1 ? `, last change +${settledMs.toFixed(0)}` : ''}; long tasks ${r.longCount} (Σ ${r.longSum.toFixed(0)} ms), longest ${r.longMax.toFixed(0)} ms`
    return { readyMs, settledMs, longMax: r.longMax, longCount: r.longCount, loopMs: loop.ms, calls: loop.calls, timeline }
  } catch (e) {
    const loop = await srv.loopStop()
    const r = await page.evaluate(() => window.__map.result()).catch(() => null)
    const note = `not done within ${timeoutMs} ms (${(e as Error).message.split('\n')[0]}; cards ${r?.cards ?? '?'} of ${r?.expected ?? '?'}, status "${r?.status ?? ''}", fetching ${r?.fetching ?? '?'})`
    return { readyMs: null, settledMs: null, longMax: r?.longMax ?? 0, longCount: r?.longCount ?? 0, loopMs: loop.ms, calls: loop.calls, timeline: r?.api ?? '', note }
  }
}

/** Three entries per action: time (median), longest long task (max over runs), server event-loop block (max). */
function summarize(name: string, samples: Sample[], pick: 'readyMs' | 'settledMs', what: string): Entry[] {
  const ok = samples.map((s) => s[pick]).filter((x): x is number => x != null)
  const ms = ok.length === samples.length && ok.length > 0 ? median(ok) : null
  const mid = samples.find((s) => s[pick] === ms)
  const notes = [...new Set(samples.map((s) => s.note).filter(Boolean))].join('; ')
  const all = samples.map((s) => (s[pick] == null ? 'timeout' : s[pick]!.toFixed(0))).join(', ')
  const e = absolute(name, ms, BUDGET_MS, { n: samples.length, notes: `${what}; runs: ${all} ms${mid ? `; median run (ms after the input event): ${mid.timeline}` : ''}${notes ? `; ${notes}` : ''}` })
  const worstLong = samples.reduce((a, s) => (s.longMax > a.longMax ? s : a), samples[0]!)
  const noApi = samples.some((s) => s.longCount < 0)
  const long = absolute(`${name}: longest long task`, noApi ? null : worstLong.longMax, BUDGET_LONG_TASK, {
    n: samples.length,
    notes: noApi ? 'not measured: no PerformanceObserver longtask in this browser' : `max over the runs (per run: ${samples.map((s) => `${s.longMax.toFixed(0)} ms of ${s.longCount}`).join(', ')} long tasks)`,
  })
  const worst = samples.reduce((a, s) => (s.loopMs > a.loopMs ? s : a), samples[0]!)
  const loop = absolute(`event-loop max block (server): ${name}`, worst.loopMs, BUDGET_LOOP, { n: samples.length, notes: `max over the runs; calls served in that run: ${worst.calls || 'none'}` })
  return [e, long, loop]
}

function missing(name: string, what: string): Entry {
  return { ...absolute(name, null, BUDGET_MS), notes: `not measured: ${what}` }
}

async function found(l: Locator): Promise<Locator | null> {
  const x = l.first()
  return (await x.count()) > 0 && (await x.isVisible().catch(() => false)) ? x : null
}

export async function mapBrowserMeasures(o: MapBrowserOptions): Promise<Entry[]> {
  const out: Entry[] = []
  let browser: Browser | null = null
  const errors: string[] = []
  try {
    // the launch of lib/browser.ts
    browser = await chromium.launch({ executablePath: o.chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    page.on('pageerror', (e) => errors.push(String(e).slice(0, 200)))
    // tsx compiles functions with a __name() helper that the page does not have
    await page.addInitScript({ content: `var __name = (f) => f;\n(${instrumentMap.toString()})()` })
    const c: Ctx = { page, server: o.server, inflight: new Set() }
    const api = (r: { url(): string }) => r.url().includes('/api/') && !r.url().includes('/api/events')
    page.on('request', (r) => api(r) && c.inflight.add(r))
    page.on('requestfinished', (r) => c.inflight.delete(r))
    page.on('requestfailed', (r) => c.inflight.delete(r))
    const srv = await o.server.get()
    await page.goto(srv.url)
    await page.getByRole('tab').first().waitFor({ timeout: 60_000 })

    const mapTab = page.getByRole('tab', { name: /产业链图谱|Chain map/ }).first()
    const away = page.getByRole('tab').first()
    if ((await mapTab.count()) === 0) return [missing('browser: map navigation, cold → all cards drawn', 'no 产业链图谱 / Chain map tab')]

    // navigation: cold (a fresh page: nothing cached in the renderer), then warm (chain.map cached)
    const cold: Sample[] = []
    const warm: Sample[] = []
    for (let i = 0; i < o.runs; i++) {
      if (i > 0) {
        await page.reload()
        await page.getByRole('tab').first().waitFor({ timeout: 60_000 })
      }
      await away.click()
      await page.waitForTimeout(300)
      const s = await measure(c, 'nav', () => mapTab.click(), o.navTimeoutMs)
      cold.push(s)
      if (s.readyMs == null) break
      await away.click()
      await page.waitForTimeout(300)
      warm.push(await measure(c, 'nav', () => mapTab.click(), o.navTimeoutMs))
    }
    const firstCall = cold[0]?.readyMs != null ? `; the first run is also the engine's first chain.map since it started (${cold[0].readyMs.toFixed(0)} ms)` : ''
    out.push(...summarize('browser: map navigation, cold → all cards drawn', cold, 'readyMs', `fresh page (reload), other tab → click 产业链图谱 → first frame with every card the status line counts; chain.map and the prefs not cached${firstCall}`))
    if (warm.length) out.push(...summarize('browser: map navigation, warm → all cards drawn', warm, 'readyMs', 'other tab → click 产业链图谱 again: chain.map answered from the renderer cache → first frame with every card'))
    if (cold.every((s) => s.readyMs == null)) return out

    const state = await page.evaluate(() => window.__map.state())
    const fySelect = await found(page.locator('select[aria-label="财年"], select[aria-label="FY"]'))
    const fyNow = fySelect ? await fySelect.inputValue() : null
    out.push(info('browser: map as measured', null, `${state.status}; ${state.cards} cards drawn; FY select ${fyNow ?? 'not found'} (expected ${o.fy}, set through prefs.set map:options before the page opened)`))

    // re-colour: the colour select, through every colouring and back to the chosen metric
    const colour = await found(page.locator('select[aria-label="着色"], select[aria-label="Colour"]'))
    if (!colour) out.push(missing('browser: map re-colour → repaint done', 'no 着色 / Colour select'))
    else {
      const seq = ['marketCap', 'margin', 'premiumLayer', 'premiumSegment', 'value']
      const samples: Sample[] = []
      for (let i = 0; i < Math.max(o.runs, seq.length); i++) samples.push(await measure(c, 'paint', () => colour.selectOption(seq[i % seq.length]!), o.actionTimeoutMs))
      if ((await colour.inputValue()) !== 'value') await colour.selectOption('value')
      out.push(...summarize('browser: map re-colour → repaint done', samples, 'settledMs', `colour select ${seq.join(' → ')} (one change per run) → last frame in which a card's colour changed, every card drawn`))
    }

    // filter: one market chip on (a new chain.map question: US, then HK, then A股), then off again (the all-markets map, cached)
    const group = page.getByRole('group', { name: /^(市场|Markets)$/ })
    const chips: [string, RegExp][] = [
      ['US', /^(美股|US)$/],
      ['HK', /^(港股|HK)$/],
      ['CN-A', /^(A股|A-share)$/],
    ]
    const on: Sample[] = []
    const off: Sample[] = []
    let absent = ''
    for (let i = 0; i < o.runs; i++) {
      const [id, label] = chips[i % chips.length]!
      const chip = await found(group.getByRole('button', { name: label }))
      if (!chip) {
        absent = `no ${id} chip in the 市场 / Markets group`
        break
      }
      on.push(await measure(c, 'count', () => chip.click(), o.actionTimeoutMs))
      off.push(await measure(c, 'count', () => chip.click(), o.actionTimeoutMs))
    }
    if (!on.length) out.push(missing('browser: map filter → one market, count settled', absent))
    else {
      const used = chips.slice(0, Math.min(on.length, chips.length)).map((x) => x[0]).join(', ')
      out.push(...summarize('browser: map filter → one market, count settled', on, 'settledMs', `market chip ${used} (one per run, each a new chain.map request) → status count changed, every card drawn, nothing changed for 300 ms`))
      out.push(...summarize('browser: map filter cleared (cached) → count settled', off, 'settledMs', 'the same chip again → the all-markets map from the renderer cache, every card drawn, settled'))
    }
    return out
  } catch (e) {
    out.push({ ...info('browser: map run', null), pass: false, notes: `map browser part failed: ${(e as Error).message.split('\n')[0]}` })
    return out
  } finally {
    if (errors.length) out.push(info('browser: map page errors', null, errors.slice(0, 5).join(' | ')))
    await browser?.close().catch(() => {})
  }
}
