/**
 * DataGrid's columns under group-by: the page's own columns made safe for group rows, the pinned
 * group column (its spanned cells, its collapse filter) and the full-width row of a collapsed
 * group, plus the sort that keeps each group's rows together (Community has no row grouping).
 */
import type { CustomCellRendererProps } from 'ag-grid-react'
import type { ColDef, IFilterParams, PostSortRowsParams } from 'ag-grid-community'
import { CollapseFilter, GROUP_COL, isStub, type GridRow, type GroupContext, type GroupOption, type GroupStub, type PassOther } from './groupRows'

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
export function GroupStubRow(p: CustomCellRendererProps) {
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

/** The page's columns: a numeric column filters as numbers; the page's value getters never see a group row. */
export function ownColumns<T>(columns: ColDef<T>[]): ColDef<GridRow<T>>[] {
  return columns.map((c): ColDef<GridRow<T>> => {
    const numeric = c.type === 'numericColumn' || (Array.isArray(c.type) && c.type.includes('numericColumn'))
    const vg = c.valueGetter
    return {
      ...(c as ColDef<GridRow<T>>),
      ...(numeric && c.filter === undefined ? { filter: 'agNumberColumnFilter' } : {}),
      ...(typeof vg === 'function' ? { valueGetter: (p) => (isStub(p.data) ? null : (vg as (q: typeof p) => unknown)(p)) } : {}),
    }
  })
}

/** The group column, pinned first; `onPassOther` gets the collapse filter's view of the other filters when the grid makes it. */
export function groupColumn<T>(group: GroupOption<T>, keyOf: (d: unknown) => string, onPassOther: (pass: PassOther<T>) => void): ColDef<GridRow<T>> {
  return {
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
      onInit: (p: IFilterParams<GridRow<T>>) => onPassOther(p.doesRowPassOtherFilter),
    },
    suppressHeaderFilterButton: true,
    floatingFilter: false,
  }
}

/**
 * Keep each group's rows together after any sort, preserving the user's order inside it; a
 * collapsed group's row first. Groups keep their order (`groupOrder`, as they first appear in the
 * data) unless the group column is sorted.
 */
export function sortGroupsTogether<T>(p: PostSortRowsParams<GridRow<T>>, keyOf: (d: unknown) => string, groupOrder: Map<string, number>) {
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
}
