/** Read queries behind the API. Parameters only; no string-built SQL from input. */
import type { Db } from './connection'
import type {
  CoverageView,
  FigureView,
  FlagView,
  ReportSummary,
  Security,
  TaxonomyView,
  ValuationRowView,
} from '../../../shared/domain'

type Row = Record<string, any>

export function listReports(db: Db): ReportSummary[] {
  const rows = db
    .prepare(
      `SELECT r.*,
         (SELECT count(*) FROM coverage c WHERE c.report_id = r.id) AS coverage_count,
         (SELECT count(*) FROM valuation_table t WHERE t.report_id = r.id) AS table_count,
         (SELECT count(*) FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id WHERE t.report_id = r.id) AS row_count
       FROM report r ORDER BY r.id`,
    )
    .all() as Row[]
  return rows.map((r) => ({
    id: r.id,
    origin: r.origin,
    institution: r.institution,
    title: r.title,
    date: r.report_date,
    dateInferred: !!r.date_inferred,
    dateNote: r.date_note,
    industryRating: r.industry_rating,
    seedFile: r.seed_file,
    coverageCount: r.coverage_count,
    valuationRowCount: r.row_count,
    tableCount: r.table_count,
  }))
}

export function listCoverage(db: Db, f: { reportId?: string; securityId?: string }): CoverageView[] {
  const rows = db
    .prepare(
      `SELECT c.*, r.institution, r.report_date, s.name_zh, s.name_en, s.market
       FROM coverage c JOIN report r ON r.id = c.report_id JOIN security s ON s.id = c.security_id
       WHERE (@reportId IS NULL OR c.report_id = @reportId) AND (@securityId IS NULL OR c.security_id = @securityId)
       ORDER BY c.report_id, c.id`,
    )
    .all({ reportId: f.reportId ?? null, securityId: f.securityId ?? null }) as Row[]
  return rows.map((c) => ({
    id: c.id,
    reportId: c.report_id,
    institution: c.institution,
    reportDate: c.report_date,
    securityId: c.security_id,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    market: c.market,
    companyPrinted: c.company_printed,
    tickerPrinted: c.ticker_printed,
    stance: c.stance,
    layerLabel: c.layer_label,
    role: c.role,
    roleZh: c.role_zh,
    source: c.source,
    line: c.line,
  }))
}

export function listValuations(db: Db, f: { reportId?: string; securityId?: string }): ValuationRowView[] {
  const rows = db
    .prepare(
      `SELECT v.*, t.report_id, t.label AS table_label, t.source AS table_source, t.line AS table_line,
              t.as_of_date, t.as_of_inferred, t.as_of_note, r.institution, s.name_zh, s.name_en, s.market
       FROM valuation_row v
       JOIN valuation_table t ON t.id = v.table_id
       JOIN report r ON r.id = t.report_id
       LEFT JOIN security s ON s.id = v.security_id
       WHERE (@reportId IS NULL OR t.report_id = @reportId) AND (@securityId IS NULL OR v.security_id = @securityId)
       ORDER BY t.report_id, t.id, v.row_no`,
    )
    .all({ reportId: f.reportId ?? null, securityId: f.securityId ?? null }) as Row[]
  if (rows.length === 0) return []
  const figures = groupBy(childRows(db, 'valuation_figure', f))
  const flags = groupBy(childRows(db, 'extraction_flag', f))
  return rows.map((v) => ({
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
    figures: (figures.get(v.id) ?? []).map(toFigure),
    flags: (flags.get(v.id) ?? []).map((x): FlagView => ({ code: x.code, note: x.note })),
  }))
}

/**
 * Child rows (figures or extraction flags) of the valuation rows under the same filter.
 * The table name is one of two constants, never input, so interpolating it is safe.
 */
function childRows(db: Db, table: 'valuation_figure' | 'extraction_flag', f: { reportId?: string; securityId?: string }): Row[] {
  return db
    .prepare(
      `SELECT c.* FROM ${table} c JOIN valuation_row v ON v.id = c.row_id JOIN valuation_table t ON t.id = v.table_id
       WHERE (@reportId IS NULL OR t.report_id = @reportId) AND (@securityId IS NULL OR v.security_id = @securityId)
       ORDER BY c.id`,
    )
    .all({ reportId: f.reportId ?? null, securityId: f.securityId ?? null }) as Row[]
}

function groupBy(rows: Row[]): Map<number, Row[]> {
  const m = new Map<number, Row[]>()
  for (const r of rows) {
    const list = m.get(r.row_id)
    if (list) list.push(r)
    else m.set(r.row_id, [r])
  }
  return m
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

export function getSecurity(db: Db, id: string): { security: Security; aliases: string[] } | null {
  const s = db.prepare('SELECT * FROM security WHERE id = ?').get(id) as Row | undefined
  if (!s) return null
  const aliases = (db.prepare('SELECT alias FROM security_alias WHERE security_id = ? ORDER BY alias').all(id) as Row[]).map(
    (a) => a.alias as string,
  )
  return {
    security: { id: s.id, nameZh: s.name_zh, nameEn: s.name_en, market: s.market, currency: s.currency, listed: !!s.listed },
    aliases,
  }
}

export function listTaxonomies(db: Db): TaxonomyView[] {
  const tax = db
    .prepare('SELECT t.*, r.institution FROM taxonomy t JOIN report r ON r.id = t.report_id ORDER BY t.report_id, t.id')
    .all() as Row[]
  const layers = db.prepare('SELECT * FROM taxonomy_layer ORDER BY taxonomy_id, position').all() as Row[]
  const segs = db.prepare('SELECT * FROM taxonomy_segment ORDER BY layer_id, position').all() as Row[]
  return tax.map((t) => ({
    id: t.id,
    reportId: t.report_id,
    institution: t.institution,
    label: t.label,
    line: t.line,
    layers: layers
      .filter((l) => l.taxonomy_id === t.id)
      .map((l) => ({
        position: l.position,
        label: l.label,
        segments: segs.filter((s) => s.layer_id === l.id).map((s) => s.label as string),
      })),
  }))
}

export function counts(db: Db) {
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n
  return {
    reports: one('SELECT count(*) AS n FROM report'),
    securities: one('SELECT count(*) AS n FROM security'),
    coverage: one('SELECT count(*) AS n FROM coverage'),
    valuationRows: one('SELECT count(*) AS n FROM valuation_row'),
  }
}

export function getPref(db: Db, key: string): string | null {
  const r = db.prepare('SELECT value FROM meta WHERE key = ?').get(`pref:${key}`) as Row | undefined
  return r ? (r.value as string) : null
}

export function setPref(db: Db, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(`pref:${key}`, value)
}
