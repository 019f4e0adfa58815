/**
 * What the column menu holds (ColumnMenu.tsx): the header template that adds its button, the
 * items for one column (filter, pin, autosize, hide, choose, reset), the list that draws them
 * and the popup they open in.
 * Every item is the grid's public API, so column state is saved by the grids' usual events.
 */
import type { Column, GridApi } from 'ag-grid-community'
import type { GridText } from './gridText'
import { Popup } from './Popup'

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

export const MENU_BUTTON = 'wb-col-menu'

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

export interface MenuContext<T> {
  w: GridText
  /** a column the user cannot hide or pin (DataGrid's group column) */
  locked: boolean
  /** items before the standard ones (the group column's collapse / expand all) */
  extra: MenuItem[]
  /** the columns the user may hide (the chooser's list) */
  userColumns: (g: GridApi<T>) => Column[]
  chooseColumns: () => void
  reset: () => void
}

/** Pin left / right / none, as radio items; none for a column that is locked or lockPinned. */
function pinItems<T>(g: GridApi<T>, c: Column, w: GridText, separator: boolean): MenuItem[] {
  const colId = c.getColId()
  const pinned = c.getPinned() ?? null
  return [
    { key: 'pinLeft', label: w.pinLeft, checked: pinned === 'left', separator, onSelect: () => g.setColumnsPinned([colId], 'left') },
    { key: 'pinRight', label: w.pinRight, checked: pinned === 'right', onSelect: () => g.setColumnsPinned([colId], 'right') },
    { key: 'noPin', label: w.noPin, checked: pinned === null, onSelect: () => g.setColumnsPinned([colId], null) },
  ]
}

/** The menu of column `c`: its extra items, then filter, pin, autosize, hide, choose, reset. */
export function columnMenuItems<T>(g: GridApi<T>, c: Column, ctx: MenuContext<T>): MenuItem[] {
  const { w, locked } = ctx
  const colId = c.getColId()
  const items: MenuItem[] = [...ctx.extra]
  const sep = () => items.length > 0
  if (!locked && c.isFilterAllowed() && c.getColDef().filter) items.push({ key: 'filter', label: w.filter, separator: sep(), onSelect: () => g.showColumnFilter(colId) })
  if (!locked && !c.getColDef().lockPinned) items.push(...pinItems(g, c, w, sep()))
  items.push(
    { key: 'autosize', label: w.autosizeThis, separator: sep(), onSelect: () => g.autoSizeColumns([colId]) },
    { key: 'autosizeAll', label: w.autosizeAll, onSelect: () => g.autoSizeAllColumns() },
  )
  if (!locked) {
    const last = ctx.userColumns(g).filter((x) => x.isVisible()).length <= 1
    items.push({ key: 'hide', label: w.hideColumn, separator: true, disabled: last, title: last ? w.lastColumn : undefined, onSelect: () => g.setColumnsVisible([colId], false) })
  }
  items.push(
    { key: 'chooseColumns', label: w.chooseColumns, separator: locked, onSelect: ctx.chooseColumns },
    { key: 'resetColumns', label: w.resetColumns, onSelect: ctx.reset },
  )
  return items
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

interface MenuPopupProps<T> {
  g: GridApi<T>
  column: Column
  anchor: HTMLElement
  ctx: MenuContext<T>
  onClose: (refocus: boolean) => void
  /** an item was chosen: the menu closes before the item acts */
  onDone: () => void
}

/** The menu of one column, under its header's menu button (or its header cell). */
export function ColumnMenuPopup<T>({ g, column, anchor, ctx, onClose, onDone }: MenuPopupProps<T>) {
  return (
    <Popup anchor={anchor} label={ctx.w.menuTitle(columnLabel(g, column))} testId="column-menu" onClose={onClose}>
      <MenuList items={columnMenuItems(g, column, ctx)} onDone={onDone} />
    </Popup>
  )
}
