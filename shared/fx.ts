/**
 * Reporting-currency conversion. Rates are stored as units of currency per 1 USD with an as-of
 * date and a source. Market caps convert; multiples never do (they are currency-free).
 * A conversion with no usable rate is refused (null + reason), never guessed; a rate further
 * than STALE_DAYS from the figure's as-of date is used but flagged stale.
 */

export interface FxRate {
  currency: string
  perUsd: number
  asOf: string
  source: string
}

export const STALE_DAYS = 7

export interface Conversion {
  value: number | null
  /** set when value is null */
  missing?: string
  /** rates used were more than STALE_DAYS from the as-of date (or the date is unknown) */
  stale: boolean
  /** the rates used, for the tooltip */
  used: FxRate[]
}

const DAY = 86_400_000

function days(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / DAY
}

/** The rate nearest to `date` (latest one if date is unknown). USD is always 1. */
export function findRate(rates: readonly FxRate[], currency: string, date: string | null): FxRate | null {
  if (currency === 'USD') return { currency: 'USD', perUsd: 1, asOf: date ?? '', source: 'identity' }
  const list = rates.filter((r) => r.currency === currency && r.perUsd > 0)
  if (list.length === 0) return null
  if (!date) return list.reduce((a, b) => (a.asOf >= b.asOf ? a : b))
  return list.reduce((a, b) => (days(a.asOf, date) <= days(b.asOf, date) ? a : b))
}

export function convert(amount: number | null, from: string | null, to: string, date: string | null, rates: readonly FxRate[]): Conversion {
  if (amount == null) return { value: null, missing: 'no amount', stale: false, used: [] }
  if (!from) return { value: null, missing: 'currency unknown', stale: false, used: [] }
  if (from === to) return { value: amount, stale: false, used: [] }
  const a = findRate(rates, from, date)
  const b = findRate(rates, to, date)
  if (!a || !b) return { value: null, missing: `no ${!a ? from : to} rate`, stale: false, used: [] }
  const used = [a, b].filter((r) => r.currency !== 'USD')
  const stale = !date || used.some((r) => days(r.asOf, date) > STALE_DAYS)
  return { value: (amount / a.perUsd) * b.perUsd, stale, used }
}

/** A rate moving more than this (in %) from the currency's neighbouring rate needs a confirmation. */
export const JUMP_PCT = 20

export interface FxJump {
  currency: string
  previous: number
  previousAsOf: string
  perUsd: number
  /** (perUsd ÷ previous − 1) × 100, one decimal */
  changePct: number
}

/**
 * The rate a new one is checked against: the currency's nearest earlier as-of, else its nearest
 * later one (the rate on the same date is the one being replaced, so it is not the reference —
 * correcting a typo must not itself look like a jump). Null for a currency's first rate.
 */
export function neighbourRate(rates: readonly FxRate[], currency: string, asOf: string): FxRate | null {
  const others = rates.filter((r) => r.currency === currency && r.asOf !== asOf && r.perUsd > 0)
  const earlier = others.filter((r) => r.asOf < asOf).sort((a, b) => (a.asOf < b.asOf ? 1 : -1))[0]
  if (earlier) return earlier
  return others.filter((r) => r.asOf > asOf).sort((a, b) => (a.asOf < b.asOf ? -1 : 1))[0] ?? null
}

/** The move that needs a confirmation (more than JUMP_PCT from the neighbouring rate), or null. */
export function fxJump(rates: readonly FxRate[], r: { currency: string; asOf: string; perUsd: number }): FxJump | null {
  const prev = neighbourRate(rates, r.currency, r.asOf)
  if (!prev) return null
  // Judged on the move as shown (one decimal), so 6.8 → 8.16 is "+20%" and not a float's 20.0000001.
  const changePct = Math.round((r.perUsd / prev.perUsd - 1) * 1000) / 10
  if (Math.abs(changePct) <= JUMP_PCT) return null
  return { currency: r.currency, previous: prev.perUsd, previousAsOf: prev.asOf, perUsd: r.perUsd, changePct }
}

/** Reporting currencies on offer: USD and every currency with at least one rate, sorted. */
export function reportingCurrencies(rates: readonly FxRate[]): string[] {
  return [...new Set(['USD', ...rates.filter((r) => r.perUsd > 0).map((r) => r.currency)])].sort()
}
