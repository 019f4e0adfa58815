/**
 * Canonical chain taxonomy, crosswalk, node assignments and FX rates: seeding and edits.
 * Derived assignments (from the crosswalk and the bundled defaults) are rebuilt after every
 * crosswalk change; a security the analyst placed by hand is locked and never rebuilt.
 */
import type { Db } from '../db/connection'
import { bundledChain, type BundledChain } from './bundled'
import { bundledReportId } from './ids'

const CHAIN_SEEDED = 'chain.seeded'

export class ChainEditError extends Error {}

export function seedChainIfNeeded(db: Db, data: BundledChain = bundledChain()): boolean {
  if (db.prepare('SELECT 1 FROM meta WHERE key = ?').get(CHAIN_SEEDED)) return false
  db.transaction(() => {
    insertTaxonomy(db, data)
    insertBundledCrosswalk(db, data)
    const fx = db.prepare('INSERT OR IGNORE INTO fx_rate(currency, as_of, per_usd, source) VALUES (?, ?, ?, ?)')
    for (const r of data.fx.rates) fx.run(r.currency, r.asOf, r.perUsd, r.source)
    rebuildDerivedAssignments(db, data)
    db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)').run(CHAIN_SEEDED, new Date().toISOString())
  })()
  return true
}

function insertTaxonomy(db: Db, data: BundledChain): void {
  const ins = db.prepare('INSERT OR IGNORE INTO chain_node(id, parent_id, kind, position, name_zh, name_en) VALUES (?, ?, ?, ?, ?, ?)')
  data.taxonomy.layers.forEach((l, li) => {
    ins.run(l.id, null, 'layer', li + 1, l.nameZh, l.nameEn)
    l.segments.forEach((s, si) => ins.run(s.id, l.id, 'segment', si + 1, s.nameZh, s.nameEn))
  })
}

/** Bundled crosswalk rows for the bundled reports that exist (INSERT OR IGNORE keeps user rows). */
export function insertBundledCrosswalk(db: Db, data: BundledChain = bundledChain()): void {
  const ins = db.prepare(
    `INSERT OR IGNORE INTO chain_crosswalk(report_id, label, node_id)
     SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM report WHERE id = ?) AND EXISTS (SELECT 1 FROM chain_node WHERE id = ?)`,
  )
  for (const e of data.crosswalk.entries) {
    const rid = bundledReportId(e.report)
    for (const n of e.nodes) ins.run(rid, e.label, n, rid, n)
  }
}

/**
 * Recomputes crosswalk- and default-sourced assignments for every unlocked security:
 * report labels via the crosswalk, plus the bundled default segments. A bare layer node is
 * dropped when the same security already sits in a segment of that layer.
 */
export function rebuildDerivedAssignments(db: Db, data: BundledChain = bundledChain()): void {
  db.prepare(
    "DELETE FROM security_node WHERE source <> 'user' AND security_id NOT IN (SELECT security_id FROM security_node_lock)",
  ).run()
  const ins = db.prepare(
    `INSERT OR IGNORE INTO security_node(security_id, node_id, source)
     SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM security_node_lock WHERE security_id = ?)
       AND EXISTS (SELECT 1 FROM security WHERE id = ?) AND EXISTS (SELECT 1 FROM chain_node WHERE id = ?)`,
  )
  for (const a of data.assignments.assignments) for (const n of a.nodes) ins.run(a.securityId, n, 'default', a.securityId, a.securityId, n)
  db.prepare(
    `INSERT OR IGNORE INTO security_node(security_id, node_id, source)
     SELECT DISTINCT x.security_id, w.node_id, 'crosswalk'
     FROM (SELECT c.security_id, c.report_id, c.layer_label AS label FROM coverage c WHERE c.layer_label IS NOT NULL
           UNION SELECT v.security_id, t.report_id, v.layer_label FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id
           WHERE v.layer_label IS NOT NULL AND v.security_id IS NOT NULL) x
     JOIN chain_crosswalk w ON w.report_id = x.report_id AND w.label = x.label
     WHERE x.security_id NOT IN (SELECT security_id FROM security_node_lock)`,
  ).run()
  db.prepare(
    `DELETE FROM security_node WHERE source <> 'user' AND node_id IN (SELECT id FROM chain_node WHERE kind = 'layer')
       AND EXISTS (SELECT 1 FROM security_node s2 JOIN chain_node n ON n.id = s2.node_id
                   WHERE s2.security_id = security_node.security_id AND n.parent_id = security_node.node_id)`,
  ).run()
  markPrimary(db, data)
}

/** Primary node of an unlocked security: its first bundled default segment, else its first node by id. */
function markPrimary(db: Db, data: BundledChain): void {
  db.prepare("UPDATE security_node SET is_primary = 0 WHERE source <> 'user'").run()
  const set = db.prepare(
    "UPDATE security_node SET is_primary = 1 WHERE security_id = ? AND node_id = ? AND source <> 'user'",
  )
  for (const a of data.assignments.assignments) set.run(a.securityId, a.nodes[0])
  db.prepare(
    `UPDATE security_node SET is_primary = 1
     WHERE source <> 'user' AND node_id = (SELECT min(node_id) FROM security_node s2 WHERE s2.security_id = security_node.security_id)
       AND NOT EXISTS (SELECT 1 FROM security_node s3 WHERE s3.security_id = security_node.security_id AND s3.is_primary = 1)`,
  ).run()
}

export function setCrosswalk(db: Db, reportId: string, label: string, nodeIds: readonly string[]): void {
  db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM report WHERE id = ?').get(reportId)) throw new ChainEditError(`report ${reportId} not found`)
    assertNodes(db, nodeIds)
    db.prepare('DELETE FROM chain_crosswalk WHERE report_id = ? AND label = ?').run(reportId, label)
    const ins = db.prepare('INSERT INTO chain_crosswalk(report_id, label, node_id) VALUES (?, ?, ?)')
    for (const n of nodeIds) ins.run(reportId, label, n)
    rebuildDerivedAssignments(db)
  })()
}

/** The analyst places a security by hand: its nodes become exactly these, and stay so. */
export function setSecurityNodes(db: Db, securityId: string, nodeIds: readonly string[]): void {
  db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM security WHERE id = ?').get(securityId)) throw new ChainEditError(`security ${securityId} not found`)
    assertNodes(db, nodeIds)
    db.prepare('DELETE FROM security_node WHERE security_id = ?').run(securityId)
    db.prepare('INSERT OR IGNORE INTO security_node_lock(security_id) VALUES (?)').run(securityId)
    const ins = db.prepare("INSERT OR IGNORE INTO security_node(security_id, node_id, source, is_primary) VALUES (?, ?, 'user', ?)")
    nodeIds.forEach((n, i) => ins.run(securityId, n, i === 0 ? 1 : 0)) // the first node listed is the primary one
  })()
}

/** Gives a hand-placed security back to the derived (crosswalk + default) assignments. */
export function unlockSecurityNodes(db: Db, securityId: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM security_node_lock WHERE security_id = ?').run(securityId)
    db.prepare("DELETE FROM security_node WHERE security_id = ? AND source = 'user'").run(securityId)
    rebuildDerivedAssignments(db)
  })()
}

export interface NodeInput {
  id: string
  parentId: string | null
  nameZh: string
  nameEn: string
  position?: number
}

export function saveNode(db: Db, n: NodeInput): void {
  db.transaction(() => {
    const parent = n.parentId ? (db.prepare('SELECT kind FROM chain_node WHERE id = ?').get(n.parentId) as { kind: string } | undefined) : null
    if (n.parentId && !parent) throw new ChainEditError(`parent node ${n.parentId} not found`)
    if (parent && parent.kind !== 'layer') throw new ChainEditError('segments sit directly under a layer')
    const existing = db.prepare('SELECT parent_id FROM chain_node WHERE id = ?').get(n.id) as { parent_id: string | null } | undefined
    if (existing && existing.parent_id !== n.parentId) throw new ChainEditError(`node ${n.id} cannot move to another parent`)
    const position =
      n.position ??
      ((db.prepare('SELECT coalesce(max(position), 0) + 1 AS p FROM chain_node WHERE parent_id IS ?').get(n.parentId) as { p: number }).p)
    db.prepare(
      `INSERT INTO chain_node(id, parent_id, kind, position, name_zh, name_en) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, position = excluded.position`,
    ).run(n.id, n.parentId, n.parentId ? 'segment' : 'layer', position, n.nameZh, n.nameEn)
  })()
}

function assertNodes(db: Db, ids: readonly string[]): void {
  const has = db.prepare('SELECT 1 FROM chain_node WHERE id = ?')
  const missing = ids.filter((id) => !has.get(id))
  if (missing.length) throw new ChainEditError(`unknown chain node(s): ${missing.join(', ')}`)
}

export function setFxRate(db: Db, r: { currency: string; asOf: string; perUsd: number; source: string }): void {
  db.prepare(
    `INSERT INTO fx_rate(currency, as_of, per_usd, source) VALUES (?, ?, ?, ?)
     ON CONFLICT(currency, as_of) DO UPDATE SET per_usd = excluded.per_usd, source = excluded.source`,
  ).run(r.currency, r.asOf, r.perUsd, r.source)
}

export function deleteFxRate(db: Db, currency: string, asOf: string): void {
  db.prepare('DELETE FROM fx_rate WHERE currency = ? AND as_of = ?').run(currency, asOf)
}
