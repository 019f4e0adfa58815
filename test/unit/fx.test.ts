import { describe, expect, it } from 'vitest'
import { convert, findRate, fxJump, neighbourRate, reportingCurrencies, type FxRate } from '../../shared/fx'

const rates: FxRate[] = [
  { currency: 'CNY', perUsd: 6.8, asOf: '2023-02-08', source: 't' },
  { currency: 'CNY', perUsd: 7.2, asOf: '2022-11-24', source: 't' },
  { currency: 'HKD', perUsd: 7.85, asOf: '2023-02-08', source: 't' },
]

describe('fx', () => {
  it('uses the rate nearest the as-of date', () => {
    expect(findRate(rates, 'CNY', '2022-11-25')!.perUsd).toBe(7.2)
    expect(findRate(rates, 'CNY', '2023-02-01')!.perUsd).toBe(6.8)
  })
  it('converts market caps across currencies via USD', () => {
    const c = convert(785, 'HKD', 'CNY', '2023-02-08', rates)
    expect(c.value).toBeCloseTo((785 / 7.85) * 6.8, 9)
    expect(c.stale).toBe(false)
  })
  it('refuses a conversion without a rate instead of adding mixed currencies', () => {
    const c = convert(100, 'GBP', 'USD', '2023-02-08', rates)
    expect(c.value).toBeNull()
    expect(c.missing).toMatch(/GBP/)
  })
  it('flags a stale rate or an unknown date', () => {
    expect(convert(100, 'HKD', 'USD', '2022-11-24', rates).stale).toBe(true)
    expect(convert(100, 'HKD', 'USD', null, rates).stale).toBe(true)
    expect(convert(100, 'USD', 'USD', null, rates)).toMatchObject({ value: 100, stale: false })
  })
  it('converts to a reporting currency that only has a rate of its own (GBP) through USD', () => {
    const withGbp = [...rates, { currency: 'GBP', perUsd: 0.83, asOf: '2023-02-08', source: 't' }]
    expect(convert(785, 'HKD', 'GBP', '2023-02-08', withGbp).value).toBeCloseTo((785 / 7.85) * 0.83, 9)
    expect(convert(100, 'USD', 'GBP', '2023-02-08', withGbp).value).toBeCloseTo(83, 9)
    expect(convert(100, 'CNY', 'GBP', '2023-02-08', rates)).toMatchObject({ value: null, missing: 'no GBP rate' })
  })
  it('offers USD and every currency with a rate as reporting currencies', () => {
    expect(reportingCurrencies(rates)).toEqual(['CNY', 'HKD', 'USD'])
    expect(reportingCurrencies([...rates, { currency: 'GBP', perUsd: 0.83, asOf: '2023-02-08', source: 't' }])).toEqual(['CNY', 'GBP', 'HKD', 'USD'])
    expect(reportingCurrencies([])).toEqual(['USD'])
  })
  it('checks a new rate against the nearest earlier as-of, else the nearest later one, never the rate it replaces', () => {
    expect(neighbourRate(rates, 'CNY', '2023-03-01')!.asOf).toBe('2023-02-08')
    expect(neighbourRate(rates, 'CNY', '2023-01-01')!.asOf).toBe('2022-11-24')
    expect(neighbourRate(rates, 'CNY', '2022-01-01')!.asOf).toBe('2022-11-24')
    expect(neighbourRate(rates, 'CNY', '2023-02-08')!.asOf).toBe('2022-11-24')
    expect(neighbourRate(rates, 'HKD', '2023-02-08')).toBeNull()
    expect(neighbourRate(rates, 'GBP', '2023-02-08')).toBeNull()
  })
  it('calls a move of more than 20% a jump, with the previous rate and the move in %', () => {
    expect(fxJump(rates, { currency: 'CNY', asOf: '2023-03-01', perUsd: 68 })).toEqual({ currency: 'CNY', previous: 6.8, previousAsOf: '2023-02-08', perUsd: 68, changePct: 900 })
    expect(fxJump(rates, { currency: 'CNY', asOf: '2023-03-01', perUsd: 0.68 })!.changePct).toBe(-90)
    expect(fxJump(rates, { currency: 'CNY', asOf: '2023-03-01', perUsd: 8.16 })).toBeNull() // +20% exactly
    expect(fxJump(rates, { currency: 'CNY', asOf: '2023-03-01', perUsd: 8.2 })!.changePct).toBe(20.6)
    expect(fxJump(rates, { currency: 'HKD', asOf: '2023-02-08', perUsd: 78.5 })).toBeNull() // its only rate, replaced
    expect(fxJump(rates, { currency: 'GBP', asOf: '2023-02-08', perUsd: 0.83 })).toBeNull() // first rate
  })
})
