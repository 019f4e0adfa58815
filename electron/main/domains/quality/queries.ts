/** Quality flag pages and counts, straight from the materialised table (indexed). */
import { QUALITY_CODES, type QualityCode, type QualityFlag } from '../../../../shared/quality'
import type { Db } from '../../db/connection'

type Row = Record<string, any>

const SELECT = `SELECT q.code, q.row_id, q.security_id, q.report_id, q.fy_key, q.detail, v.company_printed, t.label AS table_label, s.name_zh, s.name_en
  FROM quality_flag q JOIN valuation_row v ON v.id = q.row_id JOIN valuation_table t ON t.id = v.table_id LEFT JOIN security s ON s.id = q.security_id`

const toFlag = (r: Row): QualityFlag => ({
  code: r.code,
  rowId: r.row_id,
  securityId: r.security_id,
  reportId: r.report_id,
  tableLabel: r.table_label,
  company: r.company_printed,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  fyKey: r.fy_key,
  detail: JSON.parse(r.detail),
})

export interface FlagFilter {
  code?: QualityCode
  reportId?: string
}

function where(f: FlagFilter): { sql: string; params: unknown[] } {
  const w: string[] = []
  const params: unknown[] = []
  if (f.code) (w.push('q.code = ?'), params.push(f.code))
  if (f.reportId) (w.push('q.report_id = ?'), params.push(f.reportId))
  return { sql: w.length ? `WHERE ${w.join(' AND ')}` : '', params }
}

export function flagPage(db: Db, f: FlagFilter, offset: number, limit: number): QualityFlag[] {
  const w = where(f)
  return (db.prepare(`${SELECT} ${w.sql} ORDER BY q.severity, q.id LIMIT ? OFFSET ?`).all(...w.params, limit, offset) as Row[]).map(toFlag)
}

export function allFlags(db: Db): QualityFlag[] {
  return (db.prepare(`${SELECT} ORDER BY q.severity, q.row_id, q.id`).all() as Row[]).map(toFlag)
}

/** Counts per kind under the report filter (the kind filter picks the page, not the counts). */
export function flagCounts(db: Db, f: FlagFilter): Record<QualityCode, number> {
  const c = Object.fromEntries(QUALITY_CODES.map((k) => [k, 0])) as Record<QualityCode, number>
  const rows = f.reportId
    ? (db.prepare('SELECT code, count(*) AS n FROM quality_flag WHERE report_id = ? GROUP BY code').all(f.reportId) as Row[])
    : (db.prepare('SELECT code, count(*) AS n FROM quality_flag GROUP BY code').all() as Row[])
  for (const r of rows) c[r.code as QualityCode] = r.n
  return c
}

/** The flags of these valuation rows, by row (one indexed query): the grid's flag badges. */
export function flagsOfRows(db: Db, ids: readonly number[]): Map<number, QualityFlag[]> {
  const m = new Map<number, QualityFlag[]>()
  if (ids.length === 0) return m
  const rows = db.prepare(`${SELECT} WHERE q.row_id IN (SELECT value FROM json_each(?)) ORDER BY q.severity, q.id`).all(JSON.stringify(ids)) as Row[]
  for (const f of rows.map(toFlag)) {
    const list = m.get(f.rowId)
    if (list) list.push(f)
    else m.set(f.rowId, [f])
  }
  return m
}
