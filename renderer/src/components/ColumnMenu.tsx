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
 */
import type { Column, GridApi } from 'ag-grid-community'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode, type SyntheticEvent } from 'react'
import { createPortal } from 'react-dom'
import { useGridText, type GridText } from './gridText'
import './grid.css'

export interface MenuItem {
  key: string
  label: string
  onSelect: () => void
  /** a radio-like item that is the current choice (pinned left, …) */
  checked?: boolean
  disabled?: boolean
  title?: string
  /** a line above this item */
  separator?: boolean
}

const MENU_BUTTON = 'wb-col-menu'

/**
 * AG Grid's default header (its own refs: sort indicator, filter button, filter icon) plus the
 * menu button. The label container is a row-reverse flex: the first child sits at the right edge.
 */
export function headerTemplate(w: GridText): string {
  return `<div class="ag-cell-label-container" role="presentation">
  <span data-ref="eMenu" class="ag-header-icon ag-header-cell-menu-button" aria-hidden="true"></span>
  <span class="ag-header-icon ${MENU_BUTTON}" data-testid="column-menu-button" title="${w.menuButton} (Alt+↓)" aria-label="${w.menuButton}" role="button"><span class="ag-icon ag-icon-menu-alt" role="presentation"></span></span>
  <span data-ref="eFilterButton" class="ag-header-icon ag-header-cell-filter-button" aria-hidden="true"></span>
  <div data-ref="eLabel" class="ag-header-cell-label" role="presentation">
    <span data-ref="eText" class="ag-header-cell-text"></span>
    <span data-ref="eFilter" class="ag-header-icon ag-header-label-icon ag-filter-icon" aria-hidden="true"></span>
    <ag-sort-indicator data-ref="eSortIndicator"></ag-sort-indicator>
  </div>
</div>`
}

/** The column's name as the header shows it, with its group's name ("市盈率 FY23E"). */
export function columnLabel<T>(grid: GridApi<T>, c: Column): string {
  const name = grid.getDisplayNameForColumn(c, 'header') || c.getColId()
  const group = c.getOriginalParent()?.getColGroupDef()?.headerName
  return group ? `${group} ${name}` : name
}

interface PopupProps {
  anchor: HTMLElement
  label: string
  testId: string
  onClose: (refocus: boolean) => void
  children: ReactNode
  role?: 'menu' | 'dialog'
  className?: string
}

/** A small popup under its anchor, in <body>: closes on Esc (focus goes back), Tab, or a press outside. */
function Popup({ anchor, label, testId, onClose, children, role = 'menu', className }: PopupProps) {
  const box = useRef<HTMLDivElement>(null)
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null)
  const close = useRef(onClose)
  close.current = onClose

  useLayoutEffect(() => {
    const el = box.current
    if (!el) return
    const a = anchor.getBoundingClientRect()
    const w = el.offsetWidth
    const h = el.offsetHeight
    let left = Math.min(a.left, window.innerWidth - w - 8)
    if (a.right - w > 8 && a.left + w > window.innerWidth - 8) left = a.right - w
    let top = a.bottom + 4
    if (top + h > window.innerHeight - 8) top = Math.max(8, a.top - h - 4)
    setPos({ left: Math.max(8, left), top })
  }, [anchor])

  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('[role=menuitem]:not([aria-disabled=true]), [role=menuitemradio], input, button')
    first?.focus()
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node
      if (box.current?.contains(t) || anchor.contains(t)) return
      close.current(false)
    }
    const onResize = () => close.current(false)
    document.addEventListener('mousedown', onDown, true)
    window.addEventListener('resize', onResize)
    return () => {
      document.removeEventListener('mousedown', onDown, true)
      window.removeEventListener('resize', onResize)
    }
  }, [anchor])

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      // handled here: the Esc must not also close the company panel underneath (App's handler)
      e.preventDefault()
      e.stopPropagation()
      close.current(true)
      return
    }
    if (e.key === 'Tab') {
      e.preventDefault()
      close.current(true)
      return
    }
    if (role !== 'menu') return
    const items = [...(box.current?.querySelectorAll<HTMLElement>('[role=menuitem], [role=menuitemradio]') ?? [])].filter((x) => x.getAttribute('aria-disabled') !== 'true')
    const at = items.indexOf(document.activeElement as HTMLElement)
    const go = (i: number) => items[(i + items.length) % items.length]?.focus()
    if (e.key === 'ArrowDown') (e.preventDefault(), go(at + 1))
    else if (e.key === 'ArrowUp') (e.preventDefault(), go(at < 0 ? -1 : at - 1))
    else if (e.key === 'Home') (e.preventDefault(), go(0))
    else if (e.key === 'End') (e.preventDefault(), go(-1))
  }

  // keys and clicks inside stay inside: the grid underneath must not see them
  const stop = (e: SyntheticEvent) => e.stopPropagation()
  return createPortal(
    <div
      ref={box}
      className={`wb-popup ${className ?? ''}`}
      role={role}
      aria-label={label}
      data-testid={testId}
      style={pos ? { left: pos.left, top: pos.top } : { left: -9999, top: -9999 }}
      onKeyDown={onKeyDown}
      onMouseDown={stop}
      onClick={stop}
    >
      {children}
    </div>,
    document.body,
  )
}

function MenuList({ items, onDone }: { items: MenuItem[]; onDone: () => void }) {
  return (
    <>
      {items.map((it) => (
        <div key={it.key} className="wb-menu-item-wrap">
          {it.separator && <div className="wb-menu-sep" role="separator" />}
          <button
            type="button"
            className={it.checked ? 'wb-menu-item checked' : 'wb-menu-item'}
            role={it.checked === undefined ? 'menuitem' : 'menuitemradio'}
            aria-checked={it.checked === undefined ? undefined : it.checked}
            aria-disabled={it.disabled || undefined}
            data-action={it.key}
            title={it.title}
            tabIndex={-1}
            onClick={() => {
              if (it.disabled) return
              onDone()
              it.onSelect()
            }}
          >
            <span className="wb-menu-check" aria-hidden="true">
              {it.checked ? '✓' : ''}
            </span>
            <span>{it.label}</span>
          </button>
        </div>
      ))}
    </>
  )
}

interface ColumnMenusOptions<T> {
  api: () => GridApi<T> | null
  /** columns the user cannot hide or pin (DataGrid's group column) */
  locked?: (colId: string) => boolean
  /** items for a column before the standard ones (the group column's collapse / expand all) */
  extraItems?: (colId: string) => MenuItem[]
  /** the toolbar's reset: column state back to the definitions (and the saved state cleared) */
  onReset: () => void
}

/**
 * The menus of one grid. `wrapProps` go on the element around <AgGridReact> (the header button's
 * clicks and Alt+↓ are caught there); `attach` is called with the grid's api when it is ready.
 */
export function useColumnMenus<T>(opts: ColumnMenusOptions<T>) {
  const w = useGridText()
  const [menu, setMenu] = useState<{ colId: string; anchor: HTMLElement; from: HTMLElement | null } | null>(null)
  const [chooser, setChooser] = useState<{ anchor: HTMLElement; from: HTMLElement | null } | null>(null)
  const [hidden, setHidden] = useState(0)
  const [, setTick] = useState(0)
  const optsRef = useRef(opts)
  optsRef.current = opts
  const chooserButton = useRef<HTMLButtonElement>(null)
  const headerParams = useMemo(() => ({ template: headerTemplate(w) }), [w])

  const userColumns = useCallback((g: GridApi<T>) => (g.getColumns() ?? []).filter((c) => !optsRef.current.locked?.(c.getColId())), [])

  const attach = useCallback(
    (g: GridApi<T>) => {
      const count = () => {
        if (g.isDestroyed()) return
        setHidden(userColumns(g).filter((c) => !c.isVisible()).length)
        setTick((n) => n + 1)
      }
      for (const ev of ['columnVisible', 'columnPinned', 'newColumnsLoaded', 'displayedColumnsChanged'] as const) g.addEventListener(ev, count)
      // the header moves under an open menu: close it
      g.addEventListener('bodyScroll', (e) => e.direction === 'horizontal' && setMenu(null))
      count()
    },
    [userColumns],
  )

  const openMenu = useCallback((colId: string, anchor: HTMLElement) => {
    setChooser(null)
    setMenu((m) => (m && m.colId === colId ? null : { colId, anchor, from: document.activeElement as HTMLElement | null }))
  }, [])

  // the open menu's button stays shown (and highlighted) while the menu is open
  useEffect(() => {
    const a = menu?.anchor
    if (!a?.classList.contains(MENU_BUTTON)) return
    a.classList.add('wb-open')
    return () => a.classList.remove('wb-open')
  }, [menu])

  /** the header's menu button when it is on screen, else the header cell itself */
  const anchorIn = (cell: HTMLElement) => {
    const btn = cell.querySelector<HTMLElement>(`.${MENU_BUTTON}`)
    return btn && btn.getClientRects().length > 0 ? btn : cell
  }

  /** on the element around the grid: the header's menu button, a right click and Alt+↓ on a header cell */
  const wrapProps = {
    onClickCapture: (e: React.MouseEvent<HTMLElement>) => {
      const btn = (e.target as HTMLElement).closest<HTMLElement>(`.${MENU_BUTTON}`)
      const colId = btn?.closest('.ag-header-cell')?.getAttribute('col-id')
      if (!btn || !colId) return
      e.stopPropagation()
      e.preventDefault()
      openMenu(colId, btn)
    },
    onKeyDownCapture: (e: React.KeyboardEvent<HTMLElement>) => {
      if (!(e.altKey && e.key === 'ArrowDown')) return
      const cell = (e.target as HTMLElement).closest<HTMLElement>('.ag-header-cell')
      const colId = cell?.getAttribute('col-id')
      if (!cell || !colId) return
      e.preventDefault()
      e.stopPropagation()
      setChooser(null)
      setMenu({ colId, anchor: anchorIn(cell), from: cell })
    },
    onContextMenuCapture: (e: React.MouseEvent<HTMLElement>) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>('.ag-header-cell')
      const colId = cell?.getAttribute('col-id')
      if (!cell || !colId) return
      e.preventDefault()
      e.stopPropagation()
      setChooser(null)
      setMenu({ colId, anchor: anchorIn(cell), from: document.activeElement as HTMLElement | null })
    },
  }

  const closeMenu = (refocus: boolean) => {
    const from = menu?.from
    setMenu(null)
    if (refocus) from?.focus?.()
  }
  const closeChooser = (refocus: boolean) => {
    const from = chooser?.from
    setChooser(null)
    if (refocus) from?.focus?.()
  }
  const openChooser = (anchor: HTMLElement | null) => {
    const a = anchor ?? chooserButton.current
    if (!a) return
    setMenu(null)
    setChooser((c) => (c ? null : { anchor: a, from: (document.activeElement as HTMLElement | null) ?? a }))
  }

  const menuItems = (g: GridApi<T>, c: Column): MenuItem[] => {
    const colId = c.getColId()
    const locked = optsRef.current.locked?.(colId) ?? false
    const items: MenuItem[] = [...(optsRef.current.extraItems?.(colId) ?? [])]
    const sep = () => items.length > 0
    if (!locked && c.isFilterAllowed() && c.getColDef().filter) items.push({ key: 'filter', label: w.filter, separator: sep(), onSelect: () => g.showColumnFilter(colId) })
    if (!locked && !c.getColDef().lockPinned) {
      const pinned = c.getPinned() ?? null
      items.push(
        { key: 'pinLeft', label: w.pinLeft, checked: pinned === 'left', separator: sep(), onSelect: () => g.setColumnsPinned([colId], 'left') },
        { key: 'pinRight', label: w.pinRight, checked: pinned === 'right', onSelect: () => g.setColumnsPinned([colId], 'right') },
        { key: 'noPin', label: w.noPin, checked: pinned === null, onSelect: () => g.setColumnsPinned([colId], null) },
      )
    }
    items.push(
      { key: 'autosize', label: w.autosizeThis, separator: sep(), onSelect: () => g.autoSizeColumns([colId]) },
      { key: 'autosizeAll', label: w.autosizeAll, onSelect: () => g.autoSizeAllColumns() },
    )
    if (!locked) {
      const last = userColumns(g).filter((x) => x.isVisible()).length <= 1
      items.push({ key: 'hide', label: w.hideColumn, separator: true, disabled: last, title: last ? w.lastColumn : undefined, onSelect: () => g.setColumnsVisible([colId], false) })
    }
    items.push(
      { key: 'chooseColumns', label: w.chooseColumns, separator: locked, onSelect: () => openChooser(chooserButton.current) },
      { key: 'resetColumns', label: w.resetColumns, onSelect: () => optsRef.current.onReset() },
    )
    return items
  }

  const g = opts.api()
  const menuColumn = menu && g && !g.isDestroyed() ? g.getColumn(menu.colId) : null
  useEffect(() => {
    if (menu && !menuColumn) setMenu(null)
  }, [menu, menuColumn])

  const popups = (
    <>
      {menu && g && menuColumn && (
        <Popup anchor={menu.anchor} label={w.menuTitle(columnLabel(g, menuColumn))} testId="column-menu" onClose={closeMenu}>
          <MenuList items={menuItems(g, menuColumn)} onDone={() => setMenu(null)} />
        </Popup>
      )}
      {chooser && g && !g.isDestroyed() && (
        <Popup anchor={chooser.anchor} label={w.chooserTitle} testId="column-chooser" onClose={closeChooser} role="dialog" className="wb-chooser">
          <div className="wb-chooser-title">{w.chooserTitle}</div>
          <div className="wb-chooser-list">
            {userColumns(g).map((c) => {
              const visible = c.isVisible()
              const lastShown = visible && userColumns(g).filter((x) => x.isVisible()).length <= 1
              return (
                <label key={c.getColId()} className="wb-chooser-row" title={lastShown ? w.lastColumn : undefined}>
                  <input type="checkbox" checked={visible} disabled={lastShown} data-col={c.getColId()} onChange={(e) => g.setColumnsVisible([c.getColId()], e.target.checked)} />
                  <span>{columnLabel(g, c)}</span>
                </label>
              )
            })}
          </div>
          <div className="wb-chooser-foot">
            <button type="button" className="small" data-action="showAll" onClick={() => g.setColumnsVisible(userColumns(g).map((c) => c.getColId()), true)}>
              {w.showAll}
            </button>
            <button type="button" className="small" data-action="resetColumns" onClick={() => optsRef.current.onReset()}>
              {w.resetColumns}
            </button>
          </div>
        </Popup>
      )}
    </>
  )

  const chooserToggle = (
    <button
      ref={chooserButton}
      type="button"
      className={hidden ? 'wb-columns-button has-hidden' : 'wb-columns-button'}
      data-testid="columns-button"
      title={w.columnsButtonTitle}
      aria-haspopup="dialog"
      aria-expanded={!!chooser}
      onClick={(e) => openChooser(e.currentTarget)}
    >
      {w.columnsButton}
      {hidden > 0 && (
        <span className="wb-hidden-count" title={w.hiddenCount(hidden)}>
          {hidden}
        </span>
      )}
    </button>
  )

  return { wrapProps, attach, popups, chooserToggle, headerParams, closeAll: () => (setMenu(null), setChooser(null)) }
}
