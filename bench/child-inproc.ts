/**
 * Child process of `npm run bench`: the API called in-process through the real handler table
 * (createHandlers + dispatch) beside hand-written SQL on the same connection. It reports on
 * stdout, one JSON message per line, before every step that could take long, so the parent can
 * kill it when one call runs away (a query plan gone quadratic can take an hour) and still say
 * which statement it was stuck in, with that statement's query plan.
 */
import { dispatchSync as dispatch } from '../electron/main/api/dispatch'
import { createHandlers } from '../electron/main/api/handlers'
import { openWorkspace } from '../electron/main/workspace'
import { absolute, explain, info, planMarkdown, shortParams, timeOnly, traceStatements, vsRaw, type Entry, type Timing } from './lib/measure'
import type { ChildMsg, InprocOptions } from './lib/proto'
import { handSql } from './lib/sql'

const o = JSON.parse(process.argv[2]!) as InprocOptions
const send = (m: ChildMsg) => process.stdout.write(`${JSON.stringify(m)}\n`)
const skip = new Set(o.skip)

const ws = openWorkspace(o.dataDir)
const h = createHandlers(ws)
const call = (method: string, payload: unknown) => {
  const r = dispatch(h, method, payload)
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`)
  return r.result
}
const raw = handSql(ws.db)
const fy = o.fy

interface Measure {
  name: string
  app: () => unknown
  raw?: () => unknown
  /** builds the entry from the app's and the raw baseline's timings */
  entry: (app: Timing, raw: Timing | null) => Entry
  runs: number
  /** write where the time goes when one call is slower than this (ms) */
  planOver: number
  /** as in the entry, for the report when the measure has to be abandoned */
  budget: string | null
  rawPlan?: { sql: string; params: unknown[] }
}

const CMP = (level: 'layer' | 'segment') => ({ metric: 'pe', fyKey: fy, currency: 'USD', nmRule: true, level })
const PAGE = { currency: 'USD', sort: [{ col: 'marketCap', dir: 'desc' }], limit: 100 }

const measures: Measure[] = []
for (const level of ['layer', 'segment'] as const) {
  measures.push({
    name: `compare.run by ${level} (P/E ${fy}, USD)`,
    app: () => call('compare.run', CMP(level)),
    raw: () => raw.compare(level, 'pe', fy, 'USD'),
    entry: (a, r) => vsRaw(`compare.run by ${level} (P/E ${fy}, USD)`, a, `SQL GROUP BY ${level}`, r!, 2, `hand-written SQL: latest row per security, FX, count/mean/median/mcap-weighted aggregate per group; app min ${a.min.toFixed(1)} / max ${a.max.toFixed(1)} ms`),
    runs: o.runs,
    planOver: 0,
    budget: 'ratio ≤ 2',
    rawPlan: { sql: level === 'layer' ? raw.sql.compareLayer : raw.sql.compareSegment, params: [{ metric: 'pe', fy, to: 'USD', cap: 100 }] },
  })
}
measures.push({
  name: 'valuations.page first page by market cap (USD)',
  app: () => call('valuations.page', PAGE),
  raw: () => raw.pageByMcap('USD', 100),
  entry: (a, r) => absolute('valuations.page first page by market cap (USD)', a.median, 50, { rawName: 'hand-written SQL page', raw: r!, n: a.n, notes: 'limit 100, sort marketCap desc, with total' }),
  runs: o.runs,
  planOver: 0,
  budget: '≤ 50 ms',
  rawPlan: { sql: raw.sql.page, params: [{ to: 'USD', limit: 100 }] },
})
// the server's share of the grid's sort / filter / group interactions (150 ms end to end in the UI)
const variants: [string, unknown][] = [
  ['valuations.page by market cap ascending (the first header click)', { ...PAGE, sort: [{ col: 'marketCap', dir: 'asc' }] }],
  ['valuations.page grouped by layer, by market cap', { ...PAGE, groupByLayer: true }],
  ['valuations.page filtered to one layer, by market cap', { ...PAGE, layerId: 'infra' }],
  ['valuations.page search "Bench Co 001"', { ...PAGE, search: 'Bench Co 001' }],
  ['valuations.page filtered to one market, by market cap', { ...PAGE, market: 'HK' }],
  ['valuations.page latest row per security, by market cap', { ...PAGE, latestOnly: true }],
  [`valuations.page by P/E ${fy} ascending`, { currency: 'USD', sort: [{ col: `pe:${fy}`, dir: 'asc' }], limit: 100 }],
  ['valuations.page page 100 (offset 9,900) by market cap', { ...PAGE, offset: 9900 }],
  // the grid's second call after the first block: counts and P/E statistics of the whole filter
  [`valuations.page summary (limit 0, counts, P/E ${fy} stats)`, { currency: 'USD', limit: 0, counts: true, stats: { metric: 'pe', fyKey: fy } }],
]
for (const [name, payload] of variants) {
  measures.push({
    name,
    app: () => call('valuations.page', payload),
    entry: (a) => info(name, a.median, 'server share of a UI interaction whose budget is 150 ms end to end', { n: a.n }),
    runs: Math.max(3, Math.ceil(o.runs / 3)),
    planOver: 50,
    budget: null,
  })
}
// what the valuations page also asks for on every navigation
for (const method of ['valuations.facets', 'chain.get']) {
  measures.push({
    name: `${method} (asked on navigation to the valuations page)`,
    app: () => call(method, {}),
    entry: (a) => info(`${method} (asked on navigation to the valuations page)`, a.median, `reply ${JSON.stringify(call(method, {})).length} bytes of JSON`, { n: a.n }),
    runs: Math.max(3, Math.ceil(o.runs / 3)),
    planOver: 50,
    budget: null,
  })
}
for (const [label, id] of [['synthetic', o.sampleId], ['bundled', o.bundledId]] as const) {
  const name = `securities.get (${label} ${id})`
  measures.push({
    name,
    app: () => call('securities.get', { id }),
    raw: () => raw.security(id),
    entry: (a, r) => absolute(name, a.median, 5, { rawName: 'hand-written SQL lookups', raw: r!, n: a.n }),
    runs: o.runs * 3,
    planOver: 5,
    budget: '≤ 5 ms',
  })
}
measures.push({
  name: 'quality.page first page + counts',
  app: () => call('quality.page', { limit: 100 }),
  raw: () => raw.qualityPage(100),
  entry: (a, r) => vsRaw('quality.page first page + counts', a, 'hand-written SQL page + counts', r!, 2),
  runs: o.runs,
  planOver: 0,
  budget: 'ratio ≤ 2',
})
measures.push({
  name: 'quality.page one kind (implausible-margin) + counts',
  app: () => call('quality.page', { code: 'implausible-margin', limit: 100 }),
  raw: () => raw.qualityPage(100, 'implausible-margin'),
  entry: (a, r) => vsRaw('quality.page one kind (implausible-margin) + counts', a, 'hand-written SQL page + counts', r!, 2),
  runs: o.runs,
  planOver: 0,
  budget: 'ratio ≤ 2',
})

for (const m of measures) {
  if (skip.has(m.name)) continue
  send({ type: 'begin', name: m.name, budget: m.budget })
  // 1. one traced call: each statement is announced (with its plan) before it runs
  send({ type: 'expect', ms: o.callTimeoutMs, what: 'first call' })
  const seen = new Map<string, number>()
  const traced = traceStatements(ws.db, m.app, {
    start: (sql, params) => {
      const idx = seen.get(sql)
      if (idx != null) return send({ type: 'stmt', idx })
      seen.set(sql, seen.size)
      send({ type: 'stmt', idx: seen.size - 1, sql, params: shortParams(params), plan: explain(ws.db, sql, params) })
    },
  })
  const probe = traced.total
  if (probe > m.planOver) send({ type: 'plan', text: planMarkdown(ws.db, m.name, traced) })
  let rawProbe = 0
  if (m.raw) {
    send({ type: 'expect', ms: o.callTimeoutMs, what: 'first call of the hand-written SQL' })
    const t0 = performance.now()
    m.raw()
    rawProbe = performance.now() - t0
    if (m.rawPlan) send({ type: 'plan', text: `### hand-written SQL beside it\n\`\`\`\n${explain(ws.db, m.rawPlan.sql, m.rawPlan.params)}\n\`\`\`\n` })
  }
  // 2. the timed runs: as many as fit in the measure's time budget (at least one)
  const runs = Math.max(1, Math.min(m.runs, Math.floor(o.measureBudgetMs / Math.max(probe + rawProbe, 0.001))))
  send({ type: 'expect', ms: (probe + rawProbe) * (runs + 1) * 3 + 30_000, what: `${runs} timed runs` })
  let a: Timing
  let r: Timing | null = null
  if (m.raw) {
    const ta: number[] = []
    const tr: number[] = []
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now()
      m.app()
      ta.push(performance.now() - t0)
      t0 = performance.now()
      m.raw()
      tr.push(performance.now() - t0)
    }
    a = summary(ta)
    r = summary(tr)
  } else a = timeOnly(m.app, runs, 0)
  const e = m.entry(a, r)
  if (runs < m.runs) e.notes = `${e.notes ? `${e.notes}; ` : ''}only ${runs} run(s): one call took ${probe.toFixed(0)} ms`
  send({ type: 'entry', entry: e })
}
ws.close()
send({ type: 'done' })

function summary(t: number[]): Timing {
  const s = [...t].sort((x, y) => x - y)
  return { median: s[(s.length - 1) >> 1]!, min: s[0]!, max: s[s.length - 1]!, n: s.length }
}
