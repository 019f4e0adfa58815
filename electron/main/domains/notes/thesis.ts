/**
 * Thesis checks, re-evaluated inside the write that changed the data (prices, FX, reports,
 * imports), so a breached thesis is flagged in the same commit as the data that breached it.
 */
import type { ScenarioSet } from '../../../../shared/scenario'
import { evaluateChecks } from '../../../../shared/thesis'
import type { Db } from '../../db/connection'
import { marketFacts, thesisFacts } from './market'

type Row = Record<string, any>

/**
 * Recomputes the flags of the notes about these securities (null = every note with scenarios).
 * `trigger` says what data change it was (e.g. "prices.set 002230.SZ 2024-03-01").
 */
export function refreshThesisFlags(db: Db, securityIds: readonly string[] | null, trigger: string, at: string): number {
  const notes = (
    securityIds
      ? db
          .prepare(`SELECT id, subject_id, scenarios FROM note WHERE subject_kind = 'security' AND scenarios IS NOT NULL AND deleted_at IS NULL AND subject_id IN (SELECT value FROM json_each(?))`)
          .all(JSON.stringify(securityIds))
      : db.prepare(`SELECT id, subject_id, scenarios FROM note WHERE subject_kind = 'security' AND scenarios IS NOT NULL AND deleted_at IS NULL`).all()
  ) as Row[]
  let breached = 0
  const old = db.prepare('SELECT scenario, rule, since, trigger FROM thesis_flag WHERE note_id = ?')
  const del = db.prepare('DELETE FROM thesis_flag WHERE note_id = ?')
  const ins = db.prepare('INSERT INTO thesis_flag(note_id, scenario, rule, detail, trigger, since) VALUES (?, ?, ?, ?, ?, ?)')
  for (const n of notes) {
    const set = JSON.parse(n.scenarios) as ScenarioSet
    const m = marketFacts(db, n.subject_id)
    const breaches = evaluateChecks(set, m, thesisFacts(db, n.subject_id, m))
    // A flag that stays breached keeps the change that first breached it.
    const before = new Map((old.all(n.id) as Row[]).map((r) => [`${r.scenario}|${r.rule}`, r]))
    del.run(n.id)
    for (const b of breaches) {
      const prev = before.get(`${b.scenario}|${b.rule}`)
      ins.run(n.id, b.scenario, b.rule, JSON.stringify(b.detail), prev?.trigger ?? trigger, prev?.since ?? at)
    }
    breached += breaches.length
  }
  return breached
}
