import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseDelimited, type Delimiter } from '../../shared/import/delimited'
import { parsePastedTable } from '../../shared/import/paste'
import type { Grid } from '../../shared/import/types'

/** Lines as editors count them: \r\n, \n and a lone \r each end one. */
const lineCount = (text: string) => text.split(/\r\n|\n|\r/).length

/** one call must stay far under this even on a loaded CI machine; a hang or a blow-up would not */
const CALL_MS = 1500

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now()
  const value = f()
  return { value, ms: performance.now() - t }
}

/** sourceRows are whole line numbers within the text, strictly increasing; every row has string cells */
function saneRows(grid: Grid, text: string): boolean {
  const lines = lineCount(text)
  let prev = 0
  for (const r of grid.rows) {
    const ok = Number.isInteger(r.sourceRow) && r.sourceRow > prev && r.sourceRow <= lines && r.cells.length > 0 && r.cells.every((c) => typeof c === 'string')
    if (!ok) return false
    prev = r.sourceRow
  }
  return true
}

/** characters that matter to the parsers, mixed with arbitrary unicode */
const tricky = fc.constantFrom('"', ',', '\t', ';', '|', '\r', '\n', '\r\n', ' ', '\u3000', '\uFEFF', '(', '（', ')', '）', '：', '-', '.', '%')
const pieces = fc.oneof(
  { weight: 3, arbitrary: tricky },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom('002230', 'CH', '700', 'HK', 'MSFT', 'US', '0700.HK', '002230.SZ', 'NA', 'n.m.', '1,234.5', '(3.2)', '12.3x', '5%', '－', '１９．５０') },
  { weight: 2, arbitrary: fc.constantFrom('P/E', '(x)', 'FY22E', '2023E', '2021', '公司', '代码', 'Company', 'Ticker', 'Mkt cap', '(US$ m)', '（亿', '元，2021）', '资料来源：', 'Page 12') },
)
const messyText = fc.array(pieces, { maxLength: 120 }).map((p) => p.join(''))
/** a very long line (no breaks), or one long line among short ones */
const longText = fc
  .tuple(fc.constantFrom('1,234.5 ', 'a', '"', ',', '\t', '002230 CH ', '(', '（亿'), fc.integer({ min: 2_000, max: 40_000 }), messyText)
  .map(([unit, n, rest]) => `${rest}\n${unit.repeat(Math.ceil(n / unit.length))}\n${rest}`)
const anyText = fc.oneof({ weight: 4, arbitrary: messyText }, { weight: 1, arbitrary: longText }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) })

describe('parseDelimited on arbitrary text', () => {
  it('never throws, returns promptly, and numbers rows within the text, in order', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { value, ms } = timed(() => parseDelimited(text))
        expect(ms).toBeLessThan(CALL_MS)
        expect(saneRows(value.grid, text)).toBe(true)
        expect([',', '\t', ';', '|']).toContain(value.delimiter)
      }),
      { numRuns: 300 },
    )
  })
})

describe('parsePastedTable on arbitrary text', () => {
  it('never throws, returns promptly, and numbers rows within the text, in order', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { value, ms } = timed(() => parsePastedTable(text))
        expect(ms).toBeLessThan(CALL_MS)
        expect(saneRows(value, text)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
  it('emits at most one row per non-blank line, and some row whenever there is text', () => {
    fc.assert(
      fc.property(messyText, (text) => {
        const grid = parsePastedTable(text)
        const nonBlank = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').length
        // every output row stands for at least one line, and a line is used at most once
        expect(grid.rows.length).toBeLessThanOrEqual(nonBlank)
        if (nonBlank > 0) expect(grid.rows.length).toBeGreaterThan(0)
      }),
      { numRuns: 200 },
    )
  })
})

// ── well-formed CSV round trip ───────────────────────────────────────────────────────────────

const SPECIAL = /["\r\n,\t;|]/

/** RFC 4180 quoting, and quote any cell holding a candidate delimiter (so sniffing has one answer) */
function quote(cell: string): string {
  return SPECIAL.test(cell) || cell.startsWith('\uFEFF') ? `"${cell.replace(/"/g, '""')}"` : cell
}

function serialise(rows: string[][], delimiter: Delimiter, newline: string): string {
  return rows.map((r) => r.map(quote).join(delimiter) + newline).join('')
}

/** The documented iFinD rule: when every multi-cell row ends with an (unquoted) empty cell, it goes. */
function expected(rows: string[][]): string[][] {
  const multi = rows.filter((r) => r.length >= 2)
  const trailing = multi.length > 0 && multi.every((r) => r[r.length - 1] === '')
  return trailing ? rows.map((r) => (r.length >= 2 ? r.slice(0, -1) : r)) : rows
}

const cell = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 3, arbitrary: fc.array(fc.oneof(tricky, fc.constantFrom('a', '1', '科', ' ', '""')), { maxLength: 8 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('', '46,225.7000', '002230', '-', '"quoted"', ' lead', 'trail ') },
)
const grid = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 })

describe('parseDelimited on well-formed CSV', () => {
  it('returns exactly the cells that were written, whatever the delimiter and line ending', () => {
    fc.assert(
      fc.property(grid, fc.constantFrom<Delimiter>(',', '\t', ';', '|'), fc.constantFrom('\n', '\r\n', '\r'), (rows, delimiter, newline) => {
        const text = serialise(rows, delimiter, newline)
        const parsed = parseDelimited(text)
        expect(parsed.grid.rows.map((r) => r.cells)).toEqual(expected(rows))
        // with a second column somewhere, the delimiter is found from the content
        if (rows.some((r) => r.length >= 2)) expect(parsed.delimiter).toBe(delimiter)
      }),
      { numRuns: 400 },
    )
  })
  it('numbers each record by the physical line it starts on', () => {
    fc.assert(
      fc.property(grid, fc.constantFrom('\n', '\r\n'), (rows, newline) => {
        const text = serialise(rows, ',', newline)
        let line = 1
        const starts = rows.map((r) => {
          const at = line
          line += lineCount(r.map(quote).join(',')) // breaks inside quoted cells, then the record's own
          return at
        })
        expect(parseDelimited(text).grid.rows.map((r) => r.sourceRow)).toEqual(starts)
      }),
      { numRuns: 300 },
    )
  })
})
