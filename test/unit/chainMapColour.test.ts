import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { contrastRatio, linearRgb, NEUTRAL, PALETTES, quantileBreaks, quantileScale, relativeLuminance, type Convention } from '../../renderer/src/chainMap/colour'

const CONVENTIONS: Convention[] = ['cn', 'intl', 'cb']
const range = (n: number, f: (i: number) => number = (i) => i): number[] => Array.from({ length: n }, (_, i) => f(i))

/** CIE L*: perceived lightness, what survives a greyscale printout. */
function lightness(hex: string): number {
  const y = relativeLuminance(hex)
  return 116 * (y > 0.008856 ? Math.cbrt(y) : 7.787 * y + 16 / 116) - 16
}

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16)
  return [n >> 16, (n >> 8) & 255, n & 255]
}

/** Machado et al. (2009), severity 1, on linear RGB. */
const SIMULATE = {
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
} as const

function simulate(hex: string, m: readonly (readonly number[])[]): number[] {
  const c = linearRgb(hex)
  return m.map((row) => row.reduce((s, k, i) => s + k * c[i]!, 0))
}

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(...a.map((x, i) => x - b[i]!))
}

describe('quantileScale: classes', () => {
  it('splits 100 distinct values into five classes of 20', () => {
    const s = quantileScale(range(100, (i) => (i * 37) % 100), 'cn')
    expect(s.breaks).toEqual([20, 40, 60, 80])
    expect(s.legend.map((l) => l.count)).toEqual([20, 20, 20, 20, 20])
    expect(s.legend.map((l) => [l.from, l.to])).toEqual([
      [0, 20],
      [20, 40],
      [40, 60],
      [60, 80],
      [80, 99],
    ])
    expect([s.classOf(0), s.classOf(19.9), s.classOf(20), s.classOf(99)]).toEqual([0, 0, 1, 4])
  })

  it('keeps counts near-equal for sizes that do not divide by five', () => {
    const s = quantileScale(range(103, (i) => i * 1.5), 'intl')
    const counts = s.legend.map((l) => l.count)
    expect(counts.reduce((a, b) => a + b)).toBe(103)
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
  })

  it('collapses tied cut points instead of leaving empty classes', () => {
    const values = [...range(90, () => 15), 1, 2, 3, 4, 5, 30, 31, 32, 33, 34]
    const s = quantileScale(values, 'cn')
    // the 90 ties form one class; the few values either side keep classes of their own
    expect(s.breaks).toEqual([15, 30])
    expect(s.legend.map((l) => l.count)).toEqual([5, 90, 5])
    expect(s.legend.map((l) => l.fill)).toEqual([PALETTES.cn[0], PALETTES.cn[2], PALETTES.cn[4]])
  })

  it('never splits a run of equal values across two classes', () => {
    const values = [1, 2, 2, 2, 2, 2, 3, 4, 4, 4, 4, 5, 6, 6, 6, 7]
    const s = quantileScale(values, 'intl')
    expect(new Set(s.breaks).size).toBe(s.breaks.length)
    for (const l of s.legend) expect(l.count).toBeGreaterThan(0)
    for (const v of [2, 4, 6]) expect(new Set(values.filter((x) => x === v).map((x) => s.classOf(x))).size).toBe(1)
  })

  it('a single distinct value, or none, gives one pale class', () => {
    for (const values of [[7, 7, 7, null], [7], [], [null, null]]) {
      const s = quantileScale(values, 'cn')
      expect(s.breaks).toEqual([])
      expect(s.legend).toHaveLength(1)
      expect(s.legend[0]!.fill).toBe(PALETTES.cn[2])
      expect(s.classOf(7)).toBe(0)
    }
    expect(quantileScale([7, 7], 'cn').legend[0]).toMatchObject({ from: 7, to: 7, count: 2 })
    expect(quantileScale([], 'cn').legend[0]).toMatchObject({ from: null, to: null, count: 0 })
  })

  it('two distinct values take the two extremes', () => {
    const s = quantileScale([1, 1, 2, 2], 'intl')
    expect(s.legend.map((l) => l.fill)).toEqual([PALETTES.intl[0], PALETTES.intl[4]])
  })

  it('null, NaN and infinities are ignored by the breaks and drawn neutral grey', () => {
    const s = quantileScale([null, NaN, Infinity, ...range(10)], 'cb')
    expect(s.legend.reduce((n, l) => n + l.count, 0)).toBe(10)
    for (const v of [null, NaN, Infinity, -Infinity]) {
      expect(s.classOf(v)).toBeNull()
      expect(s.fill(v)).toBe(NEUTRAL)
      expect(contrastRatio(s.fill(v), s.text(v))).toBeGreaterThanOrEqual(4.5)
    }
    for (const c of CONVENTIONS) expect(quantileScale([1, 2], c).neutral).toBe(NEUTRAL)
  })

  it('quantileBreaks is strictly increasing and above the minimum', () => {
    expect(quantileBreaks([], 5)).toEqual([])
    expect(quantileBreaks([1, 1, 1, 2], 5)).toEqual([2])
    expect(quantileBreaks([1, 2, 3], 5)).toEqual([2, 3])
    expect(quantileBreaks([5, 5, 5], 5)).toEqual([])
  })
})

describe('quantileScale: properties', () => {
  const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -5, max: 5 }), fc.constant(null))
  const values = fc.array(value, { maxLength: 60 })

  it('classOf is monotonic non-decreasing in v, sequential and diverging', () => {
    fc.assert(
      fc.property(values, fc.boolean(), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (vs, diverging, a, b) => {
        const s = quantileScale(vs, 'cn', { diverging })
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        expect(s.classOf(lo)!).toBeLessThanOrEqual(s.classOf(hi)!)
      }),
    )
  })

  it('distinct values split into classes whose sizes differ by at most one', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 5, maxLength: 200 }), (vs) => {
        const counts = quantileScale(vs, 'cb').legend.map((l) => l.count)
        expect(counts).toHaveLength(5)
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
      }),
    )
  })

  it('every legend class holds values, counts add up and classOf stays inside the legend', () => {
    fc.assert(
      fc.property(values, fc.boolean(), (vs, diverging) => {
        const s = quantileScale(vs, 'intl', { diverging })
        const finite = vs.filter((v): v is number => v != null && Number.isFinite(v))
        expect(s.legend.length).toBe(s.breaks.length + 1)
        expect(s.legend.length).toBeLessThanOrEqual(5)
        expect(s.legend.reduce((n, l) => n + l.count, 0)).toBe(finite.length)
        if (finite.length > 0) for (const l of s.legend) expect(l.count).toBeGreaterThan(0)
        for (const v of finite) expect(s.fill(v)).toBe(s.legend[s.classOf(v)!]!.fill)
      }),
    )
  })
})

describe('quantileScale: diverging', () => {
  it('puts negatives on the low side, positives on the high side and 0 in the middle', () => {
    const values = [-0.4, -0.3, -0.2, -0.1, 0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8]
    const s = quantileScale(values, 'cn', { diverging: true })
    const pal = PALETTES.cn
    const low = new Set<string>([pal[0], pal[1]])
    const high = new Set<string>([pal[3], pal[4]])
    for (const v of values.filter((x) => x < 0)) expect(low.has(s.fill(v))).toBe(true)
    for (const v of values.filter((x) => x > 0)) expect(high.has(s.fill(v))).toBe(true)
    expect(s.fill(0)).toBe(pal[2])
    expect(s.fill(-0.4)).toBe(pal[0])
    expect(s.fill(0.8)).toBe(pal[4])
    expect(s.legend.map((l) => l.count)).toEqual([2, 2, 1, 3, 3])
  })

  it('quantiles are taken within each side, not over all values', () => {
    // nine big premiums would swallow the lone discount in a plain quantile scale
    const values = [-0.01, ...range(9, (i) => 1 + i)]
    const s = quantileScale(values, 'intl', { diverging: true })
    expect(s.fill(-0.01)).toBe(PALETTES.intl[0])
    expect(s.fill(1)).toBe(PALETTES.intl[3])
    expect(s.fill(9)).toBe(PALETTES.intl[4])
    expect(s.legend[0]).toMatchObject({ from: -0.01, to: 0, count: 1 })
  })

  it('only premiums → no low colours and no empty middle class', () => {
    const s = quantileScale([0.1, 0.2, 0.3, 0.4], 'cb', { diverging: true })
    expect(s.legend.map((l) => l.fill)).toEqual([PALETTES.cb[3], PALETTES.cb[4]])
  })

  it('zeroBand widens the pale middle to "in line"', () => {
    const s = quantileScale([-0.3, -0.2, -0.01, 0.02, 0.2, 0.3], 'cn', { diverging: true, zeroBand: 0.05 })
    expect(s.fill(-0.01)).toBe(PALETTES.cn[2])
    expect(s.fill(0.02)).toBe(PALETTES.cn[2])
    expect(s.fill(0.05)).toBe(PALETTES.cn[2])
    expect(s.fill(-0.05)).toBe(PALETTES.cn[2])
    expect(s.fill(-0.2)).toBe(PALETTES.cn[1])
    expect(s.fill(0.3)).toBe(PALETTES.cn[4])
  })

  it('legend bounds never show −0', () => {
    const s = quantileScale([-2, -1, 0, 1, 2], 'cn', { diverging: true })
    for (const l of s.legend) {
      expect(Object.is(l.from, -0)).toBe(false)
      expect(Object.is(l.to, -0)).toBe(false)
    }
  })
})

describe('palettes', () => {
  it('every class fill (and neutral) has text at WCAG contrast ≥ 4.5', () => {
    for (const c of CONVENTIONS) {
      const s = quantileScale(range(100), c)
      for (const l of s.legend) expect(contrastRatio(l.fill, l.text)).toBeGreaterThanOrEqual(4.5)
      for (let v = 0; v < 100; v++) {
        expect(['#000000', '#ffffff']).toContain(s.text(v))
        expect(contrastRatio(s.fill(v), s.text(v))).toBeGreaterThanOrEqual(4.5)
      }
    }
  })

  it("'cn' high is red and low green; 'intl' the other way round", () => {
    const [cnLow, cnHigh] = [rgb(PALETTES.cn[0]), rgb(PALETTES.cn[4])]
    const [inLow, inHigh] = [rgb(PALETTES.intl[0]), rgb(PALETTES.intl[4])]
    expect(cnHigh[0]).toBeGreaterThan(cnHigh[1])
    expect(cnLow[1]).toBeGreaterThan(cnLow[0])
    expect(inHigh[1]).toBeGreaterThan(inHigh[0])
    expect(inLow[0]).toBeGreaterThan(inLow[1])
    // the light shades too
    expect(rgb(PALETTES.cn[3])[0]).toBeGreaterThan(rgb(PALETTES.cn[3])[1])
    expect(rgb(PALETTES.intl[3])[1]).toBeGreaterThan(rgb(PALETTES.intl[3])[0])
  })

  it("'cb' runs blue (low) to orange/brown (high)", () => {
    const [darkLow, lightLow, , lightHigh, darkHigh] = PALETTES.cb.map(rgb)
    for (const [r, , b] of [darkLow!, lightLow!]) expect(b).toBeGreaterThan(r)
    for (const [r, , b] of [lightHigh!, darkHigh!]) expect(r).toBeGreaterThan(b)
  })

  it('every palette is diverging in lightness, each class its own grey level', () => {
    for (const c of CONVENTIONS) {
      const L = PALETTES[c].map(lightness)
      // pale middle lightest, each side darkening outwards
      expect(L[2]!).toBeGreaterThan(L[1]!)
      expect(L[1]!).toBeGreaterThan(L[0]!)
      expect(L[2]!).toBeGreaterThan(L[3]!)
      expect(L[3]!).toBeGreaterThan(L[4]!)
      for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) expect(Math.abs(L[i]! - L[j]!), `${c} ${i}/${j}`).toBeGreaterThanOrEqual(8)
    }
  })

  it("'cb' keeps low and high apart under simulated deuteranopia and protanopia", () => {
    for (const m of Object.values(SIMULATE)) {
      const sim = PALETTES.cb.map((h) => simulate(h, m))
      // the blue–yellow axis survives: low stays bluer than high
      expect(sim[0]![2]! - sim[0]![0]!).toBeGreaterThan(0)
      expect(sim[4]![0]! - sim[4]![2]!).toBeGreaterThan(0)
      for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) expect(distance(sim[i]!, sim[j]!)).toBeGreaterThan(0.1)
    }
  })

  it('contrastRatio follows WCAG', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrastRatio('#fff', '#ffffff')).toBeCloseTo(1, 10)
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
    expect(contrastRatio('#777777', '#ffffff')).toBe(contrastRatio('#ffffff', '#777777'))
    expect(() => contrastRatio('red', '#fff')).toThrow(/hex colour/)
  })
})
