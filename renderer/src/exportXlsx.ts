/**
 * XLSX export of what a grid shows (visible columns, filtered and sorted rows) with exceljs.
 * Numbers stay numbers so the analyst can keep calculating in Excel. exceljs is loaded on
 * demand: it is large and most sessions never export.
 */
import type { GridApi } from 'ag-grid-community'

export async function exportXlsx<T>(grid: GridApi<T>, name: string): Promise<void> {
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(name.slice(0, 31))
  const cols = grid.getAllDisplayedColumns()
  ws.addRow(cols.map((c) => grid.getDisplayNameForColumn(c, 'csv') ?? c.getColId()))
  ws.getRow(1).font = { bold: true }
  grid.forEachNodeAfterFilterAndSort((node) => {
    ws.addRow(
      cols.map((c) => {
        const v = grid.getCellValue({ rowNode: node, colKey: c, useFormatter: false })
        if (v == null) return null
        if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v
        return String(v)
      }),
    )
  })
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  const buf = await wb.xlsx.writeBuffer()
  download(new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), `${name}.xlsx`)
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
