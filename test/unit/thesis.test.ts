import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DriverKind, Scenario, ScenarioSet, ThesisCheck } from '../../shared/scenario'
import type { MarketFacts } from '../../shared/scenarioMath'
import { baselineChecks, evaluateChecks, type ReportPe, type ThesisFacts } from '../../shared/thesis'

const market = (o: Partial<MarketFacts> = {}): MarketFacts => ({
  price: 40,
  priceCurrency: 'CNY',
  priceAsOf: '2024-03-01',
  priceSource: '中金',
  mcapMn: 80_000,
  mcapCurrency: 'CNY',
  ...o,
})

const reports = (...values: number[]): ReportPe[] =>
  values.map((value, i) => ({ value, reportId: `r${i + 1}`, institution: `inst${i + 1}`, asOf: `2024-0${i + 1}-15` }))

const facts = (o: Partial<ThesisFacts> & { multiples?: Record<string, number>; pe?: Record<string, ReportPe[]> } = {}): ThesisFacts => {
  const { multiples = {}, pe = {}, ...rest } = o
  return {
    price: 40,
    priceCurrency: 'CNY',
    marketMultiple: (kind, fyKey) => multiples[`${kind}:${fyKey}`] ?? null,
    reportPe: (fyKey) => pe[fyKey] ?? [],
    stances: ['买入'],
    ...rest,
  }
}

const sc = (name: string, eps: number, pe: number, checks: ThesisCheck[], kind: DriverKind = 'eps', currency = 'CNY'): Scenario => ({
  name,
  probability: 100,
  driver: { kind, value: eps, fyKey: 'FY24E', currency },
  multiple: { kind: kind === 'eps' || kind === 'netIncome' ? 'pe' : 'ps', value: pe },
  horizon: '12m',
  rationale: '',
  assumptions: '',
  disproof: '',
  checks,
})

const set = (...scenarios: Scenario[]): ScenarioSet => ({ scenarios, writtenAt: '2024-03-01T00:00:00Z' })

describe('priceBelowTarget', () => {
  const bear = (eps: number) => set(sc('bear', eps, 15, [{ rule: 'priceBelowTarget' }]))

  it('breached when the price falls below the bear target, with the numbers', () => {
    // bear target 2.0 × 15 = 30; price 29
    const b = evaluateChecks(bear(2), market({ price: 29 }), facts())
    expect(b).toEqual([
      { scenario: 'bear', rule: 'priceBelowTarget', detail: { price: 29, target: 30, currency: 'CNY', priceAsOf: '2024-03-01', priceSource: '中金' } },
    ])
  })

  it('not breached above the target, nor at exactly the target (equal is not below)', () => {
    expect(evaluateChecks(bear(2), market({ price: 40 }), facts())).toEqual([])
    expect(evaluateChecks(bear(2), market({ price: 30 }), facts())).toEqual([])
  })

  it('works on a total driver through the share count', () => {
    // 4,000 mn × 15 = 60,000 mn; 80,000 mn ÷ 40 = 2,000 mn shares → target 30
    const s = set(sc('bear', 4_000, 15, [{ rule: 'priceBelowTarget' }], 'netIncome'))
    expect(evaluateChecks(s, market({ price: 29, mcapMn: 29 * 2_000 }), facts())).toHaveLength(1)
    expect(evaluateChecks(s, market({ price: 31, mcapMn: 31 * 2_000 }), facts())).toEqual([])
  })

  it('not evaluable across currencies, without a price, or without a target (loss-maker)', () => {
    const hkd = set(sc('bear', 2, 15, [{ rule: 'priceBelowTarget' }], 'eps', 'HKD'))
    expect(evaluateChecks(hkd, market({ price: 10 }), facts())).toEqual([])
    expect(evaluateChecks(bear(2), market({ price: null }), facts())).toEqual([])
    expect(evaluateChecks(bear(2), market({ price: 10, priceCurrency: null }), facts())).toEqual([])
    expect(evaluateChecks(bear(-1), market({ price: 1 }), facts())).toEqual([])
  })
})

describe('multipleAboveTarget', () => {
  const bull = set(sc('bull', 2.5, 30, [{ rule: 'multipleAboveTarget' }]))

  it('breached when the market multiple for the driver year exceeds the target multiple', () => {
    const b = evaluateChecks(bull, market(), facts({ multiples: { 'pe:FY24E': 35 } }))
    expect(b).toEqual([{ scenario: 'bull', rule: 'multipleAboveTarget', detail: { kind: 'pe', fyKey: 'FY24E', multiple: 35, target: 30 } }])
  })

  it('not breached at or below the target, for another year, or with no multiple', () => {
    expect(evaluateChecks(bull, market(), facts({ multiples: { 'pe:FY24E': 30 } }))).toEqual([])
    expect(evaluateChecks(bull, market(), facts({ multiples: { 'pe:FY24E': 29.9 } }))).toEqual([])
    expect(evaluateChecks(bull, market(), facts({ multiples: { 'pe:FY25E': 99 } }))).toEqual([])
    expect(evaluateChecks(bull, market(), facts({ multiples: { 'ps:FY24E': 99 } }))).toEqual([])
    expect(evaluateChecks(bull, market(), facts())).toEqual([])
  })

  it('uses the scenario’s multiple kind (P/S for a revenue driver)', () => {
    const s = set(sc('bull', 20_000, 5, [{ rule: 'multipleAboveTarget' }], 'revenue'))
    expect(evaluateChecks(s, market(), facts({ multiples: { 'ps:FY24E': 6, 'pe:FY24E': 1 } }))[0]!.detail).toMatchObject({ kind: 'ps', multiple: 6, target: 5 })
  })
})

describe('reportPeMove', () => {
  const check = (pct: number, baseline: number | null) => set(sc('base', 2, 25, [{ rule: 'reportPeMove', pct, baseline }]))

  it('breached when a report’s P/E moves more than pct % from the baseline; names the largest move', () => {
    const b = evaluateChecks(check(10, 20), market(), facts({ pe: { FY24E: reports(21, 26, 17) } }))
    expect(b).toHaveLength(1)
    // 21: +5% (within); 26: +30% and 17: −15% breach; the largest move is named, both are counted
    expect(b[0]!.detail).toMatchObject({ fyKey: 'FY24E', pct: 10, from: 20, to: 26, report: 'r2', institution: 'inst2', asOf: '2024-02-15', reports: 2 })
    expect(b[0]!.detail.move).toBeCloseTo(0.3, 12)
  })

  it('falls as well as rises', () => {
    const b = evaluateChecks(check(10, 20), market(), facts({ pe: { FY24E: reports(15) } }))
    expect(b[0]!.detail).toMatchObject({ from: 20, to: 15, move: -0.25, reports: 1 })
  })

  it('not breached within pct, nor at exactly pct (boundary), nor for another year', () => {
    expect(evaluateChecks(check(10, 20), market(), facts({ pe: { FY24E: reports(21, 19) } }))).toEqual([])
    // 25/20 − 1 = 0.25 exactly: not more than 25%
    expect(evaluateChecks(check(25, 20), market(), facts({ pe: { FY24E: reports(25, 15) } }))).toEqual([])
    expect(evaluateChecks(check(10, 20), market(), facts({ pe: { FY25E: reports(40) } }))).toEqual([])
  })

  it('a null (or zero) baseline is not evaluable: no breach', () => {
    expect(evaluateChecks(check(10, null), market(), facts({ pe: { FY24E: reports(100) } }))).toEqual([])
    expect(evaluateChecks(check(10, 0), market(), facts({ pe: { FY24E: reports(100) } }))).toEqual([])
  })
})

describe('stanceChange', () => {
  const check = (baseline: string | null) => set(sc('base', 2, 25, [{ rule: 'stanceChange', baseline }]))

  it('breached when the baseline stance is no longer printed', () => {
    expect(evaluateChecks(check('买入'), market(), facts({ stances: ['增持', '中性'] }))).toEqual([
      { scenario: 'base', rule: 'stanceChange', detail: { from: '买入', to: '增持, 中性' } },
    ])
    expect(evaluateChecks(check('买入'), market(), facts({ stances: [] }))[0]!.detail).toEqual({ from: '买入', to: null })
  })

  it('not breached while any report still prints it (trimmed, case-insensitive)', () => {
    expect(evaluateChecks(check('买入'), market(), facts({ stances: ['增持', '买入'] }))).toEqual([])
    expect(evaluateChecks(check('Buy'), market(), facts({ stances: [' BUY '] }))).toEqual([])
  })

  it('a null baseline is not evaluable', () => {
    expect(evaluateChecks(check(null), market(), facts({ stances: ['卖出'] }))).toEqual([])
  })
})

describe('evaluateChecks across scenarios', () => {
  it('evaluates every scenario’s checks; at most one breach per scenario and rule', () => {
    const s = set(
      sc('bear', 2, 15, [{ rule: 'priceBelowTarget' }, { rule: 'stanceChange', baseline: '买入' }]),
      sc('base', 2, 25, [
        { rule: 'reportPeMove', pct: 5, baseline: 20 },
        { rule: 'reportPeMove', pct: 10, baseline: 20 },
      ]),
      sc('bull', 2.5, 30, [{ rule: 'multipleAboveTarget' }, { rule: 'priceBelowTarget' }]),
    )
    const b = evaluateChecks(s, market({ price: 29 }), facts({ stances: ['增持'], multiples: { 'pe:FY24E': 14.5 }, pe: { FY24E: reports(24) } }))
    expect(b.map((x) => `${x.scenario}:${x.rule}`)).toEqual(['bear:priceBelowTarget', 'bear:stanceChange', 'base:reportPeMove', 'bull:priceBelowTarget'])
  })

  it('no checks, no breaches; the input is not modified', () => {
    const s = set(sc('base', 2, 25, []))
    const before = JSON.stringify(s)
    expect(evaluateChecks(s, market({ price: 1 }), facts())).toEqual([])
    expect(JSON.stringify(s)).toBe(before)
  })

  it('property: priceBelowTarget is breached exactly when price < driver × multiple', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        (price, eps, pe) => {
          const s = set(sc('bear', eps, pe, [{ rule: 'priceBelowTarget' }]))
          const b = evaluateChecks(s, market({ price, mcapMn: price * 1000 }), facts())
          expect(b.length).toBe(price < eps * pe ? 1 : 0)
        },
      ),
    )
  })
})

describe('baselineChecks', () => {
  const unset = () =>
    set(
      sc('base', 2, 25, [
        { rule: 'reportPeMove', pct: 20, baseline: null },
        { rule: 'stanceChange', baseline: null },
        { rule: 'priceBelowTarget' },
      ]),
    )

  it('fills null baselines: median report P/E for the driver year, first current stance', () => {
    const input = unset()
    const before = JSON.stringify(input)
    const out = baselineChecks(input, facts({ stances: ['增持', '买入'], pe: { FY24E: reports(30, 20, 22), FY25E: reports(99) } }))
    expect(out.scenarios[0]!.checks).toEqual([
      { rule: 'reportPeMove', pct: 20, baseline: 22 },
      { rule: 'stanceChange', baseline: '增持' },
      { rule: 'priceBelowTarget' },
    ])
    // pure: a new set, the input untouched
    expect(JSON.stringify(input)).toBe(before)
    expect(out).not.toBe(input)
    expect(out.writtenAt).toBe(input.writtenAt)
  })

  it('median of an even count is the mean of the middle two; a single report is its own baseline', () => {
    expect(baselineChecks(unset(), facts({ pe: { FY24E: reports(20, 30) } })).scenarios[0]!.checks[0]).toMatchObject({ baseline: 25 })
    expect(baselineChecks(unset(), facts({ pe: { FY24E: reports(18) } })).scenarios[0]!.checks[0]).toMatchObject({ baseline: 18 })
  })

  it('leaves baselines null when there is nothing to take them from', () => {
    const out = baselineChecks(unset(), facts({ stances: [], pe: {} }))
    expect(out.scenarios[0]!.checks).toEqual(unset().scenarios[0]!.checks)
  })

  it('keeps baselines already set', () => {
    const s = set(sc('base', 2, 25, [{ rule: 'reportPeMove', pct: 20, baseline: 15 }, { rule: 'stanceChange', baseline: '中性' }]))
    const out = baselineChecks(s, facts({ stances: ['买入'], pe: { FY24E: reports(30) } }))
    expect(out.scenarios[0]!.checks).toEqual(s.scenarios[0]!.checks)
  })

  it('a freshly baselined thesis is not breached by the data it was written against (single report, same stance)', () => {
    const f = facts({ stances: ['买入'], pe: { FY24E: reports(24) } })
    const s = set(sc('base', 2, 25, [{ rule: 'reportPeMove', pct: 20, baseline: null }, { rule: 'stanceChange', baseline: null }]))
    const out = baselineChecks(s, f)
    expect(evaluateChecks(out, market(), f)).toEqual([])
    // and a later move is caught
    const later = facts({ stances: ['中性'], pe: { FY24E: reports(30) } })
    expect(evaluateChecks(out, market(), later).map((b) => b.rule)).toEqual(['reportPeMove', 'stanceChange'])
  })
})
