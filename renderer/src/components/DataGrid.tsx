/**
 * AG Grid (Community) wrapper used by every grid: quick search, group-by (Community has no
 * row grouping, so a group column is pinned first, rows are kept together after every sort and
 * equal group cells span), column state saved in the workspace, CSV/XLSX export.
 */
import { AgGridReact } from 'ag-grid-react'
import {
  type ColDef,
  type GridApi,
  type GridReadyEvent,
  type PostSortRowsParams,
  type RowClickedEvent,
} from 'ag-grid-community'
import { useCallback, useMemo, useRef, useState } from 'react'
import { api } from '../api'
import { useGridTheme } from './gridTheme'
import { gridLocale } from './gridLocale'
import { useI18n } from '../i18n'
import { exportCsv as csvOf, exportXlsx } from '../exportXlsx'
import type { Provenance } from '../../../shared/gridExport'
import { attempt, notifyError } from '../notices'
import { fetchApi, queryClient, setApiData, useApiQuery } from '../useApi'


export interface GroupOption<T> {
  key: string
  label: string
  value: (row: T) => string
}

interface Props<T> {
  id: string
  rows: T[]
  columns: ColDef<T>[]
  groups?: GroupOption<T>[]
  onRowClicked?: (row: T) => void
  getRowId?: (row: T) => string
  exportName: string
  toolbarExtra?: React.ReactNode
  rowClass?: (row: T) => string | undefined
  /** rows left after filters and quick search, in display order (for statistics on a filtered set) */
  onDisplayedRowsChanged?: (rows: T[]) => void
  /** shown under the toolbar */
  header?: React.ReactNode
  /** exports get report / table / row / line columns from this */
  exportProvenance?: (row: T) => Provenance | null
}

export function DataGrid<T>(props: Props<T>) {
  const { t, lang } = useI18n()
  const theme = useGridTheme()
  const apiRef = useRef<GridApi<T> | null>(null)
  const [quick, setQuick] = useState('')
  // column filters outlive a re-created grid (a language switch or a new grouping)
  const filterRef = useRef<Record<string, unknown> | null>(null)
  const stateKey = `grid:${props.id}:columns`
  const groupPref = useMemo(() => ({ key: `grid:${props.id}:group` }), [props.id])
  const groupKey = useApiQuery('prefs.get', groupPref).data?.value || 'none'
  const group = props.groups?.find((g) => g.key === groupKey)

  const groupCounts = useMemo(() => {
    const m = new Map<string, number>()
    if (group) for (const r of props.rows) m.set(group.value(r), (m.get(group.value(r)) ?? 0) + 1)
    return m
  }, [group, props.rows])

  const columns = useMemo<ColDef<T>[]>(() => {
    if (!group) return props.columns
    const groupCol: ColDef<T> = {
      colId: '__group',
      headerName: group.label,
      valueGetter: (p) => (p.data ? group.value(p.data) : ''),
      valueFormatter: (p) => `${p.value} (${groupCounts.get(p.value) ?? 0})`,
      pinned: 'left',
      spanRows: true,
      width: 200,
      cellClass: 'group-cell',
    }
    return [groupCol, ...props.columns]
  }, [group, props.columns, groupCounts])

  const onReady = useCallback(
    (e: GridReadyEvent<T>) => {
      apiRef.current = e.api
      if (filterRef.current) e.api.setFilterModel(filterRef.current)
      // Applied once when the grid is ready; later changes come from the grid itself.
      fetchApi('prefs.get', { key: stateKey })
        .then((r) => {
          if (r.value) e.api.applyColumnState({ state: JSON.parse(r.value), applyOrder: true })
        })
        .catch(notifyError)
    },
    [stateKey],
  )

  const saveState = useCallback(() => {
    const a = apiRef.current
    if (!a) return
    const state = a.getColumnState().filter((c) => c.colId !== '__group')
    void attempt(api['prefs.set']({ key: stateKey, value: JSON.stringify(state) }))
  }, [stateKey])

  // Keep each group's rows together after any sort, preserving the user's order inside it.
  const postSortRows = useCallback(
    (p: PostSortRowsParams<T>) => {
      if (!group) return
      const order = new Map<string, number>()
      const keyOf = (n: (typeof p.nodes)[number]) => (n.data ? group.value(n.data) : '')
      p.nodes.forEach((n, i) => {
        const k = keyOf(n)
        if (!order.has(k)) order.set(k, i)
      })
      const idx = new Map(p.nodes.map((n, i) => [n, i]))
      p.nodes.sort((a, b) => order.get(keyOf(a))! - order.get(keyOf(b))! || idx.get(a)! - idx.get(b)!)
    },
    [group],
  )

  const changeGroup = async (k: string) => {
    setApiData('prefs.get', groupPref, { value: k })
    if (!(await attempt(api['prefs.set']({ key: groupPref.key, value: k })))) void queryClient.invalidateQueries({ queryKey: ['prefs.get', groupPref] })
  }

  const resetColumns = () => {
    apiRef.current?.resetColumnState()
    void attempt(api['prefs.set']({ key: stateKey, value: '[]' }))
  }

  const exportOpts = { lang, provenance: props.exportProvenance }
  const exportCsv = () => apiRef.current && csvOf(apiRef.current, props.exportName, exportOpts)
  const exportExcel = () => apiRef.current && void attempt(exportXlsx(apiRef.current, props.exportName, exportOpts))

  return (
    <div className="grid-wrap">
      <div className="toolbar">
        <input
          className="search"
          placeholder={t.quickSearch}
          value={quick}
          onChange={(e) => setQuick(e.target.value)}
          aria-label={t.quickSearch}
        />
        {props.groups && (
          <label className="group-select">
            {t.groupBy}
            <select value={groupKey} onChange={(e) => changeGroup(e.target.value)}>
              <option value="none">{t.groupNone}</option>
              {props.groups.map((g) => (
                <option key={g.key} value={g.key}>
                  {g.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {props.toolbarExtra}
        <span className="spacer" />
        <button onClick={resetColumns}>{t.resetColumns}</button>
        <button onClick={exportCsv}>{t.exportCsv}</button>
        <button onClick={exportExcel}>{t.exportXlsx}</button>
      </div>
      {props.header}
      <div className="grid">
        <AgGridReact<T>
          // localeText is read when the grid is created: a new language is a new grid
          key={`${lang}:${group?.key ?? 'none'}`}
          theme={theme}
          localeText={gridLocale(lang)}
          rowData={props.rows}
          columnDefs={columns}
          defaultColDef={{ sortable: true, filter: true, resizable: true, floatingFilter: false }}
          quickFilterText={quick}
          enableCellSpan={!!group}
          postSortRows={postSortRows}
          onGridReady={onReady}
          onColumnMoved={saveState}
          onColumnResized={(e) => e.finished && saveState()}
          onSortChanged={saveState}
          onColumnVisible={saveState}
          onColumnPinned={saveState}
          onFilterChanged={(e) => {
            const m = e.api.getFilterModel()
            filterRef.current = Object.keys(m).length ? m : null
          }}
          onModelUpdated={(e) => {
            if (!props.onDisplayedRowsChanged) return
            const shown: T[] = []
            e.api.forEachNodeAfterFilterAndSort((n) => n.data && shown.push(n.data))
            props.onDisplayedRowsChanged(shown)
          }}
          onRowClicked={(e: RowClickedEvent<T>) => {
            // A checkbox or button inside a row acts on its own; it must not also open the row.
            if ((e.event?.target as HTMLElement | null)?.closest('input, button, select, a')) return
            if (e.data) props.onRowClicked?.(e.data)
          }}
          getRowId={props.getRowId ? (p) => props.getRowId!(p.data) : undefined}
          getRowClass={props.rowClass ? (p) => (p.data ? props.rowClass!(p.data) : undefined) : undefined}
          tooltipShowDelay={200}
          enableBrowserTooltips={false}
          animateRows={false}
          suppressColumnVirtualisation
        />
      </div>
    </div>
  )
}
