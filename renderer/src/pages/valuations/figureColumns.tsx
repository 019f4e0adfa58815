/**
 * The grid's own figure columns — market cap (printed and converted), P/E and P/S per fiscal
 * year, price — shared by both views: they keep their ids everywhere, so they sort and filter
 * (through the API) the same in every view.
 */
import type { ColDef, ColGroupDef, ICellRendererParams } from 'ag-grid-community'
import { formatMillions, formatNumber } from '../../../../shared/format'
import { qualityDetail, qualityLabel } from '../QualityPage'
import { data, exportAs, figure, NUMBER_FILTER, provenance, type ColumnContext, type Row } from './columnKit'
import { fill } from './text'

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
      return [provenance(r, pick(r), c), ...flags.map((q) => `⚑ ${qualityLabel(q.code, c.t)} — ${qualityDetail(q, c.lang)}`)].join('\n')
    },
  }
}

/** P/E or P/S over the fiscal years given, as a group named for the metric. */
export function multipleGroup(metric: 'pe' | 'ps', fys: readonly { fyKey: string; header?: string }[], c: ColumnContext, groupId: string = metric): ColGroupDef<Row> {
  return {
    headerName: metric === 'pe' ? 'P/E' : 'P/S',
    headerTooltip: c.v.multipleHeaderTip,
    groupId,
    children: fys.map((y) => ({ ...multipleColumn(metric, y.fyKey, c), ...(y.header ? { headerName: y.header } : {}) })),
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

/** Market cap exactly as printed (flagged when its unit disagrees with the caption's). */
function mcapPrintedColumn(c: ColumnContext): ColDef<Row> {
  const { t, v } = c
  const mcapPrinted = (r: Row) => figure(r, 'marketCap')
  return {
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
      return [provenance(p.data, f, c) + mn, ...flags.map((q) => `⚑ ${qualityLabel(q.code, t)} — ${qualityDetail(q, c.lang)}`)].join('\n')
    },
  }
}

/** Market cap converted to the reporting currency: the value the API sorts and filters on. */
function mcapConvertedColumn(c: ColumnContext): ColDef<Row> {
  const { t, v } = c
  return {
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
  }
}

/** Market cap as printed and converted to the reporting currency (sorted and filtered on the converted value). */
export function marketCapGroup(c: ColumnContext, headerName: string = c.t.marketCap): ColGroupDef<Row> {
  return { headerName, groupId: 'mcap', children: [mcapPrintedColumn(c), mcapConvertedColumn(c)] }
}

export function priceColumn(c: ColumnContext): ColDef<Row> {
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
    tooltipValueGetter: (p) => (p.data ? provenance(p.data, price(p.data), c) : ''),
  }
}
