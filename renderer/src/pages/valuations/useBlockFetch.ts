/**
 * The grid's block requests → `valuations.page`. A first block also brings the total and layer
 * groups, and (all tables, columns not yet known for the filter) the non-empty columns; it opens
 * the gate the summary waits at.
 */
import { useCallback, useState } from 'react'
import { api } from '../../api'
import type { BlockRequest } from '../../components/ServerGrid'
import { apiColumn, toRanges, toSort, type PageInput } from './query'
import type { FirstBlockGate } from './useFirstBlockGate'
import type { useSummary } from './useSummary'
import type { ColumnsCache } from './useViewFigures'

interface BlockInput {
  base: PageInput
  gate: FirstBlockGate
  columnsCache: ColumnsCache
  firstBlock: ReturnType<typeof useSummary>['firstBlock']
  setError: (e: unknown) => void
}

/** `sortCols`: the columns sorted on, which stay visible even when the filter empties them (the sort can be undone). */
export function useBlockFetch({ base, gate, columnsCache, firstBlock, setError }: BlockInput) {
  const [sortCols, setSortCols] = useState<string[]>([])
  const fetchBlock = useCallback(
    async (req: BlockRequest) => {
      const r = toRanges(req.filterModel)
      const key = JSON.stringify([base, r])
      const wantColumns = req.startRow === 0 && base.tableId == null && !columnsCache.cache.current.has(key)
      const input: PageInput = {
        ...base,
        sort: toSort(req.sortModel),
        ranges: r,
        offset: req.startRow,
        limit: req.endRow - req.startRow,
        counts: req.startRow === 0,
        ...(wantColumns ? { columns: true } : {}),
      }
      if (req.startRow === 0) {
        const sorted = req.sortModel.map((s) => s.colId).filter((c) => apiColumn(c))
        setSortCols((old) => (old.join() === sorted.join() ? old : sorted))
      }
      try {
        const page = await api['valuations.page'](input)
        setError(null)
        if (req.startRow === 0) firstBlock(key, page)
        // an empty result says nothing about the columns: the last ones stay
        if (page.columns && page.total !== 0) columnsCache.remember(key, page.columns)
        return { rows: page.rows, total: page.total >= 0 ? page.total : null }
      } catch (e) {
        setError(e)
        throw e
      } finally {
        if (req.startRow === 0) gate.mark(key)
      }
    },
    [base, gate, columnsCache, firstBlock, setError],
  )
  return { fetchBlock, sortCols }
}
