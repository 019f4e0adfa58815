import { describe, expect, it } from 'vitest'
import { canonicalFromForm } from '../../shared/import/tickerForms'

const id = (printed: string, ctx?: Parameters<typeof canonicalFromForm>[1]) => canonicalFromForm(printed, ctx).id

describe('canonicalFromForm: certain forms', () => {
  it('reads Wind / tushare / Yahoo suffixes', () => {
    expect(canonicalFromForm('002230.SZ')).toEqual({ id: '002230.SZ', warnings: [] })
    expect(id('600845.SH')).toBe('600845.SH')
    expect(id('830799.BJ')).toBe('830799.BJ')
    expect(id('0700.HK')).toBe('0700.HK')
    expect(id('600519.SS')).toBe('600519.SH')
    expect(id('002230.sz')).toBe('002230.SZ')
  })
  it('reads Wind US exchange suffixes (.O Nasdaq, .N NYSE) and class shares', () => {
    expect(canonicalFromForm('NVDA.O')).toEqual({ id: 'NVDA.US', warnings: [] })
    expect(id('BABA.N')).toBe('BABA.US')
    expect(id('BRK_B.N')).toBe('BRK-B.US')
    expect(id('BRK.B.N')).toBe('BRK-B.US')
  })
  it('reads iFinD, baostock and eastmoney prefixes', () => {
    expect(id('HK0700')).toBe('0700.HK')
    expect(id('HK09988')).toBe('9988.HK')
    expect(id('sh.600000')).toBe('600000.SH')
    expect(id('sz.002230')).toBe('002230.SZ')
    expect(id('SH600519')).toBe('600519.SH')
  })
  it('reads akshare forms: 5-digit HK codes and US market prefixes', () => {
    expect(canonicalFromForm('00700')).toEqual({ id: '0700.HK', warnings: [] })
    expect(id('09988')).toBe('9988.HK')
    expect(id('105.NVDA')).toBe('NVDA.US')
    expect(id('106.BABA')).toBe('BABA.US')
    expect(id('107.XYZ')).toBe('XYZ.US')
    expect(id('106.BRK_B')).toBe('BRK-B.US')
  })
  it('reads Bloomberg tickers with or without the yellow key, and pasted PDF forms', () => {
    expect(id('700 HK Equity')).toBe('0700.HK')
    expect(id('002230 CH Equity')).toBe('002230.SZ')
    expect(id('600845 CH Equity')).toBe('600845.SH')
    expect(id('BIDU US Equity')).toBe('BIDU.US')
    expect(id('BRK/B US Equity')).toBe('BRK-B.US')
    expect(id('9988 HK')).toBe('9988.HK')
    expect(id('600000 CG Equity')).toBe('600000.SH')
    expect(id('000001 CS Equity')).toBe('000001.SZ')
    expect(id('002230 CH')).toBe('002230.SZ')
    expect(id('700 HK')).toBe('0700.HK')
    expect(id('MSFT US')).toBe('MSFT.US')
    expect(id('msft uw')).toBe('MSFT.US')
  })
  it('keeps HK codes of 10000 and above at 5 digits', () => {
    expect(id('81024.HK')).toBe('81024.HK')
    expect(id('81024', { marketHint: 'HK' })).toBe('81024.HK')
  })
  it('reads full-width and padded codes', () => {
    expect(id('　００２２３０．ＳＺ　')).toBe('002230.SZ')
    expect(id('\u00a0700 HK\u00a0')).toBe('0700.HK')
  })
  it('keeps PRIVATE ids', () => {
    expect(id('PRIVATE:moonshot-ai')).toBe('PRIVATE:moonshot-ai')
    expect(id('PRIVATE:月之暗面')).toBe('PRIVATE:月之暗面')
  })
  it('six bare digits are an A-share by their first digit', () => {
    expect(id('002230')).toBe('002230.SZ')
    expect(id('600845')).toBe('600845.SH')
    expect(id('830799')).toBe('830799.BJ')
    expect(canonicalFromForm('510300')).toEqual({ id: null, warnings: ['code.unrecognised'] })
  })
})

describe('canonicalFromForm: Excel-stripped zeros', () => {
  it('restores an A-share code only in an A-share context', () => {
    expect(canonicalFromForm('2230', { marketHint: 'CN-A' })).toEqual({ id: '002230.SZ', warnings: ['code.zeroRestored'] })
    expect(canonicalFromForm('1', { marketHint: 'CN-A' })).toEqual({ id: '000001.SZ', warnings: ['code.zeroRestored'] })
  })
  it('pads to 4 digits in an HK context', () => {
    expect(canonicalFromForm('700', { marketHint: 'HK' })).toEqual({ id: '0700.HK', warnings: ['code.zeroRestored'] })
    expect(canonicalFromForm('9988', { marketHint: 'HK' })).toEqual({ id: '9988.HK', warnings: [] })
  })
  it('refuses to guess when the market is unknown', () => {
    expect(canonicalFromForm('2230')).toEqual({ id: null, warnings: ['code.ambiguous'] })
    expect(canonicalFromForm('700')).toEqual({ id: null, warnings: ['code.ambiguous'] })
    expect(canonicalFromForm('2230', { marketHint: 'US' })).toEqual({ id: null, warnings: ['code.unrecognised'] })
  })
  it('a 4–5 digit code that kept its leading zero is HK text in any context', () => {
    expect(canonicalFromForm('0700', { marketHint: 'CN-A' })).toEqual({ id: '0700.HK', warnings: [] })
  })
})

describe('canonicalFromForm: bare alphabetic codes and .A', () => {
  it('assumes US, with a warning unless the context is US or the source prints only US codes bare', () => {
    expect(canonicalFromForm('NVDA')).toEqual({ id: 'NVDA.US', warnings: ['code.assumedUS'] })
    expect(canonicalFromForm('NVDA', { marketHint: 'US' })).toEqual({ id: 'NVDA.US', warnings: [] })
    expect(canonicalFromForm('NVDA', { preset: 'yahoo' })).toEqual({ id: 'NVDA.US', warnings: [] })
    expect(canonicalFromForm('NVDA', { preset: 'ifind' })).toEqual({ id: 'NVDA.US', warnings: [] })
    expect(canonicalFromForm('BRK.B')).toEqual({ id: 'BRK-B.US', warnings: ['code.assumedUS'] })
    expect(canonicalFromForm('BRK-B', { preset: 'yahoo' })).toEqual({ id: 'BRK-B.US', warnings: [] })
  })
  it('reads .A as AMEX for Wind-style sources, a class-A share elsewhere, ambiguous with no source', () => {
    expect(canonicalFromForm('XYZ.A', { preset: 'wind' })).toEqual({ id: 'XYZ.US', warnings: [] })
    expect(canonicalFromForm('BRK.A', { preset: 'yahoo' })).toEqual({ id: 'BRK-A.US', warnings: [] })
    expect(canonicalFromForm('BRK.A')).toEqual({ id: null, warnings: ['code.ambiguous'] })
  })
  it('gives no id for names, missing markers and blanks', () => {
    expect(canonicalFromForm('科大讯飞')).toEqual({ id: null, warnings: ['code.unrecognised'] })
    expect(canonicalFromForm('Tencent Holdings')).toEqual({ id: null, warnings: ['code.unrecognised'] })
    expect(canonicalFromForm('--')).toEqual({ id: null, warnings: [] })
    expect(canonicalFromForm('')).toEqual({ id: null, warnings: [] })
  })
})
