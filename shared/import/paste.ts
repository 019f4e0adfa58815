/**
 * A table copied out of a PDF report → Grid. PDF text extraction collapses the columns into
 * whitespace-separated lines, puts each line of a multi-line header cell on its own line
 * (`Price` / `(LC)`), wraps long names, and mixes in page footers, source lines and footnotes.
 *
 * Output, in line order:
 * - a header row whose cells line up with the value columns: a two-line header becomes one cell
 *   (`Price (LC)`), a group header over year sub-headers becomes one cell per year
 *   (`P/E (x) FY22E`), so every column is unambiguous;
 * - one row per table line: `[name, ticker, value1..valueN]` (`[name, value1..valueN]` when no line
 *   of the paste carries a ticker);
 * - every other line as a one-cell row (footers, `Source: …`, footnotes, section headings), so the
 *   next stage skips it with a reason; a header repeated after a page break comes out again as a
 *   header row. Nothing is dropped except whitespace-only lines (PDF extraction puts one between
 *   most lines; they carry nothing, and sourceRow keeps the true line numbers).
 *
 * Cell texts are the printed tokens (`1,985,486`, `NA`, `(3.2)`, full-width digits as pasted).
 * sourceRow is the 1-based line of the figures; a header row takes the first line of its block.
 * When a header block cannot be fitted to the value columns, its lines come out as rows of their
 * own header phrases instead of a guess.
 */
import type { Grid, GridRow } from './types'

export function parsePastedTable(text: string): Grid {
  const lines = splitLines(text)
  const parsed = lines.map(parseTableLine)
  const hasTicker = parsed.some((p) => p?.ticker != null)
  const width = valueWidth(parsed, hasTicker)
  const names = attachWrappedNames(lines, parsed)
  const headers = findHeaders(lines, parsed, names.consumed, width, hasTicker)
  return { rows: emitRows(lines, parsed, names, headers, width, hasTicker), sheet: null }
}

// ── lines and tokens ─────────────────────────────────────────────────────────────────────────

interface Token {
  /** as pasted */
  text: string
  /** NFKC-folded (full-width digits and punctuation → ASCII), for classification only */
  norm: string
  start: number
  end: number
}

interface Line {
  /** 1-based line number in the pasted text */
  no: number
  raw: string
  tokens: Token[]
}

function splitLines(text: string): Line[] {
  return text.split(/\r\n|\n|\r/).map((raw, i) => ({ no: i + 1, raw, tokens: tokenize(raw) }))
}

/** NFKC leaves ASCII as it is: skip the call for the common token */
function fold(text: string): string {
  return /^[\x21-\x7e]*$/.test(text) ? text : text.normalize('NFKC')
}

function tokenize(raw: string): Token[] {
  const tokens: Token[] = []
  for (const m of raw.matchAll(/\S+/g)) tokens.push({ text: m[0], norm: fold(m[0]), start: m.index, end: m.index + m[0].length })
  return tokens
}

/** The pasted text from the first to the last token, inner spacing as printed. */
function span(line: Line, from: number, to: number): string {
  const a = line.tokens[from]
  const b = line.tokens[to - 1]
  return a && b && to > from ? line.raw.slice(a.start, b.end) : ''
}

function isBlank(line: Line): boolean {
  return line.tokens.length === 0
}

// ── token classes ────────────────────────────────────────────────────────────────────────────

/** printed "no figure": NA, n.a., n.m., N/A, #N/A, dashes, 亏损 (loss-making) */
const MISSING = /^(?:n\.?a\.?|n\/a|n\.?m\.?|n\/m|nan|#n\/a|-+|—+|–|―|亏损|无)$/i
/** a figure: 1,234.5 · -3.2 · (3.2) · 12.3x · 5% · US$1.2bn · 5785亿美元 · 4.6* (footnoted) */
const NUMBER =
  /^\(?(?:US\$|HK\$|RMB|\$|¥)?[-+−–]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?\)?(?:x|%|倍|pp|bps?|bn|mn|tn|[亿万千百]*(?:元|美元|港元|人民币)?)?\*{0,3}$/i
/** a column period: FY22E, 2023E, 24A, 2021, TTM */
const PERIOD = /^(?:(?:FY|CY)\d{2}(?:\d{2})?[AEFP]?|(?:19|20)\d{2}年?[AEFP]?|\d{2}[AEF]|TTM|LTM|NTM|LYR|MRQ)$/i

function isValue(t: Token): boolean {
  return MISSING.test(t.norm) || (/\d/.test(t.norm) && NUMBER.test(t.norm))
}

function isPeriod(t: Token): boolean {
  return PERIOD.test(t.norm)
}

// ── table lines ──────────────────────────────────────────────────────────────────────────────

interface TableLine {
  /** name tokens, as printed (may be '' when the name sits on a neighbouring line) */
  name: string
  ticker: string | null
  values: string[]
}

/** A-share `002230 CH`, Hong Kong `700 HK`, US `MSFT US` (Bloomberg style, maybe `… Equity`) */
const PAIR_TICKERS: [RegExp, RegExp][] = [
  [/^\d{6}$/, /^(?:CH|CN|C1|C2|SH|SZ|SS|BJ)$/],
  [/^\d{1,5}$/, /^HK$/],
  [/^[A-Z][A-Z.]{0,5}$/, /^(?:US|UW|UN|UQ)$/],
]
/** `002230.SZ`, `0700.HK`, `NVDA.O`, `MSFT.US` */
const ONE_TOKEN_TICKER = /^(?:\d{6}\.(?:SZ|SH|SS|BJ)|\d{1,5}\.HK|[A-Z][A-Z]{0,5}\.(?:US|O|N|OQ))$/i
/** a bare A-share code by its board prefix (Wind and Chinese reports print `002230` alone) */
const BARE_A_CODE = /^(?:0[0-3]|30|60|68|8[37]|43|92|20|90)\d{4}$/

interface TickerAt {
  from: number
  to: number
}

function pairTicker(tokens: Token[], i: number): TickerAt | null {
  const a = tokens[i]
  const b = tokens[i + 1]
  if (!a || !b) return null
  if (!PAIR_TICKERS.some(([code, suffix]) => code.test(a.norm) && suffix.test(b.norm))) return null
  const equity = tokens[i + 2]?.norm.toLowerCase() === 'equity'
  return { from: i, to: i + (equity ? 3 : 2) }
}

/** A bare code counts only next to a name and before figures, so a lone 6-digit figure stays one. */
function bareCode(tokens: Token[], i: number, lastValue: number): TickerAt | null {
  const t = tokens[i]
  if (!t || !BARE_A_CODE.test(t.norm) || lastValue <= i) return null
  const beside = i === 0 ? tokens[1] : tokens[i - 1]
  return beside !== undefined && !isValue(beside) ? { from: i, to: i + 1 } : null
}

function findTicker(tokens: Token[]): TickerAt | null {
  let lastValue = -1
  for (let i = tokens.length - 1; i >= 0 && lastValue === -1; i--) if (isValue(tokens[i]!)) lastValue = i
  for (let i = 0; i < tokens.length; i++) {
    if (ONE_TOKEN_TICKER.test(tokens[i]!.norm)) return { from: i, to: i + 1 }
    const found = pairTicker(tokens, i) ?? bareCode(tokens, i, lastValue)
    if (found) return found
  }
  return null
}

function trailingValuesFrom(tokens: Token[], from: number): number {
  let i = tokens.length
  while (i > from && isValue(tokens[i - 1]!)) i--
  return i
}

function joinParts(parts: string[]): string {
  return parts.filter((p) => p !== '').join(' ')
}

/**
 * A line is a table line when it has a ticker, or (no ticker) at least two trailing figures that
 * are not just a row of years (`2017 2018 2019` is a header). The name is whatever is left.
 */
function parseTableLine(line: Line): TableLine | null {
  const tokens = line.tokens
  if (tokens.length === 0) return null
  const ticker = findTicker(tokens)
  const from = trailingValuesFrom(tokens, ticker ? ticker.to : 0)
  const values = tokens.slice(from)
  if (ticker) {
    const name = joinParts([span(line, 0, ticker.from), span(line, ticker.to, from)])
    return { name, ticker: span(line, ticker.from, ticker.to), values: values.map((t) => t.text) }
  }
  if (values.length < 2 || values.every(isPeriod)) return null
  return { name: span(line, 0, from), ticker: null, values: values.map((t) => t.text) }
}

/** The table's value columns: the most common figure count among ticker lines (or all lines). */
function valueWidth(parsed: (TableLine | null)[], hasTicker: boolean): number {
  const freq = new Map<number, number>()
  for (const p of parsed) if (p && (!hasTicker || p.ticker !== null)) freq.set(p.values.length, (freq.get(p.values.length) ?? 0) + 1)
  let best = 0
  let bestCount = 0
  for (const [width, count] of freq) if (count > bestCount || (count === bestCount && width > best)) [best, bestCount] = [width, count]
  return best
}

// ── lines that are not the table ─────────────────────────────────────────────────────────────

/** titles, sources, notes, page furniture: never part of a header block or a name */
const STOP_LINE = [
  /^(?:图|表|figure|fig\.|table|exhibit|chart)\s*[\d一二三四五六七八九十]*\s*[:：]/i,
  /^(?:图|表)\s*\d+/,
  /^(?:资料来源|数据来源|来源|source|sources|note|notes|注|备注)\s*[:：]/i,
  /^(?:page\s*\d+|第\s*\d+\s*页|\d+|\d+\s*\/\s*\d+)$/i,
  /disclaimer|免责|请务必|敬请|analyst certification|\[table_/i,
  /[:：]/,
  /。$/,
]

/** a sentence, not a cell: long, or five words or more ending with a full stop (`Ltd.` is a name) */
function isSentence(s: string): boolean {
  return s.length > 60 || (/\.$/.test(s) && s.split(/\s+/).length >= 5)
}

function isStopLine(line: Line): boolean {
  const s = line.raw.trim().normalize('NFKC')
  return isSentence(s) || STOP_LINE.some((re) => re.test(s))
}

// ── wrapped names ────────────────────────────────────────────────────────────────────────────

interface Names {
  /** table-line index → name taken from a neighbouring line */
  wrapped: Map<number, string>
  /** line indexes used up as a wrapped name */
  consumed: Set<number>
}

/** A line that can only be (part of) a company name: a few words, no figures, not a header. */
function isNameLike(line: Line, parsed: TableLine | null): boolean {
  if (parsed || isBlank(line) || isStopLine(line) || line.tokens.length > 6) return false
  return line.tokens.every((t) => !isPeriod(t) && !isValue(t) && !/[(（]/.test(t.text) && idKind(t.norm) === null)
}

function neighbour(lines: Line[], i: number, step: 1 | -1): number {
  let j = i + step
  while (j >= 0 && j < lines.length && isBlank(lines[j]!)) j += step
  return j >= 0 && j < lines.length ? j : -1
}

/**
 * A ticker line with no name takes the name-like line just above it, else the one just below
 * (unless that one belongs to the next nameless ticker line).
 */
function attachWrappedNames(lines: Line[], parsed: (TableLine | null)[]): Names {
  const names: Names = { wrapped: new Map(), consumed: new Set() }
  const nameless = (i: number): boolean => {
    const p = parsed[i]
    return p != null && p.ticker !== null && p.name === ''
  }
  const free = (j: number): boolean => j !== -1 && !names.consumed.has(j) && isNameLike(lines[j]!, parsed[j] ?? null)
  for (let i = 0; i < lines.length; i++) {
    if (!nameless(i)) continue
    const above = neighbour(lines, i, -1)
    const below = neighbour(lines, i, 1)
    const pick = free(above) ? above : free(below) && !nameless(neighbour(lines, below, 1)) ? below : -1
    if (pick === -1) continue
    names.consumed.add(pick)
    names.wrapped.set(i, lines[pick]!.raw.trim())
  }
  return names
}

// ── header phrases ───────────────────────────────────────────────────────────────────────────

const NAME_HEADER = /^(?:公司|公司名称|公司简称|名称|简称|证券简称|股票简称|股票名称|企业|company|company name|companies|name|stock|issuer)$/
const TICKER_HEADER = /^(?:代码|证券代码|股票代码|公司代码|ticker|bbg ticker|bloomberg ticker|code|stock code|symbol)$/
/** two-word headers that are one column */
const COMPOUNDS = new Set([
  'mkt cap',
  'mkt. cap',
  'market cap',
  'market value',
  'share price',
  'target price',
  'last price',
  'closing price',
  'div yield',
  'dividend yield',
  'net profit',
  'net income',
  'company name',
  'bbg ticker',
  'bloomberg ticker',
  'stock code',
])

function idKind(norm: string): 'name' | 'ticker' | null {
  const s = norm.toLowerCase()
  return NAME_HEADER.test(s) ? 'name' : TICKER_HEADER.test(s) ? 'ticker' : null
}

type PhraseKind = 'label' | 'period' | 'name' | 'ticker'

interface Phrase {
  text: string
  kind: PhraseKind
  /** index of the line within its block */
  line: number
  /** it ended with a unit in brackets (`(x)`, `（亿元）`) */
  unit: boolean
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/

/** A wrapped cell reads on without a space between two CJK characters, with one otherwise. */
function joinWrapped(a: string, b: string): string {
  if (a === '') return b
  return CJK.test(a.slice(-1)) && CJK.test(b.charAt(0)) ? a + b : `${a} ${b}`
}

/** bracket balance of folded text (full-width brackets are ASCII by then) */
function parenDepth(norm: string): number {
  let d = 0
  for (const ch of norm) d += ch === '(' ? 1 : ch === ')' ? -1 : 0
  return d
}

function isUnitStart(t: Token): boolean {
  return t.norm.startsWith('(')
}

/** Merges compound words (`Mkt cap`) into one token, keeping the printed text between them. */
function mergeCompounds(line: Line): Token[] {
  const out: Token[] = []
  for (const t of line.tokens) {
    const prev = out[out.length - 1]
    if (prev && COMPOUNDS.has(`${prev.norm} ${t.norm}`.toLowerCase())) {
      out[out.length - 1] = { text: line.raw.slice(prev.start, t.end), norm: `${prev.norm} ${t.norm}`, start: prev.start, end: t.end }
    } else out.push(t)
  }
  return out
}

/** Bracketed units at the start of a line (`(LC) (US$ m) FY22E …`): how many tokens they take. */
function leadingUnits(tokens: Token[]): number {
  let depth = 0
  let n = 0
  for (const t of tokens) {
    if (depth === 0 && !isUnitStart(t)) break
    depth = Math.max(0, depth + parenDepth(t.norm))
    n++
  }
  return depth === 0 ? n : 0
}

/** `(LC) (US$ m)` → ['(LC)', '(US$ m)'] */
function unitGroups(tokens: Token[]): string[] {
  const groups: string[] = []
  let depth = 0
  for (const t of tokens) {
    if (depth === 0) groups.push(t.text)
    else groups[groups.length - 1] = `${groups[groups.length - 1]} ${t.text}`
    depth = Math.max(0, depth + parenDepth(t.norm))
  }
  return groups
}

function isWord(t: Token): boolean {
  return !isPeriod(t) && !isUnitStart(t) && idKind(t.norm) === null && parenDepth(t.norm) === 0
}

/** `Net debt (US$ m)` alone on its line is one cell; `Price P/E (x)` is two */
function isSingleCellLine(tokens: Token[]): boolean {
  const unitAt = tokens.findIndex(isUnitStart)
  return unitAt > 0 && tokens.slice(0, unitAt).every(isWord) && leadingUnits(tokens.slice(unitAt)) === tokens.length - unitAt && unitGroups(tokens.slice(unitAt)).length === 1
}

/** `Mkt cap` over `(US$ m)`: a line of plain words over a line of one unit is one stacked cell */
function isStackedCellLine(tokens: Token[], next: Token[] | undefined): boolean {
  if (!next || leadingUnits(next) !== next.length || unitGroups(next).length !== 1) return false
  return tokens.every(isWord)
}

function hasBracket(text: string): boolean {
  return /[(（]/.test(text)
}

/** A phrase whose bracket is still open: it takes the following tokens, across lines too. */
interface OpenPhrase {
  phrase: Phrase
  depth: number
  /** its text from earlier lines (null while it is still on its first line) */
  before: string | null
  /** where it starts on the current line */
  from: number
}

/**
 * Reads header lines into phrases in reading order. Years and name/ticker headers are phrases of
 * their own; a bracketed unit closes the word before it into one phrase (`P/E (x)`, `Mkt cap
 * (US$ m)` with `Mkt cap` a known compound), or the whole line when the line is that one cell; an
 * open bracket carries the phrase on to the next line (`市场规模（亿` / `元，2021）`); units that
 * open a line belong to the unit-less labels of the line above (`收市价` / `(LC)`; `Price Mkt cap`
 * / `(LC) (US$ m)`), one by one when the counts agree.
 */
class PhraseReader {
  readonly phrases: Phrase[] = []
  private open: OpenPhrase | null = null
  /** labels of the line before, for units that open a line */
  private prevLabels: Phrase[] = []
  private lineLabels: Phrase[] = []
  private words: Token[] = []

  constructor(private readonly block: Line[]) {
    block.forEach((line, li) => this.readLine(line, li))
  }

  private readLine(line: Line, li: number): void {
    let tokens = mergeCompounds(line)
    if (this.open === null) {
      const lead = leadingUnits(tokens)
      if (lead > 0 && this.attachUnits(unitGroups(tokens.slice(0, lead)))) tokens = tokens.slice(lead)
    }
    const next = this.block[li + 1]
    const stacked = this.open === null && isStackedCellLine(tokens, next ? mergeCompounds(next) : undefined)
    const singleCell = this.open === null && isSingleCellLine(tokens)
    this.lineLabels = []
    if (this.open) [this.open.before, this.open.from] = [this.open.phrase.text, tokens[0]?.start ?? 0]
    for (const t of tokens) this.readToken(line, li, t, singleCell)
    this.flushWords(line, li, stacked)
    this.prevLabels = this.lineLabels
  }

  private attachUnits(groups: string[]): boolean {
    const unitless = this.prevLabels.filter((p) => !p.unit)
    const last = this.prevLabels[this.prevLabels.length - 1]
    const targets = groups.length === unitless.length ? unitless : groups.length === 1 && last && !last.unit ? [last] : null
    if (!targets) return false
    groups.forEach((g, k) => {
      const p = targets[k]!
      p.text = joinWrapped(p.text, g)
      p.unit = true
    })
    this.prevLabels = []
    return true
  }

  private readToken(line: Line, li: number, t: Token, singleCell: boolean): void {
    if (this.open) return this.continueOpen(line, t)
    const depth = parenDepth(t.norm)
    if (isUnitStart(t)) {
      // the unit closes the word before it (or the whole one-cell line) into one phrase
      const own = singleCell ? this.words : this.words.slice(-1)
      this.words = this.words.slice(0, this.words.length - own.length)
      this.flushWords(line, li, false)
      const from = own[0]?.start ?? t.start
      return this.addLabel({ text: line.raw.slice(from, t.end), kind: 'label', line: li, unit: true }, depth, from)
    }
    const kind = depth === 0 ? (isPeriod(t) ? 'period' : idKind(t.norm)) : null
    if (kind !== null) {
      this.flushWords(line, li, false)
      this.phrases.push({ text: t.text, kind, line: li, unit: false })
    } else if (depth > 0) {
      // `市值（亿美元，`: the cell goes on in the following tokens or lines
      this.flushWords(line, li, false)
      this.addLabel({ text: t.text, kind: 'label', line: li, unit: true }, depth, t.start)
    } else this.words.push(t)
  }

  private continueOpen(line: Line, t: Token): void {
    const open = this.open!
    const here = line.raw.slice(open.from, t.end)
    open.phrase.text = open.before === null ? here : joinWrapped(open.before, here)
    open.depth += parenDepth(t.norm)
    if (open.depth <= 0) this.open = null
  }

  private addLabel(p: Phrase, depth: number, from: number): void {
    this.phrases.push(p)
    this.lineLabels.push(p)
    if (depth > 0) this.open = { phrase: p, depth, before: null, from }
  }

  private flushWords(line: Line, li: number, stacked: boolean): void {
    const groups = stacked && this.words.length > 0 ? [this.words] : this.words.map((w) => [w])
    for (const g of groups) {
      const text = line.raw.slice(g[0]!.start, g[g.length - 1]!.end)
      this.addLabel({ text, kind: 'label', line: li, unit: hasBracket(text) }, 0, 0)
    }
    this.words = []
  }
}

function buildPhrases(block: Line[]): Phrase[] {
  return new PhraseReader(block).phrases
}

// ── header fitting ───────────────────────────────────────────────────────────────────────────

interface HeaderFit {
  cells: string[]
}

/** FY22E → 22, 2023E → 23; NaN for TTM and the like */
function periodYear(text: string): number {
  const m = text.normalize('NFKC').match(/\d+/)
  return m ? Number(m[0]) % 100 : Number.NaN
}

/** Year sub-headers restart for each group: FY22E FY23E FY24E | FY22E FY23E FY24E */
function periodRuns(periods: Phrase[]): Phrase[][] {
  const runs: Phrase[][] = []
  let prevYear = Number.NaN
  for (const p of periods) {
    const year = periodYear(p.text)
    const run = runs[runs.length - 1]
    const restart = !run || year <= prevYear || (Number.isNaN(year) && run[0]!.text === p.text)
    if (run && !restart) run.push(p)
    else runs.push([p])
    prevYear = year
  }
  return runs
}

/**
 * The value headers when group headers sit above the years (`P/E (x) P/S (x)` over
 * `FY22E FY23E FY24E FY22E FY23E FY24E`): stand-alone columns first, then one group per run.
 */
function stackedGroups(labels: Phrase[], runs: Phrase[][], width: number): string[] | null {
  const periods = runs.flat()
  const standalone = width - periods.length
  if (standalone < 0) return null
  if (labels.length === standalone) return [...labels.map((l) => l.text), ...periods.map((p) => p.text)]
  if (labels.length !== standalone + runs.length) return null
  const groups = labels.slice(standalone)
  return [
    ...labels.slice(0, standalone).map((l) => l.text),
    ...runs.flatMap((run, j) => run.map((p) => `${groups[j]!.text} ${p.text}`)),
  ]
}

/** Groups written inline, each right before its years: `收盘价 PE 2023E 2024E PB 2023E 2024E` */
function inlineGroups(valuePhrases: Phrase[], width: number): string[] | null {
  const out: string[] = []
  let group: string | null = null
  valuePhrases.forEach((p, k) => {
    if (p.kind === 'period') {
      out.push(group === null ? p.text : `${group} ${p.text}`)
      return
    }
    const startsGroup = valuePhrases[k + 1]?.kind === 'period'
    group = startsGroup ? p.text : null
    if (!startsGroup) out.push(p.text)
  })
  return out.length === width && valuePhrases.some((p) => p.kind === 'period') ? out : null
}

/**
 * Fits a block of header lines to the table: [name header, ticker header, one cell per value
 * column]. Labels printed left of the name header on its line (`细分行业 公司`) head the same
 * cell, since those columns end up in the name cell. A fit needs something header-like (a
 * name/ticker header, years, or a unit on every value header), so plain text never passes.
 */
function fitHeader(block: Line[], width: number, hasTicker: boolean): HeaderFit | null {
  const phrases = buildPhrases(block)
  const names = phrases.filter((p) => p.kind === 'name')
  const tickers = phrases.filter((p) => p.kind === 'ticker')
  if (names.length > 1 || tickers.length > 1 || (tickers.length > 0 && !hasTicker)) return null
  const name = names[0]
  const prefix = name ? phrases.slice(0, phrases.indexOf(name)).filter((p) => p.kind === 'label' && p.line === name.line) : []
  const rest = phrases.filter((p) => (p.kind === 'label' || p.kind === 'period') && !prefix.includes(p))
  const values = valueHeaders(rest, width)
  if (!values) return null
  const headerLike = name !== undefined || tickers.length > 0 || rest.some((p) => p.kind === 'period') || rest.every((p) => p.unit)
  if (!headerLike) return null
  const nameCell = name ? joinParts([...prefix.map((p) => p.text), name.text]) : ''
  return { cells: [nameCell, ...(hasTicker ? [tickers[0]?.text ?? ''] : []), ...values] }
}

function valueHeaders(rest: Phrase[], width: number): string[] | null {
  const periods = rest.filter((p) => p.kind === 'period')
  if (periods.length === 0) {
    const labels = rest.map((p) => p.text)
    return labels.length === width ? labels : null
  }
  const firstPeriodLine = Math.min(...periods.map((p) => p.line))
  const above = rest.filter((p) => p.kind === 'label' && p.line < firstPeriodLine)
  const onPeriodLines = rest.filter((p) => p.kind === 'label' && p.line >= firstPeriodLine)
  if (onPeriodLines.length === 0) {
    const stacked = stackedGroups(above, periodRuns(periods), width)
    if (stacked) return stacked
  }
  const inline = inlineGroups(rest.filter((p) => p.line >= firstPeriodLine), width - above.length)
  return inline ? [...above.map((p) => p.text), ...inline] : null
}

// ── header blocks ────────────────────────────────────────────────────────────────────────────

interface HeaderBlock {
  /** line indexes of the block */
  lines: number[]
  /** the fitted header, or null: then each line comes out as its own phrases */
  fit: HeaderFit | null
}

/** how many lines a header block (and the section headings under it) may span */
const MAX_HEADER_LINES = 8
const MAX_TRAILING_SECTION_LINES = 2

/**
 * Runs of non-table lines right before a table line are header candidates. Within the lines after
 * the last title/source/footer line, the largest block that fits wins; section headings may sit
 * between it and the first row. The first header of the paste is kept even when it does not fit.
 */
function findHeaders(lines: Line[], parsed: (TableLine | null)[], consumed: Set<number>, width: number, hasTicker: boolean): HeaderBlock[] {
  const blocks: HeaderBlock[] = []
  let run: number[] = []
  let seenTable = false
  for (let i = 0; i < lines.length; i++) {
    if (isBlank(lines[i]!) || consumed.has(i)) continue
    if (parsed[i] === null) {
      run.push(i)
      continue
    }
    const block = headerIn(lines, run, width, hasTicker) ?? (seenTable ? null : fallbackHeader(lines, run))
    if (block) blocks.push(block)
    run = []
    seenTable = true
  }
  return blocks
}

function candidates(lines: Line[], run: number[]): number[] {
  let start = run.length
  while (start > 0 && run.length - start < MAX_HEADER_LINES && !isStopLine(lines[run[start - 1]!]!)) start--
  return run.slice(start)
}

function headerIn(lines: Line[], run: number[], width: number, hasTicker: boolean): HeaderBlock | null {
  const cand = candidates(lines, run)
  for (let trail = 0; trail <= MAX_TRAILING_SECTION_LINES && trail < cand.length; trail++) {
    const end = cand.length - trail
    for (let start = 0; start < end; start++) {
      const idx = cand.slice(start, end)
      const fit = fitHeader(idx.map((i) => lines[i]!), width, hasTicker)
      if (fit) return { lines: idx, fit }
    }
  }
  return null
}

/** Header-ish lines (years, name/ticker headers, units) above the first table line, unfitted. */
function fallbackHeader(lines: Line[], run: number[]): HeaderBlock | null {
  const idx = candidates(lines, run).filter((i) => isHeaderish(lines[i]!))
  return idx.length > 0 ? { lines: idx, fit: null } : null
}

function isHeaderish(line: Line): boolean {
  return line.tokens.some((t) => isPeriod(t) || idKind(t.norm) !== null || /[(（]/.test(t.text))
}

// ── output ───────────────────────────────────────────────────────────────────────────────────

/**
 * A line with fewer figures than the table is right-aligned: PDF tables leave the leading
 * columns empty on summary lines (`市值加权平均` has P/E and P/S, no price or market cap).
 */
function tableCells(p: TableLine, name: string, width: number, hasTicker: boolean): string[] {
  const pad = Math.max(0, width - p.values.length)
  return [name, ...(hasTicker ? [p.ticker ?? ''] : []), ...Array<string>(pad).fill(''), ...p.values]
}

function emitRows(lines: Line[], parsed: (TableLine | null)[], names: Names, headers: HeaderBlock[], width: number, hasTicker: boolean): GridRow[] {
  const fitted = new Map<number, HeaderFit>()
  const inFitted = new Set<number>()
  const unfitted = new Set<number>()
  for (const h of headers) {
    if (h.fit) fitted.set(h.lines[0]!, h.fit)
    for (const i of h.lines) (h.fit ? inFitted : unfitted).add(i)
  }
  const rows: GridRow[] = []
  lines.forEach((line, i) => {
    const p = parsed[i]
    const fit = fitted.get(i)
    if (fit) rows.push({ sourceRow: line.no, cells: fit.cells })
    else if (unfitted.has(i)) rows.push({ sourceRow: line.no, cells: buildPhrases([line]).map((ph) => ph.text) })
    else if (inFitted.has(i) || names.consumed.has(i) || isBlank(line)) return
    else if (p) rows.push({ sourceRow: line.no, cells: tableCells(p, joinParts([names.wrapped.get(i) ?? '', p.name]), width, hasTicker) })
    else rows.push({ sourceRow: line.no, cells: [line.raw.trim()] })
  })
  return rows
}
