/**
 * Workspace export (docs/export-schema.md). One object per printed valuation-table row with all
 * of its figures (printed string + parsed value + unit) and provenance, so a row can be read
 * against the report. The shape is a public contract for analysts' scripts: bump
 * EXPORT_SCHEMA_VERSION on any change and document it. Typed against shared/exportSchema.ts,
 * the schema the loader (importJson.ts) validates with, so what is written can be read back.
 */
import { EXPORT_SCHEMA, type ExportV3 } from '../../../../shared/exportSchema'
import { QUALITY_CODES, type QualityFlag } from '../../../../shared/quality'
import type { Metric } from '../../../../shared/seedSchema'
import type { Market } from '../../../../shared/tickers'
import type { Db } from '../../db/connection'
import { SCHEMA_VERSION } from '../../db/migrations'
import { listAssignments, listCrosswalk, listNodes } from '../chain/queries'
import { listCoverage } from '../coverage/queries'
import { listFx } from '../fx/queries'
import { allFlags } from '../quality/queries'
import { listReports, listTaxonomies } from '../reports/queries'
import { listValuations } from '../valuations/rows'

export const EXPORT_SCHEMA_VERSION = 3

interface TableFacts {
  tableSeq: number
  headerPrinted: string | null
  importFile: string | null
  importHash: string | null
  importFormat: string | null
}

/** Per table what the row view does not carry: its position in the report, header, import. */
function tableFacts(db: Db): Map<number, TableFacts> {
  const rows = db
    .prepare(
      `SELECT t.id, t.seq, t.header_printed, b.file_name, b.file_hash, b.format
       FROM valuation_table t LEFT JOIN import_batch b ON b.id = t.import_id`,
    )
    .all() as Record<string, any>[]
  return new Map(rows.map((t) => [t.id as number, { tableSeq: t.seq, headerPrinted: t.header_printed, importFile: t.file_name ?? null, importHash: t.file_hash ?? null, importFormat: t.format ?? null }]))
}

/** Each row's figure source columns in figure order (rows.ts orders a row's figures by id). */
function sourceColumns(db: Db): Map<number, (string | null)[]> {
  const m = new Map<number, (string | null)[]>()
  for (const f of db.prepare('SELECT row_id, source_col FROM valuation_figure ORDER BY row_id, id').iterate() as Iterable<{ row_id: number; source_col: string | null }>) {
    const list = m.get(f.row_id)
    if (list) list.push(f.source_col)
    else m.set(f.row_id, [f.source_col])
  }
  return m
}

/**
 * Most severe first, then in the order of valuationRows (report, table, printed row) — not by
 * internal row id, which depends on the order rows were written, so a loaded workspace lists
 * its flags in the same order. For the bundled data both orders are the same.
 */
function inRowOrder(flags: QualityFlag[], rows: readonly { id: number }[]): QualityFlag[] {
  const at = new Map(rows.map((r, i) => [r.id, i]))
  const rank = (f: QualityFlag) => QUALITY_CODES.indexOf(f.code)
  // a stable sort: a row's own flags keep their order
  return [...flags].sort((a, b) => rank(a) - rank(b) || at.get(a.rowId)! - at.get(b.rowId)!)
}

export function buildExport(db: Db, now: () => Date = () => new Date()): ExportV3 {
  const securities = (db.prepare('SELECT * FROM security ORDER BY id').all() as any[]).map((s) => ({
    id: s.id as string,
    nameZh: s.name_zh as string | null,
    nameEn: s.name_en as string | null,
    market: s.market as Market,
    currency: s.currency as string | null,
    listed: !!s.listed,
    aliases: (db.prepare('SELECT alias FROM security_alias WHERE security_id = ? ORDER BY alias').all(s.id) as any[]).map((a) => a.alias as string),
  }))
  const reports = listReports(db).map((r) => ({
    id: r.id,
    origin: r.origin,
    institution: r.institution,
    title: r.title,
    date: r.date,
    dateInferred: r.dateInferred,
    dateNote: r.dateNote,
    industryRating: r.industryRating,
    seedFile: r.seedFile,
  }))
  const coverage = listCoverage(db, {}).map((c) => ({
    reportId: c.reportId,
    securityId: c.securityId,
    companyPrinted: c.companyPrinted,
    tickerPrinted: c.tickerPrinted,
    stance: c.stance,
    layerLabel: c.layerLabel,
    role: c.role,
    roleZh: c.roleZh,
    provenance: { reportId: c.reportId, source: c.source, line: c.line },
  }))
  const tables = tableFacts(db)
  const sourceCols = sourceColumns(db)
  const rowViews = listValuations(db, {})
  const valuationRows = rowViews.map((v) => ({
    reportId: v.reportId,
    securityId: v.securityId,
    companyPrinted: v.companyPrinted,
    tickerPrinted: v.tickerPrinted,
    aggregate: v.isAggregate,
    layerLabel: v.layerLabel,
    asOfDate: v.asOfDate,
    asOfInferred: v.asOfInferred,
    asOfNote: v.asOfNote,
    figures: v.figures.map((f, i) => ({
      metric: f.metric as Metric,
      label: f.label,
      fy: f.fy,
      fyKey: f.fyKey,
      printed: f.printed,
      value: f.value,
      unit: f.unit,
      currency: f.currency,
      valueMn: f.valueMn,
      sourceCol: sourceCols.get(v.id)?.[i] ?? null,
    })),
    flags: v.flags,
    provenance: {
      reportId: v.reportId,
      table: v.tableLabel,
      tableSource: v.tableSource,
      tableLine: v.tableLine,
      row: v.rowNo,
      line: v.line,
      ...tables.get(v.tableId)!,
    },
  }))
  const taxonomies = listTaxonomies(db).map((t) => ({ reportId: t.reportId, label: t.label, line: t.line, layers: t.layers }))
  const nodes = listNodes(db)
  const assignments = listAssignments(db)
  const placedBy = new Map(
    (db.prepare('SELECT security_id, node_id, source FROM security_node').all() as { security_id: string; node_id: string; source: string }[]).map((p) => [`${p.security_id}\u0000${p.node_id}`, p.source]),
  )
  const chain = {
    layers: nodes
      .filter((n) => n.kind === 'layer')
      .map((l) => ({
        id: l.id,
        position: l.position,
        nameZh: l.nameZh,
        nameEn: l.nameEn,
        segments: nodes.filter((s) => s.parentId === l.id).map((s) => ({ id: s.id, position: s.position, nameZh: s.nameZh, nameEn: s.nameEn })),
      })),
    crosswalk: listCrosswalk(db).map((c) => ({ reportId: c.reportId, label: c.label, nodeIds: c.nodeIds })),
    assignments: assignments
      .filter((a) => a.nodeIds.length)
      .map((a) => ({ securityId: a.securityId, nodeIds: a.nodeIds, manual: a.locked, sources: a.nodeIds.map((n) => placedBy.get(`${a.securityId}\u0000${n}`)!) })),
    unplacedByHand: assignments.filter((a) => a.locked && !a.nodeIds.length).map((a) => a.securityId),
  }
  const fxRates = listFx(db)
  const flags = inRowOrder(allFlags(db), rowViews).map((f) => ({
    code: f.code,
    reportId: f.reportId,
    securityId: f.securityId,
    table: f.tableLabel,
    company: f.company,
    fyKey: f.fyKey,
    detail: f.detail,
  }))
  return {
    schema: EXPORT_SCHEMA,
    version: EXPORT_SCHEMA_VERSION,
    databaseSchemaVersion: SCHEMA_VERSION,
    exportedAt: now().toISOString(),
    reports,
    securities,
    coverage,
    valuationRows,
    taxonomies,
    chain,
    fxRates,
    qualityFlags: flags,
  }
}

export type WorkspaceExport = ExportV3
