import { describe, expect, it } from 'vitest'
import { formatMillions, formatMultiple } from '../../shared/format'

describe('formatMillions', () => {
  it('uses 亿/万 in Chinese', () => {
    expect(formatMillions(16027, 'zh', 'USD')).toBe('160.3亿美元')
    expect(formatMillions(1985486, 'zh', 'USD')).toBe('1.99万亿美元')
    expect(formatMillions(52641, 'zh')).toBe('526.4亿')
    expect(formatMillions(45, 'zh', 'CNY')).toBe('4,500万元')
  })
  it('uses M/B/T in English', () => {
    expect(formatMillions(16027, 'en', 'USD')).toBe('USD 16.0B')
    expect(formatMillions(1985486, 'en')).toBe('1.99T')
    expect(formatMillions(45, 'en', 'HKD')).toBe('HKD 45.0M')
    // any other reporting currency (one with a rate in the FX table) is named by its ISO code
    expect(formatMillions(45, 'en', 'GBP')).toBe('GBP 45.0M')
    expect(formatMillions(16027, 'zh', 'GBP')).toBe('160.3亿 GBP')
  })
  it('shows missing as a dash, never NaN', () => {
    expect(formatMillions(null, 'zh')).toBe('—')
    expect(formatMillions(Number.NaN, 'en')).toBe('—')
    expect(formatMultiple(undefined, 'en')).toBe('—')
  })
})
