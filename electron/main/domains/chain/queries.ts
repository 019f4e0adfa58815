/** Chain reads: canonical nodes, the crosswalk with every printed label, assignments. */
import type { ChainNode } from '../../../../shared/compare'
import type { CrosswalkRow, SecurityNodes } from '../../../../shared/domain'
import type { Db } from '../../db/connection'

type Row = Record<string, any>

const toNode = (n: Row): ChainNode => ({ id: n.id, parentId: n.parent_id, kind: n.kind, position: n.position, nameZh: n.name_zh, nameEn: n.name_en })

export function listNodes(db: Db): ChainNode[] {
  return (db.prepare('SELECT * FROM chain_node ORDER BY parent_id IS NOT NULL, position').all() as Row[]).map(toNode)
}

export function getNode(db: Db, id: string): ChainNode | null {
  const n = db.prepare('SELECT * FROM chain_node WHERE id = ?').get(id) as Row | undefined
  return n ? toNode(n) : null
}

/** Node ids per security, primary node first (every security: use for whole-workspace statistics). */
export function assignmentMap(db: Db): Map<string, string[]> {
  const m = new Map<string, string[]>()
  for (const r of db.prepare('SELECT security_id, node_id FROM security_node ORDER BY security_id, is_primary DESC, node_id').all() as Row[]) {
    const list = m.get(r.security_id)
    if (list) list.push(r.node_id)
    else m.set(r.security_id, [r.node_id])
  }
  return m
}

/** Node ids of one security, primary first (an index lookup, not a scan). */
export function nodesOf(db: Db, securityId: string): string[] {
  return db.prepare('SELECT node_id FROM security_node WHERE security_id = ? ORDER BY is_primary DESC, node_id').pluck().all(securityId) as string[]
}

/** Every label a report prints (coverage, valuation rows, taxonomy) with its mapping, mapped or not. */
export function listCrosswalk(db: Db): CrosswalkRow[] {
  const rows = db
    .prepare(
      `WITH labels(report_id, label) AS (
         SELECT report_id, layer_label FROM coverage WHERE layer_label IS NOT NULL
         UNION ALL SELECT t.report_id, v.layer_label FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id WHERE v.layer_label IS NOT NULL
         UNION ALL SELECT x.report_id, l.label FROM taxonomy_layer l JOIN taxonomy x ON x.id = l.taxonomy_id
         UNION ALL SELECT x.report_id, s.label FROM taxonomy_segment s JOIN taxonomy_layer l ON l.id = s.layer_id JOIN taxonomy x ON x.id = l.taxonomy_id
         UNION ALL SELECT report_id, label FROM chain_crosswalk)
       SELECT l.report_id, l.label, r.institution, count(*) AS uses,
              (SELECT group_concat(node_id, ',') FROM chain_crosswalk w WHERE w.report_id = l.report_id AND w.label = l.label) AS nodes
       FROM labels l JOIN report r ON r.id = l.report_id
       GROUP BY l.report_id, l.label ORDER BY l.report_id, l.label`,
    )
    .all() as Row[]
  return rows.map((r) => ({
    reportId: r.report_id,
    institution: r.institution,
    label: r.label,
    uses: r.uses,
    nodeIds: r.nodes ? String(r.nodes).split(',') : [],
  }))
}

export function listAssignments(db: Db): SecurityNodes[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.name_zh, s.name_en,
              (SELECT group_concat(node_id, ',') FROM (SELECT node_id FROM security_node n WHERE n.security_id = s.id ORDER BY is_primary DESC, node_id)) AS nodes,
              EXISTS (SELECT 1 FROM security_node_lock k WHERE k.security_id = s.id) AS locked
       FROM security s ORDER BY s.id`,
    )
    .all() as Row[]
  return rows.map((r) => ({
    securityId: r.id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    nodeIds: r.nodes ? String(r.nodes).split(',') : [],
    locked: !!r.locked,
  }))
}
