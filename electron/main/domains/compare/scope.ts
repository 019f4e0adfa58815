/**
 * The rows a comparison needs, found in SQL: the latest printed row per security within scope
 * that has the metric (same rule as shared/compare.ts latestRows: newest as-of, ties to the
 * first in report/table/row order). Only those rows are loaded into JavaScript.
 */
import type { ApiParsed } from '../../../../shared/contract'
import type { Db } from '../../db/connection'

type RunInput = ApiParsed<'compare.run'>

function scope(o: RunInput): { sql: string; params: unknown[] } {
  const w: string[] = []
  const params: unknown[] = []
  if (o.reportId) (w.push('t.report_id = ?'), params.push(o.reportId))
  if (o.tableId != null) (w.push('v.table_id = ?'), params.push(o.tableId))
  return { sql: w.map((x) => ` AND ${x}`).join(''), params }
}

export function latestRowIds(db: Db, o: RunInput): number[] {
  const s = scope(o)
  const metric = o.metric === 'marketCap' ? 'marketCap' : o.metric
  const fy = o.metric === 'marketCap' ? null : o.fyKey
  return db
    .prepare(
      `SELECT id FROM (
         SELECT v.id, row_number() OVER (PARTITION BY v.security_id ORDER BY t.as_of_date DESC NULLS LAST, t.report_id, t.id, v.row_no) AS k
         FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id
         WHERE v.is_aggregate = 0 AND v.security_id IS NOT NULL${s.sql}
           AND EXISTS (SELECT 1 FROM valuation_figure f WHERE f.row_id = v.id AND f.metric = ? AND f.fy_key IS ?))
       WHERE k = 1`,
    )
    .pluck()
    .all(...s.params, metric, fy) as number[]
}

/** Fiscal years with a P/E or P/S value in scope, for the year picker. */
export function fyKeysInScope(db: Db, o: RunInput): string[] {
  const s = scope(o)
  if (!s.params.length) {
    // whole workspace: a skip-scan of the (metric, fy_key, value) index
    return db
      .prepare("SELECT DISTINCT fy_key FROM valuation_figure WHERE metric IN ('pe', 'ps') AND fy_key IS NOT NULL AND value IS NOT NULL ORDER BY fy_key")
      .pluck()
      .all() as string[]
  }
  return db
    .prepare(
      `SELECT DISTINCT f.fy_key FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id JOIN valuation_figure f ON f.row_id = v.id
       WHERE v.is_aggregate = 0${s.sql} AND f.metric IN ('pe', 'ps') AND f.fy_key IS NOT NULL AND f.value IS NOT NULL ORDER BY f.fy_key`,
    )
    .pluck()
    .all(...s.params) as string[]
}
