/** Hand placements and crosswalk edits (inside mutate()). */
import { notFound } from '../../../../shared/errors'
import type { Db } from '../../db/connection'
import { rebuildDerivedAssignments } from './assignments'

export function assertNodes(db: Db, ids: readonly string[], field = 'nodeIds'): void {
  const has = db.prepare('SELECT 1 FROM chain_node WHERE id = ?')
  const missing = ids.filter((id) => !has.get(id))
  if (missing.length) throw notFound('chain.nodeNotFound', `unknown chain node(s): ${missing.join(', ')}`, { id: missing.join(', '), field }, )
}

export function assertSecurity(db: Db, id: string): void {
  if (!db.prepare('SELECT 1 FROM security WHERE id = ?').get(id)) throw notFound('security.notFound', `security ${id} not found`, { id })
}

/** The analyst places a security by hand: its nodes become exactly these (first = primary), and stay so. */
export function placeSecurity(db: Db, securityId: string, nodeIds: readonly string[]): void {
  assertSecurity(db, securityId)
  assertNodes(db, nodeIds)
  const current = db.prepare('SELECT node_id, source, is_primary FROM security_node WHERE security_id = ?').all(securityId) as { node_id: string; source: string; is_primary: number }[]
  const del = db.prepare('DELETE FROM security_node WHERE security_id = ? AND node_id = ?')
  for (const c of current) if (!nodeIds.includes(c.node_id)) del.run(securityId, c.node_id)
  db.prepare('INSERT OR IGNORE INTO security_node_lock(security_id) VALUES (?)').run(securityId)
  const up = db.prepare(
    `INSERT INTO security_node(security_id, node_id, source, is_primary) VALUES (?, ?, 'user', ?)
     ON CONFLICT(security_id, node_id) DO UPDATE SET source = 'user', is_primary = excluded.is_primary`,
  )
  nodeIds.forEach((n, i) => up.run(securityId, n, i === 0 ? 1 : 0))
}

/** Gives a hand-placed security back to the derived (crosswalk + default) assignments. */
export function unplaceSecurity(db: Db, securityId: string): void {
  assertSecurity(db, securityId)
  db.prepare('DELETE FROM security_node_lock WHERE security_id = ?').run(securityId)
  db.prepare("DELETE FROM security_node WHERE security_id = ? AND source = 'user'").run(securityId)
  rebuildDerivedAssignments(db)
}

export function setCrosswalk(db: Db, reportId: string, label: string, nodeIds: readonly string[]): void {
  if (!db.prepare('SELECT 1 FROM report WHERE id = ?').get(reportId)) throw notFound('report.notFound', `report ${reportId} not found`, { id: reportId, field: 'reportId' })
  assertNodes(db, nodeIds)
  const current = db.prepare('SELECT node_id FROM chain_crosswalk WHERE report_id = ? AND label = ?').pluck().all(reportId, label) as string[]
  const del = db.prepare('DELETE FROM chain_crosswalk WHERE report_id = ? AND label = ? AND node_id = ?')
  for (const n of current) if (!nodeIds.includes(n)) del.run(reportId, label, n)
  const ins = db.prepare('INSERT OR IGNORE INTO chain_crosswalk(report_id, label, node_id) VALUES (?, ?, ?)')
  for (const n of nodeIds) ins.run(reportId, label, n)
  rebuildDerivedAssignments(db)
}
