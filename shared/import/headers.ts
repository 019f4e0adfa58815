/**
 * Column headers: what each column means (role, unit, basis) from the names terminals, data
 * libraries and brokers print, and where the header is in a sheet that starts with titles,
 * "As of" lines, Choice metadata rows or a merged unit row.
 *
 * A header cell is read as: name + Wind parameters (`[单位]亿元`, `[年度]2025`, one per line) +
 * parenthesised parts (`(US$ m)`, `（亿元）`, `(TTM)`) + trailing words (`P/E (x) FY22E`) +
 * a suffix glued to the name (`市盈率-动态`, `pe_ttm`, `peTTM`, `市盈率PE`, `总市值1`).
 */
import { parseFiscalYear, parseUnit } from '../units'
import { currencyCode, normalizeCell, parseDate, parseNormalizedNumber } from './cells'
import type { ColumnMapping, ColumnRole, Grid, ImportPreset, SkippedRow } from './types'

// ── bases ────────────────────────────────────────────────────────────────────────────────────

const TTM = /^(?:TTM|LTM|T12M|TRAILING|滚动|近12个月|过去12个月)$/
const LYR = /^(?:LYR|LFY|STATIC|静态)$/
const DYN = /^(?:DYN|DYNAMIC|动态)$/
const FWD = /^(?:FWD|FORWARD|NTM|BF|BLENDED|BLENDEDFORWARD|12MFWD|NTMFWD)$/
const ROLLING_FY = /^FY[1-3]$/

/**
 * A printed basis → its normal form: '2025E'/'FY25E'/'25E'/'2025年E' → 'FY25E', '24A' → 'FY24A',
 * TTM, LYR (静态), DYN (动态), FWD (blended forward); a bare year is an estimate when the column
 * says 预测 (forecast). Null when the text is not a basis at all.
 */
export function normaliseBasis(printed: string, forecast = false): string | null {
  const u = normalizeCell(printed).toUpperCase().replace(/[\s-]/g, '')
  if (!u) return null
  if (TTM.test(u)) return 'TTM'
  if (LYR.test(u)) return 'LYR'
  if (DYN.test(u)) return 'DYN'
  if (FWD.test(u)) return 'FWD'
  if (ROLLING_FY.test(u)) return u
  const fy = parseFiscalYear(u)
  if (!fy || fy.year < 1990 || fy.year > 2099) return null
  return fy.kind === null && forecast ? `${fy.key}E` : fy.key
}

// ── names ────────────────────────────────────────────────────────────────────────────────────

type Kind = ColumnRole['kind']
interface NameInfo {
  kind: Kind
  metric?: 'pe' | 'ps'
  /** the basis the name itself fixes (BEST_PE_RATIO is blended forward) */
  basis?: string
  /** 预测市盈率: a bare year under it is an estimate */
  forecast?: boolean
  /** a float cap or another metric we know and leave out: counts as a header name */
  known?: boolean
}

/** Header key: NFKC, lower case, no whitespace, dots or sort markers (`证券代码↓`). */
export function headerKey(text: string): string {
  return normalizeCell(text).toLowerCase().replace(/[\s.↓↑▼▲△▽]/g, '')
}

const NAMES = new Map<string, NameInfo>()
function names(info: NameInfo, keys: string[]): void {
  for (const k of keys) NAMES.set(headerKey(k), info)
}
names({ kind: 'code' }, ['证券代码', '代码', '股票代码', '交易代码', 'Wind代码', 'ts_code', 'code', 'Ticker', 'Security', 'Symbol', 'Bloomberg Ticker', 'BBG Ticker', 'secucode', 'thscode'])
names({ kind: 'name' }, ['证券简称', '证券名称', '名称', '简称', '公司', '公司名称', '公司简称', '股票简称', '股票名称', '中文简称', 'name', 'Company', 'Company Name', 'Security Name', 'short_name'])
names({ kind: 'price' }, ['最新价', '收盘价', '收市价', '股价(LC)', '最新收盘价', '现价', '股价', '当前价', '收盘', 'close', 'Price', 'Last Price', 'Share Price', 'PX_LAST'])
names({ kind: 'marketCap' }, ['总市值', '市值', 'total_mv', 'CUR_MKT_CAP', 'Mkt cap', 'Mkt. cap', 'Market Cap', 'Market Capitalization', 'Market Value'])
names({ kind: 'currency' }, ['币种', '货币', '交易币种', 'Currency', 'CRNCY'])
names({ kind: 'date' }, ['trade_date', 'date', '日期', '交易日期', 'As of'])
names({ kind: 'multiple', metric: 'pe' }, ['市盈率', 'PE', 'P/E', 'pe ratio'])
names({ kind: 'multiple', metric: 'pe', forecast: true }, ['预测市盈率', '预测PE'])
names({ kind: 'multiple', metric: 'pe', basis: 'TTM' }, ['PE_RATIO', 'Trailing P/E', '滚动市盈率'])
names({ kind: 'multiple', metric: 'pe', basis: 'FWD' }, ['BEST_PE_RATIO', 'Forward P/E', 'Fwd P/E'])
names({ kind: 'multiple', metric: 'pe', basis: 'LYR' }, ['静态市盈率'])
names({ kind: 'multiple', metric: 'pe', basis: 'DYN' }, ['动态市盈率'])
names({ kind: 'multiple', metric: 'ps' }, ['市销率', 'PS', 'P/S', 'Price/Sales'])
names({ kind: 'multiple', metric: 'ps', forecast: true }, ['预测市销率', '预测PS'])
names({ kind: 'multiple', metric: 'ps', basis: 'TTM' }, ['PX_TO_SALES_RATIO'])
// known and left out: float caps (not the company's value), other metrics, terminal bookkeeping
names({ kind: 'ignore', known: true }, [
  '流通市值', '自由流通市值', 'A股流通市值', 'circ_mv', 'float_mv', 'free float mkt cap', '市净率', 'PB', 'P/B', 'pbMRQ',
  '序号', '涨跌幅', '涨跌额', '成交量', '成交额', '换手率', '振幅', '最高', '最低', '今开', '昨收', '量比', 'EV/EBITDA',
  'EV/Sales', '股息率', 'ROE', 'EPS', '每股收益', 'Dividend Yield', 'turnover_rate', 'turnover_rate_f', 'volume_ratio',
  'volume', 'amount', 'open', 'high', 'low', 'preclose', 'pctChg', 'turn', 'adjustflag', 'tradestatus', 'isST', '行业',
  '所属行业', 'Industry', 'Sector', '上市日期', '总股本', '流通股本', 'total_share', 'float_share', 'free_share', 'dv_ratio',
  'dv_ttm', 'pcfNcfTTM', '目标价', 'Target Price', '评级', 'Rating', 'Upside',
])

const CJK_THEN_LATIN = /^([\u3400-\u9fff]+)([A-Za-z0-9].*)$/
const LATIN_THEN_CJK = /^([A-Za-z0-9]+)([\u3400-\u9fff].*)$/
const CAMEL = /^([a-z]+)([A-Z][A-Za-z0-9]*)$/
const SEPARATED = /^(.+?)[-_]([^-_]+)$/
const QUALIFIERS = new Set(['pe', 'ps', 'pb', 'p/e', 'p/s', 'p/b'])

interface Parts {
  /** the name words after parameters and parentheses are taken out */
  words: string[]
  /** parenthesised parts and trailing words, in order */
  tokens: string[]
  params: Map<string, string>
}

const PARAM = /\[([^\]\n]+)\]([^[\n]*)/g
const PARENS = /\(([^()]*)\)|【([^】]*)】/g
const SORT_MARKS = /[↓↑▼▲△▽]/g

function splitHeader(text: string): Parts {
  const params = new Map<string, string>()
  let t = normalizeCell(text).replace(SORT_MARKS, '')
  t = t.replace(PARAM, (_, k: string, v: string) => {
    params.set(k.trim(), v.trim())
    return ' '
  })
  const tokens: string[] = []
  t = t.replace(PARENS, (_, a: string | undefined, b: string | undefined) => {
    for (const p of (a ?? b ?? '').split(',')) if (p.trim()) tokens.push(p.trim())
    return ' '
  })
  return { words: t.split(/\s+/).filter(Boolean), tokens, params }
}

/** Longest leading run of words that is a known name; the rest, and a glued suffix, become tokens. */
function findName(parts: Parts): { info: NameInfo; key: string } | null {
  const { words } = parts
  for (let k = words.length; k >= 1; k--) {
    const key = headerKey(words.slice(0, k).join(''))
    const info = NAMES.get(key)
    if (info) {
      parts.tokens.push(...words.slice(k))
      return { info, key }
    }
  }
  // a basis in front (`2025E PE`); other leading words change the meaning (`Float Market Cap`)
  for (let k = 1; k < words.length && normaliseBasis(words[k - 1]!) !== null; k++) {
    const key = headerKey(words.slice(k).join(''))
    const info = NAMES.get(key)
    if (info) {
      parts.tokens.push(...words.slice(0, k))
      return { info, key }
    }
  }
  const first = words[0]
  if (!first) return null
  for (const re of [SEPARATED, CAMEL, CJK_THEN_LATIN]) {
    const m = re.exec(first)
    const info = m && NAMES.get(headerKey(m[1]!))
    if (info) {
      parts.tokens.unshift(m[2]!)
      parts.tokens.push(...words.slice(1))
      return { info, key: headerKey(m[1]!) }
    }
  }
  const m = LATIN_THEN_CJK.exec(first) // `2025E市盈率`
  const info = m && normaliseBasis(m[1]!) !== null ? NAMES.get(headerKey(m[2]!)) : undefined
  if (m && info) {
    parts.tokens.unshift(m[1]!)
    return { info, key: headerKey(m[2]!) }
  }
  return null
}

/** A unit token: a currency, a scale, LC (listing currency), %, x, 倍. */
function unitToken(token: string): string | null {
  const t = token.replace(/^(?:单位|unit|units|货币单位)\s*[:：]?\s*/i, '').trim()
  if (!t) return null
  if (/^(?:lc|%|x|倍)$/i.test(t)) return t
  if (/^(?:元|万|亿|千|百万|千万|万亿)$/.test(t)) return t
  const u = parseUnit(t)
  return u.currency !== null || u.scale !== 1 ? t : null
}

export interface RecognisedColumn {
  role: ColumnRole
  unit: string | null
  basisPrinted: string | null
  /** Wind [币种]: 'listing' for 原始币种, else an ISO code; null when not printed */
  currencyParam: string | null
  /** Wind [交易日期] when it is a date */
  dateParam: string | null
  /** a header name we know (including the ones we leave out): used to find the header row */
  known: boolean
}

const IGNORE: ColumnRole = { kind: 'ignore' }

function roleOf(info: NameInfo, basis: string | null): ColumnRole {
  if (info.kind === 'multiple') return { kind: 'multiple', metric: info.metric!, basis: basis ?? info.basis ?? '' }
  return { kind: info.kind } as ColumnRole
}

/** The preset's column for a header: the closest match first (whole header, then name, then recognised name). */
function presetColumn(preset: ImportPreset | null | undefined, keys: string[]): ImportPreset['columns'][number] | null {
  if (!preset) return null
  for (const k of keys) for (const c of preset.columns) if (k && headerKey(c.match) === k) return c
  return null
}

/**
 * One header cell → role, unit and printed basis. A preset's column (matched on the whole header,
 * the name as printed, or the recognised name) wins over the built-in names: the same `pe` is
 * static (LYR) in tushare and unknown elsewhere. An unknown name is 'ignore'. A multiple whose
 * header prints no basis gets basis '' — the wizard must ask, a basis is never invented.
 */
export function recogniseColumn(headerText: string, ctx: { preset?: ImportPreset | null } = {}): RecognisedColumn {
  const parts = splitHeader(headerText)
  const found = findName(parts)
  const forecast = found?.info.forecast === true
  let unit = unitToken(parts.params.get('单位') ?? '')
  let basisPrinted: string | null = parts.params.get('报告期') ?? parts.params.get('年度') ?? parts.params.get('预测年度') ?? null
  let basis = basisPrinted ? normaliseBasis(basisPrinted, forecast) ?? basisPrinted.toUpperCase() : null
  for (const tok of parts.tokens) {
    if (QUALIFIERS.has(tok.toLowerCase()) || /^\d$/.test(tok)) continue
    const b = basis === null ? normaliseBasis(tok, forecast) : null
    if (b) {
      basis = b
      basisPrinted = tok
      continue
    }
    unit ??= unitToken(tok)
  }
  const cur = parts.params.get('币种')
  const currencyParam = !cur ? null : /原始|交易|本币|当地/.test(cur) ? 'listing' : currencyCode(cur)
  const dateText = parts.params.get('交易日期')
  const dateParam = dateText ? parseDate(dateText) : null
  const keys = [headerKey(headerText), headerKey(parts.words.join(' ')), found?.key ?? '']
  const fromPreset = presetColumn(ctx.preset, keys)
  if (fromPreset) {
    const role = fromPreset.role.kind === 'multiple' && basis ? { ...fromPreset.role, basis } : fromPreset.role
    return { role, unit: unit ?? fromPreset.unit ?? null, basisPrinted, currencyParam, dateParam, known: true }
  }
  if (!found) return { role: IGNORE, unit, basisPrinted: null, currencyParam, dateParam, known: false }
  const role = roleOf(found.info, basis)
  return { role, unit, basisPrinted: role.kind === 'multiple' ? basisPrinted : null, currencyParam, dateParam, known: true }
}

// ── the header rows ──────────────────────────────────────────────────────────────────────────

/** Currency by market, from a title such as 单位：亿元（A股为人民币，港股为港币，美股为美元）. */
export type TitleCurrencies = Partial<Record<'CN-A' | 'HK' | 'US', string>>

export interface HeaderLayout {
  /** indexes into grid.rows */
  headerRows: number[]
  dataStart: number
  titleUnit: string | null
  asOf: string | null
  preamble: SkippedRow[]
  titleCurrencies: TitleCurrencies | null
  /** Choice's 单位 metadata row: unit by column index */
  unitRow: Map<number, string> | null
}

/** How far down a header can be: titles and metadata take a few rows, never dozens. */
const HEADER_SEARCH_ROWS = 40
/** Choice's metadata rows (label in the first cell), above the real header. */
const META = new Set(['指标名称', '频率', '单位', '来源', '指标id', '更新时间', '指标代码'])

const cellsOf = (grid: Grid, i: number): string[] => (grid.rows[i]?.cells ?? []).map(normalizeCell)
const nonEmpty = (cells: string[]) => cells.filter((c) => c !== '')

function headerScore(cells: string[]): number {
  let score = 0
  let identity = false
  for (const c of cells) {
    if (!c) continue
    const r = recogniseColumn(c)
    if (!r.known) continue
    score++
    if (r.role.kind === 'code' || r.role.kind === 'name') identity = true
  }
  return identity ? score + 1 : score
}

const isNumberCell = (c: string) => parseNormalizedNumber(c).status === 'ok'
/** A year or basis label in a header row; a bare 1–2 digit number is a figure, not `FY25`. */
const isBasisCell = (c: string) => !/^\d{1,2}$/.test(c) && normaliseBasis(c) !== null

/**
 * The row over the header: group labels (`P/E (x)`, `预测市盈率（PE）`) and blanks, no figures.
 * A lone text in the first cell is a title ("PE comparison"), not a group.
 */
function isGroupRow(cells: string[]): boolean {
  const filled = nonEmpty(cells)
  if (filled.length === 0 || filled.some(isNumberCell) || META.has(filled[0]!.toLowerCase())) return false
  if (filled.length === 1 && cells[0] !== '') return false
  return filled.some((c) => {
    const k = recogniseColumn(c).role.kind
    return k === 'multiple' || k === 'marketCap' || k === 'price'
  })
}

/** The row under the header: years or bases (`2025E 2026E 2027E`) and blanks or names. */
function isSubRow(cells: string[]): boolean {
  const filled = nonEmpty(cells)
  return filled.length > 0 && filled.some(isBasisCell) && filled.every((c) => isBasisCell(c) || recogniseColumn(c).known)
}

function findHeaderRow(grid: Grid, start: number): number {
  let best = -1
  let bestScore = 1 // a header names at least two columns we know
  const end = Math.min(grid.rows.length, start + HEADER_SEARCH_ROWS)
  for (let i = start; i < end; i++) {
    const cells = cellsOf(grid, i)
    if (META.has((cells[0] ?? '').toLowerCase())) continue
    const s = headerScore(cells)
    if (s > bestScore) [best, bestScore] = [i, s]
  }
  if (best >= 0) return best
  // nothing recognisable: the first filled row, unless it already holds figures (a header-less paste)
  for (let i = start; i < end; i++) {
    const filled = nonEmpty(cellsOf(grid, i))
    if (filled.length === 0) continue
    return filled.filter(isNumberCell).length * 2 >= filled.length ? -1 : i
  }
  return -1
}

// ── preamble: title unit, per-market currencies, as-of date ─────────────────────────────────

const TITLE_UNIT_ZH = /(?:金额)?单位\s*:\s*([^\s(),;]+)/
const TITLE_UNIT_EN = /\bunits?\s*:\s*([^,;()]+)/i
const AS_OF = /(?:as of|as at|截至|截止|截止日期|数据截至|日期)\s*:?\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{8}|\d{1,2} [A-Za-z]{3,9},? \d{4}|[A-Za-z]{3,9} \d{1,2},? \d{4})/i
const MARKET_CURRENCY: [keyof TitleCurrencies, RegExp][] = [
  ['CN-A', /A股\s*(?:为|是|:)?\s*(人民币|港币|港元|美元|RMB|CNY|HKD|USD)/i],
  ['HK', /港股\s*(?:为|是|:)?\s*(人民币|港币|港元|美元|RMB|CNY|HKD|USD)/i],
  ['US', /美股\s*(?:为|是|:)?\s*(人民币|港币|港元|美元|RMB|CNY|HKD|USD)/i],
]

function titleUnitOf(text: string): string | null {
  const m = TITLE_UNIT_ZH.exec(text) ?? TITLE_UNIT_EN.exec(text)
  if (m) return unitToken(m[1]!.trim())
  // a title such as "AIGC comps (US$ m)": a parenthesised money unit
  for (const p of text.matchAll(/\(([^()]*)\)/g)) {
    const u = unitToken(p[1]!)
    if (u && parseUnit(u).isMoney) return u
  }
  return null
}

function titleCurrenciesOf(text: string): TitleCurrencies | null {
  const out: TitleCurrencies = {}
  for (const [market, re] of MARKET_CURRENCY) {
    const m = re.exec(text)
    const c = m ? currencyCode(m[1]!) : null
    if (c) out[market] = c
  }
  return Object.keys(out).length ? out : null
}

function readPreamble(grid: Grid, end: number, layout: HeaderLayout): void {
  for (let i = 0; i < end; i++) {
    const row = grid.rows[i]!
    const cells = row.cells.map(normalizeCell)
    const text = nonEmpty(cells).join(' ')
    layout.preamble.push({ sourceRow: row.sourceRow, reason: text ? 'preamble' : 'blank', text })
    if (!text) continue
    const label = (cells[0] ?? '').toLowerCase()
    if (META.has(label)) {
      if (label === '单位') {
        layout.unitRow ??= new Map()
        cells.forEach((c, j) => j > 0 && c && layout.unitRow!.set(j, c))
      }
      continue
    }
    layout.titleUnit ??= titleUnitOf(text)
    layout.titleCurrencies ??= titleCurrenciesOf(text)
    const asOf = AS_OF.exec(text)
    if (asOf) layout.asOf ??= parseDate(asOf[1]!.replace(/\s+/g, ' '))
  }
}

/**
 * Finds the header: the row (within the first rows) naming the most columns we know, plus a group
 * row over it or a year row under it (two-level headers). Rows above are the preamble, read for
 * the title unit, the per-market currency rule and an as-of date.
 */
export function detectHeader(grid: Grid, opts: { skipRows?: number } = {}): HeaderLayout {
  const start = Math.min(opts.skipRows ?? 0, grid.rows.length)
  const layout: HeaderLayout = { headerRows: [], dataStart: start, titleUnit: null, asOf: null, preamble: [], titleCurrencies: null, unitRow: null }
  const h = findHeaderRow(grid, start)
  if (h < 0) {
    readPreamble(grid, start, layout)
    return layout
  }
  let top = h
  let bottom = h
  if (h - 1 >= start && isGroupRow(cellsOf(grid, h - 1))) top = h - 1
  else if (h + 1 < grid.rows.length && isSubRow(cellsOf(grid, h + 1))) bottom = h + 1
  for (let i = top; i <= bottom; i++) layout.headerRows.push(i)
  layout.dataStart = bottom + 1
  readPreamble(grid, top, layout)
  return layout
}

// ── columns ──────────────────────────────────────────────────────────────────────────────────

/** The header as printed: lines of a cell and levels of a two-level header joined with ' / '. */
const printedHeader = (levels: string[]) =>
  levels
    .flatMap((l) => l.split(/\r?\n/))
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' / ')

/**
 * The upper row of a two-level header, spread over the columns it spans: by the sheet's merged
 * ranges when the reader gave some for that row (grid.merges rows are 0-based sheet rows, i.e.
 * sourceRow - 1), else a label carries rightward over blank cells that have a label under them.
 */
function spreadGroup(grid: Grid, upperIndex: number, upper: string[], lower: string[], width: number): string[] {
  const out = upper.slice()
  while (out.length < width) out.push('')
  const sheetRow = grid.rows[upperIndex]!.sourceRow - 1
  const merged = (grid.merges ?? []).filter((m) => m.top === sheetRow && m.right > m.left)
  if (merged.length) {
    for (const m of merged) {
      const text = out[m.left] ?? ''
      for (let c = m.left + 1; c <= m.right && c < width; c++) if (!out[c]) out[c] = text
    }
    return out
  }
  let carry = ''
  for (let c = 0; c < width; c++) {
    if (out[c]) carry = out[c]!
    else if (carry && (lower[c] ?? '').trim()) out[c] = carry
    else carry = ''
  }
  return out
}

export interface MappedColumn extends ColumnMapping {
  currencyParam: string | null
  dateParam: string | null
}

/** One column of a two-level header: the group names the metric, the cell under it the basis. */
function combineLevels(group: string, sub: string, preset: ImportPreset | null): RecognisedColumn {
  if (!group.trim()) return recogniseColumn(sub, { preset })
  if (!sub.trim()) return recogniseColumn(group, { preset })
  const g = recogniseColumn(group, { preset })
  const s = recogniseColumn(sub, { preset })
  const subNorm = normalizeCell(sub)
  if (g.role.kind === 'multiple' && s.role.kind === 'ignore' && isBasisCell(subNorm)) {
    const basis = normaliseBasis(subNorm, /预测/.test(normalizeCell(group))) ?? subNorm.toUpperCase()
    return { ...g, role: { ...g.role, basis }, basisPrinted: subNorm }
  }
  if (s.role.kind !== 'ignore') {
    const unit = s.unit ?? g.unit
    if (s.role.kind === 'multiple' && !s.role.basis && g.role.kind === 'ignore' && isBasisCell(normalizeCell(group))) {
      return { ...s, unit, role: { ...s.role, basis: normaliseBasis(normalizeCell(group)) ?? '' }, basisPrinted: normalizeCell(group) }
    }
    return { ...s, unit, currencyParam: s.currencyParam ?? g.currencyParam }
  }
  // a unit printed under the name (`Mkt cap` over `(US$ m)`)
  return { ...g, unit: g.unit ?? s.unit, currencyParam: g.currencyParam ?? s.currencyParam }
}

/** Roles a row has only one of: the first column wins, later ones are left out (shown as such). */
const SINGLE = new Set<Kind>(['code', 'name', 'price', 'marketCap', 'currency', 'date'])

/**
 * Maps every column under the header: role, unit and basis. A market cap without a printed unit
 * takes, in order, the preset's unit for that column, Choice's 单位 row, the title unit, the
 * preset's market-cap unit; else none (the rows then say so, nothing is assumed).
 */
export function mapColumns(grid: Grid, layout: HeaderLayout, preset: ImportPreset | null): MappedColumn[] {
  const levels = layout.headerRows.map((i) => grid.rows[i]!.cells)
  const width = Math.max(0, ...levels.map((l) => l.length))
  const lower = levels[levels.length - 1] ?? []
  const upper = levels.length > 1 ? spreadGroup(grid, layout.headerRows[0]!, levels[0]!, lower, width) : null
  const seen = new Set<Kind>()
  const out: MappedColumn[] = []
  for (let c = 0; c < width; c++) {
    const texts = upper ? [upper[c] ?? '', lower[c] ?? ''] : [lower[c] ?? '']
    const rec = upper ? combineLevels(texts[0]!, texts[1]!, preset) : recogniseColumn(texts[0]!, { preset })
    let role = rec.role
    if (SINGLE.has(role.kind)) {
      if (seen.has(role.kind)) role = IGNORE
      seen.add(role.kind)
    }
    let unit = rec.unit
    if (role.kind === 'marketCap' && !unit) {
      unit = layout.unitRow?.get(c) ?? layout.titleUnit ?? preset?.marketCapUnit ?? null
    } else if (!unit) unit = layout.unitRow?.get(c) ?? null
    const header = printedHeader(texts[0] === texts[1] ? [texts[0]!] : texts)
    out.push({ index: c, header, role, unit, basisPrinted: role.kind === 'multiple' ? rec.basisPrinted : null, currencyParam: rec.currencyParam, dateParam: rec.dateParam })
  }
  return out
}
