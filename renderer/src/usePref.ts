/**
 * A workspace preference read through the cache: a change elsewhere (another window, Ctrl+Z on
 * an undoable pref) shows at once. A change is written to the cache first and then saved; a
 * failed save is reported and the cache reread.
 */
import { api } from './api'
import { attempt, notify } from './notices'
import { queryClient, setApiData, useApiQuery } from './useApi'

export function usePref(input: { key: string }) {
  const q = useApiQuery('prefs.get', input)
  const save = async (value: string) => {
    setApiData('prefs.get', input, { value })
    if (!(await attempt(api['prefs.set']({ key: input.key, value })))) void queryClient.invalidateQueries({ queryKey: ['prefs.get', input] })
  }
  return { value: q.data?.value, ready: q.isSuccess || q.isError, save }
}

/** A saved JSON preference; a value this version cannot read counts as unset, and the user is told. */
export function parsePref<T>(value: string | null | undefined, fallback: T, key: string): T {
  if (!value) return fallback
  try {
    return JSON.parse(value) as T
  } catch (e) {
    notify('error', ({ t }) => `${t.prefUnreadable} ${key}: ${e instanceof Error ? e.message : String(e)}`, { key: `pref:${key}` })
    return fallback
  }
}
