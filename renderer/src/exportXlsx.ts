/**
 * CSV / XLSX export of what a grid shows (displayed columns, the rows handed over) through
 * shared/gridExport.ts: one explicit, unique header row (metric, basis, unit; group headers
 * joined with their children), numbers as numbers, a currency column after every money column
 * in an original currency. A column says how it exports in `colDef.context.export`
 * (ExportMeta); without it a column exports its raw value (numbers when `type: 'numericColumn'`).
 * exceljs is loaded on demand: it is large and most sessions never export.
 */
import type { Column, GridApi, IRowNode } from 'ag-grid-community'
import type { Lang } from '../../shared/format'
import { buildExportTable, toCsv, XLSX_NUMBER_FORMAT, type ExportColumn, type ExportMeta, type ExportTable, type Provenance } from '../../shared/gridExport'

/** `colDef.context` of a grid column that says how it exports. */
export interface ExportContext<T> {
  export?: ExportMeta<T>
}

export interface GridExportOptions<T> {
  lang: Lang
  provenance?: (row: T) => Provenance | null
}

function onData<T, V>(f: ((row: T) => V) | undefined): ((n: IRowNode<T>) => V | null) | undefined {
  return f ? (n) => (n.data ? f(n.data) : null) : undefined
}

/** The grid's meta, re-aimed from row data at row nodes (the export reads nodes). */
function adapt<T>(m: ExportMeta<T> | undefined): ExportMeta<IRowNode<T>> | null {
  if (!m) return null
  switch (m.kind) {
    case 'skip':
      return m
    case 'money':
      return { ...m, value: onData(m.value), currencyOf: onData(m.currencyOf) }
    default:
      return { ...m, value: onData(m.value as ((row: T) => never) | undefined) } as ExportMeta<IRowNode<T>>
  }
}

function exportColumn<T>(grid: GridApi<T>, c: Column): ExportColumn<IRowNode<T>> {
  const def = c.getColDef()
  const ctx = def.context as ExportContext<T> | undefined
  const type = def.type
  return {
    colId: c.getColId(),
    headerName: def.headerName ?? grid.getDisplayNameForColumn(c, 'csv') ?? c.getColId(),
    groupHeader: c.getOriginalParent()?.getColGroupDef()?.headerName ?? null,
    numeric: type === 'numericColumn' || (Array.isArray(type) && type.includes('numericColumn')),
    meta: adapt(ctx?.export),
    value: (n) => grid.getCellValue({ rowNode: n, colKey: c, useFormatter: false }),
  }
}

/** The export table of the grid's displayed columns over `nodes` (in the order given). */
export function gridExportTable<T>(grid: GridApi<T>, nodes: IRowNode<T>[], opts: GridExportOptions<T>): ExportTable {
  const columns = grid.getAllDisplayedColumns().map((c) => exportColumn(grid, c))
  return buildExportTable(columns, nodes, { lang: opts.lang, provenance: onData(opts.provenance) as ((n: IRowNode<T>) => Provenance | null) | undefined })
}

/** The rows left after filter and sort (client-side row model), in display order. */
export function shownNodes<T>(grid: GridApi<T>): IRowNode<T>[] {
  const nodes: IRowNode<T>[] = []
  grid.forEachNodeAfterFilterAndSort((n) => {
    if (n.data) nodes.push(n)
  })
  return nodes
}

export function downloadCsv(table: ExportTable, name: string): void {
  download(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }), `${name}.csv`)
}

export async function downloadXlsx(table: ExportTable, name: string): Promise<void> {
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(name.slice(0, 31))
  ws.columns = table.header.map((h, i) => {
    const numFmt = XLSX_NUMBER_FORMAT[table.formats[i] ?? 'text']
    return { header: h, key: String(i), width: table.widths[i] ?? 12, ...(numFmt ? { style: { numFmt } } : {}) }
  })
  const head = ws.getRow(1)
  head.font = { bold: true }
  head.alignment = { vertical: 'middle', wrapText: false }
  for (const r of table.rows) ws.addRow(r)
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, table.header.length) } }
  const buf = await wb.xlsx.writeBuffer()
  download(new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), `${name}.xlsx`)
}

/** XLSX of what a client-side grid shows (visible columns, filtered and sorted rows). */
export async function exportXlsx<T>(grid: GridApi<T>, name: string, opts: GridExportOptions<T>): Promise<void> {
  await downloadXlsx(gridExportTable(grid, shownNodes(grid), opts), name)
}

export function exportCsv<T>(grid: GridApi<T>, name: string, opts: GridExportOptions<T>): void {
  downloadCsv(gridExportTable(grid, shownNodes(grid), opts), name)
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
