/**
 * The workspace's view prefs at launch (theme, density, language): browser mode puts them on the
 * URL it prints, so a new port (a new origin, an empty localStorage) paints the first frame in
 * the analyst's theme; the desktop shell names its menus in the UI language.
 */
import type { ApiReply } from '../../shared/errors'

export interface LaunchView {
  theme?: 'light' | 'dark'
  density?: 'comfortable' | 'compact'
  lang: 'zh' | 'en'
}

type Call = (method: string, payload: unknown) => Promise<ApiReply>

async function pref(call: Call, key: string): Promise<string | null> {
  try {
    const r = await call('prefs.get', { key })
    return r.ok ? ((r.result as { value: string | null }).value ?? null) : null
  } catch {
    return null // a view pref is a nicety: never a reason not to start
  }
}

/** Only known values; Chinese unless the workspace says English (the app's own default). */
export async function launchView(call: Call): Promise<LaunchView> {
  const [theme, density, lang] = await Promise.all([pref(call, 'ui:theme'), pref(call, 'ui:density'), pref(call, 'ui:lang')])
  const out: LaunchView = { lang: lang === 'en' ? 'en' : 'zh' }
  if (theme === 'light' || theme === 'dark') out.theme = theme
  if (density === 'comfortable' || density === 'compact') out.density = density
  return out
}

/** `&theme=…&density=…&lang=…` for the launch URL (renderer/src/viewCache.ts urlView reads it). */
export function viewQuery(v: LaunchView): string {
  const q = new URLSearchParams()
  if (v.theme) q.set('theme', v.theme)
  if (v.density) q.set('density', v.density)
  q.set('lang', v.lang)
  return `&${q.toString()}`
}
