/**
 * A source table's own columns, shown exactly as printed (one-table view): how a printed column
 * finds its figure in a row, how it is named (metric, label, unit) and how it exports.
 */
import type { ColDef } from 'ag-grid-community'
import type { ValuationTableColumn } from '../../../../shared/api/valuations'
import type { FigureView } from '../../../../shared/domain'
import { formatNumber, type Lang } from '../../../../shared/format'
import type { ExportMeta } from '../../../../shared/gridExport'
import { exportAs, provenance, type ColumnContext, type Row } from './columnKit'
import type { ValuationsText } from './text'

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
export function withUnit(name: string, unit: string | null, lang: Lang): string {
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

/** How a printed column exports: a multiple, money (per share or in millions), a number or text. */
function printedExport(col: ValuationTableColumn, full: string, unitInHeader: boolean): ExportMeta<Row> {
  const pick = (r: Row) => printedFigure(r, col)
  const numeric = col.numbers
  return MULTIPLE_METRICS.has(col.metric)
    ? { kind: 'multiple', metric: col.metric, basis: col.fyKey ?? col.fy, value: (r) => pick(r)?.value ?? null }
    : MONEY_PER_SHARE.has(col.metric) && numeric
      ? { kind: 'money', metric: full, scale: 'units', value: (r) => pick(r)?.value ?? null, currencyOf: (r) => pick(r)?.currency ?? null }
      : col.money
        ? { kind: 'money', metric: full, scale: 'millions', value: (r) => pick(r)?.valueMn ?? null, currencyOf: (r) => pick(r)?.currency ?? null }
        : numeric
          ? { kind: 'number', unit: !unitInHeader && col.unit && !/^[x×倍]$/i.test(col.unit) ? col.unit : undefined, value: (r) => pick(r)?.value ?? null }
          : { kind: 'text', value: (r) => pick(r)?.printed || null }
}

/**
 * A column of a table shown exactly as printed (not sortable: the API sorts the grid's own
 * columns only). `unitInHeader`: the header (or its group's) already says the unit, so the
 * export does not say it twice.
 */
export function printedColumn(col: ValuationTableColumn, headerName: string, c: ColumnContext, unitInHeader: boolean): ColDef<Row> {
  const pick = (r: Row) => printedFigure(r, col)
  const full = [metricName(col, c.v), col.fy].filter(Boolean).join(' ')
  const numeric = col.numbers
  return {
    colId: col.id,
    headerName,
    headerTooltip: `${withUnit(full, col.unit, c.lang)}\n${c.v.printedColumnTip}`,
    width: numeric ? Math.max(96, Math.min(180, headerWidth(headerName))) : Math.max(150, Math.min(220, headerWidth(headerName))),
    sortable: false,
    context: exportAs(printedExport(col, full, unitInHeader)),
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
      return provenance(p.data, f, c) + mn
    },
  }
}
