import { describe, expect, it } from 'vitest'
import { aShareExchange, aliasKey, marketOf, normalizeTicker, resolveSecurity } from '../../shared/tickers'
import { AliasConflictError, buildSecurityMaster } from '../../shared/securityMaster'

describe('normalizeTicker', () => {
  it('maps every printed form of an A-share to one id', () => {
    for (const s of ['002230 CH', '002230.SZ', '002230', '002230 C2', ' 002230  CH ']) expect(normalizeTicker(s)).toBe('002230.SZ')
    expect(normalizeTicker('688787 CH')).toBe('688787.SH')
    expect(normalizeTicker('600845')).toBe('600845.SH')
    expect(normalizeTicker('300229.SZ')).toBe('300229.SZ')
    expect(normalizeTicker('830799')).toBe('830799.BJ')
  })
  it('zero-pads Hong Kong codes', () => {
    expect(normalizeTicker('700 HK')).toBe('0700.HK')
    expect(normalizeTicker('0700.HK')).toBe('0700.HK')
    expect(normalizeTicker('20 HK')).toBe('0020.HK')
    expect(normalizeTicker('9988 HK')).toBe('9988.HK')
  })
  it('uses SYMBOL.US for US listings whatever the exchange suffix', () => {
    expect(normalizeTicker('MSFT US')).toBe('MSFT.US')
    expect(normalizeTicker('msft us')).toBe('MSFT.US')
    expect(normalizeTicker('NVDA.O')).toBe('NVDA.US')
    expect(normalizeTicker('BABA UN')).toBe('BABA.US')
  })
  it('returns null for things that are not tickers', () => {
    expect(normalizeTicker('Meta')).toBeNull()
    expect(normalizeTicker('科大讯飞')).toBeNull()
    expect(normalizeTicker('')).toBeNull()
    expect(normalizeTicker('12345')).toBeNull()
  })
})

describe('alias resolution', () => {
  const aliases = new Map([
    [aliasKey('科大讯飞'), '002230.SZ'],
    [aliasKey('iFlytek'), '002230.SZ'],
    [aliasKey('Meta'), 'META.US'],
    [aliasKey('英伟达'), 'NVDA.US'],
    [aliasKey('Nvidia'), 'NVDA.US'],
  ])
  const known = new Set(['002230.SZ', 'META.US', 'NVDA.US'])
  it('resolves by ticker first, then by name or by a name printed in the ticker column', () => {
    expect(resolveSecurity('科大讯飞', '002230 CH', aliases, known)).toBe('002230.SZ')
    expect(resolveSecurity('科大讯飞', null, aliases, known)).toBe('002230.SZ')
    expect(resolveSecurity('IFLYTEK', null, aliases, known)).toBe('002230.SZ')
    expect(resolveSecurity('Meta', 'Meta', aliases, known)).toBe('META.US')
    expect(resolveSecurity('英伟达', null, aliases, known)).toBe('NVDA.US')
    expect(resolveSecurity('NVIDIA', null, aliases, known)).toBe('NVDA.US')
  })
  it('returns null for an unknown company rather than inventing one', () => {
    expect(resolveSecurity('不存在公司', null, aliases, known)).toBeNull()
  })
  it('knows the market from the id', () => {
    expect(marketOf('PRIVATE:openai')).toBe('unlisted')
    expect(marketOf('0700.HK')).toBe('HK')
    expect(marketOf('002230.SZ')).toBe('CN-A')
  })
})

describe('buildSecurityMaster', () => {
  const sec = (id: string, aliases: string[], nameZh: string | null = null) => ({
    id, nameZh, nameEn: null, market: 'US' as const, currency: 'USD', listed: true, aliases,
  })
  it('merges the same id from several reports', () => {
    const m = buildSecurityMaster([[sec('MSFT.US', ['MSFT US'], '微软')], [sec('MSFT.US', ['Microsoft'])]])
    expect(m.securities).toHaveLength(1)
    expect(m.aliases.get(aliasKey('Microsoft'))).toBe('MSFT.US')
    expect(m.aliases.get(aliasKey('微软'))).toBe('MSFT.US')
  })
  it('refuses one alias pointing at two securities', () => {
    expect(() => buildSecurityMaster([[sec('GOOGL.US', ['DeepMind'])], [sec('PRIVATE:deepmind', ['DeepMind'])]])).toThrow(AliasConflictError)
  })
})

describe('aShareExchange', () => {
  it('places a six-digit A-share code on its exchange', () => {
    expect(aShareExchange('600519')).toBe('SH')
    expect(aShareExchange('688256')).toBe('SH')
    expect(aShareExchange('900901')).toBe('SH') // Shanghai B share
    expect(aShareExchange('002230')).toBe('SZ')
    expect(aShareExchange('300229')).toBe('SZ')
    expect(aShareExchange('830799')).toBe('BJ')
    expect(aShareExchange('430047')).toBe('BJ')
    expect(aShareExchange('920002')).toBe('BJ') // Beijing's codes since 2024
    expect(aShareExchange('12345')).toBeNull()
  })
})
