/**
 * FX input that makes sense: a rate far from the currency's neighbouring rate (a 10× typo) is
 * refused as a conflict until confirmed; any currency with a rate can be the reporting currency,
 * and one without a rate is refused rather than answering "no rate" for every market cap.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { handlersFor } from '../helpers/api'
import { dumpDb, tempWorkspace } from '../helpers/workspace'

type Ws = ReturnType<typeof tempWorkspace>
type Rate = { currency: string; asOf: string; perUsd: number; source: string }

describe('fx input', () => {
  let ws: Ws
  let h: ReturnType<typeof handlersFor>
  beforeEach(() => {
    ws = tempWorkspace()
    h = handlersFor(ws)
  })
  afterEach(() => ws.cleanup())
  const rates = () => h.call<Rate[]>('fx.list')
  const cny = () => rates().filter((r) => r.currency === 'CNY')

  it('refuses a 10× typo on CNY with fx.jump and changes nothing', () => {
    const bundled = cny().find((r) => r.asOf === '2023-02-08')!
    expect(bundled.perUsd).toBe(6.79)
    const before = dumpDb(ws.db)
    const e = h.fail('fx.set', { currency: 'CNY', asOf: '2023-03-01', perUsd: 67.9, source: 'typo' })
    expect(e).toMatchObject({
      kind: 'conflict',
      code: 'fx.jump',
      field: 'perUsd',
      params: { currency: 'CNY', previous: 6.79, previousAsOf: '2023-02-08', perUsd: 67.9, changePct: 900 },
    })
    expect(e.message).toMatch(/confirmJump/)
    // Editing the bundled rate in place is checked against the earlier one (2022-11-24, 7.15).
    expect(h.fail('fx.set', { ...bundled, perUsd: 67.9 }).params).toMatchObject({ previous: 7.15, previousAsOf: '2022-11-24', changePct: 849.7 })
    // Before the currency's first rate, the nearest later one is the reference.
    expect(h.fail('fx.set', { currency: 'CNY', asOf: '2020-01-02', perUsd: 0.715, source: 'typo' }).params).toMatchObject({ previous: 7.15, previousAsOf: '2022-11-24', changePct: -90 })
    expect(dumpDb(ws.db)).toBe(before)
  })

  it('saves the jump with confirmJump, and undo takes it back', () => {
    const before = cny()
    const beforeDump = dumpDb(ws.db)
    expect(h.call('fx.set', { currency: 'CNY', asOf: '2023-03-01', perUsd: 67.9, source: 'meant it', confirmJump: true })).toEqual({ ok: true })
    expect(cny().find((r) => r.asOf === '2023-03-01')).toMatchObject({ perUsd: 67.9, source: 'meant it' })
    h.call('history.undo')
    expect(cny()).toEqual(before)
    expect(dumpDb(ws.db).split('\n').find((l) => l.startsWith('fx_rate:'))).toBe(beforeDump.split('\n').find((l) => l.startsWith('fx_rate:')))
  })

  it('lets ordinary moves through and refuses a confirmJump that is not true', () => {
    expect(h.call('fx.set', { currency: 'CNY', asOf: '2023-03-01', perUsd: 6.95, source: 'ok' })).toEqual({ ok: true })
    expect(h.fail('fx.set', { currency: 'CNY', asOf: '2023-03-02', perUsd: 6.95, source: 'x', confirmJump: false })).toMatchObject({ kind: 'input', field: 'confirmJump' })
  })

  it('saves a first GBP rate without a confirm; GBP is then a reporting currency, an ISO code without a rate is refused', () => {
    const compare = { metric: 'marketCap', fyKey: null, nmRule: true, level: 'layer' }
    for (const [m, input] of [
      ['compare.run', compare],
      ['valuations.page', {}],
      ['chain.map', { metric: 'marketCap', fyKey: null }],
    ] as const) {
      expect(h.fail(m, { ...input, currency: 'GBP' })).toMatchObject({ kind: 'input', code: 'currency.noRate', field: 'currency', params: { currency: 'GBP' } })
    }
    expect(h.call('fx.set', { currency: 'GBP', asOf: '2023-02-08', perUsd: 0.83, source: 'hand' })).toEqual({ ok: true })

    const usd = h.call<{ groups: { node: { id: string }; stats: { totalMcap: number } }[] }>('compare.run', { ...compare, currency: 'USD' })
    const gbp = h.call<{ groups: { node: { id: string }; stats: { totalMcap: number } }[] }>('compare.run', { ...compare, currency: 'GBP' })
    const g = usd.groups.find((x) => x.stats.totalMcap > 0)!
    const same = gbp.groups.find((x) => x.node.id === g.node.id)!
    // every figure near 2023-02-08 converts through USD at 0.83 GBP per USD
    expect(same.stats.totalMcap / g.stats.totalMcap).toBeGreaterThan(0.8)
    expect(same.stats.totalMcap / g.stats.totalMcap).toBeLessThan(0.86)

    const page = h.call<{ rows: { mcapReporting: number | null }[] }>('valuations.page', { currency: 'GBP', sort: [{ col: 'marketCap', dir: 'desc' }], limit: 5 })
    expect(page.rows.some((r) => r.mcapReporting != null && r.mcapReporting > 0)).toBe(true)
    expect(h.call('chain.map', { metric: 'marketCap', fyKey: null, currency: 'GBP' })).toMatchObject({ currency: 'GBP' })

    // still refused: an ISO currency with no rate, and a code that is not ISO 4217
    expect(h.fail('compare.run', { ...compare, currency: 'EUR' })).toMatchObject({ code: 'currency.noRate', params: { currency: 'EUR' } })
    expect(h.fail('valuations.page', { currency: 'JPY' })).toMatchObject({ code: 'currency.noRate' })
    expect(h.fail('compare.run', { ...compare, currency: 'ZZZ' })).toMatchObject({ code: 'currency.unknown' })
    // deleting GBP's only rate takes it off the list again
    h.call('fx.delete', { currency: 'GBP', asOf: '2023-02-08' })
    expect(h.fail('valuations.page', { currency: 'GBP' })).toMatchObject({ code: 'currency.noRate' })
  })
})
