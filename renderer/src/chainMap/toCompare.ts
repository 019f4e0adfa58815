/**
 * Opening a lane or segment on the Compare page with the map's metric: the Compare page's saved
 * options take the map's metric, year, currency and placement rule (the cache first, so the
 * page opens on them; then saved). The map already holds these options in the cache.
 */
import { api } from '../api'
import { attempt } from '../notices'
import { queryClient, setApiData } from '../useApi'

const KEY = { key: 'compare:options' } as const

export function openCompareWith(m: { metric: string; fyKey: string | null; currency: string; primaryOnly: boolean }): Promise<boolean> {
  const cur = queryClient.getQueryData<{ value: string | null }>(['prefs.get', KEY])
  let saved: Record<string, unknown> = {}
  try {
    saved = cur?.value ? (JSON.parse(cur.value) as Record<string, unknown>) : {}
  } catch {
    saved = {}
  }
  const value = JSON.stringify({ ...saved, ...m })
  setApiData('prefs.get', KEY, { value })
  return attempt(api['prefs.set']({ key: KEY.key, value }))
}
