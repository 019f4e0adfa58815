/**
 * DataGrid's toolbar: quick search, the group-by choice with collapse / expand all, the page's
 * own controls, then the columns chooser, reset and the exports. Exports take the table from the
 * grid at the click (DataGrid's exportTable), so they hold what the grid shows at that moment.
 */
import type { ReactNode } from 'react'
import { downloadCsv, downloadXlsx } from '../exportXlsx'
import type { ExportTable } from '../../../shared/gridExport'
import { useI18n } from '../i18n'
import { attempt } from '../notices'
import { useGridText } from './gridText'
import type { GroupOption } from './groupRows'
import type { GroupRows } from './useGroupRows'

/** What the toolbar reads of DataGrid's group-by (useGroupRows). */
type Grouping<T> = Pick<GroupRows<T>, 'groupKey' | 'group' | 'changeGroup' | 'collapsed' | 'groupOrder' | 'collapseAll' | 'expandAll'>

/** The group-by choice; with a grouping in force, collapse all (off when all are) and expand all (off when none is). */
function GroupControls<T>({ groups, grouping: g }: { groups?: GroupOption<T>[]; grouping: Grouping<T> }) {
  const { t } = useI18n()
  const w = useGridText()
  return (
    <>
      {groups && (
        <label className="group-select">
          {t.groupBy}
          <select value={g.groupKey} onChange={(e) => g.changeGroup(e.target.value)}>
            <option value="none">{t.groupNone}</option>
            {groups.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {g.group && (
        <>
          <button type="button" onClick={g.collapseAll} data-testid="collapse-all" disabled={g.collapsed.size >= g.groupOrder.size}>
            {w.collapseAll}
          </button>
          <button type="button" onClick={g.expandAll} data-testid="expand-all" disabled={g.collapsed.size === 0}>
            {w.expandAll}
          </button>
        </>
      )}
    </>
  )
}

interface ToolbarProps<T> {
  groups?: GroupOption<T>[]
  grouping: Grouping<T>
  quick: string
  onQuick: (q: string) => void
  /** the page's own controls (DataGrid's toolbarExtra) */
  extra?: ReactNode
  /** the columns chooser's button (useColumnMenus) */
  chooserToggle: ReactNode
  onReset: () => void
  exportTable: () => ExportTable | null
  exportName: string
}

export function DataGridToolbar<T>({ groups, grouping, quick, onQuick, extra, chooserToggle, onReset, exportTable, exportName }: ToolbarProps<T>) {
  const { t } = useI18n()
  const exportCsv = () => {
    const table = exportTable()
    if (table) downloadCsv(table, exportName)
  }
  const exportExcel = () => {
    const table = exportTable()
    if (table) void attempt(downloadXlsx(table, exportName))
  }
  return (
    <div className="toolbar">
      <input className="search" placeholder={t.quickSearch} value={quick} onChange={(e) => onQuick(e.target.value)} aria-label={t.quickSearch} />
      <GroupControls groups={groups} grouping={grouping} />
      {extra}
      <span className="spacer" />
      {chooserToggle}
      <button onClick={onReset}>{t.resetColumns}</button>
      <button onClick={exportCsv}>{t.exportCsv}</button>
      <button onClick={exportExcel}>{t.exportXlsx}</button>
    </div>
  )
}
