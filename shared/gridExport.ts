/**
 * Grid exports an analyst can paste into a model: one header row whose every name says the
 * metric, its basis (fiscal year, as reported…) and its unit; names unique (a group header is
 * always joined with its child, so two "FY22E" columns become "P/E FY22E (x)" and
 * "P/S FY22E (x)"); numeric cells are numbers, never display strings, and a missing figure is an
 * empty cell, never 0; every money column in an original currency is followed by a currency
 * column; a money column in one stated currency (the reporting currency) says it in its header.
 *
 * Pure: the grids describe their columns (ExportColumn) and hand over their rows; CSV text is
 * built here too, XLSX is written by the renderer from the same table.
 */
import type { Lang } from './format'

export type Cell = string | number | boolean | null

/** How a column exports; attached to a grid column as `context.export`. */
export type ExportMeta<R> =
  | { kind: 'text'; value?: (row: R) => string | null }
  /** a plain number (count, percent…); `unit` is said in the header when given */
  | { kind: 'number'; unit?: string; digits?: number; value?: (row: R) => number | null }
  /** a valuation multiple: metric pe / ps / ev-ebitda…, basis a fiscal year such as FY23E */
  | { kind: 'multiple'; metric: string; basis?: string | null; value?: (row: R) => number | null }
  /**
   * A money figure. `currency`: every row is in this one currency (the reporting currency);
   * `currencyOf`: each row has its own (original) currency, exported in a column of its own.
   */
  | {
      kind: 'money'
      metric: string
      /** 'reported': the original figure (as the report states it, in its own currency) */
      basis?: 'reported' | null
      scale: 'units' | 'millions'
      currency?: string
      currencyOf?: (row: R) => string | null
      value?: (row: R) => number | null
    }
  /** left out of exports (UI-only columns such as an action button) */
  | { kind: 'skip' }

export interface ExportColumn<R> {
  colId: string
  headerName: string
  /** header of the column group the column sits in (P/E, P/S, Market cap…) */
  groupHeader?: string | null
  /** AG Grid's `type: 'numericColumn'` — a number column without export metadata */
  numeric?: boolean
  meta?: ExportMeta<R> | null
  /** the raw (unformatted) cell value, used when the meta has no `value` of its own */
  value: (row: R) => unknown
}

/** Where a row was printed, for the optional provenance columns. */
export interface Provenance {
  report: string
  table: string
  row: number | null
  line: number | null
}

export interface ExportOptions<R> {
  lang: Lang
  /** append report / table / row / line columns */
  provenance?: (row: R) => Provenance | null
}

export type ColumnFormat = 'text' | 'integer' | 'decimal1' | 'decimal2' | 'number'

export interface ExportTable {
  header: string[]
  rows: Cell[][]
  /** per column: how the XLSX writer formats it (numbers) */
  formats: ColumnFormat[]
  /** per column: a width in characters fitting the header and the values */
  widths: number[]
}

const METRIC: Record<string, { zh: string; en: string }> = {
  pe: { zh: '市盈率', en: 'P/E' },
  ps: { zh: '市销率', en: 'P/S' },
  pb: { zh: '市净率', en: 'P/B' },
  evEbitda: { zh: 'EV/EBITDA', en: 'EV/EBITDA' },
  marketCap: { zh: '总市值', en: 'Mkt cap' },
  price: { zh: '股价', en: 'Price' },
}

const CCY_ZH: Record<string, string> = {
  CNY: '人民币',
  HKD: '港元',
  USD: '美元',
  EUR: '欧元',
  GBP: '英镑',
  JPY: '日元',
  KRW: '韩元',
  TWD: '新台币',
  SGD: '新加坡元',
}

const WORDS = {
  zh: { reported: '原文', local: '当地货币', currency: '币种', report: '研报', table: '估值表', row: '表内行号', line: '原文行号', times: '倍', millions: '百万' },
  en: { reported: 'as reported', local: 'local', currency: 'currency', report: 'Report', table: 'Table', row: 'Table row', line: 'Source line', times: 'x', millions: 'm' },
} as const

export function metricLabel(metric: string, lang: Lang): string {
  return METRIC[metric]?.[lang] ?? metric
}

/** A unit in brackets: " (USD m)" in English, "（百万美元）" in Chinese. */
function unitSuffix(unit: string, lang: Lang): string {
  return lang === 'zh' ? `（${unit}）` : ` (${unit})`
}

function moneyUnit(scale: 'units' | 'millions', currency: string | null, lang: Lang): string {
  const w = WORDS[lang]
  if (lang === 'zh') {
    const c = currency ? (CCY_ZH[currency] ?? currency) : w.local
    return scale === 'millions' ? (currency ? `${w.millions}${c}` : `${w.millions}，${c}`) : c
  }
  const c = currency ?? w.local
  return scale === 'millions' ? `${c} ${w.millions}` : c
}

/** "P/E" + "FY22E" → "P/E FY22E"; a child already naming its group is not doubled. */
function joinGroup(group: string | null | undefined, name: string): string {
  const g = (group ?? '').trim()
  const n = name.trim()
  if (!g) return n
  if (!n) return g
  return n.startsWith(g) ? n : `${g} ${n}`
}

interface Out<R> {
  header: string
  format: ColumnFormat
  get: (row: R) => Cell
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  // a plain number held as text ("28.6", "1,234"); a display string ("1.99万亿美元", "NM") is not one
  if (typeof v === 'string' && /^\s*[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s*$/.test(v)) return Number(v.replace(/[,\s+]/g, ''))
  return null
}

function text(v: unknown): Cell {
  if (v == null) return null
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'string' || typeof v === 'boolean') return v === '' ? null : v
  return String(v)
}

function columnsOf<R>(c: ExportColumn<R>, lang: Lang): Out<R>[] {
  const m = c.meta
  const w = WORDS[lang]
  const raw = c.value
  if (m?.kind === 'skip') return []
  if (m?.kind === 'multiple') {
    const name = [metricLabel(m.metric, lang), m.basis ?? c.headerName].filter(Boolean).join(' ')
    const get = m.value ?? raw
    return [{ header: name + unitSuffix(w.times, lang), format: 'decimal1', get: (r) => num(get(r)) }]
  }
  if (m?.kind === 'money') {
    const label = metricLabel(m.metric, lang) + (m.basis === 'reported' ? (lang === 'zh' ? w.reported : ` ${w.reported}`) : '')
    const get = m.value ?? raw
    const format: ColumnFormat = m.scale === 'millions' ? 'decimal1' : 'decimal2'
    const own = m.currencyOf
    if (m.currency && !own) {
      return [{ header: label + unitSuffix(moneyUnit(m.scale, m.currency, lang), lang), format, get: (r) => num(get(r)) }]
    }
    const value: Out<R> = { header: label + unitSuffix(moneyUnit(m.scale, null, lang), lang), format, get: (r) => num(get(r)) }
    const ccy: Out<R> = {
      header: lang === 'zh' ? `${label}${w.currency}` : `${label} ${w.currency}`,
      format: 'text',
      get: (r) => (own ? (own(r) ?? null) : (m.currency ?? null)),
    }
    return [value, ccy]
  }
  const name = joinGroup(c.groupHeader, c.headerName || c.colId)
  if (m?.kind === 'number') {
    const get = m.value ?? raw
    return [{ header: m.unit ? name + unitSuffix(m.unit, lang) : name, format: m.digits === 0 ? 'integer' : 'number', get: (r) => num(get(r)) }]
  }
  if (m?.kind === 'text') {
    const get = m.value ?? raw
    return [{ header: name, format: 'text', get: (r) => text(get(r)) }]
  }
  if (c.numeric) return [{ header: name, format: 'number', get: (r) => num(raw(r)) }]
  return [{ header: name, format: 'text', get: (r) => text(raw(r)) }]
}

function provenanceColumns<R>(p: (row: R) => Provenance | null, lang: Lang): Out<R>[] {
  const w = WORDS[lang]
  return [
    { header: w.report, format: 'text', get: (r) => p(r)?.report ?? null },
    { header: w.table, format: 'text', get: (r) => p(r)?.table ?? null },
    { header: w.row, format: 'integer', get: (r) => p(r)?.row ?? null },
    { header: w.line, format: 'integer', get: (r) => p(r)?.line ?? null },
  ]
}

/** Makes every name unique: a repeated name gets " (2)", " (3)"… */
export function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>()
  return names.map((n) => {
    let name = n
    for (let i = 2; seen.has(name); i++) name = `${n} (${i})`
    seen.add(name)
    return name
  })
}

function cellWidth(v: Cell): number {
  if (v == null) return 0
  const s = typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(v)
  // CJK characters take two columns
  let n = 0
  for (const ch of s) n += /[\u2e80-\uffef]/.test(ch) ? 2 : 1
  return n
}

export function buildExportTable<R>(columns: ExportColumn<R>[], rows: R[], opts: ExportOptions<R>): ExportTable {
  const outs = columns.flatMap((c) => columnsOf(c, opts.lang))
  if (opts.provenance) outs.push(...provenanceColumns(opts.provenance, opts.lang))
  const header = uniqueNames(outs.map((o) => o.header))
  const body = rows.map((r) => outs.map((o) => o.get(r)))
  // a plain number column: whole numbers (counts) without decimals, others with two
  const formats = outs.map((o, i): ColumnFormat =>
    o.format !== 'number' ? o.format : body.every((row) => typeof row[i] !== 'number' || Number.isInteger(row[i])) ? 'integer' : 'decimal2',
  )
  const widths = header.map((h, i) => {
    let w = cellWidth(h)
    for (const row of body.slice(0, 500)) w = Math.max(w, cellWidth(row[i] ?? null))
    return Math.min(60, Math.max(8, w + 2))
  })
  return { header, rows: body, formats, widths }
}

function csvCell(v: Cell): string {
  if (v == null) return ''
  // numbers unformatted, '.' decimals, no thousands separators (String() never uses a locale)
  const s = String(v)
  return /[",\n\r]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** CSV with a UTF-8 BOM (Excel reads Chinese names only with it), CRLF line ends. */
export function toCsv(t: ExportTable): string {
  return '\ufeff' + [t.header, ...t.rows].map((r) => r.map(csvCell).join(',')).join('\r\n')
}

/** Excel number formats for ColumnFormat (thousands separators; text columns stay General). */
export const XLSX_NUMBER_FORMAT: Record<ColumnFormat, string | null> = {
  text: null,
  integer: '#,##0',
  decimal1: '#,##0.0',
  decimal2: '#,##0.00',
  // resolved by buildExportTable to integer or decimal2
  number: '#,##0.00',
}
