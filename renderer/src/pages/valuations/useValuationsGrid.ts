/**
 * The valuations page's state, wired in the order it depends on: options and toolbar filters →
 * the request → the view's figure columns → rows, summary and statistics → the grid's columns.
 * The page only renders what this returns.
 */
import { useCallback, useMemo, useRef, useState } from 'react'
import type { ServerGridHandle } from '../../components/ServerGrid'
import { useI18n } from '../../i18n'
import { errorText } from '../../errorText'
import { useApiQuery } from '../../useApi'
import type { Row } from './columnKit'
import { useGroupRowStyle } from './LayerGroups'
import { VALUATIONS_TEXT } from './text'
import { useBlockFetch } from './useBlockFetch'
import { useFirstBlockGate } from './useFirstBlockGate'
import { useGridQuery } from './useGridQuery'
import { useLiveRefresh } from './useLiveRefresh'
import { useReferenceData } from './useReferenceData'
import { statYearOf, statYearsOf, useStatYears, useSummary } from './useSummary'
import { useToolbarFilters } from './useToolbarFilters'
import { useSavedColumnState, useViewColumns } from './useViewColumns'
import { usePresentColumns, useTableLayout } from './useViewFigures'
import { useViewOptions } from './useViewOptions'

export function useValuationsGrid(reportId: string | undefined) {
  const { t, lang } = useI18n()
  const v = VALUATIONS_TEXT[lang]
  const facetsQuery = useApiQuery('valuations.facets', {})
  const facets = { data: facetsQuery.data ?? null, error: facetsQuery.error ? errorText(facetsQuery.error, lang) : null }
  const { currencies, layers, layerName } = useReferenceData(lang, v)
  // Saved view options; the grid waits for them so it does not fetch twice.
  const [opts, saveOpts] = useViewOptions()
  const filters = useToolbarFilters(reportId)
  const { tableId } = filters
  const currency = opts && currencies.includes(opts.currency) ? opts.currency : 'USD'
  const fyKeys = useMemo(() => facets.data?.fyKeys ?? [], [facets.data])
  const query = useGridQuery(filters, opts, currency, reportId, lang)
  const { base, ranges, summaryKey } = query
  const { layout, layoutColumns, error: layoutError } = useTableLayout(tableId)
  const [error, setError] = useState<unknown>(null)
  const { present, columnsCache } = usePresentColumns({ ready: opts != null, tableId, base, ranges, summaryKey, setError })

  const grid = useRef<ServerGridHandle<Row> | null>(null)
  const gate = useFirstBlockGate()
  const { statFyKeys, statFy } = useStatYears({ fyKeys, tableId, layout, present, opts })
  const statFyNow = useCallback(
    (key: string) => (tableId != null ? statFy : statYearOf(statYearsOf(fyKeys, columnsCache.cache.current.get(key) ?? present), opts)),
    [tableId, statFy, fyKeys, columnsCache, present, opts],
  )
  const summary = useSummary({ opts, base, ranges, summaryKey, statFy, gate, grid, setError, statFyNow })
  const { fetchBlock, sortCols } = useBlockFetch({ base, gate, columnsCache, firstBlock: summary.firstBlock, setError })
  useLiveRefresh(columnsCache, grid, summary.reload)
  const groups = summary.current?.groups ?? null
  const rowStyle = useGroupRowStyle(groups, query.groupByLayer, grid)

  const { view, columns, hiddenEmpty } = useViewColumns({ t, v, lang, currency, fyKeys, layerName, tableId, layout, layoutColumns, present, sortCols, filterModel: query.filterModel })
  const stateReady = useSavedColumnState(query.viewKey, view != null, columns)
  return {
    facets, opts, saveOpts, filters, currencies, currency, layers, layerName, query, layout, layoutError, error,
    grid, fetchBlock, rowStyle, summary: summary.current, groups, statFyKeys, statFy, columns, hiddenEmpty,
    /** the view's grid can be made: its columns are known and its saved column state is whole for them */
    gridReady: view != null && stateReady === query.viewKey,
  }
}
