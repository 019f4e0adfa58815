/**
 * The company panel's derived figures beside each printed valuation row: premium/discount of its
 * P/E and P/S to its primary layer (the layer's aggregate multiple) and primary segment (the
 * segment's median), implied net margin, implied EPS growth to the next fiscal year and PEG.
 * Every figure is null ("n/a") when it cannot be computed: missing, NM, a loss, or a group in
 * which the company is the only usable value. Never 0 by default, never NaN or ±Infinity.
 * Pure arithmetic on the definitions in stats.ts (the same ones Compare and the chain map use).
 */
import { DEFAULT_STAT_OPTIONS, impliedEpsGrowth, impliedNetMargin, nmReason, peg, premium, type GroupStats } from './stats'

/** A group's benchmark multiple and how many usable values other than the company's it rests on. */
export interface GroupRef {
  value: number | null
  peers: number
  /** usable values in the group, the company's included */
  count: number
}

const finite = (v: number | null | undefined): number | null => (v != null && Number.isFinite(v) ? v : null)

/**
 * The benchmark of a group from compare.run's statistics: the aggregate multiple for a layer,
 * the median for a segment. `ownRowIds` are the company's valuation rows; its own included value
 * is not a peer (as memberFigures in compare.ts counts them).
 */
export function groupRef(stats: GroupStats, statistic: 'aggregate' | 'median', ownRowIds: ReadonlySet<number>): GroupRef {
  const own = stats.included.filter((k) => ownRowIds.has(Number(k))).length
  return { value: finite(stats[statistic]), peers: Math.max(0, stats.count - own), count: stats.count }
}

/** Premium (+) or discount (−) of a multiple to a group; null for NM values and groups of one. */
export function premiumToGroup(value: number | null, group: GroupRef | null): number | null {
  if (!group || group.peers < 1) return null
  const v = finite(value)
  if (v == null || nmReason(v, DEFAULT_STAT_OPTIONS)) return null
  return finite(premium(v, finite(group.value)))
}

export function marginOf(pe: number | null, ps: number | null): number | null {
  const m = finite(impliedNetMargin(finite(pe), finite(ps)))
  // P/S ÷ P/E can underflow to 0 for absurdly small inputs (found by the property test): a margin
  // of exactly 0 would read as a real figure, so it is n/a like every other degenerate case
  return m !== null && m > 0 ? m : null
}

export function growthOf(peThis: number | null, peNext: number | null): number | null {
  return finite(impliedEpsGrowth(finite(peThis), finite(peNext)))
}

export function pegOf(pe: number | null, growth: number | null): number | null {
  return finite(peg(finite(pe), finite(growth)))
}

/** Fiscal-year number of a key: FY23E → 23. */
export function fyYear(fyKey: string): number | null {
  const m = /^FY(\d{2})/.exec(fyKey)
  return m ? Number(m[1]) : null
}

export interface YearFigures {
  fyKey: string
  pe: number | null
  ps: number | null
  peToLayer: number | null
  peToSegment: number | null
  psToLayer: number | null
  psToSegment: number | null
  margin: number | null
  /** the consecutive fiscal year the growth runs to (FY23E → FY24E), if the row prints its P/E */
  nextFy: string | null
  growth: number | null
  peg: number | null
}

export interface GroupsFor {
  layer: GroupRef | null
  segment: GroupRef | null
}

/**
 * One printed row's derived figures for each fiscal year it prints a P/E or P/S for.
 * `value(metric, fy)` reads the row; `groups(metric, fy)` gives the company's primary layer and
 * segment benchmarks for that metric and year.
 */
export function yearFigures(
  fyKeys: readonly string[],
  value: (metric: 'pe' | 'ps', fyKey: string) => number | null,
  groups: (metric: 'pe' | 'ps', fyKey: string) => GroupsFor,
): YearFigures[] {
  return fyKeys.map((fyKey) => {
    const pe = finite(value('pe', fyKey))
    const ps = finite(value('ps', fyKey))
    const y = fyYear(fyKey)
    const nextFy = y == null ? null : (fyKeys.find((k) => fyYear(k) === (y + 1) % 100 && finite(value('pe', k)) != null) ?? null)
    const growth = nextFy ? growthOf(pe, value('pe', nextFy)) : null
    const gPe = groups('pe', fyKey)
    const gPs = groups('ps', fyKey)
    return {
      fyKey,
      pe,
      ps,
      peToLayer: premiumToGroup(pe, gPe.layer),
      peToSegment: premiumToGroup(pe, gPe.segment),
      psToLayer: premiumToGroup(ps, gPs.layer),
      psToSegment: premiumToGroup(ps, gPs.segment),
      margin: marginOf(pe, ps),
      nextFy,
      growth,
      peg: pegOf(pe, growth),
    }
  })
}
