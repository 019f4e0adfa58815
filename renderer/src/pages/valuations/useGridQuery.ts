/**
 * The toolbar and the grid's column filters → the request every part of the page asks with
 * (`base`), and the keys that say when it changed: `queryKey` restarts the grid's rows,
 * `summaryKey` (with the column filters' ranges) the counts, statistics and empty columns.
 */
import { useEffect, useMemo, useState } from 'react'
import type { Lang } from '../../../../shared/format'
import { EMPTY_TOOLBAR, filterInput, gridIdOf, toRanges, type Toolbar } from './query'
import type { ToolbarFilters } from './useToolbarFilters'
import type { Options } from './useViewOptions'

export function useGridQuery(filters: ToolbarFilters, opts: Options | null, currency: string, reportId: string | undefined, lang: Lang) {
  const toolbar: Toolbar = {
    ...EMPTY_TOOLBAR,
    scope: filters.scope,
    market: filters.market,
    layerId: filters.layerId,
    search: filters.search,
    currency,
    latestOnly: !!opts?.latestOnly,
    groupByLayer: !!opts?.groupByLayer,
  }
  const base = useMemo(() => filterInput(toolbar, reportId, lang), [JSON.stringify(toolbar), reportId, lang]) // eslint-disable-line react-hooks/exhaustive-deps
  const queryKey = JSON.stringify(base)
  const [filterModel, setFilterModel] = useState<Record<string, unknown>>({})
  const ranges = useMemo(() => toRanges(filterModel), [filterModel])
  const summaryKey = JSON.stringify([base, ranges])
  // a view (all tables, or one table) is a grid of its own: its columns, its saved state, its filters
  const viewKey = gridIdOf(filters.tableId)
  useEffect(() => setFilterModel({}), [viewKey])
  return { groupByLayer: toolbar.groupByLayer, base, queryKey, filterModel, setFilterModel, ranges, summaryKey, viewKey }
}

export type GridQuery = ReturnType<typeof useGridQuery>
