/**
 * The view prefs (theme, density, language) cached in this window's localStorage, so the app
 * starts as it was left instead of light and Chinese until the workspace's prefs arrive.
 *
 * The workspace pref (`prefs.get`, read from the engine) stays the source of truth: the cache
 * only seeds the first render and is read again from the API on mount; whatever App then shows
 * on <html> is written back. Before any script of the app runs, public/boot-theme.js has
 * already put the cached theme on <html> for the first paint (the same rule as applyView).
 */
import type { QueryClient } from '@tanstack/react-query'

export const VIEW_KEY = 'workbench.view'

export interface CachedView {
  theme?: 'light' | 'dark'
  density?: 'comfortable' | 'compact'
  lang?: 'zh' | 'en'
}

type Store = Pick<Storage, 'getItem' | 'setItem'>

function storage(): Store | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    // storage disabled (a privacy setting): start from the system scheme
    return null
  }
}

/** Only the known values of a cached view; anything else counts as not cached. */
export function parseView(raw: unknown): CachedView {
  const v = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  const out: CachedView = {}
  if (v.theme === 'light' || v.theme === 'dark') out.theme = v.theme
  if (v.density === 'comfortable' || v.density === 'compact') out.density = v.density
  if (v.lang === 'zh' || v.lang === 'en') out.lang = v.lang
  return out
}

/** The cached view; an unreadable cache counts as none. */
function cachedView(store: Store | null): CachedView {
  try {
    return parseView(JSON.parse(store?.getItem(VIEW_KEY) ?? '{}'))
  } catch {
    return {}
  }
}

/**
 * The view the launch URL carries (`npm run serve` prints `…&theme=dark&density=compact&lang=en`
 * from the workspace's prefs): browser mode on a new port is a new origin with an empty cache.
 */
export function urlView(search: string): CachedView {
  const q = new URLSearchParams(search)
  return parseView({ theme: q.get('theme'), density: q.get('density'), lang: q.get('lang') })
}

/** The cached view, the launch URL's filling what the cache lacks (the cache follows every switch). */
export function readView(store: Store | null = storage(), search: string = typeof location === 'undefined' ? '' : location.search): CachedView {
  return { ...urlView(search), ...cachedView(store) }
}

/** The theme to paint first: the cached one, else the system's. */
export function initialTheme(view: CachedView, systemDark: boolean): 'light' | 'dark' {
  return view.theme ?? (systemDark ? 'dark' : 'light')
}

/** What boot-theme.js does, again from the module (a page built without it, tests). */
export function applyView(root: HTMLElement, view: CachedView, systemDark: boolean): void {
  root.dataset.theme = initialTheme(view, systemDark)
  if (view.density) root.dataset.density = view.density
}

const PREF_KEYS = { theme: 'ui:theme', density: 'ui:density', lang: 'ui:lang' } as const

/**
 * Seeds App's pref reads with the cached values, so its first render already shows them (the
 * theme would otherwise fall back to light for the moment the API takes, undoing the first
 * paint), and marks them stale: App's mount still reads the workspace's prefs, which win.
 */
export function seedPrefs(client: QueryClient, view: CachedView): void {
  for (const k of ['theme', 'density', 'lang'] as const) {
    const value = view[k]
    if (!value) continue
    const queryKey = ['prefs.get', { key: PREF_KEYS[k] }]
    client.setQueryData(queryKey, { value })
    void client.invalidateQueries({ queryKey, exact: true, refetchType: 'none' })
  }
}

/** The view <html> shows now (App sets data-theme, data-density and lang from the prefs). */
export function viewOf(root: HTMLElement): CachedView {
  return parseView({ theme: root.dataset.theme, density: root.dataset.density, lang: root.lang.startsWith('zh') ? 'zh' : root.lang ? 'en' : undefined })
}

/** Keeps the cache equal to what <html> shows; returns the unsubscribe. */
export function rememberView(root: HTMLElement, store: Store | null = storage()): () => void {
  if (!store) return () => {}
  const save = () => {
    try {
      store.setItem(VIEW_KEY, JSON.stringify(viewOf(root)))
    } catch {
      // quota or disabled storage: the next start is simply not pre-themed
    }
  }
  const mo = new MutationObserver(save)
  mo.observe(root, { attributes: true, attributeFilter: ['data-theme', 'data-density', 'lang'] })
  return () => mo.disconnect()
}
