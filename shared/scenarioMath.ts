/**
 * Scenario arithmetic (shared/scenario.ts): driver × target multiple → target price and market
 * cap, upside to the latest price in the data, probability-weighted target, and the multiple the
 * market pays today on each scenario's driver. Pure: no Node, no DB.
 *
 *  per-share driver (EPS, sales per share)   target price = driver × multiple
 *                                            target mcap  = target price × shares
 *  total driver (net income, revenue, mn)    target mcap  = driver × multiple
 *                                            target price = target mcap ÷ shares
 *  shares (mn)                               = market cap (mn) ÷ price, only when both are known
 *                                              and in the SAME currency
 *  upside                                    = target price ÷ price − 1, only when the driver's
 *                                              currency is the price's currency
 *  implied multiple today                    = price ÷ per-share driver, or mcap ÷ total driver
 *                                              (same-currency only)
 *
 * Targets are in the driver's currency. Nothing is ever converted between currencies here: a
 * comparison across currencies gives null plus a problem code, never a silent conversion (a
 * cross-listed share can be priced in HKD while the reports print earnings in CNY). A driver
 * ≤ 0 (a loss-maker) has no meaningful P/E or P/S target: its target, upside and implied
 * multiple are null with 'negative-driver'. Probabilities that do not total 100 are reported,
 * never normalised.
 */
import type { Scenario, ScenarioSet } from './scenario'

/** Latest price and market cap in the data (market cap in millions). */
export interface MarketFacts {
  price: number | null
  priceCurrency: string | null
  priceAsOf: string | null
  priceSource: string | null
  mcapMn: number | null
  mcapCurrency: string | null
}

/**
 * Why a figure of one scenario is null:
 *  no-price                usable latest price missing (null, ≤ 0 or not finite)
 *  no-mcap                 market cap missing: no share count; no implied multiple on a total driver
 *  currency-unknown        the price's (or market cap's) currency is not known, so it cannot be compared
 *  currency-mismatch       the driver's currency differs from the price's (upside, implied P/E on a
 *                          per-share driver) or from the market cap's (implied multiple on a total driver)
 *  mcap-currency-mismatch  market cap and price are in different currencies: no share count is derived
 *  no-shares               a figure needed the share count and it is unknown (the cause is listed too)
 *  negative-driver         driver ≤ 0: no meaningful target or implied multiple
 *  bad-input               driver not finite or multiple not > 0 (the schema refuses these)
 */
export type ScenarioProblem =
  | 'no-price'
  | 'no-mcap'
  | 'currency-unknown'
  | 'currency-mismatch'
  | 'mcap-currency-mismatch'
  | 'no-shares'
  | 'negative-driver'
  | 'bad-input'

/**
 * Why the weighted figures are null or partial:
 *  probability-total   probabilities do not total 100 (±1e-6): weighted figures are null
 *  no-target           no scenario has a target price
 *  no-weight           the scenarios with a target have zero total probability
 *  mixed-currencies    targets are in different currencies: they are not averaged
 *  partial-weight      a scenario with probability > 0 has no target; the weighted target is over
 *                      the scenarios that have one (Σ p·target ÷ Σ p), and this says so
 *  no-price / currency-unknown / currency-mismatch   weighted upside is null for that reason
 */
export type SummaryProblem =
  | 'probability-total'
  | 'no-target'
  | 'no-weight'
  | 'mixed-currencies'
  | 'partial-weight'
  | 'no-price'
  | 'currency-unknown'
  | 'currency-mismatch'

export interface ScenarioResult {
  name: string
  probability: number
  /** currency of targetPrice and targetMcapMn: the driver's currency */
  currency: string
  targetPrice: number | null
  targetMcapMn: number | null
  /** fraction vs the latest price (0.25 = +25%) */
  upside: number | null
  /** today's price (or mcap) ÷ the driver: the multiple the market pays now on this scenario's driver */
  impliedMultipleToday: number | null
  problems: ScenarioProblem[]
}

export interface ScenarioSummary {
  results: ScenarioResult[]
  /** Σ probability, as entered */
  probabilityTotal: number
  weightedTargetPrice: number | null
  /** currency of weightedTargetPrice (null when there is none) */
  weightedCurrency: string | null
  weightedUpside: number | null
  problems: SummaryProblem[]
}

export const PROBABILITY_TOLERANCE = 1e-6

const PER_SHARE = new Set(['eps', 'sps'])

export function isPerShareDriver(kind: Scenario['driver']['kind']): boolean {
  return PER_SHARE.has(kind)
}

const usable = (x: number | null | undefined): number | null => (x != null && Number.isFinite(x) && x > 0 ? x : null)

type Shares = { value: number; reason?: undefined } | { value: null; reason: 'no-price' | 'no-mcap' | 'currency-unknown' | 'mcap-currency-mismatch' }

/** Share count in millions implied by market cap ÷ price, when both are known in one currency. */
export function impliedSharesMn(m: MarketFacts): Shares {
  const price = usable(m.price)
  const mcap = usable(m.mcapMn)
  if (price == null) return { value: null, reason: 'no-price' }
  if (mcap == null) return { value: null, reason: 'no-mcap' }
  if (!m.priceCurrency || !m.mcapCurrency) return { value: null, reason: 'currency-unknown' }
  if (m.priceCurrency !== m.mcapCurrency) return { value: null, reason: 'mcap-currency-mismatch' }
  return { value: mcap / price }
}

/** Compares a driver currency with a market currency: null when they agree, else the problem. */
function currencyProblem(driver: string, market: string | null): 'currency-unknown' | 'currency-mismatch' | null {
  if (!market) return 'currency-unknown'
  return market === driver ? null : 'currency-mismatch'
}

export function computeScenario(s: Scenario, m: MarketFacts, shares: Shares = impliedSharesMn(m)): ScenarioResult {
  const problems = new Set<ScenarioProblem>()
  const cur = s.driver.currency
  const d = s.driver.value
  const k = s.multiple.value
  const perShare = isPerShareDriver(s.driver.kind)
  const price = usable(m.price)
  if (price == null) problems.add('no-price')

  let targetPrice: number | null = null
  let targetMcapMn: number | null = null
  let impliedMultipleToday: number | null = null
  let upside: number | null = null

  if (!Number.isFinite(d) || !Number.isFinite(k) || k <= 0) problems.add('bad-input')
  else if (d <= 0) problems.add('negative-driver')
  else {
    const needShares = () => {
      problems.add('no-shares')
      if (shares.reason) problems.add(shares.reason)
    }
    if (perShare) {
      targetPrice = d * k
      if (shares.value != null) targetMcapMn = targetPrice * shares.value
      else needShares()
      if (price != null) {
        const c = currencyProblem(cur, m.priceCurrency)
        if (c) problems.add(c)
        else impliedMultipleToday = price / d
      }
    } else {
      targetMcapMn = d * k
      if (shares.value != null) targetPrice = targetMcapMn / shares.value
      else needShares()
      const mcap = usable(m.mcapMn)
      if (mcap == null) problems.add('no-mcap')
      else {
        const c = currencyProblem(cur, m.mcapCurrency)
        if (c) problems.add(c)
        else impliedMultipleToday = mcap / d
      }
    }
    if (targetPrice != null && price != null) {
      const c = currencyProblem(cur, m.priceCurrency)
      if (c) problems.add(c)
      else upside = targetPrice / price - 1
    }
  }
  return { name: s.name, probability: s.probability, currency: cur, targetPrice, targetMcapMn, upside, impliedMultipleToday, problems: [...problems] }
}

export function computeScenarios(set: ScenarioSet, m: MarketFacts): ScenarioSummary {
  const shares = impliedSharesMn(m)
  const results = set.scenarios.map((s) => computeScenario(s, m, shares))
  const probabilityTotal = set.scenarios.reduce((a, s) => a + s.probability, 0)
  const none = { results, probabilityTotal, weightedTargetPrice: null, weightedCurrency: null, weightedUpside: null }
  if (!Number.isFinite(probabilityTotal) || Math.abs(probabilityTotal - 100) > PROBABILITY_TOLERANCE) {
    return { ...none, problems: ['probability-total'] }
  }
  const withTarget = results.filter((r) => r.targetPrice != null)
  if (withTarget.length === 0) return { ...none, problems: ['no-target'] }
  const currencies = new Set(withTarget.map((r) => r.currency))
  if (currencies.size > 1) return { ...none, problems: ['mixed-currencies'] }
  const sumP = withTarget.reduce((a, r) => a + r.probability, 0)
  if (!(sumP > 0)) return { ...none, problems: ['no-weight'] }

  const problems: SummaryProblem[] = []
  if (results.some((r) => r.targetPrice == null && r.probability > 0)) problems.push('partial-weight')
  const weightedCurrency = withTarget[0]!.currency
  const weightedTargetPrice = withTarget.reduce((a, r) => a + r.probability * r.targetPrice!, 0) / sumP
  let weightedUpside: number | null = null
  const price = usable(m.price)
  if (price == null) problems.push('no-price')
  else {
    const c = currencyProblem(weightedCurrency, m.priceCurrency)
    if (c) problems.push(c)
    else weightedUpside = weightedTargetPrice / price - 1
  }
  return { results, probabilityTotal, weightedTargetPrice, weightedCurrency, weightedUpside, problems }
}
