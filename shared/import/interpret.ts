/**
 * Grid → Interpretation: find the header, recognise the source (preset), map the columns (the
 * analyst's overrides win), work out the file's market for Excel-stripped codes, then read every
 * data row once. Pure and synchronous; never throws on cell content (a bad cell rejects its row).
 */
import { aliasKey, type Market } from '../tickers'
import { detectHeader, mapColumns, type HeaderLayout, type MappedColumn } from './headers'
import { BUILTIN_PRESETS, detectPreset } from './presets'
import { codeForm, interpretRow, planColumn, type ColumnPlan, type RowPlan, type RowSink } from './rows'
import type { MarketHint } from './tickerForms'
import { normalizeCell } from './cells'
import type { ColumnRole, Grid, ImportPreset, ImportRow, Interpretation, SourceFormat } from './types'

/** The analyst's choice for one column (by 0-based index); a null or absent unit keeps the header's. */
export interface ColumnOverride {
  index: number
  role: ColumnRole
  unit?: string | null
  header?: string
}

export interface InterpretOptions {
  format: SourceFormat
  /** a preset id; absent or unknown: recognised from the file */
  preset?: string | null
  /** built-in and saved presets (default: the built-in ones) */
  presets?: ImportPreset[]
  columns?: ColumnOverride[]
  /** currency for rows whose listing says none (unlisted companies) */
  defaultCurrency?: string | null
  /** the market the file is about, when the caller knows it (else worked out from its codes) */
  marketHint?: MarketHint
}

function applyOverrides(columns: MappedColumn[], overrides: ColumnOverride[] | undefined): MappedColumn[] {
  if (!overrides?.length) return columns
  const out = columns.slice()
  for (const o of overrides) {
    const was = out[o.index]
    const unit = o.unit ?? was?.unit ?? null
    const basisPrinted = o.role.kind === 'multiple' ? was?.basisPrinted ?? null : null
    while (out.length < o.index) out.push({ index: out.length, header: '', role: { kind: 'ignore' }, unit: null, currencyParam: null, dateParam: null })
    out[o.index] = { index: o.index, header: o.header || was?.header || '', role: o.role, unit, basisPrinted, currencyParam: was?.currencyParam ?? null, dateParam: was?.dateParam ?? null }
  }
  // a role the analyst gave a column is taken from the column the header suggested for it
  const chosen = new Set(overrides.map((o) => o.index))
  const given = new Set<string>(overrides.map((o) => o.role.kind).filter((k) => k !== 'multiple' && k !== 'ignore'))
  return out.map((c) => (!chosen.has(c.index) && given.has(c.role.kind) ? { ...c, role: { kind: 'ignore' } } : c))
}

/** A market cap the analyst mapped by hand takes the same fallbacks as a recognised one. */
function fillUnits(columns: MappedColumn[], layout: HeaderLayout, preset: ImportPreset | null): void {
  for (const c of columns) {
    if (c.role.kind === 'marketCap' && !c.unit) c.unit = layout.unitRow?.get(c.index) ?? layout.titleUnit ?? preset?.marketCapUnit ?? null
  }
}

/** Markets that a preset's files are always about (baostock covers A-shares only). */
const PRESET_MARKET: Record<string, MarketHint> = { baostock: 'CN-A' }

/**
 * The file's market, from the codes whose form is certain: when at least two distinct ones are
 * and all are in one market, Excel-stripped numbers in the same file are read as that market's.
 */
function fileMarket(counts: Map<Market, number>): MarketHint {
  if (counts.size !== 1) return null
  const [market, n] = [...counts][0]!
  return n >= 2 && (market === 'CN-A' || market === 'HK' || market === 'US') ? market : null
}

function buildPlan(grid: Grid, layout: HeaderLayout, columns: MappedColumn[], preset: ImportPreset | null, opts: InterpretOptions): RowPlan {
  const first = (kind: ColumnRole['kind']): ColumnPlan | null => {
    const c = columns.find((x) => x.role.kind === kind)
    return c ? planColumn(c) : null
  }
  const mapped = columns.filter((c) => c.role.kind !== 'ignore').map(planColumn)
  const multiples = columns.filter((c) => c.role.kind === 'multiple').map(planColumn)
  const price = first('price')
  const marketCap = first('marketCap')
  const figureColumns = new Set([price, marketCap, ...multiples].filter((c): c is ColumnPlan => c !== null).map((c) => c.index))
  const presetId = preset?.id ?? null
  return {
    code: first('code'),
    name: first('name'),
    price,
    marketCap,
    currency: first('currency'),
    date: first('date'),
    multiples,
    mapped,
    figureColumns,
    headerCells: layout.headerRows.map((i) => grid.rows[i]!.cells.map(normalizeCell)),
    titleCurrencies: layout.titleCurrencies,
    ticker: { preset: presetId, marketHint: opts.marketHint ?? (presetId ? PRESET_MARKET[presetId] ?? null : null) },
    defaultCurrency: opts.defaultCurrency ?? null,
    codeCache: new Map(),
    certainMarkets: new Map(),
    dateCache: new Map(),
    nameCache: new Map(),
    markerCache: new Map(),
    currencyCache: new Map(),
  }
}

/**
 * Reads every code once before the rows: the certain ones tell the file's market, and the codes
 * whose reading depends on the market (`2230`) are then read with it.
 */
function settleMarket(grid: Grid, start: number, plan: RowPlan): void {
  const code = plan.code
  if (!code || plan.ticker.marketHint) return
  for (let i = start; i < grid.rows.length; i++) {
    const printed = grid.rows[i]!.cells[code.index]?.trim()
    if (printed) codeForm(plan, printed)
  }
  const hint = fileMarket(plan.certainMarkets)
  if (!hint) return
  plan.ticker = { ...plan.ticker, marketHint: hint }
  for (const [printed, f] of plan.codeCache) if (f.warnings.length) plan.codeCache.delete(printed)
}

/** The same security (or unlisted name) on the same date twice: the later row is flagged. */
function flagDuplicates(rows: ImportRow[]): void {
  // security → its first date, or the set of dates once it has two (most have one per date)
  const seen = new Map<string, string | Set<string>>()
  for (const r of rows) {
    const who = r.security ?? (r.name ? `name:${aliasKey(r.name)}` : null)
    if (!who) continue
    const day = r.date ?? ''
    const had = seen.get(who)
    if (had === undefined) seen.set(who, day)
    else if (had === day || (typeof had !== 'string' && had.has(day))) r.warnings.push('row.duplicate')
    else if (typeof had === 'string') seen.set(who, new Set([had, day]))
    else had.add(day)
  }
}

const publicColumn = ({ index, header, role, unit, basisPrinted }: MappedColumn) => ({ index, header, role, unit, basisPrinted: basisPrinted ?? null })

export function interpret(grid: Grid, opts: InterpretOptions): Interpretation {
  const presets = opts.presets ?? BUILTIN_PRESETS
  let preset = opts.preset ? presets.find((p) => p.id === opts.preset) ?? null : null
  const layout = detectHeader(grid, { skipRows: preset?.skipRows })
  if (!preset) {
    const id = detectPreset(grid, layout.headerRows, opts.format)
    preset = id ? presets.find((p) => p.id === id) ?? null : null
  }
  const columns = applyOverrides(mapColumns(grid, layout, preset), opts.columns)
  fillUnits(columns, layout, preset)
  const plan = buildPlan(grid, layout, columns, preset, opts)

  const sink: RowSink = { rows: [], rejected: [], skipped: layout.preamble.slice() }
  settleMarket(grid, layout.dataStart, plan)
  for (let i = layout.dataStart; i < grid.rows.length; i++) interpretRow(grid.rows[i]!, plan, sink)
  const { rows, rejected, skipped } = sink
  flagDuplicates(rows)
  return {
    preset: preset?.id ?? null,
    headerRows: layout.headerRows.map((i) => grid.rows[i]!.sourceRow),
    columns: columns.map(publicColumn),
    titleUnit: layout.titleUnit,
    asOf: layout.asOf ?? columns.find((c) => c.dateParam)?.dateParam ?? null,
    rows,
    rejected,
    skipped,
  }
}
