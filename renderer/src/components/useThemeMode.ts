/**
 * The current colour theme as components that paint outside CSS need it (canvas charts, SVG
 * fills, the chain map's card colours): read from <html data-theme>, which App sets from the
 * `ui:theme` pref and the start-up script sets before the first paint. A switch re-renders.
 */
import { useSyncExternalStore } from 'react'

export type ThemeMode = 'light' | 'dark'

export function currentTheme(): ThemeMode {
  return typeof document !== 'undefined' && document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'
}

function subscribe(onChange: () => void): () => void {
  const mo = new MutationObserver(onChange)
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  return () => mo.disconnect()
}

export function useThemeMode(): ThemeMode {
  return useSyncExternalStore(subscribe, currentTheme, () => 'light')
}
