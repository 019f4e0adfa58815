/**
 * From what the analyst gave (file bytes or pasted text) to grids: the format is sniffed from the
 * content, never trusted from the extension (iFinD's ".xls" is GBK tab-separated text).
 */
import { createHash } from 'node:crypto'
import { decodeBytes, looksLikeText } from '../../../../shared/import/decode'
import { parseDelimited } from '../../../../shared/import/delimited'
import { parsePastedTable } from '../../../../shared/import/paste'
import type { Grid, SourceFormat } from '../../../../shared/import/types'
import { invalid } from '../../../../shared/errors'
import { readWorkbook } from './xlsx'

export interface SourceInput {
  name: string
  base64?: string
  text?: string
}

export interface ReadSource {
  fileName: string
  fileHash: string
  format: SourceFormat
  encoding: string | null
  sheets: { name: string; grid: Grid }[]
}

const ZIP = [0x50, 0x4b, 0x03, 0x04]
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0]
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x)

/** A '.txt' file, or text typed/pasted into the wizard, is read as a table copied out of a PDF. */
const isPaste = (s: SourceInput) => s.text !== undefined || /\.txt$/i.test(s.name)

export async function readSource(s: SourceInput): Promise<ReadSource> {
  const bytes = s.base64 !== undefined ? new Uint8Array(Buffer.from(s.base64, 'base64')) : new Uint8Array(Buffer.from(s.text ?? '', 'utf8'))
  const fileHash = createHash('sha256').update(bytes).digest('hex')
  const base = { fileName: s.name, fileHash }
  if (bytes.length === 0) throw invalid('import.empty', `${s.name}: the file is empty`, { file: s.name }, 'source')
  if (startsWith(bytes, ZIP)) {
    const wb = await readWorkbook(bytes).catch((e: Error) => {
      throw invalid('import.badWorkbook', `${s.name}: not a readable XLSX workbook (${e.message})`, { file: s.name, detail: e.message }, 'source')
    })
    return { ...base, format: 'xlsx', encoding: null, sheets: wb.sheets }
  }
  if (startsWith(bytes, OLE2) || !looksLikeText(bytes)) {
    throw invalid('import.binaryXls', `${s.name}: an old binary Excel (.xls) or other binary file; save it as .xlsx or CSV and import that`, { file: s.name }, 'source')
  }
  const decoded = s.text !== undefined ? { text: s.text, encoding: 'utf-8' } : decodeBytes(bytes)
  if (isPaste(s)) return { ...base, format: 'paste', encoding: decoded.encoding, sheets: [{ name: '', grid: parsePastedTable(decoded.text) }] }
  const { grid, delimiter } = parseDelimited(decoded.text)
  return { ...base, format: delimiter === '\t' ? 'tsv' : 'csv', encoding: decoded.encoding, sheets: [{ name: '', grid }] }
}

/** The sheet to read: the one asked for (refused if absent), else the first that has rows. */
export function pickSheet(src: ReadSource, sheet: string | null | undefined): { name: string; grid: Grid } {
  if (sheet) {
    const s = src.sheets.find((x) => x.name === sheet)
    if (!s) throw invalid('import.noSheet', `${src.fileName}: no sheet named "${sheet}" (sheets: ${src.sheets.map((x) => x.name).join(', ')})`, { file: src.fileName, sheet }, 'sheet')
    return s
  }
  const first = src.sheets.find((x) => x.grid.rows.some((r) => r.cells.some((c) => c.trim() !== ''))) ?? src.sheets[0]
  if (!first) throw invalid('import.empty', `${src.fileName}: the workbook has no sheets`, { file: src.fileName }, 'source')
  return first
}

/** Applies the preview's fixes (a corrected cell) before interpretation. */
export function applyFixes(grid: Grid, fixes: readonly { sourceRow: number; column: number; value: string }[] | undefined): Grid {
  if (!fixes?.length) return grid
  const bySource = new Map(grid.rows.map((r, i) => [r.sourceRow, i]))
  const rows = grid.rows.slice()
  for (const f of fixes) {
    const i = bySource.get(f.sourceRow)
    if (i === undefined) continue
    const cells = rows[i]!.cells.slice()
    while (cells.length <= f.column) cells.push('')
    cells[f.column] = f.value
    rows[i] = { ...rows[i]!, cells }
  }
  return { ...grid, rows }
}
