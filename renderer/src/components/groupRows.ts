/**
 * DataGrid's group rows, apart from React: what a collapsed group's row is, the group column's
 * filter (CollapseFilter) and the walks over the grid's nodes that counts, exports and focus
 * need. DataGrid.tsx says how group-by works as a whole; useGroupRows.ts holds its state.
 */
import type { GridApi, IDoesFilterPassParams, IFilterComp, IFilterParams, IRowNode } from 'ag-grid-community'
import type { GridText } from './gridText'

export interface GroupOption<T> {
  key: string
  label: string
  value: (row: T) => string
}

export const GROUP_COL = '__group'
const STUB = '__wbGroupStub'

/** The one row a collapsed group shows (a full-width row, not data). */
export interface GroupStub {
  [STUB]: true
  key: string
  count: number
}
export type GridRow<T> = T | GroupStub

export function isStub(d: unknown): d is GroupStub {
  return !!d && typeof d === 'object' && (d as Record<string, unknown>)[STUB] === true
}

export const stubId = (key: string) => `${STUB}:${key}`

export const groupStub = (key: string, count: number): GroupStub => ({ [STUB]: true, key, count })

/** What the group cells and group rows read (AG Grid's context: one object, read at render). */
export interface GroupContext {
  counts: Map<string, number>
  words: GridText
}

/** The collapse filter's view of "every other filter" (rows passing all but the collapse filter). */
export type PassOther<T> = (n: IRowNode<GridRow<T>>) => boolean

export interface CollapseFilterParams extends IFilterParams {
  keyOf: (d: unknown) => string
  onInit: (p: IFilterParams) => void
}

/** The group column's filter: rows of a collapsed group do not pass. Its model: { collapsed }. */
export class CollapseFilter implements IFilterComp {
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

export const sameCounts = (a: Map<string, number>, b: Map<string, number>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v)

/** rows that pass every filter but the collapse filter, by group, in data order */
export function collapsedMembers<T>(g: GridApi<GridRow<T>>, group: GroupOption<T> | undefined, collapsed: Set<string>, pass: PassOther<T> | null) {
  const m = new Map<string, IRowNode<GridRow<T>>[]>()
  if (!group || collapsed.size === 0 || !pass) return m
  g.forEachNode((n) => {
    if (!n.data || isStub(n.data)) return
    const k = group.value(n.data)
    if (!collapsed.has(k) || !pass(n)) return
    if (!m.has(k)) m.set(k, [])
    m.get(k)!.push(n)
  })
  return m
}

/** what the grid holds after filters and quick search, in display order; a collapsed group's rows (`hidden`) where its row is */
export function nodesShown<T>(g: GridApi<GridRow<T>>, hidden: Map<string, IRowNode<GridRow<T>>[]>): IRowNode<T>[] {
  const out: IRowNode<GridRow<T>>[] = []
  g.forEachNodeAfterFilterAndSort((n) => {
    if (!n.data) return
    if (isStub(n.data)) out.push(...(hidden.get(n.data.key) ?? []))
    else out.push(n)
  })
  return out as IRowNode<T>[]
}

/**
 * Rows by group that pass the other filters and the quick search, collapsed or not; null while
 * groups are collapsed but the collapse filter is not made yet (its counts come with it).
 */
export function countGroups<T>(g: GridApi<GridRow<T>>, group: GroupOption<T>, collapsed: Set<string>, pass: PassOther<T> | null): Map<string, number> | null {
  const m = new Map<string, number>()
  const add = (n: IRowNode<GridRow<T>>) => {
    if (!n.data || isStub(n.data)) return
    const k = group.value(n.data)
    m.set(k, (m.get(k) ?? 0) + 1)
  }
  if (collapsed.size > 0 && pass) g.forEachNode((n) => pass(n) && add(n))
  else if (collapsed.size > 0) return null
  else g.forEachNodeAfterFilter(add)
  return m
}

/** After a toggle from the grid: the focus on the group's cell where its rows now are (its row, or its first row). */
export function focusGroup<T>(g: GridApi<GridRow<T>>, group: GroupOption<T>, f: { key: string; collapsed: boolean }) {
  let index: number | null = null
  if (f.collapsed) index = g.getRowNode(stubId(f.key))?.rowIndex ?? null
  else
    g.forEachNodeAfterFilterAndSort((n) => {
      if (index == null && n.data && !isStub(n.data) && group.value(n.data) === f.key) index = n.rowIndex
    })
  if (index == null) return
  g.ensureIndexVisible(index)
  g.setFocusedCell(index, GROUP_COL)
}
