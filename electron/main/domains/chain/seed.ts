/** First-open seeding of the canonical chain, bundled crosswalk, default assignments and FX rates. */
import type { Db } from '../../db/connection'
import { bundledChain, type BundledChain } from '../../services/bundled'
import { bundledReportId } from '../../services/ids'
import { rebuildDerivedAssignments } from './assignments'

export const CHAIN_SEEDED = 'chain.seeded'

export function chainSeeded(db: Db): boolean {
  return !!db.prepare('SELECT 1 FROM meta WHERE key = ?').get(CHAIN_SEEDED)
}

/** Runs inside the caller's write (mutate, kind bulk). */
export function seedChain(db: Db, now: Date, data: BundledChain = bundledChain()): void {
  const ins = db.prepare('INSERT OR IGNORE INTO chain_node(id, parent_id, kind, position, name_zh, name_en) VALUES (?, ?, ?, ?, ?, ?)')
  data.taxonomy.layers.forEach((l, li) => {
    ins.run(l.id, null, 'layer', li + 1, l.nameZh, l.nameEn)
    l.segments.forEach((s, si) => ins.run(s.id, l.id, 'segment', si + 1, s.nameZh, s.nameEn))
  })
  insertBundledCrosswalk(db, data)
  const fx = db.prepare('INSERT OR IGNORE INTO fx_rate(currency, as_of, per_usd, source) VALUES (?, ?, ?, ?)')
  for (const r of data.fx.rates) fx.run(r.currency, r.asOf, r.perUsd, r.source)
  rebuildDerivedAssignments(db, data)
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)').run(CHAIN_SEEDED, now.toISOString())
}

/** Bundled crosswalk rows for bundled reports that exist (INSERT OR IGNORE keeps user rows). */
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
