/**
 * AG Grid (Community) wrapper used by every grid: quick search, group-by, column state saved in
 * the workspace, a column menu and a columns chooser (ColumnMenu.tsx), CSV/XLSX export.
 *
 * Group-by: Community has no row grouping, so a group column is pinned first, rows are kept
 * together after every sort (groups stay in the order they first appear in the data unless the
 * group column itself is sorted) and equal group cells span, showing "▾ name (count)". A group
 * collapses (click its cell, or Enter / Space on it; "collapse all / expand all"): its rows are
 * hidden by the group column's own filter (CollapseFilter) and one full-width row "▸ name
 * (count)" stands for them. Counts are the rows that pass the other filters and the quick
 * search, collapsed or not (the collapse filter's doesRowPassOtherFilter). Exports and
 * onDisplayedRowsChanged still hand over a collapsed group's rows: collapsing is a view.
 *
 * Keyboard: arrows move between cells (AG Grid); Enter on a row does what a click does
 * (onRowClicked); Enter / Space on a group cell or a collapsed group's row toggles it.
 *
 * The parts: useGroupRows.ts (group-by state), groupRows.ts / groupColumns.tsx (its filter,
 * node walks, columns and sort), useSavedColumns.ts (column state and filters kept),
 * gridRowEvents.ts (clicks and keys), DataGridToolbar.tsx; this file wires them to AG Grid.
 */
import { AgGridReact } from 'ag-grid-react'
import type { ColDef, GridApi, GridReadyEvent } from 'ag-grid-community'
import { useCallback, useMemo, useRef, useState } from 'react'
import { useGridTheme } from './gridTheme'
import { gridLocale } from './gridLocale'
import { useI18n } from '../i18n'
import { gridExportTable } from '../exportXlsx'
import type { Provenance } from '../../../shared/gridExport'
import { useColumnMenus, type MenuItem } from './ColumnMenu'
import { useGridText } from './gridText'
import { GROUP_COL, isStub, type GridRow, type GroupOption } from './groupRows'
import { GroupStubRow } from './groupColumns'
import { useGroupRows } from './useGroupRows'
import { useSavedColumns } from './useSavedColumns'
import { rowEvents, useRowIds } from './gridRowEvents'
import { DataGridToolbar } from './DataGridToolbar'

export type { GroupOption }

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
  const { lang } = useI18n()
  const w = useGridText()
  const theme = useGridTheme()
  const apiRef = useRef<GridApi<GridRow<T>> | null>(null)
  const [quick, setQuick] = useState('')
  const saved = useSavedColumns<T>(props.id, apiRef)
  const grp = useGroupRows({ id: props.id, groups: props.groups, rows: props.rows, columns: props.columns, apiRef, words: w })
  const { group, collapsedRef, applyCollapse, shownNodes } = grp
  const getRowId = useRowIds(props.getRowId)

  const groupItems: MenuItem[] = [
    { key: 'collapseAll', label: w.collapseAll, onSelect: grp.collapseAll },
    { key: 'expandAll', label: w.expandAll, onSelect: grp.expandAll },
  ]
  const menus = useColumnMenus<GridRow<T>>({
    api: () => apiRef.current,
    locked: (colId) => colId === GROUP_COL,
    extraItems: (colId) => (colId === GROUP_COL ? groupItems : []),
    onReset: saved.resetColumns,
  })

  const defaultColDef = useMemo<ColDef<GridRow<T>>>(
    () => ({ sortable: true, filter: true, resizable: true, floatingFilter: false, headerComponentParams: menus.headerParams }),
    [menus.headerParams],
  )

  // a new grid: filters first (the collapse filter goes on top of them), then the saved columns
  const { restoreFilters, restoreColumns } = saved
  const onReady = useCallback(
    (e: GridReadyEvent<GridRow<T>>) => {
      apiRef.current = e.api
      menus.attach(e.api)
      restoreFilters(e.api)
      if (collapsedRef.current.size) applyCollapse(e.api)
      restoreColumns(e.api)
    },
    [restoreFilters, restoreColumns, collapsedRef, applyCollapse, menus.attach],
  )

  const exportTable = () => {
    const g = apiRef.current
    return g ? gridExportTable(g as unknown as GridApi<T>, shownNodes(g), { lang, provenance: props.exportProvenance }) : null
  }
  const events = rowEvents({ keyOf: grp.keyOf, toggle: grp.toggle, onRowClicked: props.onRowClicked })

  return (
    <div className="grid-wrap">
      <DataGridToolbar
        groups={props.groups}
        grouping={grp}
        quick={quick}
        onQuick={setQuick}
        extra={props.toolbarExtra}
        chooserToggle={menus.chooserToggle}
        onReset={saved.resetColumns}
        exportTable={exportTable}
        exportName={props.exportName}
      />
      {props.header}
      <div className="grid" {...menus.wrapProps}>
        <AgGridReact<GridRow<T>>
          // localeText is read when the grid is created: a new language is a new grid
          key={`${lang}:${group?.key ?? 'none'}`}
          theme={theme}
          localeText={gridLocale(lang)}
          rowData={grp.rowData}
          columnDefs={grp.columns}
          defaultColDef={defaultColDef}
          context={grp.context}
          quickFilterText={quick}
          enableCellSpan={!!group}
          postSortRows={grp.postSortRows}
          alwaysPassFilter={(n) => isStub(n.data)}
          isFullWidthRow={(p) => isStub(p.rowNode.data)}
          fullWidthCellRenderer={GroupStubRow}
          onGridReady={onReady}
          onColumnMoved={saved.saveState}
          onColumnResized={(e) => e.finished && saved.saveState()}
          onSortChanged={saved.saveState}
          onColumnVisible={saved.saveState}
          onColumnPinned={saved.saveState}
          onFilterChanged={saved.keepFilters}
          onModelUpdated={(e) => {
            grp.recount(e.api)
            if (!props.onDisplayedRowsChanged) return
            props.onDisplayedRowsChanged(shownNodes(e.api).map((n) => n.data!))
          }}
          onCellClicked={events.onCellClicked}
          onRowClicked={events.onRowClicked}
          onCellKeyDown={events.onCellKeyDown}
          getRowId={(p) => getRowId(p.data)}
          getRowClass={(p) => (isStub(p.data) ? 'wb-group-stub' : p.data && props.rowClass ? props.rowClass(p.data as T) : undefined)}
          tooltipShowDelay={200}
          enableBrowserTooltips={false}
          animateRows={false}
          suppressColumnVirtualisation
        />
      </div>
      {menus.popups}
    </div>
  )
}
