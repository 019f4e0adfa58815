import { describe, expect, it } from 'vitest'
import { apiCaller } from '../helpers/apiCall'
import { e2eSkipped, startSession } from '../helpers/browser'
import { tempDir } from '../helpers/workspace'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })

/**
 * Browser mode on a new port is a new origin: no cached view in localStorage. The URL that
 * `npm run serve` prints carries the workspace's theme, density and language, so the first frame
 * is already the analyst's (public/boot-theme.js, renderer/src/viewCache.ts urlView).
 */
describe.skipIf(e2eSkipped)('the launch URL carries the workspace view (real Chromium)', () => {
  it('a new port paints dark + compact from the first frame, in English, with nothing cached', async () => {
    const dataDir = tempDir()
    const a = await startSession({ dataDir })
    try {
      expect(new URL(a.url).searchParams.get('theme')).toBeNull() // never set: the system's scheme
      expect(new URL(a.url).searchParams.get('lang')).toBe('zh')
      const call = apiCaller(() => a.url)
      await call('prefs.set', { key: 'ui:theme', value: 'dark' })
      await call('prefs.set', { key: 'ui:density', value: 'compact' })
      await call('prefs.set', { key: 'ui:lang', value: 'en' })
    } finally {
      await a.stop()
    }

    const b = await startSession({ dataDir })
    try {
      const q = new URL(b.url).searchParams
      expect([q.get('theme'), q.get('density'), q.get('lang')]).toEqual(['dark', 'compact', 'en'])
      // a fresh profile (empty localStorage), and the app's own scripts held back: what <html>
      // shows is boot-theme.js's work from the URL alone
      const bare = await b.browser.newContext()
      const page = await bare.newPage()
      await page.route(/\/assets\/.*\.js$/, (r) => r.abort())
      await page.goto(b.url)
      await poll(() => page.evaluate(() => ({ ...document.documentElement.dataset }))).toEqual({ theme: 'dark', density: 'compact' })
      expect(await page.evaluate(() => localStorage.getItem('workbench.view'))).toBeNull()

      // with the app: never a light frame, and English from the first render
      const full = await (await b.browser.newContext()).newPage()
      await full.addInitScript(() => {
        const w = window as unknown as { __seen: string[] }
        w.__seen = []
        const rec = (at: string) => w.__seen.push(`${at}:${document.documentElement?.dataset.theme ?? 'none'}`)
        new MutationObserver(() => rec('set')).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-theme'] })
        requestAnimationFrame(() => rec('first-frame'))
      })
      await full.goto(b.url)
      await full.getByRole('tab', { name: /^Reports/ }).waitFor()
      const seen = await full.evaluate(() => (window as unknown as { __seen: string[] }).__seen)
      expect(seen.find((x) => x.startsWith('first-frame'))).toBe('first-frame:dark')
      expect(seen.filter((x) => !x.endsWith(':dark'))).toEqual([])
      // the cache then follows the page, and wins over the URL on the next load of this origin
      await poll(() => full.evaluate(() => JSON.parse(localStorage.getItem('workbench.view') ?? '{}'))).toEqual({ theme: 'dark', density: 'compact', lang: 'en' })
      await full.getByRole('button', { name: 'Light' }).click()
      await poll(() => full.evaluate(() => JSON.parse(localStorage.getItem('workbench.view') ?? '{}').theme)).toBe('light')
      await full.goto(b.url) // the same URL still says dark
      await poll(() => full.evaluate(() => document.documentElement.dataset.theme)).toBe('light')
      expect(b.errors).toEqual([])
    } finally {
      await b.stop()
    }
  }, 120_000)
})
