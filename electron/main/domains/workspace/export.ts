/**
 * Workspace export (docs/export-schema.md). One object per printed valuation-table row with all
 * of its figures (printed string + parsed value + unit) and provenance, so a row can be read
 * against the report. The shape is a public contract for analysts' scripts: bump
 * EXPORT_SCHEMA_VERSION on any change and document it.
 */
import type { Db } from '../../db/connection'
import { SCHEMA_VERSION } from '../../db/migrations'
import { listAssignments, listCrosswalk, listNodes } from '../chain/queries'
import { listCoverage } from '../coverage/queries'
import { listFx } from '../fx/queries'
import { allFlags } from '../quality/queries'
import { listReports, listTaxonomies } from '../reports/queries'
import { listValuations } from '../valuations/rows'

export const EXPORT_SCHEMA_VERSION = 2

export function buildExport(db: Db, now: () => Date = () => new Date()) {
  const securities = (db.prepare('SELECT * FROM security ORDER BY id').all() as any[]).map((s) => ({
    id: s.id as string,
    nameZh: s.name_zh as string | null,
    nameEn: s.name_en as string | null,
    market: s.market as string,
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
  const valuationRows = listValuations(db, {}).map((v) => ({
    reportId: v.reportId,
    securityId: v.securityId,
    companyPrinted: v.companyPrinted,
    tickerPrinted: v.tickerPrinted,
    aggregate: v.isAggregate,
    layerLabel: v.layerLabel,
    asOfDate: v.asOfDate,
    asOfInferred: v.asOfInferred,
    asOfNote: v.asOfNote,
    figures: v.figures.map((f) => ({
      metric: f.metric,
      label: f.label,
      fy: f.fy,
      fyKey: f.fyKey,
      printed: f.printed,
      value: f.value,
      unit: f.unit,
      currency: f.currency,
      valueMn: f.valueMn,
    })),
    flags: v.flags,
    provenance: { reportId: v.reportId, table: v.tableLabel, tableSource: v.tableSource, tableLine: v.tableLine, row: v.rowNo, line: v.line },
  }))
  const taxonomies = listTaxonomies(db).map((t) => ({ reportId: t.reportId, label: t.label, line: t.line, layers: t.layers }))
  const nodes = listNodes(db)
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
    assignments: listAssignments(db).filter((a) => a.nodeIds.length).map((a) => ({ securityId: a.securityId, nodeIds: a.nodeIds, manual: a.locked })),
  }
  const fxRates = listFx(db)
  const flags = allFlags(db).map((f) => ({
    code: f.code,
    reportId: f.reportId,
    securityId: f.securityId,
    table: f.tableLabel,
    company: f.company,
    fyKey: f.fyKey,
    detail: f.detail,
  }))
  return {
    schema: 'aigc-workbench-export',
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

export type WorkspaceExport = ReturnType<typeof buildExport>
