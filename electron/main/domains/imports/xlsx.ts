/**
 * XLSX → one Grid per worksheet, through exceljs. Every cell becomes the text a reader of the file
 * would take it for, without formatting it:
 *   string    as stored (rich text runs joined; a header cell's line breaks stay '\n': Wind puts
 *             an indicator's parameters on several lines of one cell); `002230` stored as text
 *             keeps its zeros
 *   number    the shortest text that reads back as the same double (`String(n)`): never rounded to
 *             the cell's number format, never locale-formatted
 *   date      ISO `YYYY-MM-DD` (with ` HH:MM:SS` when it has a time of day)
 *   formula   its cached result, converted the same way ('' when the file has none cached)
 *   boolean   'TRUE' / 'FALSE';  error  its text (`#N/A`);  empty  ''
 * Merged ranges go to grid.merges (0-based, inclusive); the covered cells read '' as in the file.
 * sourceRow is the Excel row number; rows with nothing in them stay as [''] (blank rows are the
 * interpretation's to skip), except the empty tail of a sheet that is only formatted.
 * An encrypted or corrupt workbook is refused with an Error saying which, never a crash.
 */
import ExcelJS from 'exceljs'
import type { Grid, GridRow } from '../../../../shared/import/types'

export interface WorkbookGrids {
  sheets: { name: string; grid: Grid }[]
}

type Merge = NonNullable<Grid['merges']>[number]

export async function readWorkbook(bytes: Uint8Array): Promise<WorkbookGrids> {
  const workbook = await load(bytes)
  return { sheets: workbook.worksheets.map((ws) => ({ name: ws.name, grid: sheetGrid(ws) })) }
}

// ── loading ──────────────────────────────────────────────────────────────────────────────────

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b)
}

/** A password-protected XLSX is an OLE2 container holding an "EncryptedPackage" stream. */
function isEncryptedOoxml(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, OLE2)) return false
  const marker = Buffer.from('EncryptedPackage', 'utf16le')
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(marker)
}

function refusal(bytes: Uint8Array, cause: unknown): Error {
  const detail = cause instanceof Error ? cause.message : String(cause)
  if (isEncryptedOoxml(bytes)) return new Error('the workbook is password-protected (encrypted); remove the password in Excel and import it again')
  if (startsWith(bytes, OLE2)) return new Error('this is an old binary Excel 97-2003 workbook (.xls), not XLSX; save it as .xlsx and import that')
  return new Error(`the workbook is corrupt or not an XLSX file (${detail})`)
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  try {
    // a Buffer viewing the same memory (no copy of a large file); exceljs's typings call their
    // parameter an ArrayBuffer-like `Buffer`, but it hands it to JSZip, which reads Node Buffers
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer)
  } catch (e) {
    throw refusal(bytes, e)
  }
  return workbook
}

// ── cell text ────────────────────────────────────────────────────────────────────────────────

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/** exceljs gives dates as UTC instants of the serial's wall-clock time */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return ''
  const day = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
  const h = d.getUTCHours()
  const m = d.getUTCMinutes()
  const s = d.getUTCSeconds()
  return h === 0 && m === 0 && s === 0 ? day : `${day} ${pad2(h)}:${pad2(m)}:${pad2(s)}`
}

function richText(v: ExcelJS.CellRichTextValue): string {
  return v.richText.map((r) => r.text).join('')
}

/** The text of a value as exceljs models it (a formula's result goes through here too). */
function valueText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number') return String(v)
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return dateText(v)
  if ('richText' in v) return richText(v)
  if ('error' in v) return v.error
  if ('formula' in v || 'sharedFormula' in v) return valueText(v.result as ExcelJS.CellValue | undefined)
  if ('hyperlink' in v) return valueText(v.text as ExcelJS.CellValue)
  return ''
}

function cellText(cell: ExcelJS.Cell): string {
  // the covered cells of a merge echo the master's value; the file stores nothing there
  if (cell.type === ExcelJS.ValueType.Merge) return ''
  return valueText(cell.value)
}

// ── sheets ───────────────────────────────────────────────────────────────────────────────────

/** Bounding boxes of merged cells, keyed by the master's address (the range's top-left). */
class MergeCollector {
  private readonly boxes = new Map<string, Merge>()

  add(cell: ExcelJS.Cell, row: number, col: number): void {
    if (!cell.isMerged) return
    const key = cell.master.address
    const box = this.boxes.get(key)
    if (!box) this.boxes.set(key, { top: row, left: col, bottom: row, right: col })
    else Object.assign(box, { top: Math.min(box.top, row), left: Math.min(box.left, col), bottom: Math.max(box.bottom, row), right: Math.max(box.right, col) })
  }

  merges(): Merge[] {
    return [...this.boxes.values()].filter((m) => m.bottom > m.top || m.right > m.left).sort((a, b) => a.top - b.top || a.left - b.left)
  }
}

function rowCells(row: ExcelJS.Row, rowIndex: number, merges: MergeCollector): string[] {
  const cells: string[] = []
  row.eachCell({ includeEmpty: true }, (cell, col) => {
    merges.add(cell, rowIndex, col - 1)
    cells[col - 1] = cellText(cell)
  })
  for (let i = 0; i < cells.length; i++) cells[i] ??= ''
  // formatted-but-empty cells at the end of a row carry nothing
  while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop()
  return cells.length > 0 ? cells : ['']
}

function isEmptyRow(r: GridRow): boolean {
  return r.cells.every((c) => c === '')
}

function sheetGrid(ws: ExcelJS.Worksheet): Grid {
  const merges = new MergeCollector()
  const rows: GridRow[] = []
  for (let r = 1; r <= ws.rowCount; r++) rows.push({ sourceRow: r, cells: rowCells(ws.getRow(r), r - 1, merges) })
  while (rows.length > 0 && isEmptyRow(rows[rows.length - 1]!)) rows.pop()
  const found = merges.merges()
  return { rows, sheet: ws.name, ...(found.length > 0 ? { merges: found } : {}) }
}
