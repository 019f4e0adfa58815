/**
 * Loading printed valuation rows (ValuationRowView) for exactly the ids a screen needs:
 * rows, their figures and extraction flags in three indexed queries.
 */
import type { FigureView, FlagView, ValuationRowView } from '../../../../shared/domain'
import type { Db } from '../../db/connection'

type Row = Record<string, any>

const ROW_SQL = `SELECT v.*, t.report_id, t.label AS table_label, t.source AS table_source, t.line AS table_line,
       t.as_of_date, t.as_of_inferred, t.as_of_note, r.institution, s.name_zh, s.name_en, s.market
  FROM valuation_row v
  JOIN valuation_table t ON t.id = v.table_id
  JOIN report r ON r.id = t.report_id
  LEFT JOIN security s ON s.id = v.security_id`

/** Rows by id, in the order given. */
export function rowsByIds(db: Db, ids: readonly number[]): ValuationRowView[] {
  if (ids.length === 0) return []
  const json = JSON.stringify(ids)
  const rows = db.prepare(`${ROW_SQL} WHERE v.id IN (SELECT value FROM json_each(?))`).all(json) as Row[]
  // No ORDER BY: sorting 100k+ figures in a temp b-tree cost more than the lookups; each row's
  // few figures are put in printed order (id) in groupByRow.
  const figures = groupByRow(db.prepare('SELECT * FROM valuation_figure WHERE row_id IN (SELECT value FROM json_each(?))').all(json) as Row[])
  const flags = groupByRow(db.prepare('SELECT * FROM extraction_flag WHERE row_id IN (SELECT value FROM json_each(?))').all(json) as Row[])
  const byId = new Map(rows.map((v) => [v.id as number, toView(v, figures.get(v.id) ?? [], flags.get(v.id) ?? [])]))
  return ids.map((id) => byId.get(id)).filter((r): r is ValuationRowView => !!r)
}

/** Row ids in display order (report, table, printed row number) under one optional filter. */
export function rowIds(db: Db, f: { reportId?: string; securityId?: string; tableId?: number }): number[] {
  // One statement per filter shape: "(? IS NULL OR col = ?)" defeats the indexes.
  const order = 'ORDER BY t.report_id, t.id, v.row_no'
  const base = 'SELECT v.id FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id'
  const pluck = (sql: string, ...p: unknown[]) => (db.prepare(sql).pluck().all(...p) as number[])
  if (f.securityId && f.reportId) return pluck(`${base} WHERE v.security_id = ? AND t.report_id = ? ${order}`, f.securityId, f.reportId)
  if (f.securityId) return pluck(`${base} WHERE v.security_id = ? ${order}`, f.securityId)
  if (f.tableId) return pluck(`${base} WHERE v.table_id = ? ${order}`, f.tableId)
  if (f.reportId) return pluck(`${base} WHERE t.report_id = ? ${order}`, f.reportId)
  return pluck(`${base} ${order}`)
}

export function listValuations(db: Db, f: { reportId?: string; securityId?: string; tableId?: number }): ValuationRowView[] {
  return rowsByIds(db, rowIds(db, f))
}

function groupByRow(rows: Row[]): Map<number, Row[]> {
  const m = new Map<number, Row[]>()
  for (const r of rows) {
    const list = m.get(r.row_id)
    if (list) list.push(r)
    else m.set(r.row_id, [r])
  }
  for (const list of m.values()) if (list.length > 1) list.sort((a, b) => a.id - b.id)
  return m
}

function toView(v: Row, figures: Row[], flags: Row[]): ValuationRowView {
  return {
    id: v.id,
    reportId: v.report_id,
    institution: v.institution,
    tableId: v.table_id,
    tableLabel: v.table_label,
    tableSource: v.table_source,
    tableLine: v.table_line,
    rowNo: v.row_no,
    line: v.line,
    securityId: v.security_id,
    nameZh: v.name_zh,
    nameEn: v.name_en,
    market: v.market,
    companyPrinted: v.company_printed,
    tickerPrinted: v.ticker_printed,
    isAggregate: !!v.is_aggregate,
    layerLabel: v.layer_label,
    asOfDate: v.as_of_date,
    asOfInferred: !!v.as_of_inferred,
    asOfNote: v.as_of_note,
    figures: figures.map(toFigure),
    flags: flags.map((x): FlagView => ({ code: x.code, note: x.note })),
  }
}

function toFigure(f: Row): FigureView {
  return {
    metric: f.metric,
    label: f.label,
    fy: f.fy,
    fyKey: f.fy_key,
    printed: f.printed,
    value: f.value,
    unit: f.unit,
    currency: f.currency,
    valueMn: f.value_mn,
  }
}
