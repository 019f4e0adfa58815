/**
 * One data row → an ImportRow, a rejection (with the row, column and value named) or a skip
 * (summary, footer, section heading, repeated header, note, blank). Everything that depends only
 * on the columns is worked out once in a RowPlan, so the per-row work is reading cells.
 */
import { marketOf, type Market } from '../tickers'
import { cellFailure, currencyCode, isMissingMarker, normalizeCell, parseCellAmount, parseDate, parseNormalizedNumber, plainNumber, toMillionsExact, unitInfo, type CellAmount, type CellNumber } from './cells'
import type { MappedColumn, TitleCurrencies } from './headers'
import { canonicalFromForm, type TickerContext, type TickerForm } from './tickerForms'
import type { GridRow, ImportMultiple, ImportRow, RejectedRow, SkippedRow } from './types'

export interface ColumnPlan {
  index: number
  header: string
  metric: 'pe' | 'ps' | null
  basis: string
  /** the column's unit scale, or null when no unit is known (a market cap then has no millions) */
  scale: number | null
  /** a currency the unit names outright (亿港元, US$ m); not the bare 元 of 亿元 */
  unitCurrency: string | null
  /** the unit is 元/万元/亿元: yuan for A-shares, "currency units" in terminals' 原始币种 exports */
  bareYuan: boolean
  /** LC, or Wind's [币种]原始币种: the listing's own currency */
  listing: boolean
  /** Wind's [币种] naming a currency */
  paramCurrency: string | null
}

export interface RowPlan {
  code: ColumnPlan | null
  name: ColumnPlan | null
  price: ColumnPlan | null
  marketCap: ColumnPlan | null
  currency: ColumnPlan | null
  date: ColumnPlan | null
  multiples: ColumnPlan[]
  /** every mapped (non-ignored) column: checked for Bloomberg failures, kept as printed */
  mapped: ColumnPlan[]
  /** columns holding figures: a row with none of them filled may be a section heading */
  figureColumns: Set<number>
  /** the header rows, normalised, to recognise a header repeated in the data */
  headerCells: string[][]
  titleCurrencies: TitleCurrencies | null
  ticker: TickerContext
  defaultCurrency: string | null
  /** printed code → canonical form (files repeat codes across dates) */
  codeCache: Map<string, CodeInfo>
  /** distinct codes of a certain form, by market: tells the file's market (see interpret) */
  certainMarkets: Map<Market, number>
  /** printed date → ISO (a file has few distinct dates) */
  dateCache: Map<string, string | null>
  /** printed name → cleaned name */
  nameCache: Map<string, string | null>
  /** printed non-number (`--`, `亏损`, `#N/A N/A`) → how it reads */
  markerCache: Map<string, CellNumber>
  /** printed currency → ISO code, null (blank) or '?' (not a currency) */
  currencyCache: Map<string, string | null>
}

export interface CodeInfo extends TickerForm {
  market: Market | null
}

const BARE_YUAN = /^(?:[千万亿百十]*元|[千万亿百十]+)$/

/** A column's unit, read once: scale, an outright currency, or the bare 元 that needs the market. */
export function planColumn(c: MappedColumn): ColumnPlan {
  const unit = c.unit ? normalizeCell(c.unit) : null
  const info = unit ? unitInfo(unit) : null
  const bareYuan = unit !== null && /元/.test(unit) && BARE_YUAN.test(unit)
  return {
    index: c.index,
    header: c.header,
    metric: c.role.kind === 'multiple' ? c.role.metric : null,
    basis: c.role.kind === 'multiple' ? c.role.basis : '',
    scale: info ? info.scale : null,
    unitCurrency: info && !bareYuan ? info.currency : null,
    bareYuan,
    listing: (unit !== null && /^lc$/i.test(unit)) || c.currencyParam === 'listing',
    paramCurrency: c.currencyParam && c.currencyParam !== 'listing' ? c.currencyParam : null,
  }
}

// ── row kinds ────────────────────────────────────────────────────────────────────────────────

const FOOTER = /^(?:数据来源|资料来源|来源\s*:|sources?\s*:|data source)/i
const NOTE = /^(?:注\s*[:\d(]|备注|说明\s*:|notes?\s*[:\d]|[*※①-⑳]|\(\d+\)\s|\d\)\s)/i
/** a qualified summary label (市值加权平均, 可比公司平均, 板块中位数): a few CJK characters, then the statistic */
const SUMMARY_CJK = /^[\u4e00-\u9fff]{1,8}(?:平均值?|均值|中位数|中值|合计|总计)$/
const SUMMARY = /^(?:平均|均值|中位数|中值|合计|总计|行业中值|行业平均|行业均值|算术平均|加权平均|整体法|average|mean|median|total|sum|avg|simple average|weighted average)(?![a-z])/i
/** A single text this long is a footnote, not a section heading. */
const NOTE_LENGTH = 40

const CCY_OF_MARKET: Record<string, string> = { 'CN-A': 'CNY', HK: 'HKD', US: 'USD' }

/** Where interpretRow puts each row (no wrapper object per row: files have 100,000+ rows). */
export interface RowSink {
  rows: ImportRow[]
  rejected: RejectedRow[]
  skipped: SkippedRow[]
}

const skip = (row: GridRow, reason: string, text: string): SkippedRow => ({ sourceRow: row.sourceRow, reason, text })

const WHY: Record<string, string> = {
  'value.notNumber': 'is not a number',
  'value.notAmount': 'is not an amount (a %, x or 亏损 where a price or market cap belongs)',
  'value.excelError': 'is an Excel error, not a figure',
  'value.notDate': 'is not a date',
  'bloomberg.requesting': 'is Bloomberg still fetching: the sheet was saved before the data arrived (refresh, then export again)',
  'bloomberg.invalidSecurity': 'is Bloomberg not knowing this security',
  'bloomberg.error': 'is a Bloomberg error instead of a figure',
  'code.ambiguous': 'is a bare number that could be an A-share with its leading zeros lost or a Hong Kong code, and the file does not say which market',
  'code.unrecognised': 'is not a ticker form we know, and the row has no name to go by',
}

function reject(row: GridRow, col: ColumnPlan | null, value: string | null, reason: string): RejectedRow {
  const where = col ? `row ${row.sourceRow}, column ${col.index + 1} (${col.header || 'no header'})` : `row ${row.sourceRow}`
  const message = col ? `${where}: "${value ?? ''}" ${WHY[reason] ?? `is refused (${reason})`}` : `${where}: no code and no name, so which company it is cannot be told`
  return { sourceRow: row.sourceRow, column: col ? col.index : null, value, reason, message }
}

const cell = (row: GridRow, col: ColumnPlan | null): string => (col ? normalizeCell(row.cells[col.index]) : '')
const printedRow = (cells: string[]) => cells.map((c) => (c ?? '').trim()).filter(Boolean).join(' ')
const isMissing = isMissingMarker

/** Names as iFinD pads them (`万　科Ａ`): NFKC, and no spaces between two Chinese characters. */
const CJK_GAP = /(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g
function cleanName(s: string): string | null {
  if (!s || isMissing(s)) return null
  return s.indexOf(' ') < 0 ? s : s.replace(CJK_GAP, '')
}

/** The name column, cleaned once per distinct printed name (NFKC of CJK text is not free). */
function nameOf(row: GridRow, plan: RowPlan): string | null {
  if (!plan.name) return null
  const raw = row.cells[plan.name.index]
  if (!raw) return null
  let n = plan.nameCache.get(raw)
  if (n === undefined) plan.nameCache.set(raw, (n = cleanName(normalizeCell(raw))))
  return n
}

const NO_FORM: CodeInfo = { id: null, warnings: [], market: null }

export function codeForm(plan: RowPlan, printed: string): CodeInfo {
  let f = plan.codeCache.get(printed)
  if (f) return f
  const t = canonicalFromForm(printed, plan.ticker)
  f = { id: t.id, warnings: t.warnings, market: t.id ? marketOf(t.id) : null }
  plan.codeCache.set(printed, f)
  const listed = f.market === 'CN-A' || f.market === 'HK' || f.market === 'US'
  if (listed && !f.warnings.length) plan.certainMarkets.set(f.market!, (plan.certainMarkets.get(f.market!) ?? 0) + 1)
  return f
}

/**
 * A figure cell: plain decimals (most cells) without allocating; other numbers parsed; the
 * words (`--`, `亏损`, `#N/A N/A`, blank) read once per distinct text.
 */
function readFigure(plan: RowPlan, raw: string | undefined): number | CellNumber {
  const plain = plainNumber(raw)
  if (plain !== null) return plain
  if (raw && isDigit(raw.charCodeAt(0))) return parseNormalizedNumber(normalizeCell(raw))
  const key = raw ?? ''
  let n = plan.markerCache.get(key)
  if (!n) plan.markerCache.set(key, (n = parseNormalizedNumber(normalizeCell(raw))))
  return n
}

const isDigit = (c: number) => c >= 48 && c <= 57

function readDate(plan: RowPlan, s: string): string | null | undefined {
  let d = plan.dateCache.get(s)
  if (d === undefined) {
    d = parseDate(s)
    if (d === null && isMissing(s)) return undefined
    plan.dateCache.set(s, d)
  }
  return d
}

function isRepeatedHeader(cells: string[], first: number, head: string, plan: RowPlan): boolean {
  for (const h of plan.headerCells) {
    if (h[first] !== head) continue
    let filled = 0
    let same = 0
    for (let i = 0; i < h.length; i++) {
      if (!h[i]) continue
      filled++
      if (normalizeCell(cells[i]) === h[i]) same++
    }
    if (same * 2 >= filled) return true
  }
  return false
}

/** Skips rows that are not companies: returns the skip, or null for a row to read. */
function classify(row: GridRow, plan: RowPlan, certainCode: boolean): SkippedRow | null {
  const cells = row.cells
  let first = -1
  let filled = 0
  let last = -1
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]
    if (!c || (c.charCodeAt(0) <= 32 && c.trim().length === 0)) continue
    if (first < 0) first = i
    filled++
    last = i
  }
  if (first < 0) return skip(row, 'blank', '')
  const head = normalizeCell(cells[first])
  if (FOOTER.test(head)) return skip(row, 'footer', printedRow(cells))
  if (filled <= 2 && NOTE.test(head)) return skip(row, 'note', printedRow(cells))
  if (!certainCode && (SUMMARY.test(head) || SUMMARY_CJK.test(head) || SUMMARY.test(nameOf(row, plan) ?? '') || (filled > 1 && SUMMARY.test(normalizeCell(cells[first + 1]))))) {
    return skip(row, 'summary', printedRow(cells))
  }
  if (isRepeatedHeader(cells, first, head, plan)) return skip(row, 'header', printedRow(cells))
  if (filled === 1 && head.length > NOTE_LENGTH) return skip(row, 'note', printedRow(cells))
  if (filled <= 2 && last <= 1 && !certainCode && !plan.figureColumns.has(first) && !plan.figureColumns.has(last)) return skip(row, 'section', printedRow(cells))
  return null
}

// ── figures ──────────────────────────────────────────────────────────────────────────────────

const warn = (warnings: string[], w: string | undefined) => {
  if (w && !warnings.includes(w)) warnings.push(w)
}

const isBareYuan = (unit: string) => unit.indexOf('元') >= 0 && BARE_YUAN.test(unit)

/**
 * A market cap's currency, first that applies: a currency the cell's or column's unit names
 * (亿港元, US$ m), the header's [币种], the listing's for LC/原始币种, the title rule for the
 * row's market, a currency column; a bare 元 is the listing's currency (CNY when unknown, with
 * a warning outside A-shares); a unit without currency (Bloomberg's 百万) is the listing's.
 */
function marketCapCurrency(plan: RowPlan, col: ColumnPlan, market: Market | null, warnings: string[], cellUnit: string | null, fallback: string | null, currencyColumn: string | null): string | null {
  const marketCcy = market ? CCY_OF_MARKET[market] ?? null : null
  const cellBare = cellUnit !== null && isBareYuan(cellUnit)
  const explicit = (cellUnit && !cellBare ? unitInfo(cellUnit).currency : null) ?? col.unitCurrency ?? col.paramCurrency
  if (explicit) return explicit
  if (col.listing && marketCcy) return marketCcy
  const fromTitle = market ? plan.titleCurrencies?.[market as keyof TitleCurrencies] : undefined
  if (fromTitle) return fromTitle
  if (currencyColumn) return currencyColumn
  if (cellBare || col.bareYuan) {
    if (market !== 'CN-A') warn(warnings, 'marketCap.currencyAssumed')
    return marketCcy ?? 'CNY'
  }
  if (marketCcy) return marketCcy
  if (fallback) {
    warn(warnings, 'marketCap.currencyAssumed')
    return fallback
  }
  warn(warnings, 'marketCap.currencyUnknown')
  return null
}

const blankToNull = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s)

/** What the figure readers share for one row; they fill `out` and return a rejection or null. */
interface RowContext {
  row: GridRow
  plan: RowPlan
  out: ImportRow
  market: Market | null
  currencyColumn: string | null
}

function readPrice(x: RowContext, col: ColumnPlan): RejectedRow | null {
  const raw = x.row.cells[col.index]
  x.out.pricePrinted = blankToNull(raw)
  const p = readFigure(x.plan, raw)
  if (typeof p === 'number') x.out.price = p
  else {
    if (p.status === 'error' || p.status === 'loss' || p.suffix) return reject(x.row, col, x.out.pricePrinted, p.reason ?? 'value.notAmount')
    x.out.price = p.value
    warn(x.out.warnings, p.warning)
  }
  if (x.out.price !== null && !x.out.currency) warn(x.out.warnings, 'price.currencyUnknown')
  return null
}

function readMarketCap(x: RowContext, col: ColumnPlan): RejectedRow | null {
  const raw = x.row.cells[col.index]
  x.out.marketCapPrinted = blankToNull(raw)
  const plain = plainNumber(raw)
  const text = plain === null ? normalizeCell(raw) : raw!
  const a: CellAmount = plain === null ? parseCellAmount(text) : { value: plain, status: 'ok', unitText: null }
  if (a.status === 'error') return reject(x.row, col, x.out.marketCapPrinted, a.reason ?? 'value.notNumber')
  const warnings = x.out.warnings
  warn(warnings, a.warning)
  if (a.value === null) return null
  // as parseFigure: the cell's own scale when it prints one, else the column's
  const cellScale = a.unitText ? unitInfo(a.unitText).scale : 1
  const scale = cellScale !== 1 ? cellScale : col.scale
  if (scale === null) warn(warnings, 'marketCap.unitUnknown')
  else x.out.marketCapMn = toMillionsExact(a.value, scale, a.unitText ? undefined : text)
  const fallback = x.plan.price?.unitCurrency ?? x.plan.defaultCurrency
  x.out.marketCapCurrency = marketCapCurrency(x.plan, col, x.market, warnings, a.unitText, fallback, x.currencyColumn)
  return null
}

function readMultiples(x: RowContext): RejectedRow | null {
  const cols = x.plan.multiples
  const list: ImportMultiple[] = (x.out.multiples = new Array(cols.length)) // sized: 100,000 rows of them stay in memory
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i]!
    const printed = x.row.cells[col.index] ?? ''
    const n = readFigure(x.plan, printed)
    let value: number | null
    if (typeof n === 'number') value = n
    else {
      if (n.status === 'error') return reject(x.row, col, printed, n.reason ?? 'value.notNumber')
      warn(x.out.warnings, n.status === 'loss' ? `${col.metric}.loss` : n.warning)
      value = n.value
    }
    list[i] = { metric: col.metric!, basis: col.basis, value, printed, column: col.index }
  }
  return null
}

function readRowDate(x: RowContext, col: ColumnPlan): RejectedRow | null {
  const d = cell(x.row, col)
  const iso = d ? readDate(x.plan, d) : undefined
  if (iso === null) return reject(x.row, col, x.row.cells[col.index] ?? '', 'value.notDate')
  x.out.date = iso ?? null
  return null
}

/** The currency column, if any: an ISO code, or null (a text that is no currency warns). */
function currencyColumnOf(row: GridRow, plan: RowPlan, warnings: string[]): string | null {
  const raw = row.cells[plan.currency!.index] ?? ''
  let code = plan.currencyCache.get(raw)
  if (code === undefined) {
    const text = normalizeCell(raw)
    plan.currencyCache.set(raw, (code = !text || isMissing(text) ? null : currencyCode(text) ?? UNKNOWN_CURRENCY))
  }
  if (code !== UNKNOWN_CURRENCY) return code
  warn(warnings, 'currency.unknown')
  return null
}

/** A currency column's text that names no currency (cached as such, reported on each row). */
const UNKNOWN_CURRENCY = '?'


/** Every mapped cell as printed, by column index. */
function printedCells(row: GridRow, plan: RowPlan): Record<number, string> {
  const printed: Record<number, string> = {}
  for (const col of plan.mapped) {
    const raw = row.cells[col.index]
    if (raw !== undefined) printed[col.index] = raw
  }
  return printed
}

/**
 * Reads a data row. `classify` runs first (skips); then Bloomberg failures reject the whole row;
 * then identity (a code or a name); then every mapped figure, the first garbled one rejecting.
 */
export function interpretRow(row: GridRow, plan: RowPlan, sink: RowSink): void {
  const out = readRow(row, plan)
  if ('reason' in out) {
    if ('message' in out) sink.rejected.push(out)
    else sink.skipped.push(out)
  } else sink.rows.push(out)
}

function failedCell(row: GridRow, plan: RowPlan): RejectedRow | null {
  for (const col of plan.mapped) {
    const raw = row.cells[col.index]
    if (!raw || raw.charCodeAt(0) !== 35 /* # */) continue
    const failure = cellFailure(normalizeCell(raw))
    if (failure) return reject(row, col, raw, failure)
  }
  return null
}

function readRow(row: GridRow, plan: RowPlan): ImportRow | RejectedRow | SkippedRow {
  const codePrinted = plan.code ? blankToNull(row.cells[plan.code.index])?.trim() ?? null : null
  const form = codePrinted ? codeForm(plan, codePrinted) : NO_FORM
  const skipped = classify(row, plan, form.id !== null && form.warnings.length === 0)
  if (skipped) return skipped
  const failed = failedCell(row, plan)
  if (failed) return failed
  const name = nameOf(row, plan)
  if (!form.id && !name) return form.warnings.length ? reject(row, plan.code, codePrinted, form.warnings[0]!) : reject(row, null, null, 'row.noIdentity')
  const warnings = form.warnings.length ? form.warnings.slice() : []
  const marketCcy = form.market ? CCY_OF_MARKET[form.market] ?? null : null
  const currencyColumn = plan.currency ? currencyColumnOf(row, plan, warnings) : null
  const out: ImportRow = {
    sourceRow: row.sourceRow,
    codePrinted,
    security: form.id,
    name,
    currency: currencyColumn ?? plan.price?.unitCurrency ?? plan.price?.paramCurrency ?? marketCcy ?? plan.defaultCurrency,
    price: null,
    pricePrinted: null,
    marketCapMn: null,
    marketCapCurrency: null,
    marketCapPrinted: null,
    multiples: [],
    date: null,
    cells: printedCells(row, plan),
    warnings,
  }
  const x: RowContext = { row, plan, out, market: form.market, currencyColumn }
  return (
    (plan.price && readPrice(x, plan.price)) ||
    (plan.marketCap && readMarketCap(x, plan.marketCap)) ||
    readMultiples(x) ||
    (plan.date && readRowDate(x, plan.date)) ||
    out
  )
}
