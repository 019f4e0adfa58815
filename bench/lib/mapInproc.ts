/**
 * Child process of `npm run bench` (lib/mapBench.ts): chain.map through the app's own handler
 * table (createHandlers + dispatch, as IPC, HTTP and the worker call it) beside the hand-written
 * SQL of lib/mapSql.ts on the same connection, alternating, warm medians. A process of its own,
 * like child-inproc.ts, so the parent can abandon a call that runs away. Prints one JSON line:
 * {entries, plans}.
 */
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import { openWorkspace } from '../../electron/main/workspace'
import type { ChainMap } from '../../shared/chainMap'
import { explain, info, planMarkdown, sideBySide, traceStatements, type Entry } from './measure'
import { mapSql } from './mapSql'

export interface MapInprocOptions {
  dataDir: string
  runs: number
  fy: string
  /** the renderer's own chain.map input (MapPage / chainMap/options.ts with the saved options) */
  input: Record<string, unknown>
  /** the entry's name */
  name: string
}

const o = JSON.parse(process.argv[2]!) as MapInprocOptions
const ws = openWorkspace(o.dataDir)
const h = createHandlers(ws)
const call = (method: string, payload: unknown) => {
  const r = dispatch(h, method, payload)
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`)
  return r.result
}
const raw = mapSql(ws.db)
const app = () => call('chain.map', o.input) as ChainMap
const sql = () => raw.run('pe', o.fy, 'USD', 100)

const entries: Entry[] = []
const plans: string[] = []
// first call (cold statement cache, cold pages) traced: where the time goes, with plans
const traced = traceStatements(ws.db, app)
plans.push(planMarkdown(ws.db, 'chain.map (the chain map, first call)', traced))
const map = app()
const bytes = JSON.stringify(map).length
const r = sql()
plans.push(`### hand-written SQL beside it (lib/mapSql.ts): cards\n\`\`\`\n${explain(ws.db, raw.sql.cards, [{ metric: 'pe', fy: o.fy, to: 'USD' }])}\n\`\`\`\n### … and the GROUP BY per layer / segment\n\`\`\`\n${explain(ws.db, raw.sql.groups, [{ metric: 'pe', fy: o.fy, to: 'USD', cap: 100 }])}\n\`\`\`\n`)

// the same data: cards, members per lane, lane aggregate
const laneCards = map.lanes.reduce((n, l) => n + l.groups.reduce((k, g) => k + g.cards.length, 0), 0)
const sqlLanes = new Map(r.groups.filter((g) => g.level === 'layer').map((g) => [g.grp, g]))
const lanes = map.lanes.map((l) => {
  const s = sqlLanes.get(l.node.id)
  const diff = s?.aggregate != null && l.stats.aggregate != null ? Math.abs(s.aggregate / l.stats.aggregate - 1) : null
  return `${l.node.id} included ${l.stats.count}/${s?.included ?? '—'}, aggregate ${l.stats.aggregate?.toFixed(2) ?? '—'}/${s?.aggregate?.toFixed(2) ?? '—'}${diff != null ? ` (${(diff * 100).toFixed(1)}%)` : ''}`
})
const same = `same data, app/SQL: ${laneCards}/${r.cards.length} cards; lanes: ${lanes.join('; ')} (the app also leaves out rows flagged implausible)`

const t = sideBySide(app, sql, o.runs)
entries.push({
  ...info(o.name, t.app.median, undefined, { n: t.app.n }),
  limitName: 'hand-written SQL: cards + GROUP BY layer/segment',
  limitMs: t.raw.median,
  ratio: t.app.median / t.raw.median,
  notes:
    `first call ${traced.total.toFixed(0)} ms (traced); warm app min ${t.app.min.toFixed(1)} / max ${t.app.max.toFixed(1)} ms; ${map.securities} securities, ${map.cards} cards in ${map.lanes.length} lanes, reply ${bytes} bytes of JSON; ` +
    `the SQL returns the rows (latest row per security with P/E ${o.fy}, its placements, USD mcap) and per-layer/segment count, Σmcap, aggregate, median with a plain NM rule — ` +
    `not the basis, flagged/hand exclusions, weights, premiums, stances, report/flag counts, disagreeing placements or the filter; ${same}`,
})
ws.close()
process.stdout.write(`${JSON.stringify({ entries, plans })}\n`)
