import { afterEach, describe, expect, it } from 'vitest'
import { dispatchSync as dispatch, type ApiReply } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import type { ApiResults } from '../../shared/contract'
import { REPRODUCE_TOLERANCE } from '../../shared/reproduce'
import { dumpDb, tempWorkspace } from '../helpers/workspace'

const spaces: ReturnType<typeof tempWorkspace>[] = []
afterEach(() => spaces.splice(0).forEach((w) => w.cleanup()))
function setup() {
  const w = tempWorkspace()
  spaces.push(w)
  const h = createHandlers(w)
  const call = <M extends keyof ApiResults>(m: M, input: unknown): ApiResults[M] => {
    const r: ApiReply = dispatch(h, m, input)
    if (!r.ok) throw new Error(r.error.message)
    return r.result as ApiResults[M]
  }
  return { w, h, call }
}

describe("reproducing 招银国际's 图 19 市值加权平均", () => {
  it('matches every printed P/E and P/S column within ±0.1', () => {
    const { call } = setup()
    const tables = call('compare.reproduce', {})
    const t = tables.find((x) => x.reportId === 'r000')!
    expect(t.tableLabel).toMatch(/图 19/)
    const cols = t.columns.map((c) => `${c.metric}:${c.fyKey}`)
    expect(cols).toEqual(['pe:FY22E', 'pe:FY23E', 'pe:FY24E', 'ps:FY22E', 'ps:FY23E', 'ps:FY24E'])
    for (const c of t.columns) {
      expect(c.computed, `${c.metric} ${c.fyKey}`).not.toBeNull()
      expect(Math.abs(c.diff!), `${c.metric} ${c.fyKey}: app ${c.computed} vs printed ${c.printed}`).toBeLessThanOrEqual(REPRODUCE_TOLERANCE)
    }
    // NA cells are left out, as the report does: 商汤 has no P/E, 海天瑞声 none for FY22E
    expect(t.columns.find((c) => c.metric === 'pe' && c.fyKey === 'FY22E')!.rows).toBe(9)
  })
})

describe('compare.run', () => {
  const base = { metric: 'pe', fyKey: 'FY23E', currency: 'USD', nmRule: true, level: 'layer' }

  it('groups by layer with all statistics, NM visible, and recomputes on manual exclusion', () => {
    const { call } = setup()
    const r = call('compare.run', base)
    expect(r.groups.map((g) => g.node.id)).toEqual(['infra', 'model', 'app'])
    const model = r.groups.find((g) => g.node.id === 'model')!
    const haitian = model.members.find((m) => m.securityId === '688787.SH')!
    expect(haitian.value).toBe(129.9)
    expect(haitian.status).toBe('nm-high')
    expect(model.stats.excludedCounts['nm-high']).toBe(1)
    const iflytek = model.members.find((m) => m.securityId === '002230.SZ')!
    const again = call('compare.run', { ...base, excludedRowIds: [iflytek.rowId] })
    const model2 = again.groups.find((g) => g.node.id === 'model')!
    expect(model2.stats.count).toBe(model.stats.count - 1)
    expect(model2.stats.excludedCounts.user).toBe(1)
    // Other members' figures do not move
    const others = (g: typeof model) => g.members.filter((m) => m.rowId !== iflytek.rowId).map((m) => [m.rowId, m.value, m.mcap])
    expect(others(model2)).toEqual(others(model))
  })

  it("leaves out Alibaba's flagged P/E by default, visibly, and includes it when the rule is off", () => {
    const { call } = setup()
    const on = call('compare.run', base)
    const baba = on.groups.flatMap((g) => g.members).filter((m) => m.securityId === 'BABA.US')
    expect(baba.length).toBeGreaterThan(0)
    expect(baba.every((m) => m.status === 'flagged' && m.flagged && m.value === 2)).toBe(true)
    const off = call('compare.run', { ...base, excludeFlagged: false })
    expect(off.groups.flatMap((g) => g.members).filter((m) => m.securityId === 'BABA.US').every((m) => m.status === 'included')).toBe(true)
    // FY22E P/E 13.7 vs P/S 2.1 is plausible: not flagged
    const fy22 = call('compare.run', { ...base, fyKey: 'FY22E' })
    expect(fy22.groups.flatMap((g) => g.members).find((m) => m.securityId === 'BABA.US')!.status).toBe('included')
  })

  it('includes NM multiples when the rule is switched off', () => {
    const { call } = setup()
    const on = call('compare.run', base).groups.find((g) => g.node.id === 'model')!
    const off = call('compare.run', { ...base, nmRule: false }).groups.find((g) => g.node.id === 'model')!
    expect(off.stats.count).toBe(on.stats.count + 1)
    expect(off.stats.max).toBe(129.9)
  })

  it('computes premium to the layer aggregate and derived figures per security', () => {
    const { call } = setup()
    const r = call('compare.run', base)
    const infra = r.groups.find((g) => g.node.id === 'infra')!
    const msft = infra.members.find((m) => m.securityId === 'MSFT.US')!
    expect(msft.premiumToLayerAggregate).toBeCloseTo(28.6 / infra.stats.aggregate! - 1, 9)
    expect(msft.impliedNetMargin).toBeCloseTo(9.4 / 28.6, 9)
    expect(msft.epsGrowth).toBeCloseTo(28.6 / 24.5 - 1, 9)
    expect(msft.peg).toBeCloseTo(28.6 / ((28.6 / 24.5 - 1) * 100), 9)
  })

  it('converts market caps to the reporting currency and never adds unconverted ones', () => {
    const { w, call } = setup()
    const usd = call('compare.run', { ...base, metric: 'marketCap', fyKey: null, level: 'segment' })
    const cny = call('compare.run', { ...base, metric: 'marketCap', fyKey: null, level: 'segment', currency: 'CNY' })
    const chips = (r: typeof usd) => r.groups.find((g) => g.node.id === 'infra.chips')!
    const nv = (r: typeof usd) => chips(r).members.find((m) => m.securityId === 'NVDA.US')!
    expect(nv(usd).mcap).toBe(546243)
    expect(nv(cny).mcap).toBeCloseTo(546243 * 6.79, 3)
    // Remove the HKD rates: HKD market caps are refused (unweighted, fx-missing), not summed as if USD
    w.db.prepare("DELETE FROM fx_rate WHERE currency = 'HKD'").run()
    const noHkd = call('compare.run', { ...base, metric: 'pe', currency: 'USD' })
    const tencent = noHkd.groups.flatMap((g) => g.members).find((m) => m.securityId === '0700.HK')!
    expect(tencent.mcapLocalCurrency).toBe('USD') // 图 19 prints caps in 百万美元: no FX needed
    const mixed = call('compare.run', { ...base, metric: 'marketCap', fyKey: null, level: 'segment' })
    const nio = mixed.groups.flatMap((g) => g.members).find((m) => m.securityId === '9866.HK')!
    expect(nio.mcap).toBeNull()
    expect(nio.fxMissing).toMatch(/HKD/)
  })

  it('rejects a P/E comparison without a fiscal year, naming the field, and changes nothing', () => {
    const { w, h } = setup()
    const before = dumpDb(w.db)
    const r = dispatch(h, 'compare.run', { ...base, fyKey: null })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toMatch(/fyKey/)
    expect(dumpDb(w.db)).toBe(before)
  })
})

describe('data-quality flags', () => {
  it("flag Alibaba's implausible FY23E/FY24E P/E vs P/S, and nothing else of that kind", () => {
    const { call } = setup()
    const { flags, counts } = call('quality.flags', {})
    const margin = flags.filter((f) => f.code === 'implausible-margin')
    expect(margin.map((f) => `${f.securityId} ${f.fyKey}`).sort()).toEqual(['BABA.US FY23E', 'BABA.US FY24E'])
    expect(counts['implausible-margin']).toBe(2)
  })
  it('flag cells whose unit contradicts the caption', () => {
    const { call } = setup()
    const { flags } = call('quality.flags', {})
    const unit = flags.filter((f) => f.code === 'unit-vs-caption').map((f) => f.securityId)
    expect(unit.sort()).toEqual(['0020.HK', '2015.HK', '688256.SH', '9866.HK', '9868.HK'])
  })
  it('never change a stored value', () => {
    const { w, call } = setup()
    const before = dumpDb(w.db)
    call('quality.flags', {})
    call('compare.run', base0())
    expect(dumpDb(w.db)).toBe(before)
  })
})

function base0() {
  return { metric: 'pe', fyKey: 'FY23E', currency: 'USD', nmRule: true, level: 'layer' }
}

describe('chain edits', () => {
  it('crosswalk edits rebuild derived assignments; a hand placement sticks', () => {
    const { call } = setup()
    const before = call('chain.get', {})
    const row = before.crosswalk.find((c) => c.reportId === 'r004' && c.label === '算力')!
    expect(row.nodeIds).toEqual(['infra'])
    call('chain.setCrosswalk', { reportId: 'r004', label: '算力', nodeIds: ['infra.optical'] })
    const after = call('chain.get', {})
    expect(after.crosswalk.find((c) => c.reportId === 'r004' && c.label === '算力')!.nodeIds).toEqual(['infra.optical'])
    call('securities.setNodes', { securityId: 'NVDA.US', nodeIds: ['infra.chips', 'model.foundation'] })
    call('chain.setCrosswalk', { reportId: 'r004', label: '算力', nodeIds: ['infra'] })
    const nv = call('chain.get', {}).assignments.find((a) => a.securityId === 'NVDA.US')!
    expect(nv).toMatchObject({ nodeIds: ['infra.chips', 'model.foundation'], locked: true })
    call('securities.resetNodes', { securityId: 'NVDA.US' })
    expect(call('chain.get', {}).assignments.find((a) => a.securityId === 'NVDA.US')!.locked).toBe(false)
  })
  it('refuses unknown nodes and leaves everything as it was', () => {
    const { w, h } = setup()
    const before = dumpDb(w.db)
    const r = dispatch(h, 'securities.setNodes', { securityId: 'NVDA.US', nodeIds: ['infra.chips', 'no.such.node'] })
    expect(r).toMatchObject({ ok: false, error: { kind: 'not-found', code: 'chain.nodeNotFound' } })
    if (!r.ok) expect(r.error.message).toMatch(/no\.such\.node/)
    expect(dumpDb(w.db)).toBe(before)
  })
  it('edits FX rates with validation', () => {
    const { call, h } = setup()
    call('fx.set', { currency: 'GBP', asOf: '2022-11-24', perUsd: 0.83, source: 'test' })
    expect(call('fx.list', {}).some((r) => r.currency === 'GBP')).toBe(true)
    for (const bad of [{ currency: 'USD', asOf: '2022-11-24', perUsd: 1, source: 'x' }, { currency: 'GBP', asOf: '2022-13-45', perUsd: 1, source: 'x' }, { currency: 'GBP', asOf: '2022-11-24', perUsd: -1, source: 'x' }]) {
      expect(dispatch(h, 'fx.set', bad).ok).toBe(false)
    }
  })
})
