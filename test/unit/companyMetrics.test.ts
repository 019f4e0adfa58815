import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fyYear, groupRef, growthOf, marginOf, pegOf, premiumToGroup, yearFigures, type GroupRef } from '../../shared/companyMetrics'
import { groupStats } from '../../shared/stats'

const g = (value: number | null, peers: number): GroupRef => ({ value, peers, count: peers + 1 })
const anyNum = fc.oneof(fc.double(), fc.constant(null), fc.constant(0), fc.constant(Number.NaN), fc.constant(Infinity), fc.constant(-Infinity))
const isFig = (v: number | null) => v === null || (Number.isFinite(v) && !Number.isNaN(v))

describe('company panel figures', () => {
  it('implied net margin = P/S ÷ P/E', () => {
    expect(marginOf(25, 5)).toBeCloseTo(0.2)
    expect(marginOf(null, 5)).toBeNull()
    expect(marginOf(-12, 3)).toBeNull() // a loss
    expect(marginOf(20, 0)).toBeNull()
    // a fast-check finding: 5e-324 ÷ 2 underflows to 0, which must not read as a 0% margin
    expect(marginOf(2, 5e-324)).toBeNull()
  })

  it('margin is in (0, ∞) exactly when both multiples are positive, else n/a — never NaN', () => {
    fc.assert(
      fc.property(anyNum, anyNum, (pe, ps) => {
        const m = marginOf(pe, ps)
        expect(isFig(m)).toBe(true)
        const bothPositive = pe != null && ps != null && Number.isFinite(pe) && Number.isFinite(ps) && pe > 0 && ps > 0
        if (m !== null) expect(m).toBeGreaterThan(0)
        if (!bothPositive) expect(m).toBeNull()
        if (bothPositive && Number.isFinite(ps / pe) && ps / pe > 0) expect(m).toBe(ps / pe)
      }),
    )
  })

  it('EPS growth P/E_y ÷ P/E_y+1 − 1 and PEG = P/E ÷ growth %', () => {
    expect(growthOf(30, 25)).toBeCloseTo(0.2)
    expect(pegOf(30, 0.2)).toBeCloseTo(1.5)
    expect(growthOf(30, null)).toBeNull()
    expect(growthOf(-5, 20)).toBeNull()
    expect(pegOf(30, -0.1)).toBeNull() // shrinking earnings: no PEG
    expect(pegOf(30, 0)).toBeNull() // flat: no PEG, not Infinity
    expect(pegOf(null, 0.2)).toBeNull()
  })

  it('growth and PEG are finite or n/a for any input; PEG positive when present', () => {
    fc.assert(
      fc.property(anyNum, anyNum, (a, b) => {
        const gr = growthOf(a, b)
        const p = pegOf(a, gr)
        expect(isFig(gr)).toBe(true)
        expect(isFig(p)).toBe(true)
        if (p !== null) expect(p).toBeGreaterThan(0)
        if (gr !== null) expect(gr).toBeGreaterThan(-1)
      }),
    )
    // found by the property above: denormal P/Es give a PEG that underflows to 0 — n/a, not 0
    expect(pegOf(1e-323, growthOf(1e-323, 5e-324))).toBeNull()
    // and a ratio that underflows: growth would be −100% from two positive P/Es — n/a
    expect(growthOf(5e-324, 8.900295434028806e-308)).toBeNull()
  })

  it('premium to a group; n/a for a group of one, NM, missing or no benchmark', () => {
    expect(premiumToGroup(30, g(20, 3))).toBeCloseTo(0.5)
    expect(premiumToGroup(15, g(20, 3))).toBeCloseTo(-0.25)
    expect(premiumToGroup(20, g(20, 3))).toBe(0) // a real 0%: equal to a benchmark of other values
    expect(premiumToGroup(30, g(30, 0))).toBeNull() // group of one
    expect(premiumToGroup(30, null)).toBeNull() // not placed
    expect(premiumToGroup(null, g(20, 3))).toBeNull()
    expect(premiumToGroup(-8, g(20, 3))).toBeNull() // NM negative
    expect(premiumToGroup(150, g(20, 3))).toBeNull() // NM ≥100×
    expect(premiumToGroup(30, g(null, 3))).toBeNull()
  })

  it('a premium is never produced without a peer, and never NaN', () => {
    fc.assert(
      fc.property(anyNum, anyNum, fc.integer({ min: 0, max: 5 }), (v, b, peers) => {
        const p = premiumToGroup(v, g(b, peers))
        expect(isFig(p)).toBe(true)
        if (peers === 0) expect(p).toBeNull()
      }),
    )
  })

  it('groupRef: the company itself is not a peer; one usable value → n/a', () => {
    const stats = groupStats([
      { key: '7', value: 30, mcap: 100, mcapMissing: 'no-mcap', excludedByUser: false, flagged: false },
      { key: '8', value: -3, mcap: 50, mcapMissing: 'no-mcap', excludedByUser: false, flagged: false }, // NM
    ])
    const one = groupRef(stats, 'median', new Set([7]))
    expect(one).toEqual({ value: 30, peers: 0, count: 1 })
    expect(premiumToGroup(30, one)).toBeNull()
    // another report's row of the same company is not a peer either, and is still n/a
    expect(premiumToGroup(28, groupRef(stats, 'aggregate', new Set([7, 99])))).toBeNull()
    // seen from a company outside the group, the one value is a benchmark
    expect(groupRef(stats, 'median', new Set([1])).peers).toBe(1)
  })

  it('yearFigures: one row, consecutive years, premiums from the groups', () => {
    const row: Record<string, number | null> = { 'pe:FY22E': 40, 'pe:FY23E': 32, 'pe:FY24E': null, 'ps:FY22E': 10, 'ps:FY23E': 8 }
    const out = yearFigures(
      ['FY22E', 'FY23E', 'FY24E'],
      (m, fy) => row[`${m}:${fy}`] ?? null,
      (m) => ({ layer: g(m === 'pe' ? 25 : 5, 4), segment: g(m === 'pe' ? 32 : 8, 0) }),
    )
    expect(out.map((y) => y.fyKey)).toEqual(['FY22E', 'FY23E', 'FY24E'])
    const [a, b, c] = out
    expect(a!.margin).toBeCloseTo(0.25)
    expect(a!.nextFy).toBe('FY23E')
    expect(a!.growth).toBeCloseTo(0.25)
    expect(a!.peg).toBeCloseTo(40 / 25)
    expect(a!.peToLayer).toBeCloseTo(0.6)
    expect(a!.psToLayer).toBeCloseTo(1)
    expect(a!.peToSegment).toBeNull() // segment of one
    expect(b!.nextFy).toBeNull() // FY24E prints no P/E
    expect(b!.growth).toBeNull()
    expect(b!.peg).toBeNull()
    expect(c!.pe).toBeNull()
    expect(c!.margin).toBeNull()
    expect(c!.peToLayer).toBeNull()
    expect(fyYear('FY23E')).toBe(23)
    expect(fyYear('2023')).toBeNull()
  })
})
