/**
 * Columns of the valuations grid (server-side rows: ValuationGridRow from valuations.page).
 * Sortable columns are exactly those the API sorts on (valuationsQuery.apiColumn); number
 * filters become API ranges. Figures are shown as printed; sort and filter use parsed values.
 */
import type { ColDef, ColGroupDef, ICellRendererParams, ValueGetterParams } from 'ag-grid-community'
import type { ValuationGridRow } from '../../../shared/api/valuations'
import type { FigureView } from '../../../shared/domain'
import { formatMillions, formatNumber, type Lang } from '../../../shared/format'
import type { ExportMeta, Provenance } from '../../../shared/gridExport'
import { companyName, marketLabel, tickerText, type Dict } from '../i18n'
import { qualityDetail, qualityLabel } from './QualityPage'
import { fill, type ValuationsText } from './valuationsText'

export type Row = ValuationGridRow
type Col = ColDef<Row> | ColGroupDef<Row>

export interface ColumnContext {
  t: Dict
  v: ValuationsText
  lang: Lang
  currency: string
  fyKeys: string[]
  layerName: (id: string | null) => string
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
    width: 84,
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

export function valuationColumns(c: ColumnContext): Col[] {
  const { t, v, lang } = c
  const mcapPrinted = (r: Row) => figure(r, 'marketCap')
  const price = (r: Row) => figure(r, 'price')
  return [
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
      width: 62,
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
      width: 70,
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
    {
      headerName: t.marketCap,
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
            return [provenance(p.data, f, t) + mn, ...flags.map((q) => `⚑ ${qualityLabel(q.code, t)} — ${qualityDetail(q, lang)}`)].join('\n')
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
    },
    ...(['pe', 'ps'] as const)
      .filter(() => c.fyKeys.length > 0)
      .map(
        (metric): ColGroupDef<Row> => ({
          headerName: metric === 'pe' ? 'P/E' : 'P/S',
          headerTooltip: c.v.multipleHeaderTip,
          groupId: metric,
          children: c.fyKeys.map((fy) => multipleColumn(metric, fy, c)),
        }),
      ),
    {
      colId: 'price',
      headerName: v.price,
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
      tooltipValueGetter: (p) => (p.data ? provenance(p.data, price(p.data), t) : ''),
    },
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
      tooltipValueGetter: (p) =>
        p.data ? [p.data.asOfInferred ? `* ${t.inferred}` : '', p.data.asOfNote ?? ''].filter(Boolean).join(' · ') : '',
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
