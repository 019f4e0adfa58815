/**
 * Delimited text (CSV, TSV, `;`/`|`-separated) → Grid, through papaparse with every cell a string.
 * Quotes keep their CSV meaning (`"46,225.7000"` is one cell `46,225.7000`), nothing is typed or
 * trimmed, and each row remembers the physical line it starts on, so a figure traces back to the
 * line an analyst sees in a text editor.
 *
 * Decisions:
 * - Blank lines stay as rows with one empty cell (`['']`): the interpretation stage reports them
 *   as skipped 'blank' rows, and row numbering never depends on what was dropped.
 * - A line break is `\r\n`, `\n` or a lone `\r` (as editors count lines); breaks inside a quoted
 *   cell are counted too, so the row after a multi-line cell gets its true line number.
 * - The newline that ends the last line does not start another row.
 * - Terminal exports (iFinD) end every line with the delimiter; when every row that holds the
 *   delimiter ends with it, one trailing empty cell is dropped from each such row. Rows without
 *   the delimiter (titles, "数据来源：…" footers) do not vote.
 * - A leading BOM is removed; a `\r` left at the end of a line by a mixed LF/CRLF file is removed.
 */
import Papa from 'papaparse'
import type { Grid, GridRow } from './types'

export type Delimiter = ',' | '\t' | ';' | '|'

export interface DelimitedResult {
  grid: Grid
  delimiter: Delimiter
}

type Newline = '\n' | '\r\n' | '\r'

/** Excel's UTF-8 BOM can reach here when text was decoded elsewhere; papaparse would drop it too. */
function stripBom(text: string): string {
  let i = 0
  while (text.charCodeAt(i) === 0xfeff) i++
  return i === 0 ? text : text.slice(i)
}

/** One parsed record and where its text lies in the input: [start, end) including its terminator. */
interface RawRecord {
  cells: string[]
  start: number
  end: number
}

export function parseDelimited(text: string): DelimitedResult {
  const body = stripBom(text)
  const delimiter = sniffDelimiter(body)
  const newline = chooseNewline(body)
  const records = readRecords(body, delimiter, newline)
  if (newline === '\n' && body.includes('\r\n')) fixMixedLineEnds(body, records, delimiter)
  dropTrailingDelimiterCells(body, records, delimiter, newline)
  return { grid: { rows: numberRows(body, records), sheet: null }, delimiter }
}

// ── delimiter ────────────────────────────────────────────────────────────────────────────────

/** Enough lines to judge a file; a preamble of titles does not outvote the table under it. */
const SNIFF_CHARS = 64 * 1024
const SNIFF_LINES = 200
const OTHER_DELIMITERS = [',', ';', '|'] as const

function sampleLines(body: string): string[] {
  // quoted text may hold any delimiter (and line breaks): it says nothing about the separator
  const unquoted = body.slice(0, SNIFF_CHARS).replace(/"[^"]*"/g, '""')
  return unquoted
    .split(/\r\n|\n|\r/)
    .filter((l) => l.length > 0)
    .slice(0, SNIFF_LINES)
}

function countOf(line: string, ch: string): number {
  let n = 0
  for (let i = line.indexOf(ch); i !== -1; i = line.indexOf(ch, i + 1)) n++
  return n
}

/** Lines agreeing with the most common non-zero count: a real separator splits rows evenly. */
function consistency(lines: string[], ch: string): number {
  const freq = new Map<number, number>()
  for (const line of lines) {
    const n = countOf(line, ch)
    if (n > 0) freq.set(n, (freq.get(n) ?? 0) + 1)
  }
  return Math.max(0, ...freq.values())
}

/**
 * Tab wins when it appears on at least half of the lines that hold any separator: a TSV's cells
 * often contain commas (`46,225.70`), a CSV's cells almost never contain tabs.
 */
export function sniffDelimiter(body: string): Delimiter {
  const lines = sampleLines(body)
  const withTab = lines.filter((l) => l.includes('\t')).length
  const withAny = lines.filter((l) => /[\t,;|]/.test(l)).length
  if (withTab > 0 && withTab * 2 >= withAny) return '\t'
  let best: Delimiter = ','
  let bestScore = 0
  for (const d of OTHER_DELIMITERS) {
    const score = consistency(lines, d)
    if (score > bestScore) [best, bestScore] = [d, score]
  }
  return best
}

// ── records ──────────────────────────────────────────────────────────────────────────────────

/**
 * papaparse guesses one line ending for the whole file and would keep `b\nc` together as one
 * cell in a CRLF file with a stray LF; choose `\r\n` only when every LF has its CR.
 */
function chooseNewline(body: string): Newline {
  if (body.includes('\n')) return hasBareLf(body) ? '\n' : '\r\n'
  return body.includes('\r') ? '\r' : '\n'
}

/** indexOf hops from break to break: far cheaper than a regex over a large file */
function hasBareLf(body: string): boolean {
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) if (body.charCodeAt(i - 1) !== 13) return true
  return false
}

function hasLoneCr(body: string): boolean {
  for (let i = body.indexOf('\r'); i !== -1; i = body.indexOf('\r', i + 1)) if (body.charCodeAt(i + 1) !== 10) return true
  return false
}

/**
 * papaparse's step callback reports where each record ends, which gives every record's span. The
 * core Parser is used directly: the Papa.parse wrapper adds per-row work (header and typing
 * passes) that this never needs, about a third of the time on a 100,000-row file.
 */
function readRecords(body: string, delimiter: Delimiter, newline: Newline): RawRecord[] {
  const records: RawRecord[] = []
  let start = 0
  const step = (result: { data: string[][]; meta: { cursor: number } }): void => {
    const cells = result.data[0]
    const end = result.meta.cursor
    if (cells === undefined) return
    // the newline that ends the last line leaves an empty "record" at the very end: not a row
    if (start < body.length || cells.length !== 1 || cells[0] !== '') records.push({ cells, start, end })
    start = end
  }
  new Papa.Parser({ delimiter, newline, step }).parse(body, 0, false)
  return records
}

/**
 * A mixed file is parsed on LF, so a CRLF line's last unquoted cell keeps its `\r`: strip it. A
 * quoted last cell (`"x\r"\r\n`) keeps its own `\r`; papaparse swallows the line's CR as the
 * blank after a closing quote. Only when the character before the CRLF is a quote or a blank can
 * the two be confused; then that one record is parsed again on CRLF, which settles it.
 */
function fixMixedLineEnds(body: string, records: RawRecord[], delimiter: Delimiter): void {
  for (const rec of records) {
    const last = rec.cells[rec.cells.length - 1]
    if (last === undefined || !last.endsWith('\r') || body.slice(rec.end - 2, rec.end) !== '\r\n') continue
    const before = body[rec.end - 3] ?? ''
    rec.cells = before === '"' || /\s/.test(before) ? reparseOnCrlf(body, rec, delimiter) : withLastCell(rec.cells, last.slice(0, -1))
  }
}

function withLastCell(cells: string[], last: string): string[] {
  return [...cells.slice(0, -1), last]
}

function reparseOnCrlf(body: string, rec: RawRecord, delimiter: Delimiter): string[] {
  const again = new Papa.Parser({ delimiter, newline: '\r\n' }).parse(body.slice(rec.start, rec.end), 0, false) as { data: string[][] }
  const [first, rest] = again.data
  const oneRecord = first !== undefined && (rest === undefined || rest.join('') === '') && again.data.length <= 2
  return oneRecord ? first : rec.cells
}

/** Where the record's text ends, before its line terminator (and the CR of a CRLF in a mixed file). */
function contentEnd(body: string, rec: RawRecord, newline: Newline): number {
  let end = rec.end
  if (end - newline.length >= rec.start && body.startsWith(newline, end - newline.length)) end -= newline.length
  if (newline === '\n' && end > rec.start && body.charCodeAt(end - 1) === 13) end -= 1
  return end
}

function endsWithDelimiter(body: string, rec: RawRecord, delimiter: Delimiter, newline: Newline): boolean {
  const end = contentEnd(body, rec, newline)
  return end > rec.start && body[end - 1] === delimiter
}

function dropTrailingDelimiterCells(body: string, records: RawRecord[], delimiter: Delimiter, newline: Newline): void {
  let split = 0
  for (const r of records) {
    if (r.cells.length < 2) continue
    if (r.cells[r.cells.length - 1] !== '' || !endsWithDelimiter(body, r, delimiter, newline)) return
    split++
  }
  if (split > 0) for (const r of records) if (r.cells.length >= 2) r.cells.pop()
}

// ── line numbers ─────────────────────────────────────────────────────────────────────────────

/** Counts `\r\n`, `\n` and lone `\r` in [from, to), looking one past `to` for a CRLF pair. */
function lineBreaks(body: string, from: number, to: number, loneCr: boolean): number {
  if (!loneCr) {
    // the common case: only LF ends lines (alone or after CR), and indexOf skips the cells
    let n = 0
    for (let i = body.indexOf('\n', from); i !== -1 && i < to; i = body.indexOf('\n', i + 1)) n++
    return n
  }
  let n = 0
  for (let i = from; i < to; i++) {
    const c = body.charCodeAt(i)
    if (c === 10) n++
    else if (c === 13 && body.charCodeAt(i + 1) !== 10) n++
  }
  return n
}

function numberRows(body: string, records: RawRecord[]): GridRow[] {
  const rows: GridRow[] = []
  const loneCr = hasLoneCr(body)
  let line = 1
  let at = 0
  for (const rec of records) {
    line += lineBreaks(body, at, rec.start, loneCr)
    at = rec.start
    rows.push({ sourceRow: line, cells: rec.cells })
  }
  return rows
}
