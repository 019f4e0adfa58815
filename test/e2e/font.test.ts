/**
 * The bundled CJK font (@fontsource-variable/noto-sans-sc) renders the Chinese UI on a machine
 * with no Chinese font at all. Chromium runs on a private fontconfig that lists only DejaVu, so
 * the machine's own CJK fonts (if any) cannot be what draws the glyphs.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import type { CDPSession } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { noCjkFontconfig } from '../helpers/fonts'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const FAMILY = 'Noto Sans SC Variable'
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })

/** Fonts fontconfig offers for Chinese under that config; null when fc-list is not installed. */
function cjkFontsUnder(fontconfigFile: string): string | null {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { env: { ...process.env, FONTCONFIG_FILE: fontconfigFile }, encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}

/** The fonts Chromium actually drew a node's text with (DevTools' "Rendered Fonts"). */
async function renderedFonts(cdp: CDPSession, selector: string): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 })
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })
  expect(nodeId, selector).toBeGreaterThan(0)
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId })
  return fonts
}

describe.skipIf(e2eSkipped)('bundled Chinese font, on a machine without CJK fonts', () => {
  let s: Session
  let cdp: CDPSession
  const fontResponses: { url: string; status: number; type: string }[] = []
  const consoleErrors: string[] = []
  let fontconfigFile: string

  beforeAll(async () => {
    fontconfigFile = noCjkFontconfig()
    s = await startSession({ browserEnv: { FONTCONFIG_FILE: fontconfigFile } })
    s.page.on('response', (r) => {
      if (/\.woff2?(\?|$)/.test(r.url())) fontResponses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] ?? '' })
    })
    s.page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text())
    })
    // again, now that the listeners see every request from the start
    await s.page.reload()
    cdp = await s.page.context().newCDPSession(s.page)
    await cdp.send('DOM.enable')
    await cdp.send('CSS.enable')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('runs Chromium with no Chinese font of the machine', () => {
    const fonts = cjkFontsUnder(fontconfigFile)
    if (fonts !== null) expect(fonts).toBe('')
  })

  it('loads the subsets the Chinese page needs, served as font/woff2 from the app', async () => {
    await poll(() => s.page.locator('[data-testid=reports-table]').innerText()).toContain('招银国际环球市场')
    await s.page.evaluate(() => document.fonts.ready.then(() => undefined))
    const state = await s.page.evaluate(async (family) => {
      await document.fonts.load(`16px "${family}"`, '研报')
      const faces = [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === family)
      const shownCjk = [...new Set(document.body.innerText.match(/[\u4e00-\u9fff]/g) ?? [])].join('')
      return {
        lang: document.documentElement.lang,
        faces: faces.length,
        loaded: faces.filter((f) => f.status === 'loaded').length,
        failed: faces.filter((f) => f.status === 'error').length,
        check: document.fonts.check(`16px "${family}"`, '研报'),
        shownCjk: shownCjk.length,
        shownLoaded: document.fonts.check(`13px "${family}"`, shownCjk),
      }
    }, FAMILY)
    expect(state.lang).toMatch(/^zh/)
    expect(state.check).toBe(true)
    expect(state.shownCjk).toBeGreaterThan(20)
    expect(state.shownLoaded).toBe(true)
    expect(state.failed).toBe(0)
    // split by unicode-range: the page fetched some of the ~100 subsets, not all of them
    expect(state.faces).toBeGreaterThan(50)
    expect(state.loaded).toBeGreaterThan(0)
    expect(state.loaded).toBeLessThan(state.faces)
    expect(fontResponses.length).toBeGreaterThan(0)
    expect(new Set(fontResponses.map((r) => r.url)).size).toBeLessThan(state.faces)
    const origin = new URL(s.url).origin
    for (const r of fontResponses) {
      expect(r.url.startsWith(origin + '/assets/'), r.url).toBe(true)
      expect(r.status).toBe(200)
      expect(r.type).toBe('font/woff2')
    }
    expect(consoleErrors.filter((e) => /Content Security Policy|font/i.test(e))).toEqual([])
  })

  it('draws Chinese with the bundled font, not as empty boxes', async () => {
    const widths = await s.page.evaluate((family) => {
      const ctx = document.createElement('canvas').getContext('2d')!
      ctx.font = `16px "${family}"`
      const bundled = ctx.measureText('研报研报').width
      ctx.font = '16px sans-serif'
      const system = ctx.measureText('研报研报').width
      return { bundled, system }
    }, FAMILY)
    // CJK ideographs are 1 em wide in Noto Sans SC; the no-CJK machine's fallback draws .notdef boxes
    expect(widths.bundled).toBeCloseTo(64, 0)
    expect(widths.system).not.toBeCloseTo(widths.bundled, 0)

    const cjkCell = s.page.locator('[data-testid=reports-table] tbody td').filter({ hasText: /[\u4e00-\u9fff]/ }).first()
    await cjkCell.evaluate((el) => el.setAttribute('data-font-probe', 'report'))
    const fonts = await renderedFonts(cdp, '[data-font-probe=report]')
    expect(fonts.length).toBeGreaterThan(0)
    // CDP names the face by its own name table ("Noto Sans SC Thin", the variable font's default instance)
    expect(fonts.map((f) => `${f.familyName}${f.isCustomFont ? ' (web font)' : ''}`)).toEqual([expect.stringMatching(/^Noto Sans SC .*\(web font\)$/)])

    mkdirSync('/tmp/shots', { recursive: true })
    await s.page.screenshot({ path: '/tmp/shots/font-zh.png' })
  })

  /** Marks the innermost element holding `cell`'s whole text and returns the fonts that drew it. */
  async function fontsOfCell(cell: ReturnType<Session['page']['locator']>, probe: string) {
    await cell.evaluate((el, probe) => {
      let n: Element = el
      while (n.children.length === 1 && n.firstElementChild!.textContent === n.textContent) n = n.firstElementChild!
      n.setAttribute('data-font-probe', probe)
    }, probe)
    return renderedFonts(cdp, `[data-font-probe=${probe}]`)
  }

  it('draws the grids with it too, monospace cells included', async () => {
    await s.page.getByRole('tab', { name: /^覆盖/ }).click()
    const cjk = /[\u4e00-\u9fff]/
    const cell = s.page.locator('.ag-row .ag-cell:not(.mono)').filter({ hasText: cjk }).first()
    await poll(() => cell.count()).toBe(1)
    expect(await cell.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(new RegExp(`^"?${FAMILY}"?,`))
    await s.page.evaluate(() => document.fonts.ready.then(() => undefined))
    const fonts = await fontsOfCell(cell, 'grid')
    expect(fonts.length).toBeGreaterThan(0)
    expect(fonts.every((f) => f.isCustomFont && f.familyName.startsWith('Noto Sans SC'))).toBe(true)

    // a ticker cell (monospace) of a security with no ticker shows Chinese: the CJK glyphs come from
    // the bundled font after the monospace stack, not as boxes
    await s.page.getByPlaceholder('快速搜索…').fill('')
    const mono = s.page.locator('.ag-row .ag-cell.mono').filter({ hasText: cjk }).first()
    await poll(() => mono.count()).toBe(1) // 未上市
    await s.page.evaluate(() => document.fonts.ready.then(() => undefined))
    const monoFonts = await fontsOfCell(mono, 'mono')
    expect(monoFonts.some((f) => f.isCustomFont && f.familyName.startsWith('Noto Sans SC'))).toBe(true)
    await s.page.screenshot({ path: '/tmp/shots/font-zh-grid.png' })
  })
})
