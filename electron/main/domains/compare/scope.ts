/**
 * The rows a comparison needs, found in SQL: the latest printed row per security within scope
 * that has the metric (same rule as shared/compare.ts latestRows: newest as-of, ties to the
 * first in report/table/row order). Only those rows are loaded into JavaScript.
 */
import type { ApiParsed } from '../../../../shared/contract'
import type { Db } from '../../db/connection'

/** What scopes the rows: the comparison's input, or the map's (same fields). */
type RunInput = Pick<ApiParsed<'compare.run'>, 'metric' | 'fyKey' | 'reportId' | 'reportIds' | 'tableId'>

function scope(o: RunInput): { sql: string; params: unknown[] } {
  const w: string[] = []
  const params: unknown[] = []
  if (o.reportId) (w.push('t.report_id = ?'), params.push(o.reportId))
  if (o.reportIds?.length) (w.push(`t.report_id IN (${o.reportIds.map(() => '?').join(', ')})`), params.push(...o.reportIds))
  if (o.tableId != null) (w.push('v.table_id = ?'), params.push(o.tableId))
  return { sql: w.map((x) => ` AND ${x}`).join(''), params }
}

/** Row ids; with `securities`, only rows of those securities (the page's filter). */
export function latestRowIds(db: Db, o: RunInput, securities: ReadonlySet<string> | null = null): number[] {
  const s = scope(o)
  const metric = o.metric === 'marketCap' ? 'marketCap' : o.metric
  const fy = o.metric === 'marketCap' ? null : o.fyKey
  const rows = db
    .prepare(
      `SELECT id, security_id FROM (
         SELECT v.id, v.security_id, row_number() OVER (PARTITION BY v.security_id ORDER BY t.as_of_date DESC NULLS LAST, t.report_id, t.id, v.row_no) AS k
         FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id
         WHERE v.is_aggregate = 0 AND v.security_id IS NOT NULL${s.sql}
           AND EXISTS (SELECT 1 FROM valuation_figure f WHERE f.row_id = v.id AND f.metric = ? AND f.fy_key IS ?))
       WHERE k = 1`,
    )
    .all(...s.params, metric, fy) as { id: number; security_id: string }[]
  return rows.filter((r) => !securities || securities.has(r.security_id)).map((r) => r.id)
}

/** Fiscal years with a P/E or P/S value in scope, for the year picker. */
export function fyKeysInScope(db: Db, o: RunInput): string[] {
  const s = scope(o)
  if (!s.params.length) return distinctFyKeys(db, { withValue: true })
  // CROSS JOIN fixes the loop order table → row → figure. Left to itself the planner started
  // from the (metric, fy_key) index, i.e. walked every P/E and P/S figure of the workspace and
  // only then dropped those outside the report (engine-plans.test.ts).
  return db
    .prepare(
      `SELECT DISTINCT f.fy_key FROM valuation_table t CROSS JOIN valuation_row v ON v.table_id = t.id CROSS JOIN valuation_figure f ON f.row_id = v.id
       WHERE v.is_aggregate = 0${s.sql} AND f.metric IN ('pe', 'ps') AND f.fy_key IS NOT NULL AND f.value IS NOT NULL ORDER BY f.fy_key`,
    )
    .pluck()
    .all(...s.params) as string[]
}

/**
 * Fiscal years with a P/E or P/S figure anywhere in the workspace (withValue: a parsed value,
 * not NA). A real skip-scan of the (metric, fy_key, value) index: one min() probe per fiscal
 * year and metric. `SELECT DISTINCT fy_key … WHERE metric IN ('pe', 'ps')` read every P/E and
 * P/S figure instead (~0.3 s at 700k figures, on every compare.run and facets call).
 */
export function distinctFyKeys(db: Db, opts: { withValue: boolean }): string[] {
  const value = opts.withValue ? ' AND f.value IS NOT NULL' : ''
  return db
    .prepare(
      `WITH RECURSIVE m(metric) AS (VALUES ('pe'), ('ps')),
         k(metric, fy) AS (
           SELECT metric, (SELECT min(f.fy_key) FROM valuation_figure f WHERE f.metric = m.metric AND f.fy_key IS NOT NULL${value}) FROM m
           UNION ALL
           SELECT k.metric, (SELECT min(f.fy_key) FROM valuation_figure f WHERE f.metric = k.metric AND f.fy_key > k.fy${value}) FROM k WHERE k.fy IS NOT NULL)
       SELECT DISTINCT fy FROM k WHERE fy IS NOT NULL ORDER BY fy`,
    )
    .pluck()
    .all() as string[]
}
