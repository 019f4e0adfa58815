/** The start-up view cache (renderer/src/viewCache.ts): the first paint of a dark workspace is dark. */
import { QueryClient } from '@tanstack/react-query'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { initialTheme, parseView, readView, seedPrefs, VIEW_KEY } from '../../renderer/src/viewCache'

const store = (value: string | null) => ({ getItem: (k: string) => (k === VIEW_KEY ? value : null), setItem: () => {} })

describe('view cache', () => {
  it('reads only known values; anything else counts as not cached', () => {
    expect(readView(store('{"theme":"dark","density":"compact","lang":"en"}'))).toEqual({ theme: 'dark', density: 'compact', lang: 'en' })
    expect(readView(store('{"theme":"purple","density":1,"lang":"fr"}'))).toEqual({})
    expect(readView(store('not json'))).toEqual({})
    expect(readView(store(null))).toEqual({})
    expect(readView(store('null'))).toEqual({})
    expect(readView(null)).toEqual({})
    expect(parseView({ theme: 'light' })).toEqual({ theme: 'light' })
  })

  it("fills what the cache lacks from the launch URL's view (a new port is a new origin); the cache wins", () => {
    const url = '?token=ab12&theme=dark&density=compact&lang=en'
    expect(readView(store(null), url)).toEqual({ theme: 'dark', density: 'compact', lang: 'en' })
    expect(readView(store('{"theme":"light"}'), url)).toEqual({ theme: 'light', density: 'compact', lang: 'en' })
    expect(readView(store(null), '?token=ab12&theme=purple&lang=fr')).toEqual({})
    expect(readView(store(null), '')).toEqual({})
  })

  it('first paint: the cached theme, else the system colour scheme', () => {
    expect(initialTheme({ theme: 'dark' }, false)).toBe('dark')
    expect(initialTheme({ theme: 'light' }, true)).toBe('light')
    expect(initialTheme({}, true)).toBe('dark')
    expect(initialTheme({}, false)).toBe('light')
  })

  it('seeds the prefs App reads, marked stale so the workspace pref is still read on mount', () => {
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } })
    seedPrefs(client, { theme: 'dark', density: 'compact' })
    const theme = client.getQueryCache().find({ queryKey: ['prefs.get', { key: 'ui:theme' }], exact: true })
    expect(theme?.state.data).toEqual({ value: 'dark' })
    expect(theme?.state.isInvalidated).toBe(true)
    expect(client.getQueryData(['prefs.get', { key: 'ui:density' }])).toEqual({ value: 'compact' })
    // nothing cached, nothing seeded: App waits for the API as before
    expect(client.getQueryData(['prefs.get', { key: 'ui:lang' }])).toBeUndefined()
  })

  it('the boot script (a classic script before the stylesheet) reads the same key and applies the same rule', () => {
    const html = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8')
    const boot = html.indexOf('boot-theme.js')
    expect(boot).toBeGreaterThan(0)
    expect(html.indexOf('type="module"')).toBeGreaterThan(boot)
    expect(html.slice(html.lastIndexOf('<script', boot), boot)).not.toContain('module')
    const js = readFileSync(join(__dirname, '../../renderer/public/boot-theme.js'), 'utf8')
    expect(js).toContain(`'${VIEW_KEY}'`)
    // run it against a fake page: cached dark wins over a light system; no cache follows the system
    const run = (cached: string | null, systemDark: boolean) => {
      const root = { dataset: {} as Record<string, string> }
      const win = { matchMedia: () => ({ matches: systemDark }) }
      new Function('localStorage', 'document', 'window', js)({ getItem: () => cached }, { documentElement: root }, win)
      return root.dataset
    }
    expect(run('{"theme":"dark","density":"compact"}', false)).toEqual({ theme: 'dark', density: 'compact' })
    expect(run(null, true)).toEqual({ theme: 'dark' })
    expect(run('garbage', false)).toEqual({ theme: 'light' })
  })
})
