import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { groupStats, impliedEpsGrowth, impliedNetMargin, median, peg, premium, type StatRow } from '../../shared/stats'

const opts = { nmRule: true, nmCap: 100, isMultiple: true }
const row = (key: string, value: number | null, mcap: number | null = 100): StatRow => ({ key, value, mcap })

describe('groupStats', () => {
  it('computes count, mean, median, weighted mean, aggregate, min, max', () => {
    const s = groupStats([row('a', 10, 100), row('b', 20, 300), row('c', 40, 100)], opts)
    expect(s.count).toBe(3)
    expect(s.totalMcap).toBe(500)
    expect(s.mean).toBeCloseTo(70 / 3, 12)
    expect(s.median).toBe(20)
    expect(s.weightedMean).toBeCloseTo((10 * 100 + 20 * 300 + 40 * 100) / 500, 12)
    // Σmcap / Σearnings = 500 / (100/10 + 300/20 + 100/40)
    expect(s.aggregate).toBeCloseTo(500 / (10 + 15 + 2.5), 12)
    expect(s.min).toBe(10)
    expect(s.max).toBe(40)
  })

  it('treats a multiple of exactly zero as NM (it would leave the aggregate without earnings)', () => {
    const s = groupStats([row('a', 0, 100), row('b', 20, 300), row('c', 10, 100)], opts)
    expect(s.excluded).toEqual([{ key: 'a', reason: 'nm-negative' }])
    expect(s.included).toEqual(['b', 'c'])
    expect(s.aggregate).toBeCloseTo(400 / (15 + 10), 12)
    // with the NM rule off a zero stays in: mean/median use it, the aggregate is undefined
    const off = groupStats([row('a', 0, 100), row('b', 20, 300)], { ...opts, nmRule: false })
    expect(off.included).toEqual(['a', 'b'])
    expect(off.aggregate).toBeNull()
  })

  it('marks negatives and ≥100× as NM and excludes them, with reasons', () => {
    const s = groupStats([row('a', -5), row('b', 100), row('c', 99.9), row('d', null), row('e', 20)], opts)
    expect(s.included).toEqual(['c', 'e'])
    expect(s.excluded).toEqual([
      { key: 'a', reason: 'nm-negative' },
      { key: 'b', reason: 'nm-high' },
      { key: 'd', reason: 'missing' },
    ])
    expect(s.excludedCounts).toEqual({ missing: 1, 'nm-negative': 1, 'nm-high': 1, flagged: 0, user: 0 })
  })

  it('includes NM values when the rule is switched off', () => {
    const s = groupStats([row('a', -5), row('b', 150), row('c', 20)], { ...opts, nmRule: false })
    expect(s.count).toBe(3)
    expect(s.min).toBe(-5)
    expect(s.max).toBe(150)
  })

  it('excludes flagged multiples with their own reason; NM takes precedence', () => {
    const s = groupStats([{ ...row('a', 2), flagged: true }, { ...row('b', -3), flagged: true }, row('c', 20)], opts)
    expect(s.excluded).toEqual([
      { key: 'a', reason: 'flagged' },
      { key: 'b', reason: 'nm-negative' },
    ])
    expect(s.included).toEqual(['c'])
  })

  it('excludes rows by hand', () => {
    const s = groupStats([{ ...row('a', 10), excludedByUser: true }, row('b', 30)], opts)
    expect(s.included).toEqual(['b'])
    expect(s.excluded).toEqual([{ key: 'a', reason: 'user' }])
    expect(s.mean).toBe(30)
  })

  it('is empty-safe: no rows → nulls, never NaN', () => {
    const s = groupStats([], opts)
    expect(s).toMatchObject({ count: 0, mean: null, median: null, weightedMean: null, aggregate: null, min: null, max: null, totalMcap: null })
  })

  it('handles a single row', () => {
    const s = groupStats([row('a', 25, 50)], opts)
    expect(s).toMatchObject({ count: 1, mean: 25, median: 25, weightedMean: 25, aggregate: 25, min: 25, max: 25, totalMcap: 50 })
  })

  it('handles all rows excluded', () => {
    const s = groupStats([row('a', -1), row('b', null), { ...row('c', 10), excludedByUser: true }], opts)
    expect(s.count).toBe(0)
    expect(s.mean).toBeNull()
    expect(s.aggregate).toBeNull()
    expect(s.excluded).toHaveLength(3)
  })

  it('never weights a row without a market cap (e.g. no FX rate): it is listed as unweighted', () => {
    const s = groupStats([row('a', 10, 100), { key: 'b', value: 30, mcap: null, mcapMissing: 'fx-missing' }], opts)
    expect(s.mean).toBe(20)
    expect(s.weightedMean).toBe(10)
    expect(s.unweighted).toEqual([{ key: 'b', reason: 'fx-missing' }])
    expect(s.totalMcap).toBe(100)
  })

  it('for market cap itself gives totals and spread but no weighted multiple', () => {
    const s = groupStats([row('a', 100, 100), row('b', 300, 300)], { ...opts, isMultiple: false })
    expect(s.mean).toBe(200)
    expect(s.weightedMean).toBeNull()
    expect(s.aggregate).toBeNull()
  })
})

describe('groupStats properties', () => {
  const positive = fc.double({ min: 0.5, max: 99, noNaN: true })
  const mcap = fc.double({ min: 1, max: 2_000_000, noNaN: true })
  const rows = fc.array(fc.tuple(positive, mcap), { minLength: 1, maxLength: 30 }).map((xs) => xs.map(([v, m], i) => row(String(i), v, m)))

  it('aggregate lies between min and max and equals Σmcap ÷ Σearnings', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const s = groupStats(rs, opts)
        const eps = 1e-9 * Math.max(1, s.max!)
        expect(s.aggregate!).toBeGreaterThanOrEqual(s.min! - eps)
        expect(s.aggregate!).toBeLessThanOrEqual(s.max! + eps)
        const sumM = rs.reduce((a, r) => a + r.mcap!, 0)
        const sumE = rs.reduce((a, r) => a + r.mcap! / r.value!, 0)
        expect(s.aggregate!).toBeCloseTo(sumM / sumE, 6)
        // harmonic ≤ arithmetic (weighted)
        expect(s.aggregate!).toBeLessThanOrEqual(s.weightedMean! + eps)
      }),
    )
  })

  it('excluding a row never changes any other row (inputs untouched, other members identical)', () => {
    fc.assert(
      fc.property(rows, fc.nat(), (rs, pick) => {
        const before = JSON.stringify(rs)
        const k = rs[pick % rs.length]!.key
        const s1 = groupStats(rs, opts)
        const s2 = groupStats(rs.map((r) => (r.key === k ? { ...r, excludedByUser: true } : r)), opts)
        expect(JSON.stringify(rs)).toBe(before)
        expect(s2.included).toEqual(s1.included.filter((x) => x !== k))
        // stats equal those of the group without the row
        const s3 = groupStats(rs.filter((r) => r.key !== k), opts)
        expect(s2.mean).toEqual(s3.mean)
        expect(s2.aggregate).toEqual(s3.aggregate)
        expect(s2.median).toEqual(s3.median)
      }),
    )
  })

  it('median lies between min and max', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1 }), (xs) => {
        const m = median(xs)!
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs))
        expect(m).toBeLessThanOrEqual(Math.max(...xs))
      }),
    )
  })
})

describe('per-security derived figures', () => {
  it('implied net margin = P/S ÷ P/E', () => {
    expect(impliedNetMargin(28.6, 9.4)).toBeCloseTo(9.4 / 28.6, 12)
    expect(impliedNetMargin(2.0, 1.9)).toBeCloseTo(0.95, 12)
    expect(impliedNetMargin(-3, 2)).toBeNull()
    expect(impliedNetMargin(null, 2)).toBeNull()
  })
  it('EPS growth at constant price = P/E_t ÷ P/E_t+1 − 1, and PEG', () => {
    expect(impliedEpsGrowth(28.6, 24.5)).toBeCloseTo(28.6 / 24.5 - 1, 12)
    const g = impliedEpsGrowth(49.3, 36.9)!
    expect(peg(49.3, g)).toBeCloseTo(49.3 / (g * 100), 12)
    expect(peg(20, -0.1)).toBeNull()
  })
  it('premium/discount to a benchmark', () => {
    expect(premium(30, 20)).toBeCloseTo(0.5, 12)
    expect(premium(15, 20)).toBeCloseTo(-0.25, 12)
    expect(premium(15, null)).toBeNull()
  })
})
