/**
 * AG Grid (Community) on the Infinite Row Model for screens whose rows live in the workspace,
 * not in the browser: the grid asks for blocks of rows (startRow/endRow, its sort model and
 * filter model) and the caller answers from a paged API. Only the blocks near the viewport are
 * kept (maxBlocksInCache). Column state (order, widths, sort) is saved in the workspace like
 * DataGrid's; CSV/XLSX export what is loaded. Every column has the workbench's column menu and
 * the toolbar a columns chooser (ColumnMenu.tsx); Enter on a row does what a click does.
 */
import { AgGridReact } from 'ag-grid-react'
import {
  type ColDef,
  type ColGroupDef,
  type GridApi,
  type GridReadyEvent,
  type IDatasource,
  type IGetRowsParams,
  type CellKeyDownEvent,
  type FullWidthCellKeyDownEvent,
  type IRowNode,
  type RowClassParams,
  type RowClickedEvent,
  type RowStyle,
  type SortModelItem,
} from 'ag-grid-community'
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, type ReactNode, type Ref } from 'react'
import { api } from '../api'
import { useGridTheme } from './gridTheme'
import { gridLocale } from './gridLocale'
import { downloadCsv, downloadXlsx, gridExportTable } from '../exportXlsx'
import type { Provenance } from '../../../shared/gridExport'
import { useI18n } from '../i18n'
import { useColumnMenus } from './ColumnMenu'


export interface BlockRequest {
  startRow: number
  endRow: number
  sortModel: SortModelItem[]
  filterModel: Record<string, unknown>
}

export interface BlockResult<T> {
  rows: T[]
  /** rows in the whole result when known (null / negative: not counted by this request) */
  total: number | null
}

export interface ServerGridHandle<T> {
  /** reloads the loaded blocks in place (after a change elsewhere); scroll position is kept */
  refresh(): void
  /** the total became known (or changed) outside a block request */
  setRowCount(total: number): void
  api(): GridApi<T> | null
}

interface Props<T> {
  /** key of the saved column state: grid:<id>:columns */
  id: string
  columns: (ColDef<T> | ColGroupDef<T>)[]
  /** a new key starts over: cache dropped, scrolled to the top, blocks fetched again */
  queryKey: string
  fetchBlock: (req: BlockRequest) => Promise<BlockResult<T>>
  getRowId: (row: T) => string
  onRowClicked?: (row: T) => void
  rowClass?: (row: T, index: number) => string | undefined
  rowStyle?: (row: T, index: number) => RowStyle | undefined
  /** AG Grid's own texts (filter popup, overlays); default: the UI language's (gridLocale) */
  localeText?: Record<string, string>
  exportName: string
  exportTitle?: string
  blockSize?: number
  maxBlocks?: number
  toolbar?: ReactNode
  header?: ReactNode
  onFilterChanged?: (model: Record<string, unknown>) => void
  handle?: Ref<ServerGridHandle<T>>
  /** exports get report / table / row / line columns from this */
  exportProvenance?: (row: T) => Provenance | null
}

/** The loaded rows in display order. */
function loadedNodes<T>(grid: GridApi<T>): IRowNode<T>[] {
  const nodes: IRowNode<T>[] = []
  grid.forEachNode((n) => {
    if (n.data) nodes.push(n)
  })
  return nodes.sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0))
}

export function ServerGrid<T>(props: Props<T>) {
  const { t, lang } = useI18n()
  const theme = useGridTheme()
  const gridRef = useRef<GridApi<T> | null>(null)
  // column filters outlive a re-created grid (a language switch)
  const filterRef = useRef<Record<string, unknown> | null>(null)
  const fetchRef = useRef(props.fetchBlock)
  fetchRef.current = props.fetchBlock
  const stateKey = `grid:${props.id}:columns`
  const blockSize = props.blockSize ?? 100

  // One datasource per query: AG Grid treats a new datasource as "start over".
  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(p: IGetRowsParams) {
        const want = p.endRow - p.startRow
        fetchRef
          .current({ startRow: p.startRow, endRow: p.endRow, sortModel: p.sortModel, filterModel: p.filterModel ?? {} })
          .then((r) => {
            const known = r.total != null && r.total >= 0 ? r.total : r.rows.length < want ? p.startRow + r.rows.length : undefined
            p.successCallback(r.rows, known)
          })
          .catch(() => p.failCallback())
      },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.queryKey],
  )

  useImperativeHandle(
    props.handle,
    () => ({
      refresh: () => gridRef.current?.refreshInfiniteCache(),
      setRowCount: (total: number) => {
        const g = gridRef.current
        if (g && !g.isDestroyed()) g.setRowCount(total, true)
      },
      api: () => gridRef.current,
    }),
    [],
  )

  // New column definitions (language, currency, names loaded later): redraw what is shown.
  useEffect(() => {
    const g = gridRef.current
    if (g && !g.isDestroyed()) g.refreshCells({ force: true })
  }, [props.columns])

  const resetColumns = () => {
    gridRef.current?.resetColumnState()
    api['prefs.set']({ key: stateKey, value: '[]' }).catch(() => {})
  }

  const menus = useColumnMenus<T>({ api: () => gridRef.current, onReset: resetColumns })
  const defaultColDef = useMemo<ColDef<T>>(
    () => ({ sortable: false, resizable: true, suppressHeaderMenuButton: true, headerComponentParams: menus.headerParams }),
    [menus.headerParams],
  )

  const onReady = useCallback(
    (e: GridReadyEvent<T>) => {
      gridRef.current = e.api
      menus.attach(e.api)
      if (filterRef.current) e.api.setFilterModel(filterRef.current)
      api['prefs.get']({ key: stateKey })
        .then((r) => {
          if (r.value && !e.api.isDestroyed()) e.api.applyColumnState({ state: JSON.parse(r.value), applyOrder: true })
        })
        .catch(() => {})
    },
    [stateKey, menus.attach],
  )

  const saveState = useCallback(() => {
    const g = gridRef.current
    if (!g || g.isDestroyed()) return
    api['prefs.set']({ key: stateKey, value: JSON.stringify(g.getColumnState()) }).catch(() => {})
  }, [stateKey])

  // the loaded rows, through shared/gridExport (explicit unique headers, numbers as numbers)
  const exportTable = () => {
    const g = gridRef.current
    return g ? gridExportTable(g, loadedNodes(g), { lang, provenance: props.exportProvenance }) : null
  }
  const exportCsv = () => {
    const table = exportTable()
    if (table) downloadCsv(table, props.exportName)
  }
  const exportExcel = async () => {
    const table = exportTable()
    if (table) await downloadXlsx(table, props.exportName)
  }

  const { rowClass, rowStyle } = props
  const getRowClass = useMemo(
    () => (rowClass ? (p: RowClassParams<T>) => (p.data ? rowClass(p.data, p.node.rowIndex ?? -1) : undefined) : undefined),
    [rowClass],
  )
  const getRowStyle = useMemo(
    () => (rowStyle ? (p: RowClassParams<T>) => (p.data ? rowStyle(p.data, p.node.rowIndex ?? -1) : undefined) : undefined),
    [rowStyle],
  )

  return (
    <div className="grid-wrap">
      <div className="toolbar">
        {props.toolbar}
        <span className="spacer" />
        {menus.chooserToggle}
        <button onClick={resetColumns}>{t.resetColumns}</button>
        <button onClick={exportCsv} title={props.exportTitle}>
          {t.exportCsv}
        </button>
        <button onClick={() => void exportExcel()} title={props.exportTitle}>
          {t.exportXlsx}
        </button>
      </div>
      {props.header}
      <div className="grid" {...menus.wrapProps}>
        <AgGridReact<T>
          // localeText is read when the grid is created: a new language is a new grid
          key={lang}
          theme={theme}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={blockSize}
          maxBlocksInCache={props.maxBlocks ?? 30}
          cacheOverflowSize={1}
          infiniteInitialRowCount={1}
          maxConcurrentDatasourceRequests={2}
          blockLoadDebounceMillis={20}
          columnDefs={props.columns}
          defaultColDef={defaultColDef}
          localeText={props.localeText ?? gridLocale(lang)}
          onGridReady={onReady}
          onColumnMoved={saveState}
          onColumnResized={(e) => e.finished && saveState()}
          onSortChanged={saveState}
          onColumnVisible={saveState}
          onColumnPinned={saveState}
          onFilterChanged={(e) => {
            const m = e.api.getFilterModel() as Record<string, unknown>
            filterRef.current = Object.keys(m).length ? m : null
            props.onFilterChanged?.(m)
          }}
          onRowClicked={(e: RowClickedEvent<T>) => {
            if ((e.event?.target as HTMLElement | null)?.closest('input, button, select, a')) return
            if (e.data) props.onRowClicked?.(e.data)
          }}
          onCellKeyDown={(e: CellKeyDownEvent<T> | FullWidthCellKeyDownEvent<T>) => {
            // Enter on a row opens it, as a click does (not from a control inside the row)
            const ke = e.event as KeyboardEvent | null | undefined
            if (!ke || ke.key !== 'Enter' || ke.altKey || ke.ctrlKey || ke.metaKey || !e.data) return
            if ((ke.target as HTMLElement | null)?.closest?.('input, button, select, a, textarea')) return
            ke.preventDefault()
            props.onRowClicked?.(e.data)
          }}
          getRowId={(p) => props.getRowId(p.data)}
          getRowClass={getRowClass}
          getRowStyle={getRowStyle}
          tooltipShowDelay={200}
          enableBrowserTooltips={false}
          animateRows={false}
        />
      </div>
      {menus.popups}
    </div>
  )
}
