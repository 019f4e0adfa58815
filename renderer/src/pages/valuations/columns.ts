/**
 * Columns of the valuations grid (server-side rows: ValuationGridRow from valuations.page).
 * Sortable columns are exactly those the API sorts on (query.ts apiColumn); number
 * filters become API ranges. Figures are shown as printed; sort and filter use parsed values.
 * Two views: all tables (the grid's own columns, less those empty under the filter) and one
 * table as printed (its columns in printed order; those the API cannot sort on shown as printed).
 * This module assembles the views; the builders are in leadColumns, figureColumns and
 * printedColumns.
 */
import type { ColDef, ColGroupDef } from 'ag-grid-community'
import type { ValuationTableLayout } from '../../../../shared/api/valuations'
import type { Col, ColumnContext, Row } from './columnKit'
import { marketCapGroup, multipleGroup, priceColumn } from './figureColumns'
import { leadColumns, sourceColumns } from './leadColumns'
import { metricName, printedColumn, withUnit } from './printedColumns'
import { columnRuns } from './query'

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
