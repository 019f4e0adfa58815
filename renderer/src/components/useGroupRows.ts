/**
 * The state behind DataGrid's group-by: which grouping (a workspace pref per grid), which groups
 * are collapsed, the counts the grid found, the rows and columns that follow from them, and the
 * collapse filter kept in step. Refs mirror state where AG Grid calls back outside React's render
 * (its filter, its events, its sort). The non-React pieces are in groupRows.ts / groupColumns.tsx.
 */
import type { ColDef, GridApi, PostSortRowsParams } from 'ag-grid-community'
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import { api } from '../api'
import { attempt } from '../notices'
import { queryClient, setApiData, useApiQuery } from '../useApi'
import type { GridText } from './gridText'
import { groupColumn, ownColumns, sortGroupsTogether } from './groupColumns'
import { collapsedMembers, countGroups, focusGroup, GROUP_COL, groupStub, isStub, nodesShown, sameCounts, type GridRow, type GroupContext, type GroupOption, type PassOther } from './groupRows'

type ApiRef<T> = RefObject<GridApi<GridRow<T>> | null>

/** The grouping chosen for grid `id` (pref grid:<id>:group; 'none' when unset). */
function useGroupChoice<T>(id: string, groups: GroupOption<T>[] | undefined) {
  const groupPref = useMemo(() => ({ key: `grid:${id}:group` }), [id])
  const groupKey = useApiQuery('prefs.get', groupPref).data?.value || 'none'
  const group = groups?.find((g) => g.key === groupKey)
  const changeGroup = async (k: string) => {
    setApiData('prefs.get', groupPref, { value: k })
    if (!(await attempt(api['prefs.set']({ key: groupPref.key, value: k })))) void queryClient.invalidateQueries({ queryKey: ['prefs.get', groupPref] })
  }
  return { groupKey, group, changeGroup }
}

/** After a toggle from the grid: where the focus goes once the rows moved. */
interface PendingFocus {
  key: string
  collapsed: boolean
}

/** The collapsed groups of the current grouping (a new grouping starts all expanded). */
function useCollapsed(groupKey: string, groupOrder: Map<string, number>) {
  const [collapsedState, setCollapsedState] = useState<{ group: string; keys: Set<string> }>({ group: groupKey, keys: new Set() })
  const collapsed = useMemo(() => (collapsedState.group === groupKey ? collapsedState.keys : new Set<string>()), [collapsedState, groupKey])
  const collapsedRef = useRef(collapsed)
  collapsedRef.current = collapsed
  const setCollapsed = useCallback((f: (s: Set<string>) => Set<string>) => setCollapsedState((c) => ({ group: groupKey, keys: f(c.group === groupKey ? c.keys : new Set()) })), [groupKey])
  const pendingFocus = useRef<PendingFocus | null>(null)

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
  return { collapsed, collapsedRef, pendingFocus, toggle, collapseAll, expandAll }
}

/** The counts the grid found (onModelUpdated: `recount`) and the context the group cells read them from. */
function useGroupCounts<T>(group: GroupOption<T> | undefined, rows: T[], collapsedRef: RefObject<Set<string>>, passOther: RefObject<PassOther<T> | null>, apiRef: ApiRef<T>, words: GridText) {
  const allCounts = useMemo(() => {
    const m = new Map<string, number>()
    if (group) for (const r of rows) m.set(group.value(r), (m.get(group.value(r)) ?? 0) + 1)
    return m
  }, [group, rows])
  // before the grid has looked, every row counts
  const [counts, setCounts] = useState(allCounts)
  const countsRef = useRef(counts)
  countsRef.current = counts
  // one object for the grid's lifetime (AG Grid reads `context` once), its fields kept current
  const context = useRef<GroupContext>({ counts, words }).current
  context.counts = counts
  context.words = words
  useEffect(() => {
    const g = apiRef.current
    if (g && !g.isDestroyed() && group) g.refreshCells({ columns: [GROUP_COL], force: true })
  }, [counts, group, apiRef])

  const recount = useCallback(
    (g: GridApi<GridRow<T>>) => {
      if (!group) return
      const m = countGroups(g, group, collapsedRef.current, passOther.current)
      if (m && !sameCounts(m, countsRef.current)) setCounts(m)
    },
    [group, collapsedRef, passOther],
  )
  return { counts, context, recount }
}

/** The collapse filter follows `collapsed`: its model set, then the focus a toggle asked for. */
function useCollapseSync<T>(group: GroupOption<T> | undefined, collapsed: Set<string>, collapsedRef: RefObject<Set<string>>, pendingFocus: RefObject<PendingFocus | null>, apiRef: ApiRef<T>) {
  const applyCollapse = useCallback(
    (g: GridApi<GridRow<T>>) => {
      if (!group || g.isDestroyed()) return
      const keys = [...collapsedRef.current]
      void g.setColumnFilterModel(GROUP_COL, keys.length ? { collapsed: keys } : null).then(() => {
        if (g.isDestroyed()) return
        g.onFilterChanged()
        const f = pendingFocus.current
        pendingFocus.current = null
        if (f) focusGroup(g, group, f)
      })
    },
    [group, collapsedRef, pendingFocus],
  )
  // a toggle: the group rows are in rowData (the grid took them in its own effect); now the filter
  useEffect(() => {
    const g = apiRef.current
    if (g) applyCollapse(g)
  }, [collapsed, applyCollapse, apiRef])
  return applyCollapse
}

interface GroupRowsInput<T> {
  id: string
  groups: GroupOption<T>[] | undefined
  rows: T[]
  columns: ColDef<T>[]
  apiRef: ApiRef<T>
  words: GridText
}

export type GroupRows<T> = ReturnType<typeof useGroupRows<T>>

/** Everything DataGrid hands AG Grid for group-by, and what its toolbar and events need. */
export function useGroupRows<T>({ id, groups, rows, columns, apiRef, words }: GroupRowsInput<T>) {
  const { groupKey, group, changeGroup } = useGroupChoice(id, groups)
  const keyOf = useCallback((d: unknown): string => (isStub(d) ? d.key : d && group ? group.value(d as T) : ''), [group])
  /** the order groups first appear in the data (kept whatever the sort, unless the group column is sorted) */
  const groupOrder = useMemo(() => {
    const m = new Map<string, number>()
    if (group) for (const r of rows) if (!m.has(group.value(r))) m.set(group.value(r), m.size)
    return m
  }, [group, rows])
  const c = useCollapsed(groupKey, groupOrder)
  // the collapse filter's view of "every other filter" (set when the grid creates it)
  const passOther = useRef<PassOther<T> | null>(null)
  const { counts, context, recount } = useGroupCounts(group, rows, c.collapsedRef, passOther, apiRef, words)

  const rowData = useMemo<GridRow<T>[]>(() => {
    if (!group || c.collapsed.size === 0) return rows
    const stubs = [...c.collapsed].filter((k) => (counts.get(k) ?? 0) > 0).map((k) => groupStub(k, counts.get(k) ?? 0))
    return [...rows, ...stubs]
  }, [group, c.collapsed, counts, rows])
  const gridColumns = useMemo<ColDef<GridRow<T>>[]>(() => {
    const own = ownColumns(columns)
    if (!group) return own
    const onPassOther = (pass: PassOther<T>) => {
      passOther.current = pass
    }
    return [groupColumn(group, keyOf, onPassOther), ...own]
  }, [group, columns, keyOf])

  const shownNodes = useCallback((g: GridApi<GridRow<T>>) => nodesShown(g, collapsedMembers(g, group, c.collapsedRef.current, passOther.current)), [group, c.collapsedRef])
  const applyCollapse = useCollapseSync(group, c.collapsed, c.collapsedRef, c.pendingFocus, apiRef)
  const postSortRows = useCallback(
    (p: PostSortRowsParams<GridRow<T>>) => {
      if (group) sortGroupsTogether(p, keyOf, groupOrder)
    },
    [group, groupOrder, keyOf],
  )

  const { collapsed, collapsedRef, toggle, collapseAll, expandAll } = c
  return { groupKey, group, changeGroup, keyOf, groupOrder, collapsed, collapsedRef, toggle, collapseAll, expandAll, context, recount, rowData, columns: gridColumns, shownNodes, applyCollapse, postSortRows }
}
