/**
 * The valuations grid's state → a `valuations.page` request. Pure functions (no React, no grid
 * instance) so the mapping of AG Grid's sort and filter models is easy to test.
 */
import type { SortModelItem } from 'ag-grid-community'
import type { ApiInput } from '../../../../shared/contract'
import { GRID_COLUMN, MARKETS, type ValuationTableColumn } from '../../../../shared/api/valuations'

export type PageInput = ApiInput<'valuations.page'>
export type Market = (typeof MARKETS)[number]

/** What the toolbar chooses; AG Grid owns sort and column filters. */
export interface Toolbar {
  /** 'r:<reportId>' a whole report, 't:<tableId>' one table, '' all */
  scope: string
  market: Market | ''
  layerId: string
  search: string
  currency: string
  latestOnly: boolean
  groupByLayer: boolean
}

export const EMPTY_TOOLBAR: Toolbar = { scope: '', market: '', layerId: '', search: '', currency: 'USD', latestOnly: false, groupByLayer: false }

/** Grid column id → the API's sort/range column (columns not listed are not sortable). */
export function apiColumn(colId: string): string | null {
  const alias: Record<string, string> = { reportTable: 'report' }
  const col = alias[colId] ?? colId
  return GRID_COLUMN.test(col) ? col : null
}

/** AG Grid's sort model (multi-sort with shift-click) → at most three API sort keys. */
export function toSort(model: readonly SortModelItem[]): NonNullable<PageInput['sort']> {
  const out: NonNullable<PageInput['sort']> = []
  for (const s of model) {
    const col = apiColumn(s.colId)
    if (col && !out.some((o) => o.col === col)) out.push({ col, dir: s.sort === 'asc' ? 'asc' : 'desc' })
  }
  return out.slice(0, 3)
}

interface NumberCondition {
  filterType?: string
  type?: string | null
  filter?: number | null
  filterTo?: number | null
}
interface Combined {
  filterType?: string
  operator?: 'AND' | 'OR'
  conditions?: NumberCondition[]
}
type Range = { min?: number; max?: number }

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

function conditionRange(c: NumberCondition): Range | null {
  const a = c.filter
  const b = c.filterTo
  switch (c.type) {
    case 'inRange':
      if (num(a) && num(b)) return { min: Math.min(a, b), max: Math.max(a, b) }
      if (num(a)) return { min: a }
      if (num(b)) return { max: b }
      return null
    case 'greaterThan':
    case 'greaterThanOrEqual':
      return num(a) ? { min: a } : null
    case 'lessThan':
    case 'lessThanOrEqual':
      return num(a) ? { max: a } : null
    case 'equals':
      return num(a) ? { min: a, max: a } : null
    default:
      return null
  }
}

function modelRange(m: NumberCondition & Combined): Range | null {
  if (!m.conditions) return conditionRange(m)
  const parts = m.conditions.map(conditionRange).filter((r): r is Range => !!r)
  if (parts.length === 0) return null
  const mins = parts.map((p) => p.min)
  const maxs = parts.map((p) => p.max)
  if (m.operator === 'OR') {
    // A union of ranges is not one range: the smallest range holding all of them.
    return {
      min: mins.every(num) ? Math.min(...(mins as number[])) : undefined,
      max: maxs.every(num) ? Math.max(...(maxs as number[])) : undefined,
    }
  }
  const lo = mins.filter(num)
  const hi = maxs.filter(num)
  return { min: lo.length ? Math.max(...lo) : undefined, max: hi.length ? Math.min(...hi) : undefined }
}

/** AG Grid's filter model (number filters) → API ranges on market cap, price and multiples. */
export function toRanges(model: Record<string, unknown> | null | undefined): NonNullable<PageInput['ranges']> {
  const out: NonNullable<PageInput['ranges']> = []
  for (const [colId, m] of Object.entries(model ?? {})) {
    const col = apiColumn(colId)
    if (!col || !m || typeof m !== 'object') continue
    const r = modelRange(m as NumberCondition & Combined)
    if (!r || (r.min == null && r.max == null)) continue
    out.push({ col, ...(r.min != null ? { min: r.min } : {}), ...(r.max != null ? { max: r.max } : {}) })
  }
  return out.slice(0, 10)
}

/** The filter part of a request (everything but sort, offset and limit). */
export function filterInput(tb: Toolbar, reportIdProp: string | undefined, lang: 'zh' | 'en'): PageInput {
  const input: PageInput = { currency: tb.currency, latestOnly: tb.latestOnly, groupByLayer: tb.groupByLayer, lang }
  const scope = reportIdProp && !tb.scope ? `r:${reportIdProp}` : tb.scope
  if (scope.startsWith('r:')) input.reportId = scope.slice(2)
  else if (scope.startsWith('t:')) input.tableId = Number(scope.slice(2))
  if (tb.market) input.market = tb.market
  if (tb.layerId) input.layerId = tb.layerId
  // The API refuses blank or control characters; what it cannot search for is simply not sent.
  let search = tb.search.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 60)
  // never cut a surrogate pair in half (a lone surrogate is refused too)
  if (/[\uD800-\uDBFF]$/.test(search)) search = search.slice(0, -1)
  search = search.trim()
  if (search) input.search = search
  return input
}

/** The table a scope names ('t:<tableId>'), or null for all tables / a whole report. */
export function scopeTableId(scope: string): number | null {
  const m = /^t:(\d+)$/.exec(scope)
  return m ? Number(m[1]) : null
}

/**
 * The ServerGrid id (so the saved column state, grid:<id>:columns) of a view: one for the
 * all-tables grid, one per table — a state saved in one table's view never reorders another's.
 */
export function gridIdOf(tableId: number | null): string {
  return tableId == null ? 'valuations-server' : `valuations-table-${tableId}`
}

/**
 * The figure columns the all-tables grid shows: those the engine says have a printed cell
 * under the filter, plus any column sorted or filtered on (so the analyst can still see and
 * undo it). null: not known yet (show them all).
 */
export function shownFigureColumns(present: readonly string[] | null, keep: Iterable<string> = []): Set<string> | null {
  if (!present) return null
  return new Set([...present, ...keep])
}

/** A printed table column as the grid needs it (ValuationTableColumn's identifying part). */
export type PrintedColumn = Pick<ValuationTableColumn, 'id' | 'metric' | 'fyKey' | 'fy' | 'label' | 'unit'>

/** A run of printed columns shown under one group header (one metric over several years). */
export interface ColumnRun<C extends PrintedColumn = PrintedColumn> {
  /** unique among the runs of a layout */
  key: string
  metric: string
  label: string | null
  /** more than one column: shown as a group (header: the metric) with the years as children */
  grouped: boolean
  columns: C[]
}

/**
 * A table's printed columns in printed order → header runs: consecutive columns of the same
 * metric and label, each with a fiscal year, share a group (P/E over FY22E–FY24E); a market
 * cap never joins another column; anything else stands alone.
 */
export function columnRuns<C extends PrintedColumn>(columns: readonly C[]): ColumnRun<C>[] {
  const runs: ColumnRun<C>[] = []
  const hasYear = (c: PrintedColumn) => c.fyKey != null || (c.fy != null && c.fy !== '')
  for (const c of columns) {
    const last = runs[runs.length - 1]
    const prev = last?.columns[last.columns.length - 1]
    if (last && prev && c.metric !== 'marketCap' && prev.metric === c.metric && prev.label === c.label && hasYear(prev) && hasYear(c)) {
      last.columns.push(c)
      last.grouped = true
      continue
    }
    runs.push({ key: `run:${runs.length}:${c.metric}`, metric: c.metric, label: c.label, grouped: false, columns: [c] })
  }
  return runs
}

/**
 * A saved column state made whole for the columns a view has now. AG Grid's applyColumnState
 * (applyOrder) puts a column the state does not name after all the others; a column that was
 * hidden as empty when the state was saved would so come back at the far right. Here it goes
 * right after the column that precedes it in `order` (the view's columns, left to right), or
 * first; what the state says about the others is kept as it is.
 */
export function completeColumnState<S extends { colId: string }>(saved: readonly S[], order: readonly string[]): (S | { colId: string })[] {
  if (saved.length === 0) return [...saved]
  const out: (S | { colId: string })[] = [...saved]
  const known = new Set(saved.map((s) => s.colId))
  for (let i = 0; i < order.length; i++) {
    const id = order[i]!
    if (known.has(id)) continue
    // after the nearest column to its left that the state places; none: first
    let at = 0
    for (let j = i - 1; j >= 0; j--) {
      const k = out.findIndex((s) => s.colId === order[j])
      if (k >= 0) {
        at = k + 1
        break
      }
    }
    out.splice(at, 0, { colId: id })
    known.add(id)
  }
  return out
}
