/**
 * The column menu and the columns chooser of every grid (DataGrid, ServerGrid).
 *
 * AG Grid Community's header offers only the filter popup (its column menu with pinning,
 * autosizing and the columns panel is Enterprise), so the header template adds a menu button
 * (span.wb-col-menu, shown on the header under the pointer or the focus) beside AG Grid's own
 * filter button, and this module draws the menu: filter…, pin left / right / none, autosize this /
 * all columns, hide, choose columns…, reset. A right click on a header, or Alt+↓ on a focused
 * header cell, opens it too. The columns chooser (toolbar button 列 / Columns) brings
 * hidden columns back. Everything is the grid's public API (setColumnsPinned, setColumnsVisible,
 * autoSizeColumns, showColumnFilter), so column state is saved by the grids' usual events.
 *
 * The pieces: Popup.tsx (the popup both open in), columnMenuItems.tsx (the header template, the
 * menu's items and its popup), ColumnChooser.tsx (the chooser and its button); this file wires
 * them to a grid: which popup is open, and the header's ways of opening the menu.
 */
import type { Column, GridApi } from 'ag-grid-community'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useGridText } from './gridText'
import { ColumnMenuPopup, columnLabel, headerTemplate, MENU_BUTTON, type MenuContext, type MenuItem } from './columnMenuItems'
import { ColumnChooser, ColumnsButton } from './ColumnChooser'
import './grid.css'

export { columnLabel, headerTemplate, type MenuItem }

interface ColumnMenusOptions<T> {
  api: () => GridApi<T> | null
  /** columns the user cannot hide or pin (DataGrid's group column) */
  locked?: (colId: string) => boolean
  /** items for a column before the standard ones (the group column's collapse / expand all) */
  extraItems?: (colId: string) => MenuItem[]
  /** the toolbar's reset: column state back to the definitions (and the saved state cleared) */
  onReset: () => void
}

/** An open popup: where it hangs, and what had the focus before (it gets it back on Esc). */
interface Opened {
  anchor: HTMLElement
  from: HTMLElement | null
}

/** The header's menu button when it is on screen, else the header cell itself. */
function anchorIn(cell: HTMLElement) {
  const btn = cell.querySelector<HTMLElement>(`.${MENU_BUTTON}`)
  return btn && btn.getClientRects().length > 0 ? btn : cell
}

/** The header cell an event is on, with its column, if any. */
function headerCellOf(e: React.SyntheticEvent<HTMLElement>) {
  const cell = (e.target as HTMLElement).closest<HTMLElement>('.ag-header-cell')
  const colId = cell?.getAttribute('col-id')
  return cell && colId ? { cell, colId } : null
}

/**
 * For the element around the grid: the header's menu button (toggles its menu), a right click
 * and Alt+↓ on a header cell. Capture handlers: they see the event before the header cell does.
 */
function headerMenuTriggers(toggleMenu: (colId: string, anchor: HTMLElement) => void, openAt: (colId: string, cell: HTMLElement, from: HTMLElement | null) => void) {
  const openFrom = (e: React.SyntheticEvent<HTMLElement>, from: (cell: HTMLElement) => HTMLElement | null) => {
    const at = headerCellOf(e)
    if (!at) return
    e.preventDefault()
    e.stopPropagation()
    openAt(at.colId, at.cell, from(at.cell))
  }
  return {
    onClickCapture: (e: React.MouseEvent<HTMLElement>) => {
      const btn = (e.target as HTMLElement).closest<HTMLElement>(`.${MENU_BUTTON}`)
      const colId = btn?.closest('.ag-header-cell')?.getAttribute('col-id')
      if (!btn || !colId) return
      e.stopPropagation()
      e.preventDefault()
      toggleMenu(colId, btn)
    },
    onKeyDownCapture: (e: React.KeyboardEvent<HTMLElement>) => {
      if (e.altKey && e.key === 'ArrowDown') openFrom(e, (cell) => cell)
    },
    onContextMenuCapture: (e: React.MouseEvent<HTMLElement>) => openFrom(e, () => document.activeElement as HTMLElement | null),
  }
}

/** Counts the hidden columns again on every column event (the chooser button shows it, the menus re-read). */
function useColumnWatch<T>(userColumns: (g: GridApi<T>) => Column[], closeMenu: () => void) {
  const [hidden, setHidden] = useState(0)
  const [, setTick] = useState(0)
  const close = useRef(closeMenu)
  close.current = closeMenu
  const attach = useCallback(
    (g: GridApi<T>) => {
      const count = () => {
        if (g.isDestroyed()) return
        setHidden(userColumns(g).filter((c) => !c.isVisible()).length)
        setTick((n) => n + 1)
      }
      for (const ev of ['columnVisible', 'columnPinned', 'newColumnsLoaded', 'displayedColumnsChanged'] as const) g.addEventListener(ev, count)
      // the header moves under an open menu: close it
      g.addEventListener('bodyScroll', (e) => e.direction === 'horizontal' && close.current())
      count()
    },
    [userColumns],
  )
  return { hidden, attach }
}

/** A popup's state: where it is open, or null; closing with `refocus` (Esc, Tab) puts the focus back where it was. */
function usePopupState<S extends Opened>() {
  const [open, setOpen] = useState<S | null>(null)
  const close = (refocus: boolean) => {
    const from = open?.from
    setOpen(null)
    if (refocus) from?.focus?.()
  }
  return [open, setOpen, close] as const
}

/** The open menu's button stays shown (and highlighted) while the menu is open. */
function useOpenHighlight(menu: Opened | null) {
  useEffect(() => {
    const a = menu?.anchor
    if (!a?.classList.contains(MENU_BUTTON)) return
    a.classList.add('wb-open')
    return () => a.classList.remove('wb-open')
  }, [menu])
}

/**
 * The menus of one grid. `wrapProps` go on the element around <AgGridReact> (the header button's
 * clicks and Alt+↓ are caught there); `attach` is called with the grid's api when it is ready.
 */
export function useColumnMenus<T>(opts: ColumnMenusOptions<T>) {
  const w = useGridText()
  const [menu, setMenu, closeMenu] = usePopupState<Opened & { colId: string }>()
  const [chooser, setChooser, closeChooser] = usePopupState<Opened>()
  const optsRef = useRef(opts)
  optsRef.current = opts
  const chooserButton = useRef<HTMLButtonElement>(null)
  const headerParams = useMemo(() => ({ template: headerTemplate(w) }), [w])

  const userColumns = useCallback((g: GridApi<T>) => (g.getColumns() ?? []).filter((c) => !optsRef.current.locked?.(c.getColId())), [])
  const { hidden, attach } = useColumnWatch(userColumns, () => setMenu(null))

  const toggleMenu = useCallback((colId: string, anchor: HTMLElement) => {
    setChooser(null)
    setMenu((m) => (m && m.colId === colId ? null : { colId, anchor, from: document.activeElement as HTMLElement | null }))
  }, [setChooser, setMenu])
  const openAt = (colId: string, cell: HTMLElement, from: HTMLElement | null) => {
    setChooser(null)
    setMenu({ colId, anchor: anchorIn(cell), from })
  }
  useOpenHighlight(menu)

  const openChooser = (anchor: HTMLElement | null) => {
    const a = anchor ?? chooserButton.current
    if (!a) return
    setMenu(null)
    setChooser((c) => (c ? null : { anchor: a, from: (document.activeElement as HTMLElement | null) ?? a }))
  }
  const reset = () => optsRef.current.onReset()

  const g = opts.api()
  const menuColumn = menu && g && !g.isDestroyed() ? g.getColumn(menu.colId) : null
  useEffect(() => {
    if (menu && !menuColumn) setMenu(null)
  }, [menu, menuColumn, setMenu])

  const menuContext = (colId: string): MenuContext<T> => ({
    w,
    locked: optsRef.current.locked?.(colId) ?? false,
    extra: optsRef.current.extraItems?.(colId) ?? [],
    userColumns,
    chooseColumns: () => openChooser(chooserButton.current),
    reset,
  })

  const popups = (
    <>
      {menu && g && menuColumn && <ColumnMenuPopup g={g} column={menuColumn} anchor={menu.anchor} ctx={menuContext(menuColumn.getColId())} onClose={closeMenu} onDone={() => setMenu(null)} />}
      {chooser && g && !g.isDestroyed() && <ColumnChooser g={g} anchor={chooser.anchor} w={w} userColumns={userColumns} onClose={closeChooser} onReset={reset} />}
    </>
  )
  const chooserToggle = <ColumnsButton buttonRef={chooserButton} w={w} hidden={hidden} open={!!chooser} onOpen={openChooser} />

  return { wrapProps: headerMenuTriggers(toggleMenu, openAt), attach, popups, chooserToggle, headerParams, closeAll: () => (setMenu(null), setChooser(null)) }
}
