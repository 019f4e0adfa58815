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
