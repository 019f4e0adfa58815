/**
 * What a card shows besides the valuation: market, stances, covering reports, quality flags,
 * hand placement, and where the reports disagree about the company's layer. A handful of
 * grouped queries for every security at once (a map of 2,000 cards must not run 2,000 queries).
 */
import { STANCES, type CardFacts, type PlacementElsewhere } from '../../../../shared/chainMap'
import { layerOf, type ChainNode } from '../../../../shared/compare'
import type { Db } from '../../db/connection'

type Row = Record<string, any>

export type SecurityFacts = CardFacts

const stanceRank = (s: string) => {
  const i = (STANCES as readonly string[]).indexOf(s)
  return i < 0 ? STANCES.length : i
}

function inReports(col: string, reportIds: readonly string[] | undefined): { sql: string; params: string[] } {
  if (!reportIds?.length) return { sql: '', params: [] }
  return { sql: ` AND ${col} IN (${reportIds.map(() => '?').join(', ')})`, params: [...reportIds] }
}

/** Facts for every security (or those in `scope`), counted within the chosen reports. */
export function securityFacts(db: Db, scope: ReadonlySet<string> | null, reportIds?: readonly string[]): Map<string, SecurityFacts> {
  const out = new Map<string, SecurityFacts>()
  const secs = db.prepare('SELECT s.id, s.name_zh, s.name_en, s.market, EXISTS (SELECT 1 FROM security_node_lock k WHERE k.security_id = s.id) AS locked FROM security s').all() as Row[]
  for (const s of secs) {
    if (scope && !scope.has(s.id)) continue
    out.set(s.id, { securityId: s.id, nameZh: s.name_zh, nameEn: s.name_en, market: s.market, stances: [], reports: 0, flags: 0, locked: !!s.locked, notes: 0, thesisFlags: 0 })
  }
  const cov = inReports('report_id', reportIds)
  for (const r of db.prepare(`SELECT DISTINCT security_id, stance FROM coverage WHERE stance IS NOT NULL${cov.sql}`).all(...cov.params) as Row[]) {
    out.get(r.security_id)?.stances.push(r.stance)
  }
  for (const f of out.values()) f.stances.sort((a, b) => stanceRank(a) - stanceRank(b))
  const val = inReports('t.report_id', reportIds)
  const reports = db
    .prepare(
      `SELECT security_id, count(DISTINCT report_id) AS n FROM (
         SELECT security_id, report_id FROM coverage WHERE 1${cov.sql}
         UNION SELECT DISTINCT v.security_id, t.report_id FROM valuation_table t JOIN valuation_row v ON v.table_id = t.id WHERE v.security_id IS NOT NULL${val.sql})
       GROUP BY security_id`,
    )
    .all(...cov.params, ...val.params) as Row[]
  for (const r of reports) {
    const f = out.get(r.security_id)
    if (f) f.reports = r.n
  }
  const qf = inReports('report_id', reportIds)
  for (const r of db.prepare(`SELECT security_id, count(*) AS n FROM quality_flag WHERE security_id IS NOT NULL${qf.sql} GROUP BY security_id`).all(...qf.params) as Row[]) {
    const f = out.get(r.security_id)
    if (f) f.flags = r.n
  }
  const notes = db.prepare(
    `SELECT n.subject_id AS id, count(*) AS n, (SELECT count(*) FROM thesis_flag f JOIN note m ON m.id = f.note_id WHERE m.subject_kind = 'security' AND m.subject_id = n.subject_id AND m.deleted_at IS NULL) AS flags
     FROM note n WHERE n.subject_kind = 'security' AND n.deleted_at IS NULL GROUP BY n.subject_id`,
  )
  for (const r of notes.all() as Row[]) {
    const f = out.get(r.id)
    if (f) (f.notes = r.n), (f.thesisFlags = r.flags)
  }
  return out
}

/**
 * Per security, every report label that places it, with the canonical layers the crosswalk maps
 * that label to — kept only where the reports disagree (two reports, different layer sets).
 */
export function placementsElsewhere(db: Db, nodes: readonly ChainNode[]): Map<string, PlacementElsewhere[]> {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const rows = db
    .prepare(
      `SELECT l.security_id, l.report_id, r.institution, l.label, group_concat(w.node_id, ',') AS nodes FROM (
         SELECT DISTINCT security_id, report_id, layer_label AS label FROM coverage WHERE layer_label IS NOT NULL
         UNION SELECT DISTINCT v.security_id, t.report_id, v.layer_label FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id
           WHERE v.layer_label IS NOT NULL AND v.security_id IS NOT NULL) l
       JOIN report r ON r.id = l.report_id
       JOIN chain_crosswalk w ON w.report_id = l.report_id AND w.label = l.label
       GROUP BY l.security_id, l.report_id, l.label ORDER BY l.security_id, l.report_id, l.label`,
    )
    .all() as Row[]
  const per = new Map<string, PlacementElsewhere[]>()
  for (const r of rows) {
    const layers = [...new Set(String(r.nodes).split(',').map((n) => layerOf(n, byId)).filter((x): x is string => !!x))].sort()
    if (!layers.length) continue
    const list = per.get(r.security_id) ?? []
    list.push({ reportId: r.report_id, institution: r.institution, label: r.label, layerIds: layers })
    per.set(r.security_id, list)
  }
  const out = new Map<string, PlacementElsewhere[]>()
  for (const [id, list] of per) {
    const reportsLayers = new Map<string, Set<string>>()
    for (const p of list) for (const l of p.layerIds) reportsLayers.set(p.reportId, (reportsLayers.get(p.reportId) ?? new Set()).add(l))
    const keys = new Set([...reportsLayers.values()].map((s) => [...s].sort().join('+')))
    if (reportsLayers.size > 1 && keys.size > 1) out.set(id, list)
  }
  return out
}
