/**
 * Report lenses: the chain as one report's figure or table draws it (its own layer labels, order
 * and segments, from the stored taxonomies), with the report's companies placed by the labels
 * the report prints beside them. Node ids are prefixed so they never meet canonical ids.
 */
import type { MapLens } from '../../../../shared/chainMap'
import type { ChainNode } from '../../../../shared/compare'
import { notFound } from '../../../../shared/errors'
import type { Db } from '../../db/connection'

type Row = Record<string, any>

export const CANONICAL_LENS: MapLens = { kind: 'canonical', taxonomyId: null, reportId: null, institution: null, label: null }

export function listLenses(db: Db): MapLens[] {
  const rows = db
    .prepare('SELECT x.id, x.report_id, x.label, r.institution FROM taxonomy x JOIN report r ON r.id = x.report_id ORDER BY x.report_id, x.id')
    .all() as Row[]
  return [CANONICAL_LENS, ...rows.map((r): MapLens => ({ kind: 'taxonomy', taxonomyId: r.id, reportId: r.report_id, institution: r.institution, label: r.label }))]
}

export interface LensChain {
  nodes: ChainNode[]
  /** security → lens node ids (every label match; the first is the one printed first) */
  assignments: Map<string, string[]>
  /** the report's companies (drawn or not) */
  securities: Set<string>
}

export function lensChain(db: Db, taxonomyId: number): LensChain {
  const tax = db.prepare('SELECT id, report_id FROM taxonomy WHERE id = ?').get(taxonomyId) as Row | undefined
  if (!tax) throw notFound('chain.lensNotFound', `lens: no report taxonomy with id ${taxonomyId}`, { id: taxonomyId })
  const layers = db.prepare('SELECT id, position, label FROM taxonomy_layer WHERE taxonomy_id = ? ORDER BY position, id').all(taxonomyId) as Row[]
  const segments = db
    .prepare('SELECT s.id, s.layer_id, s.position, s.label FROM taxonomy_segment s JOIN taxonomy_layer l ON l.id = s.layer_id WHERE l.taxonomy_id = ? ORDER BY s.position, s.id')
    .all(taxonomyId) as Row[]
  const nodes: ChainNode[] = [
    ...layers.map((l): ChainNode => ({ id: `lens.l${l.id}`, parentId: null, kind: 'layer', position: l.position, nameZh: l.label, nameEn: l.label })),
    ...segments.map((s): ChainNode => ({ id: `lens.s${s.id}`, parentId: `lens.l${s.layer_id}`, kind: 'segment', position: s.position, nameZh: s.label, nameEn: s.label })),
  ]
  // A label names a segment when a segment prints it, else a layer (segments are the finer placement).
  const byLabel = new Map<string, string[]>()
  const add = (label: string, id: string) => byLabel.set(label, [...(byLabel.get(label) ?? []), id])
  for (const s of segments) add(s.label, `lens.s${s.id}`)
  for (const l of layers) if (!byLabel.has(l.label)) add(l.label, `lens.l${l.id}`)

  const labels = db
    .prepare(
      `SELECT security_id, layer_label, min(line) AS line FROM (
         SELECT security_id, layer_label, line FROM coverage WHERE report_id = ?
         UNION ALL SELECT v.security_id, v.layer_label, v.line FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id
           WHERE t.report_id = ? AND v.security_id IS NOT NULL)
       GROUP BY security_id, layer_label ORDER BY security_id, line`,
    )
    .all(tax.report_id, tax.report_id) as Row[]
  const assignments = new Map<string, string[]>()
  const securities = new Set<string>()
  for (const r of labels) {
    securities.add(r.security_id)
    for (const id of r.layer_label ? (byLabel.get(r.layer_label) ?? []) : []) {
      const list = assignments.get(r.security_id) ?? []
      if (!list.includes(id)) list.push(id)
      assignments.set(r.security_id, list)
    }
  }
  return { nodes, assignments, securities }
}
