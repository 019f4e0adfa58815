/**
 * Thesis checks (shared/scenario.ts ThesisCheck): rules on a scenario that new data can breach.
 * Pure: the caller gathers the facts (latest price, printed multiples, stances) and re-evaluates
 * whenever data changes.
 *
 *  priceBelowTarget     latest price < the scenario's target price (same currency only; equal is
 *                       not below; no target → not evaluable)
 *  multipleAboveTarget  the market's multiple (the scenario's multiple kind, driver year) > the
 *                       scenario's target multiple (equal is not above)
 *  reportPeMove         some report's P/E for the driver year differs from `baseline` by more
 *                       than pct %: |v ÷ baseline − 1| > pct ÷ 100 (baseline null or 0 → not evaluable)
 *  stanceChange         baseline set and no longer among the printed stances (trimmed, case-insensitive)
 *
 * At most one breach per (scenario name, rule): the flag table keys on that pair. When several
 * reports breach one reportPeMove check, the breach names the largest move and counts the rest.
 * Not evaluable is never a breach.
 */
import type { ScenarioSet, ThesisCheck } from './scenario'
import { computeScenario, impliedSharesMn, type MarketFacts } from './scenarioMath'
import { median } from './stats'

export interface ReportPe {
  value: number
  reportId: string
  institution: string
  asOf: string | null
}

export interface ThesisFacts {
  price: number | null
  priceCurrency: string | null
  /** latest printed multiple for that year */
  marketMultiple: (kind: 'pe' | 'ps', fyKey: string) => number | null
  /** latest P/E per report for that year */
  reportPe: (fyKey: string) => ReportPe[]
  /** latest printed stances */
  stances: string[]
}

export interface Breach {
  scenario: string
  rule: ThesisCheck['rule']
  /** the numbers behind the breach, so the UI can say why */
  detail: Record<string, string | number | null>
}

const stanceKey = (s: string) => s.trim().toLowerCase()

export function evaluateChecks(set: ScenarioSet, m: MarketFacts, facts: ThesisFacts): Breach[] {
  const out: Breach[] = []
  const seen = new Set<string>()
  const shares = impliedSharesMn(m)
  for (const s of set.scenarios) {
    for (const c of s.checks) {
      const key = `${s.name}\u0000${c.rule}`
      if (seen.has(key)) continue
      const detail = breach(s, c, m, facts, shares)
      if (!detail) continue
      seen.add(key)
      out.push({ scenario: s.name, rule: c.rule, detail })
    }
  }
  return out
}

function breach(
  s: ScenarioSet['scenarios'][number],
  c: ThesisCheck,
  m: MarketFacts,
  facts: ThesisFacts,
  shares: ReturnType<typeof impliedSharesMn>,
): Breach['detail'] | null {
  const fyKey = s.driver.fyKey
  switch (c.rule) {
    case 'priceBelowTarget': {
      const r = computeScenario(s, m, shares)
      const price = m.price
      if (r.targetPrice == null || price == null || !Number.isFinite(price)) return null
      if (!m.priceCurrency || m.priceCurrency !== r.currency) return null
      if (!(price < r.targetPrice)) return null
      return { price, target: r.targetPrice, currency: r.currency, priceAsOf: m.priceAsOf, priceSource: m.priceSource }
    }
    case 'multipleAboveTarget': {
      const kind = s.multiple.kind
      const multiple = facts.marketMultiple(kind, fyKey)
      if (multiple == null || !Number.isFinite(multiple)) return null
      if (!(multiple > s.multiple.value)) return null
      return { kind, fyKey, multiple, target: s.multiple.value }
    }
    case 'reportPeMove': {
      const base = c.baseline
      if (base == null || !Number.isFinite(base) || base === 0) return null
      const limit = c.pct / 100
      let worst: { r: ReportPe; move: number } | null = null
      let count = 0
      for (const r of facts.reportPe(fyKey)) {
        if (!Number.isFinite(r.value)) continue
        const move = r.value / base - 1
        if (!(Math.abs(move) > limit)) continue
        count++
        if (!worst || Math.abs(move) > Math.abs(worst.move)) worst = { r, move }
      }
      if (!worst) return null
      return {
        fyKey,
        pct: c.pct,
        from: base,
        to: worst.r.value,
        move: worst.move,
        report: worst.r.reportId,
        institution: worst.r.institution,
        asOf: worst.r.asOf,
        reports: count,
      }
    }
    case 'stanceChange': {
      const base = c.baseline
      if (base == null) return null
      if (facts.stances.some((x) => stanceKey(x) === stanceKey(base))) return null
      return { from: base, to: facts.stances.length ? facts.stances.join(', ') : null }
    }
  }
}

/**
 * Fills the null baselines of a set's checks from today's data, at write time (pure: returns a
 * new set; baselines already set are kept). reportPeMove → the median of the current report
 * P/Es for the scenario's driver year (stays null when there are none); stanceChange → the
 * first current stance (stays null when there is none).
 */
export function baselineChecks(set: ScenarioSet, facts: Pick<ThesisFacts, 'reportPe' | 'stances'>): ScenarioSet {
  const firstStance = facts.stances.find((x) => x.trim() !== '') ?? null
  return {
    ...set,
    scenarios: set.scenarios.map((s) => ({
      ...s,
      checks: s.checks.map((c): ThesisCheck => {
        if (c.rule === 'reportPeMove' && c.baseline == null) {
          const values = facts.reportPe(s.driver.fyKey).map((r) => r.value).filter((v) => Number.isFinite(v))
          return { ...c, baseline: median(values) }
        }
        if (c.rule === 'stanceChange' && c.baseline == null) return { ...c, baseline: firstStance }
        return { ...c }
      }),
    })),
  }
}
