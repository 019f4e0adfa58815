/**
 * Parsing of figures exactly as sell-side reports print them.
 * The printed string is always kept beside the parsed number; parsing never "repairs" a figure.
 */

/** ISO 4217 code. Reports use CNY, HKD and USD; a few listings elsewhere (GBP, JPY, KRW, EUR) appear too. */
export type Currency = string

/** Strings that reports use for "no figure". They parse to null (missing), never to 0. */
const MISSING = new Set(['', 'na', 'n.a.', 'n/a', 'nm', '-', '--', '—', '–', '/', '亏损', '无'])

/**
 * Parses a printed number: thousands separators, a leading sign, trailing %, and
 * parentheses for negatives (accounting style). Returns null for missing markers and
 * for anything that is not clearly a number — a garbled cell must stay visibly missing.
 */
export function parsePrintedNumber(printed: string | null | undefined): number | null {
  if (printed == null) return null
  let s = printed.trim().replace(/[\s\u00a0]/g, '')
  if (MISSING.has(s.toLowerCase())) return null
  let negative = false
  if (/^\(.*\)$/.test(s)) {
    negative = true
    s = s.slice(1, -1)
  }
  s = s.replace(/[xX倍%]$/, '')
  if (!/^[-+−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(s)) return null
  const n = Number(s.replace(/,/g, '').replace('−', '-'))
  if (!Number.isFinite(n)) return null
  return negative ? -n : n
}

export interface UnitInfo {
  /** multiplier to one unit of currency (亿 → 1e8) */
  scale: number
  currency: Currency | null
  /** true when the unit names a currency amount (as opposed to a multiple or a percentage) */
  isMoney: boolean
}

// Longest word first: 万亿 (1e12) must not be read as its 亿, nor 千万 as its 万.
const SCALE_WORDS: Array<[RegExp, number]> = [
  [/万亿|trillion|tn\b/i, 1e12],
  [/千亿/, 1e11],
  [/百亿/, 1e10],
  [/十亿|billion|bn\b|\bb\b/i, 1e9],
  [/亿/, 1e8],
  [/千万/, 1e7],
  [/百万|million|mn\b|\bm\b/i, 1e6],
  [/万/, 1e4],
  [/千|thousand|\bk\b/i, 1e3],
]

/** Understands units such as 亿元, 百万美元, 万港元, 元, 美元, USD mn, LC, x, 倍, %. */
export function parseUnit(unit: string | null | undefined): UnitInfo {
  const u = (unit ?? '').trim()
  let currency: Currency | null = null
  if (/港元|港币|HKD|HK\$/i.test(u)) currency = 'HKD'
  else if (/日元|JPY/i.test(u)) currency = 'JPY'
  else if (/韩元|KRW/i.test(u)) currency = 'KRW'
  else if (/欧元|EUR/i.test(u)) currency = 'EUR'
  else if (/英镑|GBP/i.test(u)) currency = 'GBP'
  else if (/美元|USD|US\$/i.test(u)) currency = 'USD'
  else if (/人民币|元|RMB|CNY/i.test(u)) currency = 'CNY'
  let scale = 1
  for (const [re, s] of SCALE_WORDS) {
    if (re.test(u)) {
      scale = s
      break
    }
  }
  const isMoney = currency !== null || /^LC$|本币|当地货币/i.test(u) || (scale !== 1 && !/[%x倍]/.test(u))
  return { scale, currency, isMoney }
}

/** Converts an amount in `unit` (as printed, or parsed) to millions of its currency (the grid's common scale). */
export function toMillions(value: number | null, unit: string | UnitInfo | null | undefined): number | null {
  if (value == null) return null
  const scale = typeof unit === 'object' && unit !== null ? unit.scale : parseUnit(unit).scale
  // 15 significant digits: the product's binary noise goes (5.1万 → 0.051, not 0.051000000000000004);
  // printed figures never carry that many digits, so nothing printed is lost.
  return Number(((value * scale) / 1e6).toPrecision(15))
}

export interface FiscalYear {
  year: number
  /** A = actual, E = estimate, null when the label does not say */
  kind: 'A' | 'E' | null
  /** normalised label used for grid columns, e.g. FY23E */
  key: string
}

/** Normalises fiscal-year labels as printed: FY22E, 2023E, 22A, 2024, 2023年E → year + kind. */
export function parseFiscalYear(label: string | null | undefined): FiscalYear | null {
  if (!label) return null
  const m = label.trim().match(/^(?:FY)?\s*(\d{2}|\d{4})\s*年?\s*([AaEeFf])?$/)
  if (!m) return null
  const digits = m[1]!
  const year = digits.length === 2 ? 2000 + Number(digits) : Number(digits)
  const k = m[2]?.toUpperCase()
  const kind = k === 'A' ? 'A' : k === 'E' || k === 'F' ? 'E' : null
  return { year, kind, key: `FY${String(year % 100).padStart(2, '0')}${kind ?? ''}` }
}

export interface ParsedFigure {
  value: number | null
  /** unit the figure is read in: the cell's own suffix when it prints one, else the column's */
  unit: UnitInfo
}

/**
 * Parses a cell that may carry its own unit ("5785亿美元", "70亿", "1,208"), falling back to the
 * column's unit. The cell's suffix wins where it says more, because a cell that contradicts its
 * caption is printed that way on purpose (or is a flagged error) — never rescaled silently.
 * Ranges ("1000-5000万美元") and vague amounts ("数亿元") are missing, not guessed.
 */
export function parseFigure(printed: string, columnUnit: string | null | undefined): ParsedFigure {
  const col = parseUnit(columnUnit)
  const plain = parsePrintedNumber(printed)
  if (plain != null) return { value: plain, unit: col }
  const m = printed.trim().match(/^([-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([^\d\s\-–~至][^\d]*)$/)
  if (!m) return { value: null, unit: col }
  const value = parsePrintedNumber(m[1]!)
  const suffix = parseUnit(m[2]!)
  const known = suffix.currency !== null || suffix.scale !== 1 || /^[%x倍]$/.test(m[2]!.trim())
  if (value == null || !known) return { value: null, unit: col }
  return {
    value,
    unit: {
      scale: suffix.scale !== 1 ? suffix.scale : col.scale,
      currency: suffix.currency ?? col.currency,
      isMoney: suffix.isMoney || col.isMoney,
    },
  }
}
