/**
 * Derived assignments: a security's nodes from its reports' labels through the crosswalk, plus
 * the bundled default segments. Rebuilt after crosswalk and node edits as a DIFF against what is
 * stored, so history records only real changes and hand placements (locked) are never touched.
 * Rows of other sources (user, import) are left alone.
 */
import type { Db } from '../../db/connection'
import { bundledChain, type BundledChain } from '../../services/bundled'

const DERIVED = new Set(['crosswalk', 'default'])

interface Want {
  source: string
  primary: boolean
}

export function rebuildDerivedAssignments(db: Db, data: BundledChain = bundledChain()): void {
  const locked = new Set(db.prepare('SELECT security_id FROM security_node_lock').pluck().all() as string[])
  const nodes = new Map((db.prepare('SELECT id, kind, parent_id FROM chain_node').all() as { id: string; kind: string; parent_id: string | null }[]).map((n) => [n.id, n]))
  const securities = new Set(db.prepare('SELECT id FROM security').pluck().all() as string[])
  const want = new Map<string, Map<string, Want>>()
  const put = (sec: string, node: string, source: string) => {
    if (locked.has(sec) || !securities.has(sec) || !nodes.has(node)) return
    const m = want.get(sec) ?? new Map<string, Want>()
    if (!m.has(node)) m.set(node, { source, primary: false }) // defaults first: a default wins a tie
    want.set(sec, m)
  }
  for (const a of data.assignments.assignments) for (const n of a.nodes) put(a.securityId, n, 'default')
  for (const r of crosswalkPairs(db)) put(r.security_id, r.node_id, 'crosswalk')
  for (const [sec, m] of want) {
    // A bare layer is dropped when the security already sits in a segment of that layer.
    for (const id of [...m.keys()]) if (nodes.get(id)!.kind === 'layer' && [...m.keys()].some((o) => nodes.get(o)!.parent_id === id)) m.delete(id)
    const first = data.assignments.assignments.find((a) => a.securityId === sec)?.nodes.find((n) => m.has(n))
    const primary = first ?? [...m.keys()].sort()[0]
    if (primary) m.get(primary)!.primary = true
  }
  applyDiff(db, want, locked)
}

function crosswalkPairs(db: Db): { security_id: string; node_id: string }[] {
  return db
    .prepare(
      `SELECT DISTINCT x.security_id, w.node_id
       FROM (SELECT c.security_id, c.report_id, c.layer_label AS label FROM coverage c WHERE c.layer_label IS NOT NULL
             UNION SELECT v.security_id, t.report_id, v.layer_label FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id
             WHERE v.layer_label IS NOT NULL AND v.security_id IS NOT NULL) x
       JOIN chain_crosswalk w ON w.report_id = x.report_id AND w.label = x.label`,
    )
    .all() as { security_id: string; node_id: string }[]
}

function applyDiff(db: Db, want: Map<string, Map<string, Want>>, locked: Set<string>): void {
  const current = db.prepare('SELECT security_id, node_id, source, is_primary FROM security_node').all() as {
    security_id: string
    node_id: string
    source: string
    is_primary: number
  }[]
  const del = db.prepare('DELETE FROM security_node WHERE security_id = ? AND node_id = ?')
  const upd = db.prepare('UPDATE security_node SET source = ?, is_primary = ? WHERE security_id = ? AND node_id = ?')
  const ins = db.prepare('INSERT INTO security_node(security_id, node_id, source, is_primary) VALUES (?, ?, ?, ?)')
  const seen = new Set<string>()
  for (const c of current) {
    if (locked.has(c.security_id) || !DERIVED.has(c.source)) continue
    const w = want.get(c.security_id)?.get(c.node_id)
    seen.add(`${c.security_id}\u0000${c.node_id}`)
    if (!w) del.run(c.security_id, c.node_id)
    else if (w.source !== c.source || Number(w.primary) !== c.is_primary) upd.run(w.source, w.primary ? 1 : 0, c.security_id, c.node_id)
  }
  const taken = new Set(current.map((c) => `${c.security_id}\u0000${c.node_id}`))
  for (const [sec, m] of want) {
    for (const [node, w] of m) {
      const k = `${sec}\u0000${node}`
      if (!seen.has(k) && !taken.has(k)) ins.run(sec, node, w.source, w.primary ? 1 : 0)
    }
  }
}
