import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DriverKind, Scenario, ScenarioSet } from '../../shared/scenario'
import { computeScenario, computeScenarios, impliedSharesMn, type MarketFacts } from '../../shared/scenarioMath'

const market = (o: Partial<MarketFacts> = {}): MarketFacts => ({
  price: 40,
  priceCurrency: 'CNY',
  priceAsOf: '2024-03-01',
  priceSource: 'test',
  mcapMn: 80_000,
  mcapCurrency: 'CNY',
  ...o,
})

const sc = (name: string, probability: number, kind: DriverKind, value: number, multiple: number, currency = 'CNY'): Scenario => ({
  name,
  probability,
  driver: { kind, value, fyKey: 'FY24E', currency },
  multiple: { kind: kind === 'eps' || kind === 'netIncome' ? 'pe' : 'ps', value: multiple },
  horizon: '12m',
  rationale: '',
  assumptions: '',
  disproof: '',
  checks: [],
})

const set = (...scenarios: Scenario[]): ScenarioSet => ({ scenarios, writtenAt: '2024-03-01T00:00:00Z' })

describe('computeScenario: worked examples', () => {
  it('EPS 2.0 × 25 = 50 against a price of 40: +25%, market pays 20× today', () => {
    const r = computeScenario(sc('base', 100, 'eps', 2, 25), market())
    expect(r.targetPrice).toBe(50)
    expect(r.upside).toBe(0.25)
    expect(r.impliedMultipleToday).toBe(20)
    // shares = 80,000 mn ÷ 40 = 2,000 mn → target mcap 100,000 mn
    expect(r.targetMcapMn).toBe(100_000)
    expect(r.currency).toBe('CNY')
    expect(r.problems).toEqual([])
  })

  it('net income 5,000 mn × 20 = 100,000 mn mcap; 80,000 mn at 40 → 2,000 mn shares → target 50', () => {
    expect(impliedSharesMn(market()).value).toBe(2_000)
    const r = computeScenario(sc('base', 100, 'netIncome', 5_000, 20), market())
    expect(r.targetMcapMn).toBe(100_000)
    expect(r.targetPrice).toBe(50)
    expect(r.upside).toBe(0.25)
    // 80,000 ÷ 5,000: the market pays 16× this scenario's earnings
    expect(r.impliedMultipleToday).toBe(16)
    expect(r.problems).toEqual([])
  })

  it('sales per share and revenue work the same way with P/S', () => {
    const a = computeScenario(sc('base', 100, 'sps', 8, 5), market())
    expect(a).toMatchObject({ targetPrice: 40, upside: 0, impliedMultipleToday: 5, targetMcapMn: 80_000 })
    const b = computeScenario(sc('base', 100, 'revenue', 20_000, 3), market())
    expect(b).toMatchObject({ targetMcapMn: 60_000, targetPrice: 30, upside: -0.25, impliedMultipleToday: 4 })
  })

  it('a downside target gives a negative upside', () => {
    const r = computeScenario(sc('bear', 100, 'eps', 2, 15), market())
    expect(r.targetPrice).toBe(30)
    expect(r.upside).toBe(-0.25)
  })

  it('negative or zero EPS: no target, no upside, no implied P/E, and says why', () => {
    for (const v of [-1.5, 0]) {
      const r = computeScenario(sc('bear', 100, 'eps', v, 25), market())
      expect(r.targetPrice).toBeNull()
      expect(r.targetMcapMn).toBeNull()
      expect(r.upside).toBeNull()
      expect(r.impliedMultipleToday).toBeNull()
      expect(r.problems).toContain('negative-driver')
    }
    const n = computeScenario(sc('bear', 100, 'netIncome', -300, 20), market())
    expect(n.targetPrice).toBeNull()
    expect(n.problems).toEqual(['negative-driver'])
  })

  it('driver currency differs from the price currency: target stays in the driver currency, upside null', () => {
    // e.g. an H share priced in HKD with EPS printed in CNY: never converted silently
    const r = computeScenario(sc('base', 100, 'eps', 2, 25, 'CNY'), market({ priceCurrency: 'HKD', mcapCurrency: 'HKD' }))
    expect(r.targetPrice).toBe(50)
    expect(r.currency).toBe('CNY')
    expect(r.upside).toBeNull()
    expect(r.impliedMultipleToday).toBeNull()
    expect(r.problems).toContain('currency-mismatch')
    // shares are currency-free (HKD mcap ÷ HKD price), so the target mcap in CNY is still known
    expect(r.targetMcapMn).toBe(100_000)
  })

  it('total driver in another currency: target price in the driver currency, no upside, no implied multiple', () => {
    const r = computeScenario(sc('base', 100, 'netIncome', 5_000, 20, 'CNY'), market({ priceCurrency: 'HKD', mcapCurrency: 'HKD' }))
    expect(r.targetMcapMn).toBe(100_000)
    expect(r.targetPrice).toBe(50)
    expect(r.upside).toBeNull()
    expect(r.impliedMultipleToday).toBeNull()
    expect(r.problems).toEqual(['currency-mismatch'])
  })

  it('market cap in a different currency from the price (cross-listing): no share count, no conversion', () => {
    const m = market({ priceCurrency: 'HKD', mcapCurrency: 'CNY' })
    expect(impliedSharesMn(m)).toEqual({ value: null, reason: 'mcap-currency-mismatch' })
    const e = computeScenario(sc('base', 100, 'eps', 2, 25, 'HKD'), m)
    expect(e.targetPrice).toBe(50)
    expect(e.upside).toBe(0.25)
    expect(e.targetMcapMn).toBeNull()
    expect(e.problems).toEqual(expect.arrayContaining(['no-shares', 'mcap-currency-mismatch']))
    const n = computeScenario(sc('base', 100, 'netIncome', 5_000, 20, 'CNY'), m)
    expect(n.targetMcapMn).toBe(100_000)
    expect(n.targetPrice).toBeNull()
    expect(n.upside).toBeNull()
    // mcap is in CNY like the driver, so today's P/E on it is still meaningful
    expect(n.impliedMultipleToday).toBe(16)
    expect(n.problems).toEqual(expect.arrayContaining(['no-shares', 'mcap-currency-mismatch']))
  })

  it('no price: targets from per-share drivers still show, upside does not', () => {
    const m = market({ price: null, priceCurrency: null })
    const e = computeScenario(sc('base', 100, 'eps', 2, 25), m)
    expect(e).toMatchObject({ targetPrice: 50, targetMcapMn: null, upside: null, impliedMultipleToday: null })
    expect(e.problems).toEqual(expect.arrayContaining(['no-price', 'no-shares']))
    const n = computeScenario(sc('base', 100, 'netIncome', 5_000, 20), m)
    expect(n).toMatchObject({ targetMcapMn: 100_000, targetPrice: null, upside: null, impliedMultipleToday: 16 })
  })

  it('no market cap: per-share target and upside still work; total drivers get no price target', () => {
    const m = market({ mcapMn: null, mcapCurrency: null })
    const e = computeScenario(sc('base', 100, 'eps', 2, 25), m)
    expect(e).toMatchObject({ targetPrice: 50, upside: 0.25, targetMcapMn: null, impliedMultipleToday: 20 })
    expect(e.problems).toEqual(expect.arrayContaining(['no-shares', 'no-mcap']))
    const n = computeScenario(sc('base', 100, 'netIncome', 5_000, 20), m)
    expect(n).toMatchObject({ targetMcapMn: 100_000, targetPrice: null, upside: null, impliedMultipleToday: null })
    expect(n.problems).toEqual(expect.arrayContaining(['no-shares', 'no-mcap']))
  })

  it('unknown price currency is not assumed to match', () => {
    const r = computeScenario(sc('base', 100, 'eps', 2, 25), market({ priceCurrency: null }))
    expect(r.targetPrice).toBe(50)
    expect(r.upside).toBeNull()
    expect(r.problems).toContain('currency-unknown')
  })
})

describe('computeScenarios: weighting', () => {
  it('bear/base/bull 25/50/25 → weighted target and upside', () => {
    const s = computeScenarios(set(sc('bear', 25, 'eps', 2, 15), sc('base', 50, 'eps', 2, 25), sc('bull', 25, 'eps', 2.5, 30)), market())
    expect(s.results.map((r) => r.targetPrice)).toEqual([30, 50, 75])
    expect(s.probabilityTotal).toBe(100)
    // 0.25·30 + 0.5·50 + 0.25·75 = 7.5 + 25 + 18.75 = 51.25
    expect(s.weightedTargetPrice).toBe(51.25)
    expect(s.weightedCurrency).toBe('CNY')
    expect(s.weightedUpside).toBeCloseTo(51.25 / 40 - 1, 12)
    expect(s.problems).toEqual([])
  })

  it('probabilities totalling 90: a problem and no weighted figures (never normalised)', () => {
    const s = computeScenarios(set(sc('bear', 20, 'eps', 2, 15), sc('base', 50, 'eps', 2, 25), sc('bull', 20, 'eps', 2.5, 30)), market())
    expect(s.probabilityTotal).toBe(90)
    expect(s.problems).toEqual(['probability-total'])
    expect(s.weightedTargetPrice).toBeNull()
    expect(s.weightedUpside).toBeNull()
    // the per-scenario figures are still there
    expect(s.results.map((r) => r.targetPrice)).toEqual([30, 50, 75])
  })

  it('tolerates rounding within 1e-6 of 100, not beyond', () => {
    const ok = computeScenarios(set(sc('a', 100 / 3, 'eps', 1, 30), sc('b', 100 / 3, 'eps', 2, 30), sc('c', 100 / 3, 'eps', 3, 30)), market())
    expect(ok.problems).toEqual([])
    expect(ok.weightedTargetPrice).toBeCloseTo(60, 9)
    const off = computeScenarios(set(sc('a', 50, 'eps', 1, 30), sc('b', 50.00001, 'eps', 2, 30)), market())
    expect(off.problems).toEqual(['probability-total'])
  })

  it('a loss-making bear case is left out of the weight, and the summary says so', () => {
    const s = computeScenarios(set(sc('bear', 25, 'eps', -1, 15), sc('base', 50, 'eps', 2, 25), sc('bull', 25, 'eps', 2.5, 30)), market())
    expect(s.results[0]!.problems).toContain('negative-driver')
    // (50·50 + 25·75) ÷ 75 = 58.333…
    expect(s.weightedTargetPrice).toBeCloseTo((50 * 50 + 25 * 75) / 75, 12)
    expect(s.problems).toEqual(['partial-weight'])
  })

  it('a scenario with zero probability and no target does not make the weight partial', () => {
    const s = computeScenarios(set(sc('wipeout', 0, 'eps', -1, 15), sc('base', 100, 'eps', 2, 25)), market())
    expect(s.weightedTargetPrice).toBe(50)
    expect(s.problems).toEqual([])
  })

  it('driver currency differs from the price: weighted target in that currency, weighted upside null', () => {
    const s = computeScenarios(set(sc('bear', 50, 'eps', 2, 15, 'CNY'), sc('bull', 50, 'eps', 2, 25, 'CNY')), market({ priceCurrency: 'HKD', mcapCurrency: 'HKD' }))
    expect(s.weightedTargetPrice).toBe(40)
    expect(s.weightedCurrency).toBe('CNY')
    expect(s.weightedUpside).toBeNull()
    expect(s.problems).toEqual(['currency-mismatch'])
    expect(s.results.every((r) => r.upside === null)).toBe(true)
  })

  it('targets in different currencies are never averaged', () => {
    const s = computeScenarios(set(sc('bear', 50, 'eps', 2, 15, 'CNY'), sc('bull', 50, 'eps', 2, 25, 'HKD')), market())
    expect(s.weightedTargetPrice).toBeNull()
    expect(s.problems).toEqual(['mixed-currencies'])
  })

  it('no scenario with a target: no weighted figures', () => {
    const s = computeScenarios(set(sc('bear', 100, 'eps', -2, 15)), market())
    expect(s.weightedTargetPrice).toBeNull()
    expect(s.problems).toEqual(['no-target'])
  })

  it('no price: weighted target yes, weighted upside no', () => {
    const s = computeScenarios(set(sc('base', 100, 'eps', 2, 25)), market({ price: null }))
    expect(s.weightedTargetPrice).toBe(50)
    expect(s.weightedUpside).toBeNull()
    expect(s.problems).toEqual(['no-price'])
  })

  it('an empty set totals 0: probability problem', () => {
    const s = computeScenarios(set(), market())
    expect(s.problems).toEqual(['probability-total'])
    expect(s.results).toEqual([])
  })

  it('does not modify its input', () => {
    const input = set(sc('bear', 25, 'eps', 2, 15), sc('base', 75, 'netIncome', 5_000, 20))
    const before = JSON.stringify(input)
    computeScenarios(input, market())
    expect(JSON.stringify(input)).toBe(before)
  })
})

describe('computeScenarios properties', () => {
  const kind = fc.constantFrom<DriverKind>('eps', 'sps', 'netIncome', 'revenue')
  const driverFor = (k: DriverKind) => (k === 'eps' || k === 'sps' ? fc.double({ min: 0.01, max: 500, noNaN: true }) : fc.double({ min: 1, max: 1e6, noNaN: true }))
  const scenarioArb = kind.chain((k) => fc.tuple(fc.constant(k), driverFor(k), fc.double({ min: 0.1, max: 500, noNaN: true })))
  /** 1–6 scenarios whose integer weights are scaled to total exactly 100 (last one takes the rest). */
  const setArb = fc
    .array(fc.tuple(scenarioArb, fc.integer({ min: 0, max: 1000 })), { minLength: 1, maxLength: 6 })
    .filter((xs) => xs.some(([, w]) => w > 0))
    .map((xs) => {
      const total = xs.reduce((a, [, w]) => a + w, 0)
      let left = 100
      return set(
        ...xs.map(([[k, d, mult], w], i) => {
          const p = i === xs.length - 1 ? left : Math.floor((w / total) * 100)
          left -= p
          return sc(`s${i}`, p, k, d, mult)
        }),
      )
    })
  const marketArb = fc
    .tuple(fc.double({ min: 0.01, max: 5_000, noNaN: true }), fc.double({ min: 1, max: 5e6, noNaN: true }))
    .map(([price, mcapMn]) => market({ price, mcapMn }))

  it('weights sum: probabilities total 100 and the weighted target lies between the min and max target', () => {
    fc.assert(
      fc.property(setArb, marketArb, (s, m) => {
        const r = computeScenarios(s, m)
        expect(r.probabilityTotal).toBe(100)
        expect(r.problems).not.toContain('probability-total')
        const weighted = r.results.filter((x) => x.probability > 0).map((x) => x.targetPrice!)
        const lo = Math.min(...weighted)
        const hi = Math.max(...weighted)
        const eps = 1e-9 * Math.max(1, hi)
        expect(r.weightedTargetPrice!).toBeGreaterThanOrEqual(lo - eps)
        expect(r.weightedTargetPrice!).toBeLessThanOrEqual(hi + eps)
        // Σ p·target ÷ 100
        const direct = r.results.reduce((a, x) => a + x.probability * x.targetPrice!, 0) / 100
        expect(r.weightedTargetPrice! / direct).toBeCloseTo(1, 9)
      }),
    )
  })

  it('monotone in the multiple: raising one scenario’s target multiple never lowers its target or the weighted target', () => {
    fc.assert(
      fc.property(setArb, marketArb, fc.nat(), fc.double({ min: 1, max: 10, noNaN: true }), (s, m, pick, factor) => {
        const i = pick % s.scenarios.length
        const raised: ScenarioSet = {
          ...s,
          scenarios: s.scenarios.map((x, j) => (j === i ? { ...x, multiple: { ...x.multiple, value: x.multiple.value * factor } } : x)),
        }
        const a = computeScenarios(s, m)
        const b = computeScenarios(raised, m)
        expect(b.results[i]!.targetPrice!).toBeGreaterThanOrEqual(a.results[i]!.targetPrice!)
        expect(b.results[i]!.targetMcapMn!).toBeGreaterThanOrEqual(a.results[i]!.targetMcapMn!)
        expect(b.weightedTargetPrice!).toBeGreaterThanOrEqual(a.weightedTargetPrice! * (1 - 1e-12))
        // the others are untouched
        b.results.forEach((r, j) => j !== i && expect(r).toEqual(a.results[j]))
      }),
    )
  })

  it('upside sign matches target vs price, and target = price × (1 + upside)', () => {
    fc.assert(
      fc.property(setArb, marketArb, (s, m) => {
        const r = computeScenarios(s, m)
        const p = m.price!
        // exact in floating point: division is monotone, so the sign cannot flip (it can only round to 0)
        const agrees = (upside: number, target: number) => {
          if (upside > 0) expect(target).toBeGreaterThan(p)
          if (upside < 0) expect(target).toBeLessThan(p)
          if (target === p) expect(upside).toBe(0)
        }
        for (const x of r.results) {
          agrees(x.upside!, x.targetPrice!)
          expect((p * (1 + x.upside!)) / x.targetPrice!).toBeCloseTo(1, 6)
        }
        agrees(r.weightedUpside!, r.weightedTargetPrice!)
      }),
    )
  })

  it('per-share and total drivers agree: EPS × shares = net income gives the same target', () => {
    fc.assert(
      fc.property(marketArb, fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 1, max: 100, noNaN: true }), (m, eps, pe) => {
        const shares = impliedSharesMn(m).value!
        const a = computeScenario(sc('a', 100, 'eps', eps, pe), m)
        const b = computeScenario(sc('b', 100, 'netIncome', eps * shares, pe), m)
        expect(b.targetPrice! / a.targetPrice!).toBeCloseTo(1, 9)
        expect(b.targetMcapMn! / a.targetMcapMn!).toBeCloseTo(1, 9)
        expect(b.impliedMultipleToday! / a.impliedMultipleToday!).toBeCloseTo(1, 9)
      }),
    )
  })
})
