/**
 * Which figure columns a view has, asked before its grid is made (no column pops out later):
 * one table, its printed layout; all tables, the grid's columns with a printed cell under the
 * filter (engine-side), remembered per filter.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react'
import type { ValuationTableLayout } from '../../../../shared/api/valuations'
import { api } from '../../api'
import { errorText } from '../../errorText'
import { useI18n } from '../../i18n'
import { useApiQuery } from '../../useApi'
import type { PageInput } from './query'

/** One table: its printed layout (columns in printed order), asked once per table. */
export function useTableLayout(tableId: number | null) {
  const { lang } = useI18n()
  const q = useApiQuery('valuations.page', { tableId: tableId ?? 0, currency: 'USD', limit: 0, counts: false, columns: true }, { enabled: tableId != null })
  const layout: ValuationTableLayout | null = tableId != null && q.data?.table?.id === tableId ? q.data.table : null
  const layoutColumns = layout ? (q.data!.columns ?? []) : null
  return { layout, layoutColumns, error: q.error ? errorText(q.error, lang) : null }
}

/** Filter keys whose figure columns are known, most recent last (a few dozen kept). */
function useColumnsCache() {
  const cache = useRef(new Map<string, string[]>())
  const [version, bump] = useReducer((n: number) => n + 1, 0)
  const remember = useCallback((key: string, cols: string[]) => {
    const m = cache.current
    m.delete(key)
    m.set(key, cols)
    if (m.size > 40) m.delete(m.keys().next().value!)
    bump()
  }, [])
  const clear = useCallback(() => {
    cache.current.clear()
    bump()
  }, [])
  return { cache, version, remember, clear }
}

export type ColumnsCache = ReturnType<typeof useColumnsCache>

interface PresentInput {
  /** the saved options are read (the grid is about to be made) */
  ready: boolean
  tableId: number | null
  base: PageInput
  ranges: NonNullable<PageInput['ranges']>
  summaryKey: string
  setError: (e: unknown) => void
}

/**
 * All tables: the figure columns with a printed cell under the filter — the last known while a
 * new filter's are on their way; null before any is known. The cache is also filled by the
 * grid's first block (which asks for them when they are not known).
 */
export function usePresentColumns({ ready, tableId, base, ranges, summaryKey, setError }: PresentInput) {
  const columnsCache = useColumnsCache()
  const lastPresent = useRef<string[] | null>(null)
  const present = useMemo(() => {
    const known = columnsCache.cache.current.get(summaryKey)
    if (known) lastPresent.current = known
    return known ?? lastPresent.current
  }, [summaryKey, columnsCache.version]) // eslint-disable-line react-hooks/exhaustive-deps
  // the first columns of the all-tables view, before its grid is made (no column pops out later)
  useEffect(() => {
    if (!ready || tableId != null || present) return
    let live = true
    const key = summaryKey
    api['valuations.page']({ ...base, ranges, limit: 0, counts: false, columns: true })
      .then((p) => live && p.columns && columnsCache.remember(key, p.columns))
      .catch((e: unknown) => live && setError(e))
    return () => {
      live = false
    }
  }, [ready, tableId, present == null, summaryKey]) // eslint-disable-line react-hooks/exhaustive-deps
  return { present, columnsCache }
}
