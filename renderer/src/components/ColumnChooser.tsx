/**
 * The columns chooser of every grid (its toolbar button 列 / Columns and its popup): the one place
 * hidden columns come back, since a hidden column has no header left to open a menu from. The
 * last shown column cannot be hidden, so a grid never ends up with no columns at all.
 */
import type { Column, GridApi } from 'ag-grid-community'
import type { Ref } from 'react'
import type { GridText } from './gridText'
import { columnLabel } from './columnMenuItems'
import { Popup } from './Popup'

interface ChooserProps<T> {
  g: GridApi<T>
  anchor: HTMLElement
  w: GridText
  /** the columns the user may hide (not DataGrid's group column) */
  userColumns: (g: GridApi<T>) => Column[]
  onClose: (refocus: boolean) => void
  onReset: () => void
}

/** A checkbox a column, then "show all" and "reset columns". */
export function ColumnChooser<T>({ g, anchor, w, userColumns, onClose, onReset }: ChooserProps<T>) {
  return (
    <Popup anchor={anchor} label={w.chooserTitle} testId="column-chooser" onClose={onClose} role="dialog" className="wb-chooser">
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
        <button type="button" className="small" data-action="resetColumns" onClick={onReset}>
          {w.resetColumns}
        </button>
      </div>
    </Popup>
  )
}

interface ButtonProps {
  buttonRef: Ref<HTMLButtonElement>
  w: GridText
  /** hidden columns: shown as a count on the button, so a hidden column is not forgotten */
  hidden: number
  open: boolean
  onOpen: (anchor: HTMLElement) => void
}

/** The toolbar button that opens the chooser. */
export function ColumnsButton({ buttonRef, w, hidden, open, onOpen }: ButtonProps) {
  return (
    <button
      ref={buttonRef}
      type="button"
      className={hidden ? 'wb-columns-button has-hidden' : 'wb-columns-button'}
      data-testid="columns-button"
      title={w.columnsButtonTitle}
      aria-haspopup="dialog"
      aria-expanded={open}
      onClick={(e) => onOpen(e.currentTarget)}
    >
      {w.columnsButton}
      {hidden > 0 && (
        <span className="wb-hidden-count" title={w.hiddenCount(hidden)}>
          {hidden}
        </span>
      )}
    </button>
  )
}
