/**
 * DataGrid's column state in the workspace (pref grid:<id>:columns: order, widths, sort, pins,
 * hidden columns) and its column filters across a re-created grid. The group column is left out
 * of both: it comes from the grouping, and its filter holds the collapsed groups, kept elsewhere.
 */
import type { FilterChangedEvent, GridApi } from 'ag-grid-community'
import { useCallback, useRef, type RefObject } from 'react'
import { api } from '../api'
import { attempt, notifyError } from '../notices'
import { fetchApi } from '../useApi'
import { GROUP_COL, type GridRow } from './groupRows'

export function useSavedColumns<T>(id: string, apiRef: RefObject<GridApi<GridRow<T>> | null>) {
  // column filters outlive a re-created grid (a language switch or a new grouping)
  const filterRef = useRef<Record<string, unknown> | null>(null)
  const stateKey = `grid:${id}:columns`

  /** a new grid: the column filters the last one had */
  const restoreFilters = useCallback((g: GridApi<GridRow<T>>) => {
    if (filterRef.current) g.setFilterModel(filterRef.current)
  }, [])

  // Applied once when the grid is ready; later changes come from the grid itself.
  const restoreColumns = useCallback(
    (g: GridApi<GridRow<T>>) => {
      fetchApi('prefs.get', { key: stateKey })
        .then((r) => {
          if (r.value && !g.isDestroyed()) g.applyColumnState({ state: JSON.parse(r.value), applyOrder: true })
        })
        .catch(notifyError)
    },
    [stateKey],
  )

  const saveState = useCallback(() => {
    const a = apiRef.current
    if (!a) return
    const state = a.getColumnState().filter((c) => c.colId !== GROUP_COL)
    void attempt(api['prefs.set']({ key: stateKey, value: JSON.stringify(state) }))
  }, [stateKey, apiRef])

  const resetColumns = () => {
    apiRef.current?.resetColumnState()
    void attempt(api['prefs.set']({ key: stateKey, value: '[]' }))
  }

  /** onFilterChanged: remember the column filters (not the collapse filter) for the next grid */
  const keepFilters = (e: FilterChangedEvent<GridRow<T>>) => {
    const m = { ...e.api.getFilterModel() }
    delete m[GROUP_COL]
    filterRef.current = Object.keys(m).length ? m : null
  }

  return { restoreFilters, restoreColumns, saveState, resetColumns, keepFilters }
}
