import { describe, expect, it } from 'vitest'
import { parseFigure, parseFiscalYear, parsePrintedNumber, parseUnit, toMillions } from '../../shared/units'

describe('parsePrintedNumber', () => {
  it('reads numbers with thousands separators, signs and accounting negatives', () => {
    expect(parsePrintedNumber('1,985,486')).toBe(1985486)
    expect(parsePrintedNumber('28.6')).toBe(28.6)
    expect(parsePrintedNumber('-3.2')).toBe(-3.2)
    expect(parsePrintedNumber('(12.5)')).toBe(-12.5)
    expect(parsePrintedNumber(' 82.1 ')).toBe(82.1)
    expect(parsePrintedNumber('28%')).toBe(28)
    expect(parsePrintedNumber('15.0x')).toBe(15)
  })
  it('treats missing markers as missing, never as zero', () => {
    for (const s of ['NA', 'n.a.', '-', '—', '', 'NM', '亏损']) expect(parsePrintedNumber(s)).toBeNull()
    expect(parsePrintedNumber(null)).toBeNull()
  })
  it('refuses garbled cells instead of guessing', () => {
    expect(parsePrintedNumber('1,98,5486')).toBeNull()
    expect(parsePrintedNumber('14.0%13.3%')).toBeNull()
    expect(parsePrintedNumber('12..3')).toBeNull()
    expect(parsePrintedNumber('1000-5000')).toBeNull()
  })
})

describe('parseUnit', () => {
  it('understands 亿/万/百万 and currencies', () => {
    expect(parseUnit('亿元')).toEqual({ scale: 1e8, currency: 'CNY', isMoney: true })
    expect(parseUnit('百万美元')).toEqual({ scale: 1e6, currency: 'USD', isMoney: true })
    expect(parseUnit('万港元')).toEqual({ scale: 1e4, currency: 'HKD', isMoney: true })
    expect(parseUnit('亿人民币').currency).toBe('CNY')
    expect(parseUnit('LC')).toEqual({ scale: 1, currency: null, isMoney: true })
    expect(parseUnit('USD mn')).toEqual({ scale: 1e6, currency: 'USD', isMoney: true })
  })
  it('does not treat multiples or percentages as money', () => {
    expect(parseUnit('x').isMoney).toBe(false)
    expect(parseUnit('倍').isMoney).toBe(false)
    expect(parseUnit('%').isMoney).toBe(false)
    expect(parseUnit(null).isMoney).toBe(false)
  })
  it('converts to millions of the currency', () => {
    expect(toMillions(5785, '亿美元')).toBe(578500)
    expect(toMillions(1208, '百万美元')).toBe(1208)
    expect(toMillions(4500, '万美元')).toBe(45)
    expect(toMillions(null, '亿元')).toBeNull()
  })
})

describe('parseFigure', () => {
  it('takes the unit a cell prints over its column caption', () => {
    const f = parseFigure('1400亿港元', '亿美元')
    expect(f.value).toBe(1400)
    expect(f.unit.currency).toBe('HKD')
    expect(f.unit.scale).toBe(1e8)
  })
  it('keeps the column currency when the cell prints only a scale', () => {
    const f = parseFigure('70亿', '亿美元')
    expect(f.value).toBe(70)
    expect(f.unit).toEqual({ scale: 1e8, currency: 'USD', isMoney: true })
  })
  it('leaves ranges and vague amounts missing', () => {
    expect(parseFigure('1000-5000万美元', '万美元').value).toBeNull()
    expect(parseFigure('数亿元', '亿元').value).toBeNull()
    expect(parseFigure('造车;L4自动驾驶', null).value).toBeNull()
  })
})

describe('parseFiscalYear', () => {
  it('normalises the labels reports print', () => {
    expect(parseFiscalYear('FY22E')).toEqual({ year: 2022, kind: 'E', key: 'FY22E' })
    expect(parseFiscalYear('2023E')?.key).toBe('FY23E')
    expect(parseFiscalYear('22A')).toEqual({ year: 2022, kind: 'A', key: 'FY22A' })
    expect(parseFiscalYear('2021')?.key).toBe('FY21')
    expect(parseFiscalYear('2024年E')?.key).toBe('FY24E')
    expect(parseFiscalYear('2014-2021年累计')).toBeNull()
    expect(parseFiscalYear(null)).toBeNull()
  })
})

describe('scale words and exact millions', () => {
  it('reads 万亿 as 1e12, not as its 亿', () => {
    expect(parseUnit('万亿元').scale).toBe(1e12)
    expect(parseUnit('万亿美元')).toMatchObject({ scale: 1e12, currency: 'USD', isMoney: true })
    expect(parseUnit('USD tn').scale).toBe(1e12)
    expect(parseFigure('1.99万亿美元', null)).toMatchObject({ value: 1.99, unit: { scale: 1e12, currency: 'USD' } })
    expect(toMillions(1.99, '万亿美元')).toBe(1_990_000)
    expect(parseUnit('千万元').scale).toBe(1e7)
  })
  it('converts to millions without binary noise', () => {
    expect(toMillions(5.1, '万元')).toBe(0.051)
    expect(toMillions(0.07, '亿')).toBe(7)
    for (let i = 1; i < 5000; i++) {
      const v = i / 100
      for (const [unit, scale] of [['万', 1e4], ['亿', 1e8], ['十亿', 1e9], ['千', 1e3]] as const) {
        const exact = Number(((i * scale) / 1e8).toPrecision(12))
        expect(toMillions(v, unit)).toBe(exact)
      }
    }
  })
})
