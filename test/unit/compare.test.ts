import { describe, expect, it } from 'vitest'
import { compareLayers, type ChainNode, type CompareOptions } from '../../shared/compare'
import type { FxRate } from '../../shared/fx'
import { vrow } from '../helpers/rows'

const nodes: ChainNode[] = [
  { id: 'infra', parentId: null, kind: 'layer', position: 1, nameZh: '基础', nameEn: 'Infra' },
  { id: 'infra.chips', parentId: 'infra', kind: 'segment', position: 1, nameZh: '芯片', nameEn: 'Chips' },
  { id: 'app', parentId: null, kind: 'layer', position: 2, nameZh: '应用', nameEn: 'Apps' },
]
const rates: FxRate[] = [{ currency: 'HKD', perUsd: 7.8, asOf: '2023-02-08', source: 't' }]
const opts: CompareOptions = { metric: 'pe', fyKey: 'FY23E', currency: 'USD', nmRule: true, nmCap: 100, excludeFlagged: true, level: 'layer', primaryOnly: false, excludedRowIds: [] }
const mc = (value: number, currency: string) => ({ metric: 'marketCap', value, valueMn: value, currency, printed: String(value) })
const pe = (value: number) => ({ metric: 'pe', fyKey: 'FY23E', value, printed: String(value) })

describe('compareLayers', () => {
  const usd = vrow({ id: 1, securityId: 'A.US', figures: [mc(1000, 'USD'), pe(10)] })
  const hkd = vrow({ id: 2, securityId: 'B.HK', figures: [mc(7800, 'HKD'), pe(20)] })
  const gbp = vrow({ id: 3, securityId: 'C.LN', figures: [mc(500, 'GBP'), pe(30)] })
  const assign = new Map([
    ['A.US', ['infra.chips']],
    ['B.HK', ['infra.chips', 'app']],
    ['C.LN', ['infra']],
  ])

  it('converts mixed-currency market caps before weighting, and refuses one without a rate', () => {
    const r = compareLayers([usd, hkd, gbp], assign, nodes, rates, opts)
    const infra = r.groups.find((g) => g.node.id === 'infra')!
    expect(infra.members.find((m) => m.rowId === 2)!.mcap).toBeCloseTo(1000, 9) // 7800 HKD at 7.8
    expect(infra.stats.totalMcap).toBeCloseTo(2000, 9) // GBP cap not added
    expect(infra.stats.unweighted).toEqual([{ key: '3', reason: 'fx-missing' }])
    expect(infra.stats.weightedMean).toBeCloseTo(15, 9) // (1000·10 + 1000·20) / 2000
    expect(infra.stats.mean).toBeCloseTo(20, 9) // GBP row still counts in the mean
  })

  it('counts a security in every layer it sits in, or only its primary one', () => {
    const all = compareLayers([usd, hkd], assign, nodes, rates, opts)
    expect(all.groups.find((g) => g.node.id === 'app')!.members.map((m) => m.rowId)).toEqual([2])
    const primary = compareLayers([usd, hkd], assign, nodes, rates, { ...opts, primaryOnly: true })
    expect(primary.groups.find((g) => g.node.id === 'app')!.members).toEqual([])
  })

  it('takes the latest row per security and lists securities placed nowhere', () => {
    const old = vrow({ id: 4, securityId: 'A.US', asOfDate: '2022-01-01', figures: [mc(900, 'USD'), pe(99)] })
    const lone = vrow({ id: 5, securityId: 'Z.US', figures: [mc(10, 'USD'), pe(5)] })
    const r = compareLayers([old, usd, lone], assign, nodes, rates, opts)
    expect(r.groups.flatMap((g) => g.members).map((m) => m.rowId)).toEqual([1])
    expect(r.unassigned.map((u) => u.securityId)).toEqual(['Z.US'])
  })

  it('gives segment medians and layer aggregates to each member', () => {
    const r = compareLayers([usd, hkd], assign, nodes, rates, { ...opts, level: 'segment' })
    const chips = r.groups.find((g) => g.node.id === 'infra.chips')!
    expect(chips.stats.median).toBe(15)
    expect(chips.members.find((m) => m.rowId === 1)!.premiumToSegmentMedian).toBeCloseTo(10 / 15 - 1, 9)
  })
})
