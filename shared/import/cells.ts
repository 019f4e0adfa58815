/**
 * One cell's text before it means anything: normalised (full-width forms, padding) and read as a
 * number, a missing marker, a loss marker, or an error. Figures are parsed as printed — a cell
 * that is not clearly a number is an error for the caller to reject, never a guess.
 *
 * Hot path: interpret() calls these for every mapped cell of files with 100,000+ rows, so the
 * regular expressions are compiled once here and the common ASCII cell skips NFKC.
 */
import { parseUnit, type UnitInfo } from '../units'

/** Printable ASCII with no padding: NFKC and trim would leave it unchanged (the common cell). */
function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c > 0x7e) return false
  }
  return s.charCodeAt(0) !== 0x20 && s.charCodeAt(s.length - 1) !== 0x20
}

/**
 * NFKC (full-width `６６．１０` → `66.10`, `（）：` → `():`, U+3000 → space), then trimmed;
 * String.trim already removes U+3000, NBSP and the BOM.
 */
export function normalizeCell(printed: string | null | undefined): string {
  if (!printed) return ''
  return isPlainAscii(printed) ? printed : printed.normalize('NFKC').trim()
}

/** "No figure" as terminals and brokers print it (lower-cased, after normalizeCell). Never 0. */
const MISSING = new Set([
  '', '-', '--', '---', '—', '——', '–', '/', 'na', 'n/a', 'n.a.', 'n.a', 'nm', 'n.m.', 'n.m', 'nan', 'none', 'null', '无',
  // Excel's NA() and Bloomberg's "field has no value" forms: the data source answered, with nothing
  '#n/a', '#n/a n/a', '#n/a field not applicable', '#n/a n.a.',
])

/** Is a normalised cell one of the "no figure" markers (`--`, `NA`, `#N/A N/A`, blank…)? */
export function isMissingMarker(s: string): boolean {
  return s.length === 0 || (s.length <= 26 && MISSING.has(s.toLowerCase()))
}

/** Loss-making: a P/E that brokers print as a word instead of a negative number. */
const LOSS = new Set(['亏损', 'neg', 'neg.'])

export type CellStatus = 'ok' | 'missing' | 'loss' | 'error'

export interface CellNumber {
  value: number | null
  status: CellStatus
  /** kept on the row, does not stop it: 'value.scientific', 'pe.loss' */
  warning?: string
  /** why status is 'error': 'value.notNumber', 'value.excelError', 'bloomberg.requesting', … */
  reason?: string
  /** a trailing '%' or 'x'/'倍' that was read off the number */
  suffix?: '%' | 'x'
}

const PLAIN = /^-?\d+(?:\.\d+)?$/
const GROUPED = /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/
/** Excel re-saves large numbers as 1.13012E+11; the digits after the fifth are gone. */
const SCIENTIFIC = /^[-+]?\d+(?:\.\d+)?[eE][-+]?\d{1,3}$/
const SUFFIX = /\s*([%xX倍])$/
const SUFFIX_CHAR = /^[%xX倍]$/
const EXCEL_ERROR = /^#(?:VALUE!|REF!|DIV\/0!|NAME\?|NULL!|NUM!|SPILL!|CALC!|GETTING_DATA)$/i

/**
 * A Bloomberg (or Excel) failure printed in a cell: the value was never fetched, so the whole
 * row is unusable. Returns the reason code, or null when the cell is not a failure marker.
 * Takes a normalised cell.
 */
export function cellFailure(s: string): string | null {
  if (s.charCodeAt(0) !== 35 /* '#' */) return null
  const lower = s.toLowerCase()
  if (MISSING.has(lower)) return null
  if (lower.startsWith('#n/a requesting data')) return 'bloomberg.requesting'
  if (lower.startsWith('#n/a invalid security')) return 'bloomberg.invalidSecurity'
  if (lower.startsWith('#n/a ')) return 'bloomberg.error'
  if (EXCEL_ERROR.test(s)) return 'value.excelError'
  return null
}

const MISSING_RESULT: CellNumber = Object.freeze({ value: null, status: 'missing' }) as CellNumber
const error = (reason: string): CellNumber => ({ value: null, status: 'error', reason })

/**
 * The common cell, straight from the grid and without allocating: a plain decimal (`-12.5`,
 * `46225.7000`) → its value; anything else → null, and the caller takes the full path
 * (normalizeCell + parseNormalizedNumber). One pass over the characters, no NFKC, no regex.
 */
export function plainNumber(s: string | undefined): number | null {
  if (!s) return null
  const n = s.length
  let i = s.charCodeAt(0) === 45 /* - */ ? 1 : 0
  const digitsFrom = i
  while (i < n && isDigit(s.charCodeAt(i))) i++
  if (i === digitsFrom) return null
  if (i < n) {
    if (s.charCodeAt(i) !== 46 /* . */ || i === n - 1) return null
    i++
    while (i < n && isDigit(s.charCodeAt(i))) i++
    if (i < n) return null
  }
  return Number(s)
}

const isDigit = (c: number) => c >= 48 && c <= 57

/** parseCellNumber for a cell already passed through normalizeCell. */
export function parseNormalizedNumber(s: string): CellNumber {
  if (PLAIN.test(s)) return { value: Number(s), status: 'ok' }
  // markers never start with a digit: skip the lookups for `46,225.7000`, `1.13E+11`, `15.0x`
  if (!isDigit(s.charCodeAt(0))) {
    const lower = s.toLowerCase()
    if (MISSING.has(lower)) return MISSING_RESULT
    if (LOSS.has(lower)) return { value: null, status: 'loss', warning: 'pe.loss' }
    const failure = cellFailure(s)
    if (failure) return error(failure)
  }
  let t = s.indexOf('−') >= 0 ? s.replace(/−/g, '-') : s
  let suffix: CellNumber['suffix']
  const sm = SUFFIX_CHAR.test(t.charAt(t.length - 1)) ? SUFFIX.exec(t) : null
  if (sm) {
    suffix = sm[1] === '%' ? '%' : 'x'
    t = t.slice(0, sm.index)
  }
  let negative = false
  if (t.length > 2 && t.charCodeAt(0) === 40 /* ( */ && t.charCodeAt(t.length - 1) === 41 /* ) */) {
    negative = true
    t = t.slice(1, -1)
  }
  let n: number
  let warning: string | undefined
  if (GROUPED.test(t)) n = Number(t.indexOf(',') >= 0 ? t.replace(/,/g, '') : t)
  else if (SCIENTIFIC.test(t)) {
    n = Number(t)
    warning = 'value.scientific'
  } else return error('value.notNumber')
  if (!Number.isFinite(n) || (negative && n < 0)) return error('value.notNumber')
  const out: CellNumber = { value: negative ? -n : n, status: 'ok' }
  if (suffix) out.suffix = suffix
  if (warning) out.warning = warning
  return out
}

/**
 * Reads a printed number: `46,225.7000`, `(12.5)`, `15.0x`, `28%`, `1.13012E+11` (allowed, with
 * warning 'value.scientific'), full-width digits. Missing markers → status 'missing'; `亏损` →
 * 'loss' (warning 'pe.loss'); Bloomberg `#N/A <text>` failures and anything garbled → 'error'.
 */
export function parseCellNumber(printed: string | null | undefined): CellNumber {
  return parseNormalizedNumber(normalizeCell(printed))
}

// ── amounts with their own unit (market caps) ────────────────────────────────────────────────

/** parseUnit, plus the two scales it does not know: 万亿 (1e12) and Yahoo's T (trillion). */
export function unitInfo(unit: string | null | undefined): UnitInfo {
  const u = parseUnit(unit)
  if (unit && (/万亿/.test(unit) || /^\s*T\s*$/.test(unit))) return { ...u, scale: 1e12, isMoney: true }
  return u
}

const AMOUNT_WITH_UNIT = /^([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([^\d\s~至-][^\d]*)$/

export interface CellAmount {
  value: number | null
  status: CellStatus
  /** the unit printed in the cell itself ('亿美元' of '5785亿美元', 'B' of '532.1B'), else null */
  unitText: string | null
  warning?: string
  reason?: string
}

/** Does a unit say something (a scale or a currency)? '亿', 'B', 'T', '美元' do; 'abc' does not. */
const meaningfulUnit = (u: string) => {
  const info = unitInfo(u)
  return info.scale !== 1 || info.currency !== null
}

/**
 * An amount cell that may carry its own unit (Yahoo `3.21T`, brokers' `5785亿美元`); the caller
 * lets that unit win over the column's. A `%`, `x` or `亏损` on an amount is an error, not a unit.
 */
export function parseCellAmount(s: string): CellAmount {
  const n = parseNormalizedNumber(s)
  if ((n.status === 'ok' && n.suffix) || n.status === 'loss') return { value: null, status: 'error', unitText: null, reason: 'value.notAmount' }
  if (n.status !== 'error' || n.reason !== 'value.notNumber') return { value: n.value, status: n.status, unitText: null, warning: n.warning, reason: n.reason }
  const m = AMOUNT_WITH_UNIT.exec(s)
  const v = m && meaningfulUnit(m[2]!) ? parseNormalizedNumber(m[1]!) : null
  if (!v || v.value === null) return { value: null, status: 'error', unitText: null, reason: 'value.notNumber' }
  return { value: v.value, status: 'ok', unitText: m![2]!.trim() }
}

/**
 * An amount in `scale` units → millions, by moving the decimal point rather than multiplying in
 * binary, so 4.35 亿 is 435 (toMillions gives 434.99999999999994). Scales are powers of ten.
 */
export function toMillionsExact(value: number, scale: number, printed?: string): number {
  if (scale === 1e6) return value
  const k = Math.round(Math.log10(scale)) - 6
  if (10 ** (k + 6) !== scale) return (value * scale) / 1e6
  if (k > 0 && Number.isInteger(value) && Math.abs(value) * 10 ** k < Number.MAX_SAFE_INTEGER) return value * 10 ** k
  // the printed digits when they are a plain decimal (no re-formatting), else the shortest repr
  const text = printed !== undefined && PLAIN.test(printed) ? printed : String(value)
  return text.includes('e') ? (value * scale) / 1e6 : Number(`${text}e${k}`)
}

// ── dates ────────────────────────────────────────────────────────────────────────────────────

const DATE_FORMS = [
  /^(\d{4})(\d{2})(\d{2})$/, // tushare 20241129
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/, // 2024-11-29, 2024/11/29, ISO with a time
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
]
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/
const EIGHT_DIGITS = /^\d{8}$/
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAY_MONTH_YEAR = /^(\d{1,2})[ -]([a-z]{3})[a-z]*\.?[ ,-]*(\d{4})$/i
const MONTH_DAY_YEAR = /^([a-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$/i

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n))

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > (m === 2 && leap(y) ? 29 : DAYS[m - 1]!)) return null
  return `${y}-${pad2(m)}-${pad2(d)}`
}

/** A printed date → ISO 'YYYY-MM-DD', or null when it is not a real calendar date. Takes a normalised cell. */
export function parseDate(s: string): string | null {
  if (s.length === 8 && EIGHT_DIGITS.test(s)) return iso(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)))
  if (s.length === 10 && ISO_DAY.test(s)) return iso(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))) === s ? s : null
  for (const re of DATE_FORMS) {
    const m = re.exec(s)
    if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]))
  }
  let m = DAY_MONTH_YEAR.exec(s)
  if (m) return iso(Number(m[3]), MONTHS.indexOf(m[2]!.toLowerCase()) + 1, Number(m[1]))
  m = MONTH_DAY_YEAR.exec(s)
  if (m) return iso(Number(m[3]), MONTHS.indexOf(m[1]!.toLowerCase()) + 1, Number(m[2]))
  return null
}

// ── currencies ───────────────────────────────────────────────────────────────────────────────

const CURRENCY_WORDS: Record<string, string> = {
  人民币: 'CNY', 元: 'CNY', rmb: 'CNY', cny: 'CNY', 港币: 'HKD', 港元: 'HKD', 'hk$': 'HKD', hkd: 'HKD',
  美元: 'USD', 'us$': 'USD', usd: 'USD', $: 'USD',
}

/**
 * A printed currency → ISO code. Minor units keep their case (Bloomberg's 'GBp' is pence, 100×
 * smaller than GBP), so they are never upper-cased into the major unit. Null when not a currency.
 */
export function currencyCode(s: string): string | null {
  const known = CURRENCY_WORDS[s.toLowerCase()]
  if (known) return known
  if (/^[A-Z]{3}$/.test(s)) return s
  if (/^[a-z]{3}$/.test(s)) return s.toUpperCase()
  if (/^[A-Z]{2}[a-z]$/.test(s)) return s
  return null
}
