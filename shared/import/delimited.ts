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

/**
 * The parsed records, and where each one's text ends in the input, terminator included; the next
 * record starts there. Parallel arrays: no object per row on a 100,000-row file.
 */
interface Records {
  cells: string[][]
  ends: number[]
}

function startOf(records: Records, i: number): number {
  return i === 0 ? 0 : records.ends[i - 1]!
}

export function parseDelimited(text: string): DelimitedResult {
  const body = stripBom(text)
  const first = parseBody(body)
  if (inOrder(first.grid.rows)) return first
  // Mixed `\r\n` / `\n` / lone `\r` with quotes papaparse takes literally (not at a cell's
  // start) can defeat the one-ending guess, and rows would share a line number (found by the
  // fuzz test): such a text is read again with every ending made `\n`.
  return parseBody(body.replace(/\r\n?/g, '\n'))
}

/** Every row on a later line than the one before: the line numbers are trustworthy. */
function inOrder(rows: readonly GridRow[]): boolean {
  for (let i = 1; i < rows.length; i++) if (rows[i]!.sourceRow <= rows[i - 1]!.sourceRow) return false
  return true
}

function parseBody(body: string): DelimitedResult {
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
 * cell in a CRLF file with a stray LF; choose `\r\n` only when every LF outside quotes has its CR.
 * Line breaks inside quoted cells are cell text and do not vote.
 */
function chooseNewline(body: string): Newline {
  const ends = body.includes('"') ? lineEndsOutsideQuotes(body) : lineEnds(body)
  if (ends.lf) return ends.bareLf ? '\n' : '\r\n'
  return ends.cr ? '\r' : '\n'
}

interface LineEnds {
  lf: boolean
  bareLf: boolean
  cr: boolean
}

/** indexOf hops from break to break: far cheaper than a regex or a scan over a large file */
function lineEnds(body: string): LineEnds {
  let bareLf = false
  for (let i = body.indexOf('\n'); i !== -1 && !bareLf; i = body.indexOf('\n', i + 1)) bareLf = body.charCodeAt(i - 1) !== 13
  return { lf: body.includes('\n'), bareLf, cr: body.includes('\r') }
}

/**
 * The same, skipping quoted text: quotes pair up left to right (`""` is a pair of its own), the
 * pairing papaparse uses to guess. Hops between quotes and breaks with indexOf, never char by char.
 */
function lineEndsOutsideQuotes(body: string): LineEnds {
  const ends: LineEnds = { lf: false, bareLf: false, cr: false }
  let lf = body.indexOf('\n')
  let cr = body.indexOf('\r')
  for (let from = 0; from <= body.length; ) {
    const open = body.indexOf('"', from)
    const to = open === -1 ? body.length : open
    // [from, to) is outside quotes; breaks before `from` were inside the last quoted stretch
    for (; lf !== -1 && lf < to; lf = body.indexOf('\n', lf + 1)) {
      if (lf >= from) [ends.lf, ends.bareLf] = [true, ends.bareLf || body.charCodeAt(lf - 1) !== 13]
    }
    for (; cr !== -1 && cr < to && !ends.cr; cr = body.indexOf('\r', cr + 1)) ends.cr = cr >= from
    const close = open === -1 ? -1 : body.indexOf('"', open + 1)
    if (close === -1) break
    from = close + 1
  }
  return ends
}

function hasLoneCr(body: string): boolean {
  for (let i = body.indexOf('\r'); i !== -1; i = body.indexOf('\r', i + 1)) if (body.charCodeAt(i + 1) !== 10) return true
  return false
}

/**
 * Without a quote in the file papaparse splits on newline and delimiter, so each record's span
 * follows from its cells. With quotes, its step callback reports where each record ends. The core
 * Parser is used directly: Papa.parse adds header and typing passes over every row, never needed.
 */
function readRecords(body: string, delimiter: Delimiter, newline: Newline): Records {
  const records = body.includes('"') ? readStepping(body, delimiter, newline) : readUnquoted(body, delimiter, newline)
  // the newline that ends the last line leaves an empty "record" at the very end: not a row
  const n = records.cells.length
  const last = records.cells[n - 1]
  if (n > 0 && startOf(records, n - 1) === body.length && last!.length === 1 && last![0] === '') {
    records.cells.pop()
    records.ends.pop()
  }
  return records
}

function readUnquoted(body: string, delimiter: Delimiter, newline: Newline): Records {
  const cells = (new Papa.Parser({ delimiter, newline }).parse(body, 0, false) as { data: string[][] }).data
  const ends: number[] = []
  let at = 0
  for (const row of cells) {
    for (const c of row) at += c.length
    at = Math.min(body.length, at + row.length - 1 + newline.length)
    ends.push(at)
  }
  return { cells, ends }
}

function readStepping(body: string, delimiter: Delimiter, newline: Newline): Records {
  const records: Records = { cells: [], ends: [] }
  const step = (result: { data: string[][]; meta: { cursor: number } }): void => {
    const row = result.data[0]
    if (row === undefined) return
    records.cells.push(row)
    records.ends.push(result.meta.cursor)
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
function fixMixedLineEnds(body: string, records: Records, delimiter: Delimiter): void {
  records.cells.forEach((cells, i) => {
    const last = cells[cells.length - 1]
    const end = records.ends[i]!
    if (last === undefined || !last.endsWith('\r') || body.slice(end - 2, end) !== '\r\n') return
    const before = body[end - 3] ?? ''
    if (before === '"' || /\s/.test(before)) records.cells[i] = reparseOnCrlf(body.slice(startOf(records, i), end), delimiter) ?? cells
    else cells[cells.length - 1] = last.slice(0, -1)
  })
}

function reparseOnCrlf(record: string, delimiter: Delimiter): string[] | null {
  const again = (new Papa.Parser({ delimiter, newline: '\r\n' }).parse(record, 0, false) as { data: string[][] }).data
  const [first, rest] = again
  const oneRecord = first !== undefined && (rest === undefined || rest.join('') === '') && again.length <= 2
  return oneRecord ? first : null
}

/** Where record i's text ends, before its line terminator (and the CR of a CRLF in a mixed file). */
function contentEnd(body: string, records: Records, i: number, newline: Newline): number {
  const start = startOf(records, i)
  let end = records.ends[i]!
  if (end - newline.length >= start && body.startsWith(newline, end - newline.length)) end -= newline.length
  if (newline === '\n' && end > start && body.charCodeAt(end - 1) === 13) end -= 1
  return end
}

function dropTrailingDelimiterCells(body: string, records: Records, delimiter: Delimiter, newline: Newline): void {
  let split = 0
  for (let i = 0; i < records.cells.length; i++) {
    const cells = records.cells[i]!
    if (cells.length < 2) continue
    const end = contentEnd(body, records, i, newline)
    if (cells[cells.length - 1] !== '' || body[end - 1] !== delimiter) return
    split++
  }
  if (split > 0) for (const cells of records.cells) if (cells.length >= 2) cells.pop()
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

function numberRows(body: string, records: Records): GridRow[] {
  const loneCr = hasLoneCr(body)
  const rows: GridRow[] = new Array<GridRow>(records.cells.length)
  let line = 1
  let at = 0
  records.cells.forEach((cells, i) => {
    const start = startOf(records, i)
    line += lineBreaks(body, at, start, loneCr)
    at = start
    rows[i] = { sourceRow: line, cells }
  })
  return rows
}
