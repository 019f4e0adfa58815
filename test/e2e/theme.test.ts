import { mkdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
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
