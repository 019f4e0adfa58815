/**
 * Query plans of the hot reads, on a workspace with a few thousand synthetic valuation rows.
 * The SQL is captured as the handlers prepare it (db.prepare wrapped), then EXPLAIN QUERY PLAN
 * is run on each statement with the same parameters.
 *
 * Rules:
 *  - valuation_figure (7+ rows per valuation row) is never scanned: it is reached by row_id for
 *    rows already chosen, or probed once for a min() in a correlated subquery (a skip-scan).
 *  - valuation_row is scanned only by a whole-workspace grid page (sorted or filtered by a
 *    computed expression: market cap converted, a fiscal year's multiple, the primary layer),
 *    and then once per statement — never inside a per-row subquery. With a report, table or
 *    security filter it is reached through an index.
 *  - history reads never scan the change table, and change_set only as the newest-first list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import type { Db } from '../../electron/main/db/connection'
import type { Handlers } from '../../shared/contract'
import { tempWorkspace } from '../helpers/workspace'

const SECURITIES = 400
const TABLES = 10 // × SECURITIES valuation rows, 7 figures each

let w: ReturnType<typeof tempWorkspace>
let h: Handlers

beforeAll(() => {
  w = tempWorkspace()
  h = createHandlers(w)
  addSyntheticMarket(w.db)
  for (let i = 0; i < 200; i++) {
    const r = dispatch(h, 'fx.set', { currency: 'JPY', asOf: '2024-01-02', perUsd: 140 + i / 10, source: 'hand' })
    if (!r.ok) throw new Error(r.error.message)
  }
  dispatch(h, 'history.undo', {})
})
afterAll(() => w?.cleanup())

function addSyntheticMarket(db: Db): void {
  db.transaction(() => {
    db.prepare("INSERT INTO report(id, origin, institution, title) VALUES ('syn', 'user', 'Synthetic', 'synthetic market')").run()
    const nodes = ['infra.chips', 'infra.servers', 'model.foundation', 'app.office', 'app.media']
    const sec = db.prepare("INSERT INTO security(id, name_zh, name_en, market, currency, listed) VALUES (?, ?, ?, 'US', 'USD', 1)")
    const node = db.prepare("INSERT INTO security_node(security_id, node_id, source, is_primary) VALUES (?, ?, 'user', 1)")
    const row = db.prepare('INSERT INTO valuation_row(table_id, row_no, security_id, company_printed, is_aggregate, mcap_mn, mcap_ccy) VALUES (?, ?, ?, ?, 0, ?, ?)')
    const fig = db.prepare('INSERT INTO valuation_figure(row_id, metric, fy, fy_key, printed, value, unit, currency, value_mn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    for (let t = 0; t < TABLES; t++) {
      const tableId = db.prepare("INSERT INTO valuation_table(report_id, seq, label, as_of_date) VALUES ('syn', ?, ?, ?)").run(t + 1, `T${t}`, `2023-0${1 + (t % 9)}-08`).lastInsertRowid
      for (let i = 0; i < SECURITIES; i++) {
        const id = `SYN${i}.US`
        if (t === 0) {
          sec.run(id, `合成${i}`, `Synthetic ${i}`)
          node.run(id, nodes[i % nodes.length])
        }
        const mcap = 100 + ((i * 7919 + t) % 100_000)
        const rid = row.run(tableId, i + 1, id, `Synthetic ${i}`, mcap, 'USD').lastInsertRowid
        fig.run(rid, 'marketCap', null, null, String(mcap), mcap, '百万美元', 'USD', mcap)
        for (const fy of ['FY22E', 'FY23E', 'FY24E']) {
          fig.run(rid, 'pe', fy, fy, String((i % 50) + 1), (i % 50) + 1, 'x', null, null)
          fig.run(rid, 'ps', fy, fy, '2', 2, 'x', null, null)
        }
      }
    }
  })()
}

interface Step {
  id: number
  parent: number
  detail: string
}
interface Plan {
  sql: string
  steps: Step[]
}

/** Runs one handler and returns the plan of every distinct statement it executed. */
function plans(method: string, input: unknown): Plan[] {
  const db = w.db
  const seen = new Map<string, unknown[]>()
  const prepare = db.prepare.bind(db)
  const wrap = (sql: string) => {
    const stmt = prepare(sql)
    const proxy: unknown = new Proxy(stmt, {
      get(target, key) {
        const v = (target as unknown as Record<PropertyKey, unknown>)[key]
        if (typeof v !== 'function') return v
        if (key === 'all' || key === 'get' || key === 'run' || key === 'iterate') {
          return (...args: unknown[]) => {
            if (!seen.has(sql)) seen.set(sql, args)
            return (v as (...a: unknown[]) => unknown).apply(target, args)
          }
        }
        return (...args: unknown[]) => {
          const r = (v as (...a: unknown[]) => unknown).apply(target, args)
          return r === target ? proxy : r // pluck(), raw(), … return the statement
        }
      },
    })
    return proxy
  }
  ;(db as unknown as { prepare: unknown }).prepare = wrap
  let r
  try {
    r = dispatch(h, method, input)
  } finally {
    delete (db as unknown as { prepare?: unknown }).prepare
  }
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`)
  return [...seen].filter(([sql]) => /^\s*(WITH|SELECT)/i.test(sql)).map(([sql, args]) => ({ sql, steps: db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(args as unknown[])) as Step[] }))
}

/** Names a table goes by in a statement: itself and its aliases. */
function namesOf(sql: string, table: string): Set<string> {
  const names = new Set([table])
  const keywords = new Set(['where', 'join', 'on', 'left', 'inner', 'cross', 'group', 'order', 'limit', 'using', 'indexed', 'set', 'values'])
  for (const m of sql.matchAll(new RegExp(`\\b${table}\\s+(?:AS\\s+)?([A-Za-z_]\\w*)`, 'gi'))) if (!keywords.has(m[1]!.toLowerCase())) names.add(m[1]!)
  return names
}

/** Plan steps that read `table` (by name or alias), each with whether it sits in a per-row subquery. */
function accesses(p: Plan, table: string): { detail: string; perRow: boolean; scalarProbe: boolean }[] {
  const names = namesOf(p.sql, table)
  const byId = new Map(p.steps.map((s) => [s.id, s]))
  const out = []
  for (const s of p.steps) {
    const m = /^(SCAN|SEARCH) (\S+)/.exec(s.detail)
    if (!m || !names.has(m[2]!)) continue
    const ancestors: string[] = []
    for (let a = byId.get(s.parent); a; a = byId.get(a.parent)) ancestors.push(a.detail)
    const perRow = ancestors.some((d) => d.startsWith('CORRELATED'))
    const scalarProbe = ancestors[0]?.startsWith('CORRELATED SCALAR SUBQUERY') === true && /\bmin\(|\bmax\(/i.test(p.sql)
    out.push({ detail: s.detail, perRow, scalarProbe })
  }
  return out
}

const show = (p: Plan) => `${p.sql.replace(/\s+/g, ' ').slice(0, 300)}\n    ${p.steps.map((s) => s.detail).join('\n    ')}`

/** The rules of the header, as a list of violations (empty = fine). */
function violations(ps: Plan[], opts: { rowScanAllowed: boolean }): string[] {
  const bad: string[] = []
  for (const p of ps) {
    for (const a of accesses(p, 'valuation_figure')) {
      const byRow = /\(row_id=/.test(a.detail)
      if (a.detail.startsWith('SCAN') || !(byRow || a.scalarProbe)) bad.push(`figures read without a row_id: ${a.detail}\n  ${show(p)}`)
    }
    const rows = accesses(p, 'valuation_row')
    const scans = rows.filter((a) => a.detail.startsWith('SCAN'))
    for (const a of scans) {
      if (!opts.rowScanAllowed) bad.push(`valuation rows scanned where an index should be used: ${a.detail}\n  ${show(p)}`)
      else if (a.perRow) bad.push(`valuation rows scanned once per row (quadratic): ${a.detail}\n  ${show(p)}`)
    }
    if (scans.length > 1) bad.push(`valuation rows scanned ${scans.length} times in one statement\n  ${show(p)}`)
  }
  return bad
}

const PAGE = { currency: 'USD', limit: 50 }

describe('valuations.page', () => {
  it.each([
    ['market cap', { ...PAGE, sort: [{ col: 'marketCap', dir: 'desc' }] }],
    ['P/E FY24E', { ...PAGE, sort: [{ col: 'pe:FY24E', dir: 'desc' }] }],
    ['P/S FY23E, converted to CNY', { ...PAGE, currency: 'CNY', sort: [{ col: 'ps:FY23E', dir: 'asc' }] }],
    ['layer, grouped', { ...PAGE, groupByLayer: true, sort: [{ col: 'marketCap', dir: 'desc' }] }],
    ['a layer and a search', { ...PAGE, layerId: 'infra', search: 'Synthetic 1', sort: [{ col: 'pe:FY24E', dir: 'desc' }] }],
    ['a P/E range, latest rows only', { ...PAGE, latestOnly: true, ranges: [{ col: 'pe:FY23E', min: 5, max: 30 }], sort: [{ col: 'marketCap', dir: 'desc' }] }],
  ])('first page of the whole workspace sorted/filtered by %s: rows scanned once, figures never', (_what, input) => {
    const ps = plans('valuations.page', input)
    expect(ps.length).toBeGreaterThan(3)
    expect(violations(ps, { rowScanAllowed: true })).toEqual([])
  })

  it.each([
    ['a report, sorted by market cap', { ...PAGE, reportId: 'syn', sort: [{ col: 'marketCap', dir: 'desc' }] }],
    ['a report, sorted by P/E FY24E', { ...PAGE, reportId: 'syn', sort: [{ col: 'pe:FY24E', dir: 'asc' }] }],
    ['a report and a layer, grouped', { ...PAGE, reportId: 'syn', layerId: 'model', groupByLayer: true }],
    ['a table and a search', { ...PAGE, tableId: 1, search: '腾讯' }],
  ])('filtered to %s: valuation rows through an index', (_what, input) => {
    expect(violations(plans('valuations.page', input), { rowScanAllowed: false })).toEqual([])
  })

  // Was a bug (fixed in page.ts with `+p.is_primary`): SQLite took the (is_primary, node_id)
  // index for `security_node p WHERE p.security_id = ? AND p.is_primary = 1` and read every
  // primary placement of the workspace for EACH valuation row (2.8 s at 4,000 securities for a
  // layer filter; 3 ms through the primary key).
  it('looks up each row’s primary layer by its security, not through every primary placement', () => {
    const bad = plans('valuations.page', { ...PAGE, layerId: 'infra', groupByLayer: true, sort: [{ col: 'layer', dir: 'asc' }] })
      .flatMap((p) => accesses(p, 'security_node').filter((a) => !/\(security_id=/.test(a.detail)).map((a) => `${a.detail}\n  ${show(p)}`))
    expect(bad).toEqual([])
  })
})

describe('compare.run', () => {
  const base = { metric: 'pe', fyKey: 'FY23E', currency: 'USD', nmRule: true, level: 'layer' }
  it.each([
    ['P/E FY23E, whole workspace', base, true],
    ['market cap by segment, whole workspace', { ...base, metric: 'marketCap', fyKey: null, level: 'segment' }, true],
    ['P/E FY24E, one report', { ...base, fyKey: 'FY24E', reportId: 'syn' }, false],
    ['P/S FY22E, one table', { ...base, metric: 'ps', fyKey: 'FY22E', tableId: 3 }, false],
  ])('%s: the latest row per security in SQL, figures by row', (_what, input, wholeWorkspace) => {
    const ps = plans('compare.run', input)
    expect(ps.some((p) => /row_number\(\) OVER/.test(p.sql))).toBe(true)
    expect(violations(ps, { rowScanAllowed: wholeWorkspace as boolean })).toEqual([])
  })

  it('valuations.facets lists fiscal years with a skip-scan, not a read of every figure', () => {
    expect(violations(plans('valuations.facets', {}), { rowScanAllowed: false })).toEqual([])
  })
})

describe('securities.get and quality.page', () => {
  it('securities.get: every query through an index', () => {
    const ps = plans('securities.get', { id: 'SYN7.US' })
    expect(violations(ps, { rowScanAllowed: false })).toEqual([])
    for (const t of ['coverage', 'security', 'security_alias', 'security_node']) {
      for (const p of ps) expect(accesses(p, t).filter((a) => a.detail.startsWith('SCAN')), `${t}\n${show(p)}`).toEqual([])
    }
  })

  it.each([{}, { reportId: 'r000' }, { code: 'extraction' }, { code: 'as-of-missing', reportId: 'syn', offset: 100 }])('quality.page %j', (input) => {
    expect(violations(plans('quality.page', input), { rowScanAllowed: false })).toEqual([])
  })
})

describe('history', () => {
  it.each([
    ['history.list', { limit: 50 }],
    ['history.list', { limit: 50, beforeId: 100 }],
    ['history.get', { id: 50 }],
    ['history.undo', {}],
    ['history.redo', {}],
  ])('%s %j: no scan of the change log', (method, input) => {
    const ps = plans(method, input)
    expect(ps.length).toBeGreaterThan(0)
    for (const p of ps) {
      expect(accesses(p, 'change').filter((a) => a.detail.startsWith('SCAN')), show(p)).toEqual([])
      const listScan = /ORDER BY id DESC LIMIT \?$/.test(p.sql.trim()) && !/WHERE/.test(p.sql)
      if (!listScan) expect(accesses(p, 'change_set').filter((a) => a.detail.startsWith('SCAN')), show(p)).toEqual([])
    }
  })
})
