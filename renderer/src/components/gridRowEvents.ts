/**
 * How DataGrid's rows answer the mouse and the keyboard: a click or Enter opens a row (the page's
 * onRowClicked), a click or Enter / Space on a group cell or on a collapsed group's row toggles
 * the group, and a control inside a row (checkbox, button, link) acts on its own, never as the row.
 * Also the ids of rows that have none of their own.
 */
import type { CellClickedEvent, CellKeyDownEvent, FullWidthCellKeyDownEvent, RowClickedEvent } from 'ag-grid-community'
import { useCallback, useRef } from 'react'
import { GROUP_COL, isStub, stubId, type GridRow } from './groupRows'

/** Keys, clicks, and rows with controls of their own: a control acts on its own, not as the row. */
const fromControl = (e: Event | null | undefined) => !!(e?.target as HTMLElement | null)?.closest?.('input, button, select, a, textarea')

interface RowEventsInput<T> {
  keyOf: (d: unknown) => string
  toggle: (key: string, focus: boolean) => void
  onRowClicked?: (row: T) => void
}

/** The grid's onCellKeyDown, onCellClicked and onRowClicked. */
export function rowEvents<T>({ keyOf, toggle, onRowClicked: openRow }: RowEventsInput<T>) {
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
      openRow?.(e.data as T)
    }
  }
  return {
    onCellKeyDown,
    onCellClicked: (e: CellClickedEvent<GridRow<T>>) => {
      if (e.column.getColId() === GROUP_COL && e.data && !isStub(e.data)) toggle(keyOf(e.data), true)
    },
    onRowClicked: (e: RowClickedEvent<GridRow<T>>) => {
      if (isStub(e.data)) return toggle(e.data.key, true)
      const target = e.event?.target as HTMLElement | null
      // the group cell toggles its group (onCellClicked); it does not open the row
      if (target?.closest?.('.group-cell')) return
      // A checkbox or button inside a row acts on its own; it must not also open the row.
      if (fromControl(e.event)) return
      if (e.data) openRow?.(e.data as T)
    },
  }
}

/** rows without an id of their own get one (stable per row object): rows and group rows update in place */
export function useRowIds<T>(own: ((row: T) => string) | undefined) {
  const ids = useRef(new WeakMap<object, string>())
  return useCallback(
    (d: GridRow<T>): string => {
      if (isStub(d)) return stubId(d.key)
      if (own) return own(d)
      const o = d as object
      let id = ids.current.get(o)
      if (!id) ids.current.set(o, (id = `r${Math.random().toString(36).slice(2)}`))
      return id
    },
    [own],
  )
}
