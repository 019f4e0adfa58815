/**
 * Loading a workspace JSON export (docs/export-schema.md, versions 2 and 3) into a workspace,
 * so that exporting it again gives the same file. The file is checked completely first
 * (shared/exportSchema.ts: shape, then references); a bad file is refused with the path of each
 * problem and nothing is written. Then ONE bulk change set (an undo barrier) replaces reports,
 * securities + aliases, coverage, valuation tables/rows/figures/extraction flags, taxonomies,
 * the canonical chain, crosswalk, placements (+ locks) and FX rates, and recomputes what is
 * derived from them the way a reset does (market caps in USD, quality flags, thesis flags).
 *
 * Kept: notes (with revisions, tags, links, prices), history, prefs, import presets, import
 * records, backups. A security a note or an entered price refers to is kept even when the
 * file lacks it (user_price has a foreign key to it; a note would lose its subject): the load
 * does not refuse, it keeps that security (name, market, aliases the file does not give to
 * another) without coverage, rows or placements, and says so (`keptSecurities`).
 * Placements are taken from the file as they are, not rebuilt from the crosswalk.
 */
import { invalid } from '../../../../shared/errors'
import { WORKSPACE } from '../../../../shared/push'
import { groupTables, isV3Assignment, parseWorkspaceExport, type ExportDoc, type ExportVersion, type LoadTable } from '../../../../shared/exportSchema'
import type { Db } from '../../db/connection'
import { mutate, type WriteContext } from '../../engine/mutate'
import { bundledChain } from '../../services/bundled'
import { refreshThesisFlags } from '../notes/thesis'
import { refreshAllQuality } from '../quality/refresh'
import { refreshMcapUsd } from '../valuations/mcapUsd'
import { dropSecurities, syncChain, syncFx, writeCoverage, writeReports, writeSecurities, writeTables, writeTaxonomies } from './importJsonWrite'

export const LOAD_LABEL = 'workspace.importJson'
// Nearly every table a screen reads is replaced: every cached result is stale (as after a restore).
const ENTITIES = [WORKSPACE, 'report', 'security', 'coverage', 'valuation_row', 'note'] as const
/** problems listed in the error message; the rest are counted */
const SHOWN = 8

export const CATEGORIES = ['reports', 'securities', 'coverage', 'valuationTables', 'valuationRows', 'figures', 'taxonomies', 'chainNodes', 'crosswalk', 'assignments', 'fxRates'] as const
export type Category = (typeof CATEGORIES)[number]
export type Counts = Record<Category, number>

export interface LoadPlan {
  version: ExportVersion
  doc: ExportDoc
  tables: LoadTable[]
  /** what the workspace holds now, and what the file brings instead */
  now: Counts
  file: Counts
  /** securities the file lacks that a note or an entered price refers to: kept */
  keptSecurities: string[]
  /** notes about a report, layer or segment the file lacks: they stay, without their subject */
  notesLosingSubject: number
}

export interface LoadResult extends Counts {
  version: ExportVersion
  keptSecurities: string[]
  qualityFlags: number
  /** the bulk change set that did it (undo stops there) */
  setId: number
}

function refuse(problems: readonly string[]): never {
  const path = (problems[0] ?? '(file)').split(':')[0]!
  const more = problems.length > SHOWN ? `; … and ${problems.length - SHOWN} more` : ''
  throw invalid('workspace.importJson.invalid', `not loaded (nothing changed): ${problems.slice(0, SHOWN).join('; ')}${more}`, { problems: problems.length, path }, path)
}

export function currentCounts(db: Db): Counts {
  const one = (sql: string) => db.prepare(sql).pluck().get() as number
  return {
    reports: one('SELECT count(*) FROM report'),
    securities: one('SELECT count(*) FROM security'),
    coverage: one('SELECT count(*) FROM coverage'),
    valuationTables: one('SELECT count(*) FROM valuation_table'),
    valuationRows: one('SELECT count(*) FROM valuation_row'),
    figures: one('SELECT count(*) FROM valuation_figure'),
    taxonomies: one('SELECT count(*) FROM taxonomy'),
    chainNodes: one('SELECT count(*) FROM chain_node'),
    crosswalk: one('SELECT count(*) FROM chain_crosswalk'),
    assignments: one('SELECT count(DISTINCT security_id) FROM security_node'),
    fxRates: one('SELECT count(*) FROM fx_rate'),
  }
}

function fileCounts(doc: ExportDoc, tables: readonly LoadTable[]): Counts {
  return {
    reports: doc.reports.length,
    securities: doc.securities.length,
    coverage: doc.coverage.length,
    valuationTables: tables.length,
    valuationRows: doc.valuationRows.length,
    figures: doc.valuationRows.reduce((n, r) => n + r.figures.length, 0),
    taxonomies: doc.taxonomies.length,
    chainNodes: doc.chain.layers.reduce((n, l) => n + 1 + l.segments.length, 0),
    crosswalk: doc.chain.crosswalk.reduce((n, c) => n + c.nodeIds.length, 0),
    assignments: doc.chain.assignments.length,
    fxRates: doc.fxRates.length,
  }
}

/** Securities that notes and entered prices refer to (user_price has a foreign key; notes do not). */
function keptSecurities(db: Db, doc: ExportDoc): string[] {
  const inFile = new Set(doc.securities.map((s) => s.id))
  const used = db
    .prepare(
      `SELECT security_id FROM user_price
       UNION SELECT subject_id FROM note WHERE subject_kind = 'security' AND subject_id IS NOT NULL
       UNION SELECT target_id FROM note_link WHERE target_kind = 'security'`,
    )
    .pluck()
    .all() as string[]
  const exists = db.prepare('SELECT 1 FROM security WHERE id = ?').pluck()
  return used.filter((id) => !inFile.has(id) && exists.get(id) === 1).sort()
}

function notesLosingSubject(db: Db, doc: ExportDoc): number {
  const nodes = doc.chain.layers.flatMap((l) => [l.id, ...l.segments.map((s) => s.id)])
  return db
    .prepare(
      `SELECT count(*) FROM note WHERE (subject_kind = 'report' AND subject_id NOT IN (SELECT value FROM json_each(?)))
         OR (subject_kind IN ('layer', 'segment') AND subject_id NOT IN (SELECT value FROM json_each(?)))`,
    )
    .pluck()
    .get(JSON.stringify(doc.reports.map((r) => r.id)), JSON.stringify(nodes)) as number
}

/** The file as a checked export; throws an input error naming each problem's path. Needs no workspace. */
export function checkWorkspaceExport(data: unknown): ExportDoc {
  const parsed = parseWorkspaceExport(data)
  if (!parsed.ok) refuse(parsed.problems)
  return parsed.doc
}

/** What loading the file would do to this workspace (a checked `doc` is not checked again). */
export function planWorkspaceLoad(db: Db, data: unknown, doc: ExportDoc = checkWorkspaceExport(data)): LoadPlan {
  const tables = groupTables(doc)
  return {
    version: doc.version,
    doc,
    tables,
    now: currentCounts(db),
    file: fileCounts(doc, tables),
    keptSecurities: keptSecurities(db, doc),
    notesLosingSubject: notesLosingSubject(db, doc),
  }
}

/**
 * How each placement was made. Version 3 says; for version 2 it is inferred: a hand placement
 * is 'user', a bundled default 'default', anything else came through the crosswalk — the
 * sources the app itself would have written.
 */
function placementSources(): (a: ExportDoc['chain']['assignments'][number]) => string[] {
  let defaults: Set<string> | null = null
  const isDefault = (sec: string, node: string) => {
    defaults ??= new Set(bundledChain().assignments.assignments.flatMap((d) => d.nodes.map((n) => `${d.securityId}\u0000${n}`)))
    return defaults.has(`${sec}\u0000${node}`)
  }
  return (a) => (isV3Assignment(a) ? a.sources : a.nodeIds.map((n) => (a.manual ? 'user' : isDefault(a.securityId, n) ? 'default' : 'crosswalk')))
}

/**
 * The import record behind each imported table: the workspace's own applied import of the same
 * file into the same report when there is one (a file loaded back where it came from), else a
 * record written for it, so the table's provenance (file name, hash, format) is kept. Such a
 * record is written inside the bulk set, which history never inverts: its payload lists the
 * tables only and is never replayed.
 */
function importIds(db: Db, tables: readonly LoadTable[], at: string): (t: LoadTable) => number | null {
  const find = db.prepare(`SELECT id FROM import_batch WHERE report_id = ? AND file_name = ? AND file_hash = ? AND state = 'applied' ORDER BY id DESC LIMIT 1`).pluck()
  const add = db.prepare(
    `INSERT INTO import_batch(report_id, created_report, file_name, file_hash, format, encoding, sheet, preset, at, state, row_count, figure_count, payload)
     VALUES (?, 0, ?, ?, ?, NULL, NULL, NULL, ?, 'applied', ?, ?, ?)`,
  )
  const ids = new Map<string, number>()
  const keyOf = (t: LoadTable) => (t.import ? JSON.stringify([t.reportId, t.import.file, t.import.hash, t.import.format]) : null)
  for (const t of tables) {
    const k = keyOf(t)
    if (!k || ids.has(k)) continue
    const found = find.get(t.reportId, t.import!.file, t.import!.hash) as number | undefined
    ids.set(k, found ?? Number(add.run(t.reportId, t.import!.file, t.import!.hash, t.import!.format, at, ...batchSize(tables, k, keyOf), batchPayload(db, tables, k, keyOf)).lastInsertRowid))
  }
  return (t) => {
    const k = keyOf(t)
    return k ? ids.get(k)! : null
  }
}

function batchSize(tables: readonly LoadTable[], k: string, keyOf: (t: LoadTable) => string | null): [number, number] {
  const mine = tables.filter((t) => keyOf(t) === k)
  const rows = mine.reduce((n, t) => n + t.rows.length, 0)
  return [rows, mine.reduce((n, t) => n + t.rows.reduce((m, r) => m + r.figures.length, 0), 0)]
}

function batchPayload(db: Db, tables: readonly LoadTable[], k: string, keyOf: (t: LoadTable) => string | null): string {
  const mine = tables.filter((t) => keyOf(t) === k)
  const r = db.prepare('SELECT id, institution, title, report_date FROM report WHERE id = ?').get(mine[0]!.reportId) as { id: string; institution: string; title: string | null; report_date: string | null } | undefined
  return JSON.stringify({
    v: 1,
    report: { id: mine[0]!.reportId, created: false, institution: r?.institution ?? '', title: r?.title ?? null, date: r?.report_date ?? null },
    tables: mine.map((t) => ({ label: t.label, asOf: t.asOfDate, asOfInferred: t.asOfInferred, source: t.source ?? '', header: t.headerPrinted ?? '' })),
    rows: [],
    securities: [],
    loadedBy: LOAD_LABEL,
  })
}

/** Returns the securities kept for notes and prices (decided inside the write, so it cannot be stale). */
function writeAll(db: Db, doc: ExportDoc, tables: readonly LoadTable[], at: string): string[] {
  const kept = keptSecurities(db, doc)
  writeReports(db, doc)
  writeSecurities(db, doc)
  writeTaxonomies(db, doc)
  writeCoverage(db, doc)
  writeTables(db, doc, tables, importIds(db, tables, at))
  dropSecurities(db, doc, kept)
  syncChain(db, doc, placementSources())
  syncFx(db, doc)
  return kept
}

/** What a reset recomputes after its load (seed.ts resetToBundled), from the data now in place. */
function refreshDerived(db: Db, at: string): void {
  refreshMcapUsd(db)
  refreshAllQuality(db)
  refreshThesisFlags(db, null, LOAD_LABEL, at)
}

/** Validates, then replaces the workspace's facts with the file's in one bulk change set. */
export function loadWorkspaceExport(ctx: WriteContext, data: unknown, doc: ExportDoc = checkWorkspaceExport(data)): LoadResult {
  const tables = groupTables(doc)
  const at = ctx.now().toISOString()
  const m = mutate(
    ctx,
    LOAD_LABEL,
    () => {
      const kept = writeAll(ctx.db, doc, tables, at)
      refreshDerived(ctx.db, at)
      return kept
    },
    { kind: 'bulk', undoable: false, entities: ENTITIES, params: { version: doc.version, rows: doc.valuationRows.length } },
  )
  const qualityFlags = ctx.db.prepare('SELECT count(*) FROM quality_flag').pluck().get() as number
  return { ...currentCounts(ctx.db), version: doc.version, keptSecurities: m.result, qualityFlags, setId: m.setId }
}
