import { describe, expect, it } from 'vitest'
import { convert, findRate, type FxRate } from '../../shared/fx'

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
})
