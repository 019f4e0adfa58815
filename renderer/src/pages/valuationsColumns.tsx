/**
 * Columns of the valuations grid (server-side rows: ValuationGridRow from valuations.page).
 * Sortable columns are exactly those the API sorts on (valuationsQuery.apiColumn); number
 * filters become API ranges. Figures are shown as printed; sort and filter use parsed values.
 * Two views: all tables (the grid's own columns, less those empty under the filter) and one
 * table as printed (its columns in printed order; those the API cannot sort on shown as printed).
 */
import type { ColDef, ColGroupDef, ICellRendererParams, ValueGetterParams } from 'ag-grid-community'
import type { ValuationGridRow, ValuationTableColumn, ValuationTableLayout } from '../../../shared/api/valuations'
import type { FigureView } from '../../../shared/domain'
import { formatMillions, formatNumber, type Lang } from '../../../shared/format'
import type { ExportMeta, Provenance } from '../../../shared/gridExport'
import { companyName, marketLabel, tickerText, type Dict } from '../i18n'
import { qualityDetail, qualityLabel } from './QualityPage'
import { columnRuns } from './valuationsQuery'
import { fill, type ValuationsText } from './valuationsText'

export type Row = ValuationGridRow
type Col = ColDef<Row> | ColGroupDef<Row>

/**
 * Which figure columns the grid has: every table ('all', the grid's own columns, those not in
 * `figures` left out — flags and notes too; null: all of them) or one table as printed ('table').
 */
export type ColumnView =
  | { kind: 'all'; figures: ReadonlySet<string> | null }
  /** `markers`: of flags / notes, those with something to show (null: both) */
  | { kind: 'table'; layout: ValuationTableLayout; markers?: ReadonlySet<string> | null }

export interface ColumnContext {
  t: Dict
  v: ValuationsText
  lang: Lang
  currency: string
  fyKeys: string[]
  layerName: (id: string | null) => string
  /** default: every table, every column */
  view?: ColumnView
}

/** Numbers only, inclusive ranges, one condition: exactly what the API's `ranges` can say. */
const NUMBER_FILTER = {
  filter: 'agNumberColumnFilter',
  filterParams: {
    filterOptions: ['inRange', 'greaterThanOrEqual', 'lessThanOrEqual'],
    defaultOption: 'greaterThanOrEqual',
    maxNumConditions: 1,
    inRangeInclusive: true,
    buttons: ['reset', 'apply'],
    closeOnApply: true,
  },
} as const

export function figure(r: Row, metric: string, fyKey: string | null = null): FigureView | null {
  return r.figures.find((f) => f.metric === metric && (f.fyKey ?? null) === fyKey) ?? null
}

/** Where a figure is printed and exactly how (tooltip). */
export function provenance(r: Row, f: FigureView | null, t: Dict): string {
  const where = `${r.institution} · ${r.tableLabel} · ${t.row} ${r.rowNo}${r.line ? ` · ${t.line} ${r.line}` : ''}`
  if (!f) return where
  return `${where}\n${t.printed}: "${f.printed}"${f.unit ? ` (${f.unit})` : ''}${f.fy ? ` · ${f.fy}` : ''}`
}

const data = (p: { data?: Row }) => p.data

/** How a column exports (renderer/src/exportXlsx.ts reads colDef.context.export). */
const exportAs = (m: ExportMeta<Row>) => ({ export: m })

/** Provenance columns of the valuations export: where each row is printed. */
export const exportProvenance = (r: Row): Provenance => ({ report: r.reportId, table: r.tableLabel, row: r.rowNo, line: r.line })

function multipleColumn(metric: 'pe' | 'ps', fyKey: string, c: ColumnContext): ColDef<Row> {
  const pick = (r: Row) => figure(r, metric, fyKey)
  return {
    colId: `${metric}:${fyKey}`,
    headerName: fyKey,
    context: exportAs({ kind: 'multiple', metric, basis: fyKey, value: (r) => pick(r)?.value ?? null }),
    // "FY23E" with the filter and column-menu buttons beside it
    width: 96,
    sortable: true,
    ...NUMBER_FILTER,
    valueGetter: (p) => (p.data ? (pick(p.data)?.value ?? null) : null),
    valueFormatter: (p) => (p.data ? (pick(p.data)?.printed ?? '') : ''),
    cellClass: (p) => {
      const r = data(p)
      if (!r) return 'num'
      if (r.quality.some((q) => q.code === 'implausible-margin' && q.fyKey === fyKey)) return 'num flag-bg'
      const f = pick(r)
      return f && f.value == null && f.printed !== '' ? 'num na' : 'num'
    },
    tooltipValueGetter: (p) => {
      const r = data(p)
      if (!r) return ''
      const flags = r.quality.filter((q) => q.code === 'implausible-margin' && q.fyKey === fyKey)
      return [provenance(r, pick(r), c.t), ...flags.map((q) => `⚑ ${qualityLabel(q.code, c.t)} — ${qualityDetail(q, c.lang)}`)].join('\n')
    },
  }
}

function MarketCapCell(p: ICellRendererParams<Row> & { ctx: ColumnContext }) {
  const r = p.data
  if (!r) return null
  const c = p.ctx
  if (r.mcapReporting == null) {
    return figure(r, 'marketCap') ? <span className="na" title={fill(c.v.fxMissingTip, { ccy: c.currency })}>{c.t.fxMissing}</span> : null
  }
  return (
    <span>
      {formatMillions(r.mcapReporting, c.lang, c.currency)}
      {r.fxStale && (
        <span className="warn" title={`${c.t.stale}: ${c.v.fxStaleTip}`} aria-label={c.t.stale} data-stale="1">
          {' '}
          ⚠
        </span>
      )}
    </span>
  )
}

/** A printed column's figure in a row: same metric and label, same fiscal year (normalised, else as printed). */
export function printedFigure(r: Row, c: Pick<ValuationTableColumn, 'metric' | 'label' | 'fyKey' | 'fy'>): FigureView | null {
  return (
    r.figures.find(
      (f) => f.metric === c.metric && (f.label ?? null) === c.label && (c.fyKey != null ? f.fyKey === c.fyKey : f.fyKey == null && (f.fy ?? '') === (c.fy ?? '')),
    ) ?? null
  )
}

/** The name of a printed column's metric: the printed label for 'other', else the metric's name. */
export function metricName(c: Pick<ValuationTableColumn, 'metric' | 'label'>, v: ValuationsText): string {
  const names = v.metricNames as Record<string, string>
  if (c.metric === 'other') return c.label ?? names.other!
  const name = names[c.metric] ?? c.metric
  return c.label ? `${name} · ${c.label}` : name
}

/** "收入（亿美元）": a unit in the header unless it is a multiple's "x" or already in the name. */
function withUnit(name: string, unit: string | null, lang: Lang): string {
  const u = (unit ?? '').trim()
  if (!u || /^[x×倍]$/i.test(u) || name.includes(u)) return name
  return lang === 'zh' ? `${name}（${u}）` : `${name} (${u})`
}

/** About the pixels a header needs (CJK characters are twice as wide), with the cell padding. */
function headerWidth(s: string): number {
  let w = 0
  for (const ch of s) w += /[\u2e80-\uffef]/.test(ch) ? 14 : 8
  return w + 34
}

const MONEY_PER_SHARE = new Set(['price', 'eps'])
const MULTIPLE_METRICS = new Set(['pe', 'ps', 'pb'])

/**
 * A column of a table shown exactly as printed (not sortable: the API sorts the grid's own
 * columns only). `unitInHeader`: the header (or its group's) already says the unit, so the
 * export does not say it twice.
 */
function printedColumn(col: ValuationTableColumn, headerName: string, c: ColumnContext, unitInHeader: boolean): ColDef<Row> {
  const pick = (r: Row) => printedFigure(r, col)
  const name = metricName(col, c.v)
  const full = [name, col.fy].filter(Boolean).join(' ')
  const numeric = col.numbers
  const exportMeta: ExportMeta<Row> = MULTIPLE_METRICS.has(col.metric)
    ? { kind: 'multiple', metric: col.metric, basis: col.fyKey ?? col.fy, value: (r) => pick(r)?.value ?? null }
    : MONEY_PER_SHARE.has(col.metric) && numeric
      ? { kind: 'money', metric: full, scale: 'units', value: (r) => pick(r)?.value ?? null, currencyOf: (r) => pick(r)?.currency ?? null }
      : col.money
        ? { kind: 'money', metric: full, scale: 'millions', value: (r) => pick(r)?.valueMn ?? null, currencyOf: (r) => pick(r)?.currency ?? null }
        : numeric
          ? { kind: 'number', unit: !unitInHeader && col.unit && !/^[x×倍]$/i.test(col.unit) ? col.unit : undefined, value: (r) => pick(r)?.value ?? null }
          : { kind: 'text', value: (r) => pick(r)?.printed || null }
  return {
    colId: col.id,
    headerName,
    headerTooltip: `${withUnit(full, col.unit, c.lang)}\n${c.v.printedColumnTip}`,
    width: numeric ? Math.max(96, Math.min(180, headerWidth(headerName))) : Math.max(150, Math.min(220, headerWidth(headerName))),
    sortable: false,
    context: exportAs(exportMeta),
    valueGetter: (p) => (p.data ? (pick(p.data)?.printed ?? '') : ''),
    cellClass: (p) => {
      const f = p.data ? pick(p.data) : null
      if (!numeric) return undefined
      return f && f.value == null && f.printed !== '' ? 'num na' : 'num'
    },
    tooltipValueGetter: (p) => {
      if (!p.data) return ''
      const f = pick(p.data)
      const mn = col.money && f?.valueMn != null ? `\n= ${formatNumber(f.valueMn, 0)} ${c.t.millions} ${f.currency ?? ''}` : ''
      return provenance(p.data, f, c.t) + mn
    },
  }
}

/** Company, flags, notes, ticker, market, chain layer: every view starts with them (flags and notes when `has` them). */
function leadColumns(c: ColumnContext, has: (id: string) => boolean = () => true): Col[] {
  const { t, v, lang } = c
  const cols: ColDef<Row>[] = [
    {
      colId: 'company',
      headerName: t.company,
      pinned: 'left',
      width: 150,
      sortable: true,
      valueGetter: (p: ValueGetterParams<Row>) => (p.data ? companyName(p.data, lang) : v.notLoadedYet),
      cellClass: (p) => (p.data ? undefined : 'na'),
      tooltipValueGetter: (p) => (p.data ? `${p.data.companyPrinted}${p.data.tickerPrinted ? ` (${p.data.tickerPrinted})` : ''}\n${provenance(p.data, null, t)}` : ''),
    },
    {
      colId: 'flags',
      headerName: t.flags,
      headerTooltip: v.flagsTip,
      pinned: 'left',
      width: lang === 'en' ? 84 : 76,
      context: exportAs({ kind: 'number', digits: 0, value: (r) => r.quality.length }),
      valueGetter: (p) => p.data?.quality.length || null,
      valueFormatter: (p) => (p.value ? `⚑ ${p.value}` : ''),
      cellClass: (p) => (p.value ? 'flag-cell' : ''),
      tooltipValueGetter: (p) => (p.data ? p.data.quality.map((q) => `${qualityLabel(q.code, t)} — ${qualityDetail(q, lang)}`).join('\n') : ''),
    },
    {
      colId: 'notes',
      headerName: lang === 'zh' ? '笔记' : 'Notes',
      headerTooltip: lang === 'zh' ? '关于该公司的笔记数；⚠ = 论点检查被新数据触发' : 'notes about the company; ⚠ = thesis checks breached by new data',
      pinned: 'left',
      width: lang === 'en' ? 88 : 80,
      // the grid sorts on notes×1000 + breached checks; the export gives the note count
      context: exportAs({ kind: 'number', digits: 0, value: (r) => r.notes }),
      valueGetter: (p) => (p.data ? p.data.notes * 1000 + p.data.thesisFlags : null),
      valueFormatter: (p) => (p.data && (p.data.notes || p.data.thesisFlags) ? `${p.data.thesisFlags ? `⚠${p.data.thesisFlags} ` : ''}✍${p.data.notes}` : ''),
      cellClass: (p) => (p.data?.thesisFlags ? 'flag-cell' : ''),
    },
    {
      colId: 'ticker',
      headerName: t.ticker,
      width: 96,
      cellClass: 'mono',
      valueGetter: (p) => (p.data ? tickerText(p.data.securityId, t) : ''),
      tooltipValueGetter: (p) => (p.data ? `${p.data.securityId ?? '—'}${p.data.tickerPrinted ? ` · ${t.tickerPrinted}: ${p.data.tickerPrinted}` : ''}` : ''),
    },
    { colId: 'market', headerName: t.market, width: lang === 'en' ? 84 : 70, sortable: true, valueGetter: (p) => (p.data ? marketLabel(p.data.market, lang) : '') },
    {
      colId: 'layer',
      headerName: v.layer,
      width: lang === 'en' ? 176 : 156,
      sortable: true,
      valueGetter: (p) => (p.data ? c.layerName(p.data.layerId) : ''),
      tooltipValueGetter: (p) => (p.data ? [c.layerName(p.data.layerId), p.data.layerLabel ? `${t.layerLabel}: ${p.data.layerLabel}` : ''].filter(Boolean).join('\n') : ''),
    },
  ]
  return cols.filter((x) => !(x.colId === 'flags' || x.colId === 'notes') || has(x.colId))
}

/** Market cap as printed and converted to the reporting currency (sorted and filtered on the converted value). */
function marketCapGroup(c: ColumnContext, headerName: string = c.t.marketCap): ColGroupDef<Row> {
  const { t, v } = c
  const mcapPrinted = (r: Row) => figure(r, 'marketCap')
  return {
    headerName,
    groupId: 'mcap',
    children: [
      {
        colId: 'mcapPrinted',
        headerName: v.mcapPrinted,
        width: 150,
        type: 'numericColumn',
        // the printed figure in millions of its own currency, followed by a currency column
        context: exportAs({ kind: 'money', metric: 'marketCap', basis: 'reported', scale: 'millions', value: (r) => mcapPrinted(r)?.valueMn ?? null, currencyOf: (r) => mcapPrinted(r)?.currency ?? null }),
        valueGetter: (p) => (p.data ? (mcapPrinted(p.data)?.printed ?? '') : ''),
        valueFormatter: (p) => {
          const f = p.data ? mcapPrinted(p.data) : null
          // the unit from the caption, unless the cell already prints one ("5785亿美元")
          return f ? `${f.printed}${f.unit && f.value != null && /^[-+\d.,\s]+$/.test(f.printed) ? ` ${f.unit}` : ''}` : ''
        },
        cellClass: (p) => {
          const f = p.data ? mcapPrinted(p.data) : null
          const flagged = f && p.data!.quality.some((q) => q.code === 'unit-vs-caption' && q.detail.printed === f.printed)
          return flagged ? 'num flag-bg' : f && f.value == null && f.printed !== '' ? 'num na' : 'num'
        },
        tooltipValueGetter: (p) => {
          const f = p.data ? mcapPrinted(p.data) : null
          if (!p.data) return ''
          const flags = p.data.quality.filter((q) => q.code === 'unit-vs-caption' && f && q.detail.printed === f.printed)
          const mn = f?.valueMn != null ? `\n= ${formatNumber(f.valueMn, 0)} ${t.millions} ${f.currency ?? ''}` : ''
          return [provenance(p.data, f, t) + mn, ...flags.map((q) => `⚑ ${qualityLabel(q.code, t)} — ${qualityDetail(q, c.lang)}`)].join('\n')
        },
      },
      {
        colId: 'marketCap',
        headerName: fill(v.mcapConverted, { ccy: c.currency }),
        headerTooltip: fill(v.mcapHeaderTip, { ccy: c.currency }),
        width: 126,
        sortable: true,
        context: exportAs({ kind: 'money', metric: 'marketCap', scale: 'millions', currency: c.currency, value: (r) => r.mcapReporting }),
        ...NUMBER_FILTER,
        valueGetter: (p) => p.data?.mcapReporting ?? null,
        cellRenderer: MarketCapCell,
        cellRendererParams: { ctx: c },
        cellClass: 'num',
        tooltipValueGetter: (p) =>
          p.data?.mcapReporting != null
            ? `${formatNumber(p.data.mcapReporting, 0)} ${t.millions} ${c.currency}${p.data.fxStale ? `\n⚠ ${t.stale}: ${v.fxStaleTip}` : ''}`
            : '',
      },
    ],
  }
}

/** P/E or P/S over the fiscal years given, as a group named for the metric. */
function multipleGroup(metric: 'pe' | 'ps', fys: readonly { fyKey: string; header?: string }[], c: ColumnContext, groupId: string = metric): ColGroupDef<Row> {
  return {
    headerName: metric === 'pe' ? 'P/E' : 'P/S',
    headerTooltip: c.v.multipleHeaderTip,
    groupId,
    children: fys.map((y) => ({ ...multipleColumn(metric, y.fyKey, c), ...(y.header ? { headerName: y.header } : {}) })),
  }
}

function priceColumn(c: ColumnContext): ColDef<Row> {
  const price = (r: Row) => figure(r, 'price')
  return {
    colId: 'price',
    headerName: c.v.price,
    width: 100,
    type: 'numericColumn',
    context: exportAs({ kind: 'money', metric: 'price', scale: 'units', value: (r) => price(r)?.value ?? null, currencyOf: (r) => price(r)?.currency ?? null }),
    sortable: true,
    valueGetter: (p) => (p.data ? (price(p.data)?.value ?? null) : null),
    valueFormatter: (p) => {
      const f = p.data ? price(p.data) : null
      return f ? `${f.printed}${f.currency && f.value != null ? ` ${f.currency}` : ''}` : ''
    },
    cellClass: 'num',
    tooltipValueGetter: (p) => (p.data ? provenance(p.data, price(p.data), c.t) : ''),
  }
}

/** As-of date and "report · table": the all-tables view only (one table has one of each). */
function sourceColumns(c: ColumnContext): ColDef<Row>[] {
  const { t, v } = c
  return [
    {
      colId: 'asOf',
      headerName: t.asOf,
      headerTooltip: `* ${t.inferred}`,
      width: 112,
      sortable: true,
      // exported as a plain date (a model reads it as one); "inferred" is in the grid's tooltip
      context: exportAs({ kind: 'text', value: (r) => r.asOfDate }),
      // "*" marks an inferred date (the full word does not fit); the tooltip says so and why
      valueGetter: (p) => (p.data ? (p.data.asOfDate ? p.data.asOfDate + (p.data.asOfInferred ? '*' : '') : '—') : ''),
      tooltipValueGetter: (p) => (p.data ? [p.data.asOfInferred ? `* ${t.inferred}` : '', p.data.asOfNote ?? ''].filter(Boolean).join(' · ') : ''),
    },
    {
      colId: 'reportTable',
      headerName: v.reportTable,
      width: 260,
      sortable: true,
      valueGetter: (p) => (p.data ? `${p.data.institution} · ${p.data.tableLabel}` : ''),
      tooltipValueGetter: (p) => (p.data ? `${p.data.institution} (${p.data.reportId})\n${p.data.tableLabel}${p.data.tableSource ? `\n${t.source}: ${p.data.tableSource}` : ''}` : ''),
    },
  ]
}

/** Every table: market cap, the multiples per fiscal year, price, as-of, source — those not in `figures` left out. */
function allTablesColumns(c: ColumnContext, figures: ReadonlySet<string> | null): Col[] {
  const has = (id: string) => !figures || figures.has(id)
  const out: Col[] = [...leadColumns(c, has)]
  if (has('marketCap')) out.push(marketCapGroup(c))
  for (const metric of ['pe', 'ps'] as const) {
    const fys = c.fyKeys.filter((fy) => has(`${metric}:${fy}`)).map((fyKey) => ({ fyKey }))
    if (fys.length) out.push(multipleGroup(metric, fys, c))
  }
  if (has('price')) out.push(priceColumn(c))
  out.push(...sourceColumns(c))
  return out
}

/**
 * One table as printed: its figure columns in printed order, a group per metric over its
 * fiscal years (header: the metric; children: the years as printed). The grid's own columns
 * (market cap, price, P/E and P/S) keep their ids, so they sort and filter as in every view.
 */
function tableColumns(c: ColumnContext, layout: ValuationTableLayout, markers: ReadonlySet<string> | null): Col[] {
  const out: Col[] = [...leadColumns(c, (id) => !markers || markers.has(id))]
  for (const run of columnRuns(layout.columns)) {
    const first = run.columns[0]!
    const std = run.columns.every((col) => !col.id.startsWith('fig:'))
    if (std && first.id === 'marketCap') {
      out.push(marketCapGroup(c))
    } else if (std && first.id === 'price') {
      out.push(priceColumn(c))
    } else if (std && (run.metric === 'pe' || run.metric === 'ps')) {
      out.push(multipleGroup(run.metric, run.columns.map((col) => ({ fyKey: col.fyKey!, header: col.fy || col.fyKey! })), c, `${run.metric}:${run.key}`))
    } else if (run.grouped) {
      // money printed as bare numbers ("87" under 收入（亿美元）) needs its unit in the header;
      // other series (28%, 4.4%) say it in the cells, and the export after the year
      const money = run.columns.some((col) => col.money)
      out.push({
        headerName: money ? withUnit(metricName(first, c.v), first.unit, c.lang) : metricName(first, c.v),
        headerTooltip: c.v.printedColumnTip,
        groupId: run.key,
        children: run.columns.map((col) => printedColumn(col, col.fy || col.fyKey || metricName(col, c.v), c, money)),
      })
    } else {
      out.push(printedColumn(first, withUnit([metricName(first, c.v), first.fy].filter(Boolean).join(' '), first.unit, c.lang), c, true))
    }
  }
  return out
}

export function valuationColumns(c: ColumnContext): Col[] {
  const view = c.view ?? { kind: 'all', figures: null }
  return view.kind === 'table' ? tableColumns(c, view.layout, view.markers ?? null) : allTablesColumns(c, view.figures)
}

/** The leaf column ids of a column tree, left to right. */
export function leafColumnIds(cols: readonly (ColDef<Row> | ColGroupDef<Row>)[]): string[] {
  return cols.flatMap((c) => ('children' in c ? leafColumnIds(c.children as (ColDef<Row> | ColGroupDef<Row>)[]) : c.colId ? [c.colId] : []))
}
