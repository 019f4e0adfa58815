import { describe, expect, it } from 'vitest'
import { countByCode, qualityFlags } from '../../shared/quality'
import { vrow } from '../helpers/rows'

const pe = (fyKey: string, value: number) => ({ metric: 'pe', fyKey, value, printed: String(value) })
const ps = (fyKey: string, value: number) => ({ metric: 'ps', fyKey, value, printed: String(value) })

describe('qualityFlags', () => {
  it('flags a P/E–P/S pair implying a net margin of 50% or more, and nothing below', () => {
    const flags = qualityFlags([
      vrow({ id: 1, figures: [pe('FY23E', 2.0), ps('FY23E', 1.9), pe('FY22E', 13.7), ps('FY22E', 2.1)] }),
      vrow({ id: 2, figures: [pe('FY23E', 20), ps('FY23E', 9.9)] }),
      vrow({ id: 3, figures: [pe('FY23E', 20), ps('FY23E', 10)] }),
      vrow({ id: 4, figures: [pe('FY23E', -5), ps('FY23E', 3)] }),
    ])
    const m = flags.filter((f) => f.code === 'implausible-margin').map((f) => `${f.rowId}:${f.fyKey}`)
    expect(m).toEqual(['1:FY23E', '3:FY23E'])
  })

  it('flags a cell whose currency contradicts a single-currency caption', () => {
    const flags = qualityFlags([
      vrow({ id: 10, tableLabel: '市值（亿美元）', figures: [{ metric: 'marketCap', printed: '1400亿港元', value: 1400, unit: '亿港元' }] }),
      vrow({ id: 11, tableLabel: '市值（亿美元）', figures: [{ metric: 'marketCap', printed: '5785亿美元', value: 5785, unit: '亿美元' }] }),
      vrow({ id: 12, tableLabel: '市值', figures: [{ metric: 'marketCap', printed: '1400亿港元', value: 1400, unit: '亿港元' }] }),
    ])
    expect(flags.filter((f) => f.code === 'unit-vs-caption').map((f) => f.rowId)).toEqual([10])
  })

  it('flags inferred, partial and missing as-of dates', () => {
    const flags = qualityFlags([
      vrow({ id: 20, asOfInferred: true }),
      vrow({ id: 21, asOfDate: null }),
      vrow({ id: 22 }),
      vrow({ id: 23, asOfDate: null, asOfNote: '截至2022年2月' }),
    ])
    expect(countByCode(flags)).toMatchObject({ 'as-of-inferred': 1, 'as-of-missing': 1, 'as-of-partial': 1 })
  })

  it('flags the same multiple differing across reports for one security, on every row involved', () => {
    const flags = qualityFlags([
      vrow({ id: 30, securityId: 'X.US', reportId: 'a', figures: [pe('FY23E', 28.6)] }),
      vrow({ id: 31, securityId: 'X.US', reportId: 'b', figures: [pe('FY23E', 30.1)] }),
      vrow({ id: 32, securityId: 'Y.US', reportId: 'a', figures: [pe('FY23E', 10)] }),
      vrow({ id: 33, securityId: 'Y.US', reportId: 'b', figures: [pe('FY23E', 10)] }),
    ])
    expect(flags.filter((f) => f.code === 'cross-report-diff').map((f) => f.rowId).sort()).toEqual([30, 31])
  })

  it('lists the most severe flags first and never changes the rows', () => {
    const rows = [vrow({ id: 40, asOfDate: null, figures: [pe('FY23E', 2), ps('FY23E', 1.5)] })]
    const before = JSON.stringify(rows)
    const flags = qualityFlags(rows)
    expect(flags.map((f) => f.code)).toEqual(['implausible-margin', 'as-of-missing'])
    expect(JSON.stringify(rows)).toBe(before)
  })
})
