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
 */
import { AgGridReact, type CustomCellRendererProps } from 'ag-grid-react'
import {
  type CellClickedEvent,
  type CellKeyDownEvent,
  type ColDef,
  type FullWidthCellKeyDownEvent,
  type GridApi,
  type GridReadyEvent,
  type IDoesFilterPassParams,
  type IFilterComp,
  type IFilterParams,
  type IRowNode,
  type PostSortRowsParams,
  type RowClickedEvent,
} from 'ag-grid-community'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { api } from '../api'
import { useGridTheme } from './gridTheme'
import { gridLocale } from './gridLocale'
import { useI18n } from '../i18n'
import { downloadCsv, downloadXlsx, gridExportTable } from '../exportXlsx'
import type { Provenance } from '../../../shared/gridExport'
import { attempt, notifyError } from '../notices'
import { fetchApi, queryClient, setApiData, useApiQuery } from '../useApi'
import { useColumnMenus, type MenuItem } from './ColumnMenu'
import { useGridText, type GridText } from './gridText'


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

const GROUP_COL = '__group'
const STUB = '__wbGroupStub'

/** The one row a collapsed group shows (a full-width row, not data). */
interface GroupStub {
  [STUB]: true
  key: string
  count: number
}
type GridRow<T> = T | GroupStub

function isStub(d: unknown): d is GroupStub {
  return !!d && typeof d === 'object' && (d as Record<string, unknown>)[STUB] === true
}

const stubId = (key: string) => `${STUB}:${key}`

/** Keys, clicks, and rows with controls of their own: a control acts on its own, not as the row. */
const fromControl = (e: Event | null | undefined) => !!(e?.target as HTMLElement | null)?.closest?.('input, button, select, a, textarea')

/** What the group cells and group rows read (AG Grid's context: one object, read at render). */
interface GroupContext {
  counts: Map<string, number>
  words: GridText
}

interface CollapseFilterParams extends IFilterParams {
  keyOf: (d: unknown) => string
  onInit: (p: IFilterParams) => void
}

/** The group column's filter: rows of a collapsed group do not pass. Its model: { collapsed }. */
class CollapseFilter implements IFilterComp {
  private collapsed = new Set<string>()
  private keyOf: (d: unknown) => string = () => ''
  private gui = document.createElement('div')
  init(p: CollapseFilterParams) {
    this.keyOf = p.keyOf
    p.onInit(p)
  }
  /** new column definitions (the grouping's names loaded later): the same filter, its model kept */
  refresh(p: CollapseFilterParams) {
    this.keyOf = p.keyOf
    p.onInit(p)
    return true
  }
  getGui() {
    return this.gui
  }
  isFilterActive() {
    return this.collapsed.size > 0
  }
  doesFilterPass(p: IDoesFilterPassParams) {
    return !this.collapsed.has(this.keyOf(p.data))
  }
  getModel() {
    return this.collapsed.size ? { collapsed: [...this.collapsed] } : null
  }
  setModel(m: { collapsed?: string[] } | null) {
    this.collapsed = new Set(m?.collapsed ?? [])
  }
}

/** The spanned group cell of an expanded group: ▾ name (count). */
function GroupCell(p: CustomCellRendererProps) {
  const ctx = p.context as GroupContext
  const key = String(p.value ?? '')
  return (
    <span className="wb-group" title={ctx.words.groupToggleTitle} data-testid="group-cell" data-group={key} aria-expanded="true">
      <span className="wb-group-twisty" aria-hidden="true">
        ▾
      </span>
      <span className="wb-group-name">{key}</span>
      <span className="wb-group-count">({ctx.counts.get(key) ?? 0})</span>
    </span>
  )
}

/** A collapsed group: one full-width row ▸ name (count). */
function GroupStubRow(p: CustomCellRendererProps) {
  const ctx = p.context as GroupContext
  const d = p.data as GroupStub
  return (
    <div className="wb-group-row" title={`${ctx.words.groupCollapsed(d.count)} · ${ctx.words.groupToggleTitle}`} data-testid="group-row" data-group={d.key} aria-expanded="false">
      <span className="wb-group-twisty" aria-hidden="true">
        ▸
      </span>
      <span className="wb-group-name">{d.key}</span>
      <span className="wb-group-count">({d.count})</span>
    </div>
  )
}

const sameCounts = (a: Map<string, number>, b: Map<string, number>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v)

export function DataGrid<T>(props: Props<T>) {
  const { t, lang } = useI18n()
  const w = useGridText()
  const theme = useGridTheme()
  const apiRef = useRef<GridApi<GridRow<T>> | null>(null)
  const [quick, setQuick] = useState('')
  // column filters outlive a re-created grid (a language switch or a new grouping)
  const filterRef = useRef<Record<string, unknown> | null>(null)
  const stateKey = `grid:${props.id}:columns`
  const groupPref = useMemo(() => ({ key: `grid:${props.id}:group` }), [props.id])
  const groupKey = useApiQuery('prefs.get', groupPref).data?.value || 'none'
  const group = props.groups?.find((g) => g.key === groupKey)

  const keyOf = useCallback((d: unknown): string => (isStub(d) ? d.key : d && group ? group.value(d as T) : ''), [group])

  // collapsed groups of the current grouping (a new grouping starts all expanded)
  const [collapsedState, setCollapsedState] = useState<{ group: string; keys: Set<string> }>({ group: groupKey, keys: new Set() })
  const collapsed = useMemo(() => (collapsedState.group === groupKey ? collapsedState.keys : new Set<string>()), [collapsedState, groupKey])
  const collapsedRef = useRef(collapsed)
  collapsedRef.current = collapsed
  const setCollapsed = useCallback((f: (s: Set<string>) => Set<string>) => setCollapsedState((c) => ({ group: groupKey, keys: f(c.group === groupKey ? c.keys : new Set()) })), [groupKey])

  // the collapse filter's view of "every other filter" (set when the grid creates it)
  const passOther = useRef<((n: IRowNode<GridRow<T>>) => boolean) | null>(null)
  /** after a toggle from the grid: where the focus goes once the rows moved */
  const pendingFocus = useRef<{ key: string; collapsed: boolean } | null>(null)

  const allCounts = useMemo(() => {
    const m = new Map<string, number>()
    if (group) for (const r of props.rows) m.set(group.value(r), (m.get(group.value(r)) ?? 0) + 1)
    return m
  }, [group, props.rows])
  // the counts the grid found (onModelUpdated); before it has looked, every row counts
  const [counts, setCounts] = useState(allCounts)
  const countsRef = useRef(counts)
  countsRef.current = counts
  // one object for the grid's lifetime (AG Grid reads `context` once), its fields kept current
  const context = useRef<GroupContext>({ counts, words: w }).current
  context.counts = counts
  context.words = w
  useEffect(() => {
    const g = apiRef.current
    if (g && !g.isDestroyed() && group) g.refreshCells({ columns: [GROUP_COL], force: true })
  }, [counts, group])

  /** the order groups first appear in the data (kept whatever the sort, unless the group column is sorted) */
  const groupOrder = useMemo(() => {
    const m = new Map<string, number>()
    if (group) for (const r of props.rows) if (!m.has(group.value(r))) m.set(group.value(r), m.size)
    return m
  }, [group, props.rows])

  const toggle = useCallback(
    (key: string, focus: boolean) => {
      const willCollapse = !collapsedRef.current.has(key)
      pendingFocus.current = focus ? { key, collapsed: willCollapse } : null
      setCollapsed((s) => {
        const n = new Set(s)
        if (willCollapse) n.add(key)
        else n.delete(key)
        return n
      })
    },
    [setCollapsed],
  )
  const collapseAll = useCallback(() => {
    pendingFocus.current = null
    setCollapsed(() => new Set(groupOrder.keys()))
  }, [setCollapsed, groupOrder])
  const expandAll = useCallback(() => {
    pendingFocus.current = null
    setCollapsed(() => new Set())
  }, [setCollapsed])

  const rowData = useMemo<GridRow<T>[]>(() => {
    if (!group || collapsed.size === 0) return props.rows
    const stubs: GroupStub[] = [...collapsed].filter((k) => (counts.get(k) ?? 0) > 0).map((k) => ({ [STUB]: true, key: k, count: counts.get(k) ?? 0 }))
    return [...props.rows, ...stubs]
  }, [group, collapsed, counts, props.rows])

  // rows without an id of their own get one (stable per row object): rows and group rows update in place
  const ids = useRef(new WeakMap<object, string>())
  const getRowId = useCallback(
    (d: GridRow<T>): string => {
      if (isStub(d)) return stubId(d.key)
      if (props.getRowId) return props.getRowId(d)
      const o = d as object
      let id = ids.current.get(o)
      if (!id) ids.current.set(o, (id = `r${Math.random().toString(36).slice(2)}`))
      return id
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.getRowId],
  )

  const columns = useMemo<ColDef<GridRow<T>>[]>(() => {
    // a numeric column filters as numbers; the page's value getters never see a group row
    const own = props.columns.map((c): ColDef<GridRow<T>> => {
      const numeric = c.type === 'numericColumn' || (Array.isArray(c.type) && c.type.includes('numericColumn'))
      const vg = c.valueGetter
      return {
        ...(c as ColDef<GridRow<T>>),
        ...(numeric && c.filter === undefined ? { filter: 'agNumberColumnFilter' } : {}),
        ...(typeof vg === 'function' ? { valueGetter: (p) => (isStub(p.data) ? null : (vg as (q: typeof p) => unknown)(p)) } : {}),
      }
    })
    if (!group) return own
    const groupCol: ColDef<GridRow<T>> = {
      colId: GROUP_COL,
      headerName: group.label,
      valueGetter: (p) => keyOf(p.data),
      getQuickFilterText: (p) => keyOf(p.data),
      cellRenderer: GroupCell,
      pinned: 'left',
      lockPinned: true,
      lockVisible: true,
      lockPosition: 'left',
      spanRows: true,
      width: 200,
      cellClass: 'group-cell',
      headerClass: 'wb-group-header',
      filter: CollapseFilter,
      filterParams: {
        keyOf,
        onInit: (p: IFilterParams<GridRow<T>>) => {
          passOther.current = p.doesRowPassOtherFilter
        },
      },
      suppressHeaderFilterButton: true,
      floatingFilter: false,
    }
    return [groupCol, ...own]
  }, [group, props.columns, keyOf])

  /** rows that pass every filter but the collapse filter, by group, in data order */
  const collapsedMembers = useCallback(
    (g: GridApi<GridRow<T>>) => {
      const m = new Map<string, IRowNode<GridRow<T>>[]>()
      const pass = passOther.current
      if (!group || collapsedRef.current.size === 0 || !pass) return m
      g.forEachNode((n) => {
        if (!n.data || isStub(n.data)) return
        const k = group.value(n.data)
        if (!collapsedRef.current.has(k) || !pass(n)) return
        if (!m.has(k)) m.set(k, [])
        m.get(k)!.push(n)
      })
      return m
    },
    [group],
  )

  /** what the grid holds after filters and quick search, in display order; a collapsed group's rows where its row is */
  const shownNodes = useCallback(
    (g: GridApi<GridRow<T>>): IRowNode<T>[] => {
      const hidden = collapsedMembers(g)
      const out: IRowNode<GridRow<T>>[] = []
      g.forEachNodeAfterFilterAndSort((n) => {
        if (!n.data) return
        if (isStub(n.data)) out.push(...(hidden.get(n.data.key) ?? []))
        else out.push(n)
      })
      return out as IRowNode<T>[]
    },
    [collapsedMembers],
  )

  const recount = useCallback(
    (g: GridApi<GridRow<T>>) => {
      if (!group) return
      const m = new Map<string, number>()
      const add = (n: IRowNode<GridRow<T>>) => {
        if (!n.data || isStub(n.data)) return
        const k = group.value(n.data)
        m.set(k, (m.get(k) ?? 0) + 1)
      }
      const pass = passOther.current
      if (collapsedRef.current.size > 0 && pass) g.forEachNode((n) => pass(n) && add(n))
      else if (collapsedRef.current.size > 0) return // the collapse filter is not made yet: counts come with it
      else g.forEachNodeAfterFilter(add)
      if (!sameCounts(m, countsRef.current)) setCounts(m)
    },
    [group],
  )

  const applyCollapse = useCallback(
    (g: GridApi<GridRow<T>>) => {
      if (!group || g.isDestroyed()) return
      const keys = [...collapsedRef.current]
      void g.setColumnFilterModel(GROUP_COL, keys.length ? { collapsed: keys } : null).then(() => {
        if (g.isDestroyed()) return
        g.onFilterChanged()
        const f = pendingFocus.current
        pendingFocus.current = null
        if (!f) return
        let index: number | null = null
        if (f.collapsed) index = g.getRowNode(stubId(f.key))?.rowIndex ?? null
        else
          g.forEachNodeAfterFilterAndSort((n) => {
            if (index == null && n.data && !isStub(n.data) && group.value(n.data) === f.key) index = n.rowIndex
          })
        if (index == null) return
        g.ensureIndexVisible(index)
        g.setFocusedCell(index, GROUP_COL)
      })
    },
    [group],
  )
  // a toggle: the group rows are in rowData (the grid took them in its own effect); now the filter
  useEffect(() => {
    const g = apiRef.current
    if (g) applyCollapse(g)
  }, [collapsed, applyCollapse])

  const resetColumns = () => {
    apiRef.current?.resetColumnState()
    void attempt(api['prefs.set']({ key: stateKey, value: '[]' }))
  }

  const menus = useColumnMenus<GridRow<T>>({
    api: () => apiRef.current,
    locked: (colId) => colId === GROUP_COL,
    extraItems: (colId): MenuItem[] =>
      colId === GROUP_COL
        ? [
            { key: 'collapseAll', label: w.collapseAll, onSelect: collapseAll },
            { key: 'expandAll', label: w.expandAll, onSelect: expandAll },
          ]
        : [],
    onReset: resetColumns,
  })

  const defaultColDef = useMemo<ColDef<GridRow<T>>>(
    () => ({ sortable: true, filter: true, resizable: true, floatingFilter: false, headerComponentParams: menus.headerParams }),
    [menus.headerParams],
  )

  const onReady = useCallback(
    (e: GridReadyEvent<GridRow<T>>) => {
      apiRef.current = e.api
      menus.attach(e.api)
      if (filterRef.current) e.api.setFilterModel(filterRef.current)
      if (collapsedRef.current.size) applyCollapse(e.api)
      // Applied once when the grid is ready; later changes come from the grid itself.
      fetchApi('prefs.get', { key: stateKey })
        .then((r) => {
          if (r.value && !e.api.isDestroyed()) e.api.applyColumnState({ state: JSON.parse(r.value), applyOrder: true })
        })
        .catch(notifyError)
    },
    [stateKey, applyCollapse, menus.attach],
  )

  const saveState = useCallback(() => {
    const a = apiRef.current
    if (!a) return
    const state = a.getColumnState().filter((c) => c.colId !== GROUP_COL)
    void attempt(api['prefs.set']({ key: stateKey, value: JSON.stringify(state) }))
  }, [stateKey])

  // Keep each group's rows together after any sort, preserving the user's order inside it; a
  // collapsed group's row first. Groups keep their order unless the group column is sorted.
  const postSortRows = useCallback(
    (p: PostSortRowsParams<GridRow<T>>) => {
      if (!group) return
      const byGroup = !!p.api.getColumn(GROUP_COL)?.getSort()
      const order = new Map<string, number>()
      const keyOfNode = (n: (typeof p.nodes)[number]) => keyOf(n.data)
      if (byGroup)
        p.nodes.forEach((n, i) => {
          const k = keyOfNode(n)
          if (!order.has(k)) order.set(k, i)
        })
      const rank = (k: string) => (byGroup ? order.get(k)! : (groupOrder.get(k) ?? groupOrder.size))
      const idx = new Map(p.nodes.map((n, i) => [n, i]))
      p.nodes.sort((a, b) => rank(keyOfNode(a)) - rank(keyOfNode(b)) || Number(isStub(b.data)) - Number(isStub(a.data)) || idx.get(a)! - idx.get(b)!)
    },
    [group, groupOrder, keyOf],
  )

  const changeGroup = async (k: string) => {
    setApiData('prefs.get', groupPref, { value: k })
    if (!(await attempt(api['prefs.set']({ key: groupPref.key, value: k })))) void queryClient.invalidateQueries({ queryKey: ['prefs.get', groupPref] })
  }

  const exportOpts = { lang, provenance: props.exportProvenance }
  const exportTable = () => {
    const g = apiRef.current
    return g ? gridExportTable(g as unknown as GridApi<T>, shownNodes(g), exportOpts) : null
  }
  const exportCsv = () => {
    const table = exportTable()
    if (table) downloadCsv(table, props.exportName)
  }
  const exportExcel = () => {
    const table = exportTable()
    if (table) void attempt(downloadXlsx(table, props.exportName))
  }

  const onCellKeyDown = (e: CellKeyDownEvent<GridRow<T>> | FullWidthCellKeyDownEvent<GridRow<T>>) => {
    const ke = e.event as KeyboardEvent | null | undefined
    if (!ke || !e.data || fromControl(ke) || ke.altKey || ke.ctrlKey || ke.metaKey) return
    const enter = ke.key === 'Enter'
    const space = ke.key === ' '
    if (!enter && !space) return
    const onGroup = isStub(e.data) || ('column' in e && e.column.getColId() === GROUP_COL)
    if (onGroup) {
      ke.preventDefault()
      toggle(keyOf(e.data), true)
    } else if (enter) {
      ke.preventDefault()
      props.onRowClicked?.(e.data as T)
    }
  }

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
        {group && (
          <>
            <button type="button" onClick={collapseAll} data-testid="collapse-all" disabled={collapsed.size >= groupOrder.size}>
              {w.collapseAll}
            </button>
            <button type="button" onClick={expandAll} data-testid="expand-all" disabled={collapsed.size === 0}>
              {w.expandAll}
            </button>
          </>
        )}
        {props.toolbarExtra}
        <span className="spacer" />
        {menus.chooserToggle}
        <button onClick={resetColumns}>{t.resetColumns}</button>
        <button onClick={exportCsv}>{t.exportCsv}</button>
        <button onClick={exportExcel}>{t.exportXlsx}</button>
      </div>
      {props.header}
      <div className="grid" {...menus.wrapProps}>
        <AgGridReact<GridRow<T>>
          // localeText is read when the grid is created: a new language is a new grid
          key={`${lang}:${group?.key ?? 'none'}`}
          theme={theme}
          localeText={gridLocale(lang)}
          rowData={rowData}
          columnDefs={columns}
          defaultColDef={defaultColDef}
          context={context}
          quickFilterText={quick}
          enableCellSpan={!!group}
          postSortRows={postSortRows}
          alwaysPassFilter={(n) => isStub(n.data)}
          isFullWidthRow={(p) => isStub(p.rowNode.data)}
          fullWidthCellRenderer={GroupStubRow}
          onGridReady={onReady}
          onColumnMoved={saveState}
          onColumnResized={(e) => e.finished && saveState()}
          onSortChanged={saveState}
          onColumnVisible={saveState}
          onColumnPinned={saveState}
          onFilterChanged={(e) => {
            const m = { ...e.api.getFilterModel() }
            delete m[GROUP_COL]
            filterRef.current = Object.keys(m).length ? m : null
          }}
          onModelUpdated={(e) => {
            recount(e.api)
            if (!props.onDisplayedRowsChanged) return
            props.onDisplayedRowsChanged(shownNodes(e.api).map((n) => n.data!))
          }}
          onCellClicked={(e: CellClickedEvent<GridRow<T>>) => {
            if (e.column.getColId() === GROUP_COL && e.data && !isStub(e.data)) toggle(keyOf(e.data), true)
          }}
          onRowClicked={(e: RowClickedEvent<GridRow<T>>) => {
            if (isStub(e.data)) return toggle(e.data.key, true)
            const target = e.event?.target as HTMLElement | null
            // the group cell toggles its group (onCellClicked); it does not open the row
            if (target?.closest?.('.group-cell')) return
            // A checkbox or button inside a row acts on its own; it must not also open the row.
            if (fromControl(e.event)) return
            if (e.data) props.onRowClicked?.(e.data as T)
          }}
          onCellKeyDown={onCellKeyDown}
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
