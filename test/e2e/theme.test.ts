import { mkdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { apiCaller } from '../helpers/apiCall'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'
import { tempDir } from '../helpers/workspace'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })
const SHOTS = '/tmp/shots'

const rootAttrs = (s: Session) =>
  s.page.evaluate(() => ({ theme: document.documentElement.dataset.theme, density: document.documentElement.dataset.density }))
const bodyBg = (s: Session) => s.page.evaluate(() => getComputedStyle(document.body).backgroundColor)
const rowLook = (s: Session) =>
  s.page.locator('.ag-row[row-index]:has([col-id=ticker])').first().evaluate((r) => ({ bg: getComputedStyle(r).backgroundColor, height: r.getBoundingClientRect().height }))
const toValuations = async (s: Session) => {
  await s.page.getByRole('tab', { name: /^(估值|Valuations)/ }).click()
  await s.page.locator('.ag-row[row-index]:has([col-id=ticker])').first().waitFor()
}

describe.skipIf(e2eSkipped)('dark mode and density (real Chromium)', () => {
  it('switches to dark + compact, restyles page and grids without a reload, and keeps both across a restart', async () => {
    mkdirSync(SHOTS, { recursive: true })
    const dataDir = tempDir()
    const a = await startSession({ dataDir })
    try {
      await poll(() => rootAttrs(a)).toEqual({ theme: 'light', density: 'comfortable' })
      await toValuations(a)
      const lightBody = await bodyBg(a)
      await poll(() => rowLook(a).then((r) => r.height)).toBeGreaterThan(0)
      const lightRow = await rowLook(a)

      await a.page.getByRole('button', { name: '深色' }).click()
      await a.page.getByRole('button', { name: '紧凑' }).click()
      await poll(() => rootAttrs(a)).toEqual({ theme: 'dark', density: 'compact' })
      // the buttons now offer the way back
      await a.page.getByRole('button', { name: '浅色' }).waitFor()
      await a.page.getByRole('button', { name: '舒适' }).waitFor()
      await poll(() => bodyBg(a)).not.toBe(lightBody)
      // the grid picked up the new theme object in place: darker rows, shorter rows
      await poll(() => rowLook(a).then((r) => r.bg)).not.toBe(lightRow.bg)
      await poll(() => rowLook(a).then((r) => r.height)).toBeLessThan(lightRow.height)
      expect(a.errors).toEqual([])
    } finally {
      await a.stop()
    }

    const b = await startSession({ dataDir })
    try {
      await poll(() => rootAttrs(b)).toEqual({ theme: 'dark', density: 'compact' })
      await toValuations(b)
      await poll(() => bodyBg(b)).toBe('rgb(18, 22, 29)')
      const darkBody = await bodyBg(b)
      expect(darkBody).toBe('rgb(18, 22, 29)')
      await b.page.screenshot({ path: `${SHOTS}/theme-valuations-dark-zh.png` })
      await b.page.getByRole('tab', { name: /^导入数据/ }).click()
      await b.page.waitForTimeout(500)
      await b.page.screenshot({ path: `${SHOTS}/theme-import-dark-zh.png` })

      await b.page.getByRole('button', { name: 'English' }).click()
      await b.page.getByRole('button', { name: 'Light' }).waitFor()
      await b.page.getByRole('button', { name: 'Comfortable' }).waitFor()
      await b.page.waitForTimeout(300)
      await b.page.screenshot({ path: `${SHOTS}/theme-import-dark-en.png` })
      await toValuations(b)
      await b.page.screenshot({ path: `${SHOTS}/theme-valuations-dark-en.png` })

      // and back to light: the page and grid follow at once
      await b.page.getByRole('button', { name: 'Light' }).click()
      await poll(() => rootAttrs(b).then((r) => r.theme)).toBe('light')
      await poll(() => bodyBg(b)).not.toBe(darkBody)
      expect(b.errors).toEqual([])
    } finally {
      await b.stop()
    }
  }, 240_000)
})

/** WCAG relative luminance of a CSS rgb()/rgba() colour (0 black … 1 white). */
const LUMINANCE_FN = `(c) => {
  const m = /rgba?\\(([^)]+)\\)/.exec(c); if (!m) return null
  const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number)
  const ch = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }
  return { l: 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b), a }
}`

/** Data colours and small accents a dark page keeps light on purpose (chain-map card fills, legend, badges). */
const KEEP_LIGHT = '.mcard, .legend-item, .mb, .imp-num, .step, .pill.active, button.primary, .chip.on, .ag-checkbox-input-wrapper, input[type=checkbox], .kbd, mark'

/**
 * Every visible block of the viewport larger than 50×50 px whose own background is light
 * (luminance above 0.3): a white panel, card, grid or dialog left over from the light theme.
 * Also the surfaces named in `must`, with their effective background (the first opaque one up
 * the tree), which must exist and be dark.
 */
async function lightBlocks(s: Session, must: string[]) {
  return s.page.evaluate(
    ({ fn, keep, must }) => {
      const lum = eval(fn) as (c: string) => { l: number; a: number } | null
      const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.classList.length ? '.' + [...el.classList].join('.') : ''}`
      const light: string[] = []
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect()
        if (r.width < 50 || r.height < 50 || r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) continue
        if (el.closest(keep) || el.closest('svg')) continue
        const cs = getComputedStyle(el)
        if (cs.visibility === 'hidden' || cs.display === 'none' || cs.opacity === '0') continue
        const c = lum(cs.backgroundColor)
        if (c && c.a >= 0.5 && c.l > 0.3) light.push(`${name(el)} ${cs.backgroundColor}`)
      }
      const effective = (el: Element | null): string => {
        for (let e = el; e; e = e.parentElement) {
          const bg = getComputedStyle(e).backgroundColor
          const c = lum(bg)
          if (c && c.a >= 0.5) return bg
        }
        return getComputedStyle(document.body).backgroundColor
      }
      const surfaces = must.map((sel) => {
        const el = document.querySelector(sel)
        const bg = el ? effective(el) : null
        return { sel, found: !!el, bg, l: bg ? lum(bg)!.l : null }
      })
      return { light, surfaces }
    },
    { fn: LUMINANCE_FN, keep: KEEP_LIGHT, must },
  )
}

async function expectDark(s: Session, where: string, must: string[]) {
  // the surfaces drawn first (a chart or panel may come a moment after the click that opens it)
  for (const sel of must) await s.page.locator(sel).first().waitFor({ state: 'attached', timeout: 15_000 }).catch(() => {})
  const r = await lightBlocks(s, ['body', '.content', ...must])
  expect(r.light, `${where}: light blocks`).toEqual([])
  for (const x of r.surfaces) {
    expect(x.found, `${where}: ${x.sel} on screen`).toBe(true)
    expect(x.l, `${where}: ${x.sel} ${x.bg}`).toBeLessThan(0.06)
  }
}

/** Luminance of the history chart's canvas background (lightweight-charts paints it; a corner pixel of the plot). */
const chartBackground = (s: Session) =>
  s.page.evaluate((fn) => {
    const lum = eval(fn) as (c: string) => { l: number } | null
    const canvas = [...document.querySelectorAll<HTMLCanvasElement>('.history-chart canvas')].sort((a, b) => b.width * b.height - a.width * a.height)[0]
    if (!canvas) return null
    const [r, g, b] = canvas.getContext('2d')!.getImageData(3, 3, 1, 1).data
    return lum(`rgb(${r}, ${g}, ${b})`)!.l
  }, LUMINANCE_FN)

/** The text lightweight-charts drew on the history chart's canvases (fillText is recorded by an init script). */
const chartText = (s: Session) => s.page.evaluate(() => [...new Set((window as unknown as { __chartText: string[] }).__chartText)])
const clearChartText = (s: Session) => s.page.evaluate(() => ((window as unknown as { __chartText: string[] }).__chartText.length = 0))

const ENGLISH_MONTH = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/

describe.skipIf(e2eSkipped)('dark theme on every page (real Chromium)', () => {
  it('leaves no light block on any page or panel, themes the charts, keeps exports light, and paints dark from the first frame', async () => {
    mkdirSync(SHOTS, { recursive: true })
    const s = await startSession()
    const page = s.page
    const call = apiCaller(() => s.url)
    try {
      await page.setViewportSize({ width: 1280, height: 800 })
      // three more dated tables: the company panel's valuation-history chart then spans two years
      for (const [i, asOf] of [[1, '2023-06-30'], [2, '2024-01-15'], [3, '2024-09-30']] as const) {
        const csv = `代码,名称,股价,总市值(亿元),PE 2023E\nMSFT,微软,${300 + i * 20},${22000 + i * 3000},${30 + i}\n`
        await call('import.commit', { source: { name: `theme-${i}.csv`, base64: Buffer.from(csv).toString('base64') }, target: { institution: `主题测试${i}`, asOf } })
      }
      // what the history chart draws on its canvases
      await page.addInitScript(() => {
        const w = window as unknown as { __chartText: string[] }
        w.__chartText = []
        const fill = CanvasRenderingContext2D.prototype.fillText
        CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number, max?: number) {
          if (this.canvas.closest?.('.history-chart')) w.__chartText.push(String(text))
          return max === undefined ? fill.call(this, text, x, y) : fill.call(this, text, x, y, max)
        }
      })
      await page.reload()
      await poll(() => rootAttrs(s).then((r) => r.theme)).toBe('light')
      await page.getByTestId('theme-button').click()
      await poll(() => rootAttrs(s).then((r) => r.theme)).toBe('dark')

      const tab = async (name: RegExp, ready: string) => {
        await page.getByRole('tab', { name }).click()
        // the page switched (the ready element may be on the page being left too: a grid row)
        await page.getByRole('tab', { name, selected: true }).waitFor()
        await page.locator(ready).first().waitFor()
        await page.waitForTimeout(400)
      }
      await tab(/^研报/, '[data-testid=reports-table]')
      await expectDark(s, 'reports', ['table.reports'])
      await tab(/^覆盖/, '.ag-row[row-index]')
      await expectDark(s, 'coverage', ['.ag-root-wrapper', '.ag-header'])
      await tab(/^估值/, '.ag-row[row-index]:has([col-id=ticker])')
      await expectDark(s, 'valuations', ['.ag-root-wrapper', '.filtered-stats'])

      // company panel with the valuation-history chart
      await page.keyboard.press('Control+k')
      await page.getByTestId('search-palette').locator('input').fill('MSFT')
      await expectDark(s, 'search palette', ['.palette'])
      await page.getByTestId('search-palette').locator('li[data-kind="security"]').first().click()
      await page.locator('.history-chart canvas').first().waitFor()
      await page.locator('.history-chart').scrollIntoViewIfNeeded()
      await page.waitForTimeout(500)
      await expectDark(s, 'company panel', ['[data-testid=company-panel]', '.history-chart'])
      await poll(() => chartBackground(s)).toBeLessThan(0.06)
      // the time axis in Chinese: 2023年2月 … 6月 …, no English month names
      await poll(() => chartText(s).then((t) => t.some((x) => /^\d{4}年\d{1,2}月$/.test(x)))).toBe(true)
      expect((await chartText(s)).filter((x) => ENGLISH_MONTH.test(x))).toEqual([])
      await poll(() => chartText(s).then((t) => t.some((x) => /^\d{1,2}月$/.test(x)))).toBe(true)
      await page.screenshot({ path: `${SHOTS}/theme-panel-chart-dark-zh.png` })

      // a switch re-themes the chart in place; the language re-labels its axis
      await page.getByTestId('theme-button').click()
      await poll(() => chartBackground(s)).toBeGreaterThan(0.9)
      await clearChartText(s)
      await page.getByTitle('中文 / English').click()
      await poll(() => chartText(s).then((t) => t.some((x) => /^[A-Z][a-z]{2} \d{4}$/.test(x)))).toBe(true)
      expect((await chartText(s)).filter((x) => /[年月]/.test(x))).toEqual([])
      await page.getByTestId('theme-button').click()
      await poll(() => chartBackground(s)).toBeLessThan(0.06)
      await page.screenshot({ path: `${SHOTS}/theme-panel-chart-dark-en.png` })
      await page.getByTitle('中文 / English').click()
      await page.getByRole('button', { name: '浅色' }).waitFor()
      await page.locator('[data-testid=company-panel]').getByRole('button', { name: /关闭|×/ }).first().click()

      await tab(/^跨层比较/, '[data-testid=compare-cards] .card')
      await page.locator('[data-testid=compare-cards] .card').first().click()
      await expectDark(s, 'compare', ['[data-testid=compare-controls]', '[data-testid=compare-cards] .card', 'figure.chart svg'])
      await page.locator('[data-testid=compare-drill] .ag-row').first().waitFor()
      await page.getByTestId('compare-drill').scrollIntoViewIfNeeded()
      await expectDark(s, 'compare drill', ['[data-testid=compare-drill] .ag-root-wrapper'])
      await page.getByTestId('fx-editor').scrollIntoViewIfNeeded()
      await expectDark(s, 'reproduce + fx', ['[data-testid=reproduce]', '[data-testid=fx-editor]', '.fx input'])

      await tab(/^数据质量/, '.ag-row[row-index]')
      await expectDark(s, 'quality', ['.ag-root-wrapper'])

      await tab(/^产业链图谱/, '.mcard')
      await expectDark(s, 'chain map', ['.lane', '.lane-head'])
      // a card without a figure is dark grey on a dark page, not a light block
      const neutral = await page.locator('.mcard', { hasText: '无数据' }).first().evaluate((el) => getComputedStyle(el).backgroundColor)
      expect(neutral).toBe('rgb(59, 67, 81)')
      await page.getByRole('button', { name: '标签对照' }).click()
      await expectDark(s, 'crosswalk', ['.crosswalk-side'])
      await page.getByRole('button', { name: '标签对照' }).click()
      await page.getByRole('button', { name: /添加层/ }).click()
      await expectDark(s, 'layer dialog', ['.modal'])
      await page.keyboard.press('Escape')
      // exports stay light (slides are white) and name the bundled font first
      const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 SVG' }).click()])
      const svg = readFileSync((await svgDownload.path())!, 'utf8')
      expect(svg).toContain(`font-family="'Noto Sans SC Variable',`)
      expect(svg).toMatch(/<rect x="0" y="0" width="\d+" height="\d+" fill="#ffffff"\/>/)
      expect(svg).not.toContain('#3b4351')
      const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 PNG' }).click()])
      const png = readFileSync((await pngDownload.path())!).toString('base64')
      const pixels = await page.evaluate(async (b64) => {
        const img = new Image()
        img.src = `data:image/png;base64,${b64}`
        await img.decode()
        const c = document.createElement('canvas')
        c.width = img.width
        c.height = img.height
        const ctx = c.getContext('2d')!
        ctx.drawImage(img, 0, 0)
        const at = (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data.slice(0, 3)]
        // the page corner, and inside the first lane (x 24+, y 84+ at scale 2)
        return { corner: at(2, 2), lane: at(2 * 30, 2 * 90) }
      }, png)
      expect(pixels.corner).toEqual([255, 255, 255])
      expect(Math.min(...pixels.lane)).toBeGreaterThan(230)

      await tab(/^情景笔记/, '[data-testid=notes-page]')
      await page.getByTestId('new-note').click()
      await expectDark(s, 'new note dialog', ['.modal'])
      await page.getByRole('radio', { name: '主题' }).click()
      await page.getByTestId('new-note-title').fill('暗色主题')
      await page.getByRole('button', { name: '创建' }).click()
      await page.locator('[data-testid=note-editor] .cm-content').click()
      await page.keyboard.type('# 标题\n\n正文 **加粗** [链接](https://example.com) `code`')
      await page.getByRole('button', { name: /^分栏$/ }).click()
      await expectDark(s, 'notes', ['.notes-list', '.cm-editor', '.note-preview'])
      // the editor's text is light on its dark surface (CodeMirror colours follow the theme)
      const ink = await page.locator('.cm-line').first().evaluate((el) => getComputedStyle(el).color)
      expect(await page.evaluate(({ fn, c }) => (eval(fn) as (c: string) => { l: number })(c).l, { fn: LUMINANCE_FN, c: ink })).toBeGreaterThan(0.4)

      await tab(/^导入数据/, '[data-testid=import-page]')
      await expectDark(s, 'import', ['.imp-card'])

      await page.locator('.history-toggle').click()
      await expectDark(s, 'history panel', ['[data-testid=history-panel]'])
      await page.locator('.history-toggle').click()
      await page.getByTestId('backups-button').click()
      await expectDark(s, 'backups', ['.modal'])
      await page.keyboard.press('Escape')

      // First paint after a reload: dark before the app's script runs (public/boot-theme.js) and
      // never light while the workspace prefs load.
      await page.addInitScript(() => {
        const w = window as unknown as { __themeSeen: string[] }
        w.__themeSeen = []
        const rec = (at: string) => w.__themeSeen.push(`${at}:${document.documentElement?.dataset.theme ?? 'none'}`)
        new MutationObserver(() => rec('set')).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-theme'] })
        document.addEventListener('readystatechange', () => rec(document.readyState))
        requestAnimationFrame(() => rec('first-frame'))
      })
      await page.reload()
      await page.getByRole('tab', { name: /^研报/ }).waitFor()
      await page.locator('[data-testid=reports-table]').waitFor()
      await page.waitForTimeout(500)
      const seen = await page.evaluate(() => (window as unknown as { __themeSeen: string[] }).__themeSeen)
      expect(seen).toContain('interactive:dark')
      expect(seen.find((x) => x.startsWith('first-frame'))).toBe('first-frame:dark')
      expect(seen.filter((x) => !x.endsWith(':dark'))).toEqual([])
      expect(s.errors).toEqual([])
    } finally {
      await s.stop()
    }
  }, 300_000)
})
