import { afterEach, describe, expect, it } from 'vitest'
import { parseInput } from '../../shared/contract'
import { fastPage, fxFactors, groupedFastPage, pageIds } from '../../electron/main/domains/valuations/page'
import { rowWriter } from '../../electron/main/domains/valuations/write'
import { listFx } from '../../electron/main/domains/fx/queries'
import { createHandlers } from '../../electron/main/api/handlers'
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { tempWorkspace } from '../helpers/workspace'

/**
 * The indexed market-cap walk (mcapWalk.ts) must give exactly the SQL path's order, in USD and
 * in currencies whose rate differs by date, at any offset, with filters, and must follow FX edits.
 */
const spaces: ReturnType<typeof tempWorkspace>[] = []
afterEach(() => spaces.splice(0).forEach((w) => w.cleanup()))

function universe() {
  const w = tempWorkspace()
  spaces.push(w)
  const { db } = w
  db.prepare("INSERT INTO report(id, origin, institution) VALUES ('bench-x', 'bench', 'Synthetic')").run()
  // two dates with different CNY and HKD rates, so converting changes the order
  db.prepare("INSERT INTO fx_rate(currency, as_of, per_usd, source) VALUES ('CNY', '2024-01-31', 7.1, 't'), ('CNY', '2024-06-28', 7.3, 't'), ('HKD', '2024-01-31', 7.8, 't'), ('HKD', '2024-06-28', 7.9, 't')").run()
  const t1 = Number(db.prepare("INSERT INTO valuation_table(report_id, seq, label, as_of_date) VALUES ('bench-x', 1, 'A', '2024-01-31')").run().lastInsertRowid)
  const t2 = Number(db.prepare("INSERT INTO valuation_table(report_id, seq, label, as_of_date) VALUES ('bench-x', 2, 'B', '2024-06-28')").run().lastInsertRowid)
  const secs = db.prepare("SELECT id, currency FROM security WHERE currency IN ('USD', 'CNY', 'HKD') ORDER BY id").all() as { id: string; currency: 'USD' | 'CNY' | 'HKD' }[]
  const writer = rowWriter(db)
  let seed = 7
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
  secs.forEach((s, n) => {
    for (const [ti, tid] of [t1, t2].entries()) {
      const cap = rnd() < 0.1 ? 'NA' : (rnd() * 500_000).toFixed(1)
      writer.write(tid, { row: n + 1, line: null, company: s.id, tickerPrinted: null, aggregate: false, layerLabel: null, flags: [], figures: [{ metric: 'marketCap', fy: null, printed: cap, unit: '百万' }] } as never, s.id, s.currency)
      void ti
    }
  })
  return w
}

const input = (o: Record<string, unknown>) => parseInput('valuations.page', { sort: [{ col: 'marketCap', dir: 'desc' }], ...o })

describe('valuations.page market-cap walk', () => {
  it('matches the SQL order in USD, CNY and HKD, at every offset, with and without filters', () => {
    const w = universe()
    const rates = listFx(w.db)
    let checked = 0
    for (const currency of ['USD', 'CNY', 'HKD']) {
      for (const filter of [{}, { market: 'CN-A' }, { reportId: 'bench-x' }, { search: '.HK' }]) {
        for (const [offset, limit, dir] of [[0, 10, 'desc'], [0, 100, 'desc'], [7, 13, 'desc'], [150, 100, 'desc'], [300, 200, 'desc'], [0, 50, 'asc'], [40, 30, 'asc'], [250, 100, 'asc']] as const) {
          const i = input({ currency, offset, limit, ...filter, sort: [{ col: 'marketCap', dir }] })
          const fast = fastPage(w.db, i, rates)
          expect(fast, 'walk taken').not.toBeNull()
          expect(fast, `${currency} ${JSON.stringify(filter)} ${offset}+${limit}`).toEqual(pageIds(w.db, i, fxFactors(w.db, currency, rates)))
          checked += fast!.length
        }
      }
    }
    expect(checked).toBeGreaterThan(1500)
  })

  it('grouped by layer, by market cap or unsorted: the SQL order, layer after layer (unplaced last), at every offset; the group counts as counted row by row', () => {
    const w = universe()
    // a few securities not placed anywhere: the last group is walked too
    w.db.prepare('DELETE FROM security_node WHERE security_id IN (SELECT id FROM security ORDER BY id LIMIT 6)').run()
    const rates = listFx(w.db)
    const h = createHandlers(w)
    const layer = w.db.prepare("SELECT id FROM chain_node WHERE kind = 'layer' ORDER BY position LIMIT 1 OFFSET 1").pluck().get() as string
    let checked = 0
    for (const currency of ['USD', 'CNY']) {
      for (const filter of [{}, { market: 'CN-A' }, { search: '.HK' }, { layerId: layer }]) {
        const all = pageIds(w.db, { ...input({ currency, ...filter, groupByLayer: true }), limit: 100_000 }, fxFactors(w.db, currency, rates))
        const offsets = [0, 7, 60, 99, 150, 230, all.length - 30, all.length - 1, all.length + 5].filter((o) => o >= 0)
        for (const offset of offsets) {
          for (const [limit, dir] of [[100, 'desc'], [37, 'asc'], [50, null]] as const) {
            // no sort: printed order (report, table, row) within each layer
            const i = input({ currency, offset, limit, ...filter, groupByLayer: true, sort: dir ? [{ col: 'marketCap', dir }] : [] })
            const fast = groupedFastPage(w.db, i, rates, fxFactors(w.db, currency, rates))
            expect(fast, 'walk taken').not.toBeNull()
            expect(fast, `${currency} ${JSON.stringify(filter)} ${offset}+${limit} ${dir}`).toEqual(pageIds(w.db, i, fxFactors(w.db, currency, rates)))
            checked += fast!.length
          }
        }
        // the groups of the first block, against the rows' own layers
        const r = dispatch(h, 'valuations.page', { ...filter, currency, groupByLayer: true, limit: 0 })
        if (!r.ok) throw new Error(r.error.message)
        const rows: { layerId: string | null }[] = []
        for (let offset = 0; offset < all.length; offset += 1000) {
          rows.push(...(dispatch(h, 'valuations.page', { ...filter, currency, offset, limit: 1000, counts: false }) as { ok: true; result: { rows: { layerId: string | null }[] } }).result.rows)
        }
        expect(rows.length).toBe(all.length)
        const naive = new Map<string | null, number>()
        for (const x of rows) naive.set(x.layerId, (naive.get(x.layerId) ?? 0) + 1)
        const groups = (r.result as { groups: { layerId: string | null; count: number }[] }).groups
        expect(new Map(groups.map((g) => [g.layerId, g.count])), JSON.stringify(filter)).toEqual(naive)
        if (!('layerId' in filter)) expect(groups.at(-1)!.layerId, 'unplaced last').toBeNull()
      }
    }
    expect(checked).toBeGreaterThan(2000)
  })

  it('follows FX edits and their undo', () => {
    const w = universe()
    const h = createHandlers(w)
    const top = () => (dispatch(h, 'valuations.page', { sort: [{ col: 'marketCap', dir: 'desc' }], limit: 50 }) as { ok: true; result: { rows: { id: number; mcapReporting: number | null }[] } }).result.rows
    const before = top()
    // CNY 10× stronger: CNY-listed caps rise in USD into the top rows, and the order follows at once
    expect(dispatch(h, 'fx.set', { currency: 'CNY', asOf: '2024-06-28', perUsd: 0.73, source: 'test', confirmJump: true }).ok).toBe(true)
    const after = top()
    expect(after.map((r) => r.id)).not.toEqual(before.map((r) => r.id))
    const vals = after.map((r) => r.mcapReporting ?? -1)
    expect(vals).toEqual([...vals].sort((a, b) => b - a))
    expect(dispatch(h, 'history.undo', {}).ok).toBe(true)
    expect(top().map((r) => r.id)).toEqual(before.map((r) => r.id))
  })
})
