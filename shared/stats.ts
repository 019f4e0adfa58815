/**
 * Group statistics for valuation multiples, computed the way relative-valuation screens do.
 *
 *  mean            arithmetic mean of the included multiples
 *  median          middle of the included multiples (mean of the two middles for even counts)
 *  weighted mean   Σ(mcap·m) / Σ mcap — the sell-side "市值加权平均" convention
 *  aggregate       Σ mcap / Σ (mcap / m) = Σ mcap / Σ earnings (or revenue): the
 *                  market-cap-weighted HARMONIC mean, i.e. the multiple of the group as if it
 *                  were one company. Less distorted by a single very high multiple.
 *
 * Flag rule (switchable): a multiple whose P/E–P/S pair implies a net margin ≥ 50% (see
 * quality.ts) is excluded as "flagged" — the value itself is never changed.
 * NM rule (switchable): negative or zero multiples (loss-makers) and multiples ≥ 100× are "NM" and
 * excluded, with the reason recorded. Rows can also be excluded by hand. Missing multiples are
 * excluded as "missing". A row without a market cap (or without an FX rate to the reporting
 * currency) still counts in mean/median but cannot be weighted: it is listed under
 * `unweighted` — never silently given a weight.
 */

export type ExclusionReason = 'missing' | 'nm-negative' | 'nm-high' | 'flagged' | 'user'
export type UnweightedReason = 'no-mcap' | 'fx-missing'

export interface StatRow {
  key: string
  /** the multiple (or, for metric = market cap, the market cap itself) */
  value: number | null
  /** market cap in the reporting currency (millions); null when unknown */
  mcap: number | null
  /** why mcap is null, when it is */
  mcapMissing?: UnweightedReason
  excludedByUser?: boolean
  /** the multiple carries a data-quality flag and the "exclude flagged" rule is on */
  flagged?: boolean
}

export interface StatOptions {
  /** apply the NM rule (negative or ≥ nmCap is NM and excluded) */
  nmRule: boolean
  nmCap: number
  /** true when the metric is a multiple (P/E, P/S); false for market cap itself */
  isMultiple: boolean
}

export const DEFAULT_STAT_OPTIONS: StatOptions = { nmRule: true, nmCap: 100, isMultiple: true }

export interface GroupStats {
  count: number
  included: string[]
  excluded: { key: string; reason: ExclusionReason }[]
  excludedCounts: Record<ExclusionReason, number>
  /** included rows that carry no weight (no market cap / no FX rate) */
  unweighted: { key: string; reason: UnweightedReason }[]
  totalMcap: number | null
  mean: number | null
  median: number | null
  weightedMean: number | null
  aggregate: number | null
  min: number | null
  max: number | null
}

/** NM classification of one multiple under the options; null means "usable". */
export function nmReason(v: number | null, o: StatOptions): ExclusionReason | null {
  if (v == null || !Number.isFinite(v)) return 'missing'
  if (!o.nmRule || !o.isMultiple) return null
  // A multiple of zero is as meaningless as a negative one (no price, or earnings without bound)
  if (v <= 0) return 'nm-negative'
  if (v >= o.nmCap) return 'nm-high'
  return null
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export function groupStats(rows: readonly StatRow[], o: StatOptions = DEFAULT_STAT_OPTIONS): GroupStats {
  const excluded: GroupStats['excluded'] = []
  const unweighted: GroupStats['unweighted'] = []
  const inc: StatRow[] = []
  for (const r of rows) {
    const reason = r.excludedByUser ? 'user' : (nmReason(r.value, o) ?? (r.flagged ? 'flagged' : null))
    if (reason) excluded.push({ key: r.key, reason })
    else inc.push(r)
  }
  const values = inc.map((r) => r.value as number)
  const weighted: StatRow[] = []
  for (const r of inc) {
    if (r.mcap != null && Number.isFinite(r.mcap) && r.mcap > 0) weighted.push(r)
    else unweighted.push({ key: r.key, reason: r.mcapMissing ?? 'no-mcap' })
  }
  const sumMcap = weighted.reduce((s, r) => s + r.mcap!, 0)
  let weightedMean: number | null = null
  let aggregate: number | null = null
  if (o.isMultiple && weighted.length > 0 && sumMcap > 0) {
    weightedMean = weighted.reduce((s, r) => s + r.mcap! * r.value!, 0) / sumMcap
    // Σ earnings = Σ mcap / multiple. A zero multiple has no finite earnings: no aggregate.
    if (weighted.every((r) => r.value !== 0)) {
      const sumEarnings = weighted.reduce((s, r) => s + r.mcap! / r.value!, 0)
      aggregate = sumEarnings !== 0 ? sumMcap / sumEarnings : null
    }
  }
  const excludedCounts: Record<ExclusionReason, number> = { missing: 0, 'nm-negative': 0, 'nm-high': 0, flagged: 0, user: 0 }
  for (const e of excluded) excludedCounts[e.reason]++
  return {
    count: inc.length,
    included: inc.map((r) => r.key),
    excluded,
    excludedCounts,
    unweighted,
    totalMcap: weighted.length ? sumMcap : null,
    mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
    median: median(values),
    weightedMean,
    aggregate,
    // reduce, not Math.min(...values): spreading 100k+ arguments overflows the call stack
    min: values.length ? values.reduce((a, b) => (b < a ? b : a)) : null,
    max: values.length ? values.reduce((a, b) => (b > a ? b : a)) : null,
  }
}

/** Implied net margin = P/S ÷ P/E (= earnings / revenue). Above 1 means P/E < P/S: suspicious. */
export function impliedNetMargin(pe: number | null, ps: number | null): number | null {
  if (pe == null || ps == null || pe <= 0 || ps <= 0) return null
  return ps / pe
}

/** EPS growth implied between two fiscal years at a constant price: P/E_t ÷ P/E_t+1 − 1. */
export function impliedEpsGrowth(peThis: number | null, peNext: number | null): number | null {
  if (peThis == null || peNext == null || peThis <= 0 || peNext <= 0) return null
  const growth = peThis / peNext - 1
  // two positive P/Es always give growth above −100%; a ratio so small it rounds to exactly −1
  // (denormal inputs), or one that overflows, is n/a
  return growth > -1 && Number.isFinite(growth) ? growth : null
}

/** PEG = P/E ÷ (EPS growth in percent). Undefined for non-positive growth. */
export function peg(pe: number | null, growth: number | null): number | null {
  if (pe == null || growth == null || pe <= 0 || growth <= 0) return null
  const v = pe / (growth * 100)
  // a ratio that underflows to 0 or overflows to ∞ (denormal inputs) is n/a, not a PEG of 0
  return v > 0 && Number.isFinite(v) ? v : null
}

/** Premium (+) or discount (−) of a value to a benchmark, as a fraction. */
export function premium(value: number | null, benchmark: number | null): number | null {
  if (value == null || benchmark == null || benchmark <= 0 || value < 0) return null
  return value / benchmark - 1
}
