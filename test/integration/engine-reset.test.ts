/**
 * "Reset to bundled data" reloads the bundled reports IN PLACE: the bundled values come back,
 * every row keeps its id, and everything the analyst made stays — crosswalk edits, hand
 * placements, FX edits, hand exclusions (which point at valuation row ids), user-made nodes,
 * and rows of reports the analyst imported. The old reset (delete the bundled reports, load
 * them again) fails these same checks; the last test proves it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import type { Db } from '../../electron/main/db/connection'
import { rebuildDerivedAssignments } from '../../electron/main/domains/chain/assignments'
import { insertBundledCrosswalk } from '../../electron/main/domains/chain/seed'
import { refreshAllQuality } from '../../electron/main/domains/quality/refresh'
import { loadBundled } from '../../electron/main/domains/workspace/bundled'
import { mutate } from '../../electron/main/engine/mutate'
import { bundledReports } from '../../electron/main/services/bundled'
import type { ChainNode } from '../../shared/compare'
import type { CrosswalkRow } from '../../shared/domain'
import type { FxRate } from '../../shared/fx'
import { tempWorkspace } from '../helpers/workspace'

const spaces: ReturnType<typeof tempWorkspace>[] = []
afterEach(() => spaces.splice(0).forEach((w) => w.cleanup()))

type Call = <T = any>(m: string, input?: unknown) => T

function setup() {
  const w = tempWorkspace()
  spaces.push(w)
  const h = createHandlers(w)
  const call: Call = (m, input = {}) => {
    const r = dispatch(h, m, input)
    if (!r.ok) throw new Error(`${m} failed: ${r.error.code} ${r.error.message}`)
    return r.result as any
  }
  return { w, call }
}

const all = (db: Db, sql: string, ...p: unknown[]) => JSON.stringify(db.prepare(sql).all(...p))

/** Every bundled value, with the ids user data points at (rows, coverage, tables) but not the ids nothing points at. */
function bundledValues(db: Db): Record<string, string> {
  const bundledRows = `SELECT v.id FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id JOIN report r ON r.id = t.report_id WHERE r.origin = 'bundled'`
  return {
    report: all(db, "SELECT * FROM report WHERE origin = 'bundled' ORDER BY id"),
    coverage: all(db, "SELECT c.* FROM coverage c JOIN report r ON r.id = c.report_id WHERE r.origin = 'bundled' ORDER BY c.report_id, c.seq"),
    valuation_table: all(db, "SELECT t.* FROM valuation_table t JOIN report r ON r.id = t.report_id WHERE r.origin = 'bundled' ORDER BY t.report_id, t.seq"),
    valuation_row: all(db, `SELECT * FROM valuation_row WHERE id IN (${bundledRows}) ORDER BY table_id, row_no`),
    valuation_figure: all(db, `SELECT row_id, metric, label, fy, fy_key, printed, value, unit, currency, value_mn FROM valuation_figure WHERE row_id IN (${bundledRows}) ORDER BY row_id, id`),
    extraction_flag: all(db, `SELECT row_id, code, note FROM extraction_flag WHERE row_id IN (${bundledRows}) ORDER BY row_id, id`),
    taxonomy: all(
      db,
      `SELECT x.report_id, x.label, x.line, l.position, l.label AS layer, s.position AS spos, s.label AS segment
       FROM taxonomy x JOIN taxonomy_layer l ON l.taxonomy_id = x.id LEFT JOIN taxonomy_segment s ON s.layer_id = l.id
       ORDER BY x.report_id, x.id, l.position, s.position`,
    ),
    security: all(db, 'SELECT * FROM security ORDER BY id'),
    security_alias: all(db, 'SELECT * FROM security_alias ORDER BY alias_key'),
  }
}

/** The analyst's work, made through the API, plus an imported report; returns what must survive. */
function analystWork(w: ReturnType<typeof tempWorkspace>, call: Call) {
  const db = w.db
  // an imported report (after the bundled ones, so its row ids are higher)
  db.prepare("INSERT INTO report(id, origin, institution, title, report_date) VALUES ('u001', 'user', 'My desk', 'Own model', '2024-01-05')").run()
  const ut = db.prepare("INSERT INTO valuation_table(report_id, seq, label, as_of_date) VALUES ('u001', 1, 'Own comps', '2024-01-05')").run().lastInsertRowid
  for (const [i, sec] of ['MSFT.US', 'NVDA.US', '0700.HK'].entries()) {
    const rid = db.prepare('INSERT INTO valuation_row(table_id, row_no, security_id, company_printed, is_aggregate) VALUES (?, ?, ?, ?, 0)').run(ut, i + 1, sec, sec).lastInsertRowid
    db.prepare("INSERT INTO valuation_figure(row_id, metric, fy, fy_key, printed, value) VALUES (?, 'pe', 'FY24E', 'FY24E', '30', 30)").run(rid)
  }

  const crosswalk = call<{ crosswalk: CrosswalkRow[] }>('chain.get').crosswalk.find((c) => c.reportId === 'r001' && c.nodeIds.length)!
  const crosswalkEdit = { reportId: crosswalk.reportId, label: crosswalk.label, nodeIds: ['app.office', 'model.foundation'] }
  expect(crosswalk.nodeIds).not.toEqual(crosswalkEdit.nodeIds)
  call('chain.setCrosswalk', crosswalkEdit)
  const userNode = call<{ id: string }>('chain.createNode', { parentId: 'app', nameZh: '智能硬件', nameEn: 'AI devices' }).id
  const placement = { securityId: '0700.HK', nodeIds: [userNode, 'app.games'] }
  call('securities.setNodes', placement)
  const fxEdit: FxRate = { currency: 'CNY', asOf: '2023-02-08', perUsd: 6.9, source: 'my fixing' } // a bundled rate, changed
  const fxNew: FxRate = { currency: 'JPY', asOf: '2023-02-08', perUsd: 131.2, source: 'my fixing' }
  call('fx.set', fxEdit)
  call('fx.set', fxNew)
  // hand exclusions: bundled rows and one imported row, by id
  const pick = db
    .prepare(
      `SELECT v.id, t.report_id, t.seq, v.row_no, v.company_printed FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id
       WHERE v.is_aggregate = 0 AND ((t.report_id = 'r000' AND v.row_no IN (1, 3)) OR (t.report_id = 'r003' AND v.row_no = 2) OR t.report_id = 'u001')
       ORDER BY v.id`,
    )
    .all() as { id: number }[]
  const excluded = new Map(pick.map((r) => [r.id, JSON.stringify(r)]))
  const exclusions = JSON.stringify([...excluded.keys()])
  call('prefs.set', { key: 'compare:exclusions', value: exclusions })

  return {
    crosswalkEdit,
    userNode: call<{ nodes: ChainNode[] }>('chain.get').nodes.find((n) => n.id === userNode)!,
    placement,
    fx: [fxEdit, fxNew],
    excluded,
    exclusions,
    ids: {
      valuation_row: all(db, 'SELECT id, table_id, row_no FROM valuation_row ORDER BY id'),
      coverage: all(db, 'SELECT id, report_id, seq FROM coverage ORDER BY id'),
      valuation_table: all(db, 'SELECT id, report_id, seq FROM valuation_table ORDER BY id'),
    },
  }
}

/** Hand edits of bundled rows behind the app's back (what reset must undo). */
function tamper(db: Db): void {
  db.prepare("UPDATE coverage SET stance = 'SELL', role = 'tampered' WHERE report_id = 'r000' AND seq = 1").run()
  db.prepare("UPDATE report SET title = 'tampered', industry_rating = NULL WHERE id = 'r001'").run()
  db.prepare("UPDATE valuation_table SET label = 'tampered', as_of_date = '2020-01-01' WHERE report_id = 'r000' AND seq = 1").run()
  db.prepare("UPDATE valuation_row SET company_printed = 'tampered', layer_label = 'x' WHERE id = (SELECT min(id) FROM valuation_row)").run()
  db.prepare("UPDATE valuation_figure SET printed = '999', value = 999 WHERE id IN (SELECT id FROM valuation_figure WHERE metric = 'pe' ORDER BY id LIMIT 3)").run()
  db.prepare('DELETE FROM extraction_flag WHERE id = (SELECT min(id) FROM extraction_flag)').run()
  db.prepare("UPDATE taxonomy_layer SET label = 'tampered' WHERE id = (SELECT min(id) FROM taxonomy_layer)").run()
}

function problemsAfterReset(w: ReturnType<typeof tempWorkspace>, call: Call, before: Record<string, string>, kept: ReturnType<typeof analystWork>): string[] {
  const db = w.db
  const p: string[] = []
  const now = bundledValues(db)
  for (const k of Object.keys(before)) if (now[k] !== before[k]) p.push(`bundled ${k} not restored`)
  for (const [k, v] of Object.entries(kept.ids)) if (all(db, `SELECT id, ${k === 'valuation_row' ? 'table_id, row_no' : 'report_id, seq'} FROM ${k} ORDER BY id`) !== v) p.push(`${k} ids changed`)

  if (call<{ value: string | null }>('prefs.get', { key: 'compare:exclusions' }).value !== kept.exclusions) p.push('exclusions pref changed')
  for (const [id, was] of kept.excluded) {
    const row = db
      .prepare('SELECT v.id, t.report_id, t.seq, v.row_no, v.company_printed FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id WHERE v.id = ?')
      .get(id)
    if (JSON.stringify(row) !== was) p.push(`excluded row ${id} now ${JSON.stringify(row) ?? 'missing'} (was ${was})`)
  }
  const chain = call<{ nodes: ChainNode[]; crosswalk: CrosswalkRow[] }>('chain.get')
  const cw = chain.crosswalk.find((c) => c.reportId === kept.crosswalkEdit.reportId && c.label === kept.crosswalkEdit.label)
  if (JSON.stringify([...(cw?.nodeIds ?? [])].sort()) !== JSON.stringify([...kept.crosswalkEdit.nodeIds].sort())) p.push(`crosswalk edit lost: ${JSON.stringify(cw?.nodeIds)}`)
  if (JSON.stringify(chain.nodes.find((n) => n.id === kept.userNode.id)) !== JSON.stringify(kept.userNode)) p.push('user node lost or changed')
  const placed = call<{ nodeIds: string[] }>('securities.get', { id: kept.placement.securityId }).nodeIds
  if (JSON.stringify(placed) !== JSON.stringify(kept.placement.nodeIds)) p.push(`placement lost: ${JSON.stringify(placed)}`)
  const fx = call<FxRate[]>('fx.list')
  for (const r of kept.fx) if (!fx.some((x) => JSON.stringify(x) === JSON.stringify(r))) p.push(`FX edit lost: ${r.currency} ${r.asOf}`)
  if ((db.prepare("SELECT count(*) FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id WHERE t.report_id = 'u001'").pluck().get() as number) !== 3) p.push('imported rows lost')
  return p
}

describe('reset to bundled data', () => {
  it('restores bundled values in place and keeps ids and every user edit', () => {
    const { w, call } = setup()
    const before = bundledValues(w.db)
    const kept = analystWork(w, call)
    tamper(w.db)
    const tampered = bundledValues(w.db)
    expect(Object.keys(before).filter((k) => before[k] !== tampered[k]).sort()).toEqual(
      ['coverage', 'extraction_flag', 'report', 'taxonomy', 'valuation_figure', 'valuation_row', 'valuation_table'].sort(),
    )

    const r = call<{ reports: number; valuationRows: number }>('workspace.resetToBundled', { confirm: true })
    expect(r.reports).toBe(6) // five bundled + the imported one
    expect(problemsAfterReset(w, call, before, kept)).toEqual([])
    // the exclusions still exclude the same rows from the statistics
    const ids = JSON.parse(kept.exclusions) as number[]
    const run = call<{ groups: { members: { rowId: number; excluded?: unknown; status: string }[] }[] }>('compare.run', {
      metric: 'pe', fyKey: 'FY24E', currency: 'USD', nmRule: false, level: 'layer', excludedRowIds: ids,
    })
    const flagged = run.groups.flatMap((g) => g.members).filter((m) => ids.includes(m.rowId))
    expect(flagged.length).toBeGreaterThan(0)
    for (const m of flagged) expect(m.status, `row ${m.rowId}`).toBe('user')
    // one bulk change set, which undo does not cross
    const hist = call<{ sets: { label: string; kind: string; undoable: boolean }[]; nextUndo: unknown }>('history.list', { limit: 1 })
    expect(hist.sets[0]).toMatchObject({ label: 'workspace.resetToBundled', kind: 'bulk', undoable: false })
    expect(hist.nextUndo).toBeNull()
  })

  it('a second reset changes nothing but its own history entry', () => {
    const { w, call } = setup()
    analystWork(w, call)
    call('workspace.resetToBundled', { confirm: true })
    // ids of figures, flags and taxonomies are rewritten (nothing points at them); compare values
    const dump = (db: Db) => {
      const out: Record<string, string> = { ...bundledValues(db) }
      const skip = new Set(['change_set', 'change', 'quality_flag', 'taxonomy', 'taxonomy_layer', 'taxonomy_segment', 'valuation_figure', 'extraction_flag'])
      for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]) {
        // the notes' full-text index internals are not bundled data (and have no rowid)
        if (!skip.has(t) && !t.startsWith('note_fts')) out[t] = all(db, `SELECT * FROM "${t}" ${t === 'meta' ? "WHERE key <> 'bundled.seeded'" : ''} ORDER BY rowid`)
      }
      return out
    }
    const once = dump(w.db)
    call('workspace.resetToBundled', { confirm: true })
    const twice = dump(w.db)
    expect(Object.keys(once).filter((t) => once[t] !== twice[t])).toEqual([])
  })

  it('the old reset (delete the bundled reports, load them again) fails these checks', () => {
    const { w, call } = setup()
    const before = bundledValues(w.db)
    const kept = analystWork(w, call)
    tamper(w.db)
    const db = w.db
    mutate({ db, now: () => new Date(), emit: () => {} }, 'workspace.resetToBundled', () => {
      db.prepare("DELETE FROM report WHERE origin = 'bundled'").run() // cascades to coverage, tables, rows, crosswalk
      loadBundled(db, bundledReports())
      insertBundledCrosswalk(db)
      rebuildDerivedAssignments(db)
      refreshAllQuality(db)
    }, { kind: 'bulk', undoable: false })
    const problems = problemsAfterReset(w, call, before, kept).join('\n')
    expect(problems).toMatch(/valuation_row ids changed/)
    expect(problems).toMatch(/excluded row \d+ now/)
    expect(problems).toMatch(/crosswalk edit lost/)
  })
})
