/** Report reads. */
import type { ReportSummary, TaxonomyView } from '../../../../shared/domain'
import type { Db } from '../../db/connection'

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

export function listTaxonomies(db: Db): TaxonomyView[] {
  const tax = db.prepare('SELECT t.*, r.institution FROM taxonomy t JOIN report r ON r.id = t.report_id ORDER BY t.report_id, t.id').all() as Row[]
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
      .map((l) => ({ position: l.position, label: l.label, segments: segs.filter((s) => s.layer_id === l.id).map((s) => s.label as string) })),
  }))
}
