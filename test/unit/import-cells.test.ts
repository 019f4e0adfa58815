import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toMillions } from '../../shared/units'
import { cellFailure, currencyCode, normalizeCell, parseCellAmount, parseCellNumber, parseDate, toMillionsExact } from '../../shared/import/cells'

describe('normalizeCell', () => {
  it('folds full-width forms and trims full-width spaces and NBSP', () => {
    expect(normalizeCell('６６．１０')).toBe('66.10')
    expect(normalizeCell('（亿元）：')).toBe('(亿元):')
    expect(normalizeCell('\u3000\u3000腾讯控股\u00a0')).toBe('腾讯控股')
    expect(normalizeCell(' 12.5 ')).toBe('12.5')
    expect(normalizeCell(undefined)).toBe('')
  })
})

describe('parseCellNumber', () => {
  it('reads numbers as printed', () => {
    expect(parseCellNumber('６６．１０')).toEqual({ value: 66.1, status: 'ok' })
    expect(parseCellNumber('"46,225.7000"'.slice(1, -1))).toEqual({ value: 46225.7, status: 'ok' })
    expect(parseCellNumber('(12.5)')).toEqual({ value: -12.5, status: 'ok' })
    expect(parseCellNumber('−3.2')).toEqual({ value: -3.2, status: 'ok' })
    expect(parseCellNumber('15.0x')).toEqual({ value: 15, status: 'ok', suffix: 'x' })
    expect(parseCellNumber('15.0倍')).toEqual({ value: 15, status: 'ok', suffix: 'x' })
    expect(parseCellNumber('28%')).toEqual({ value: 28, status: 'ok', suffix: '%' })
    expect(parseCellNumber('\u300012.3\u3000')).toEqual({ value: 12.3, status: 'ok' })
  })
  it('allows scientific notation from Excel re-saves, with a warning', () => {
    expect(parseCellNumber('1.13012E+11')).toEqual({ value: 113012000000, status: 'ok', warning: 'value.scientific' })
  })
  it('reads missing markers as missing, never zero', () => {
    for (const s of ['--', '-', 'NA', 'N/A', 'n.a.', 'n.m.', 'NM', '', '   ', '#N/A N/A', '#N/A Field Not Applicable', '—', '－－']) {
      expect(parseCellNumber(s)).toEqual({ value: null, status: 'missing' })
    }
  })
  it('reads 亏损 as loss-making', () => {
    expect(parseCellNumber('亏损')).toEqual({ value: null, status: 'loss', warning: 'pe.loss' })
  })
  it('names Bloomberg and Excel failures', () => {
    expect(parseCellNumber('#N/A Requesting Data...')).toEqual({ value: null, status: 'error', reason: 'bloomberg.requesting' })
    expect(parseCellNumber('#N/A Invalid Security')).toEqual({ value: null, status: 'error', reason: 'bloomberg.invalidSecurity' })
    expect(parseCellNumber('#N/A Limit')).toEqual({ value: null, status: 'error', reason: 'bloomberg.error' })
    expect(parseCellNumber('#REF!')).toEqual({ value: null, status: 'error', reason: 'value.excelError' })
    expect(cellFailure('#N/A N/A')).toBeNull()
    expect(cellFailure('12.5')).toBeNull()
  })
  it('refuses garbled cells', () => {
    for (const s of ['12..3', 'abc', '1,98,5486', '14.0%13.3%', '1000-5000', '(-5)', '1 2']) {
      expect(parseCellNumber(s)).toEqual({ value: null, status: 'error', reason: 'value.notNumber' })
    }
  })
  it('never throws, and an ok value is finite (fuzz)', () => {
    const pieces = fc.constantFrom('1', '0', '9', ',', '.', '-', '+', '(', ')', '%', 'x', '倍', 'E', 'e', '#N/A', ' ', '\u3000', '６', '．', '亏损', 'NA', '--', 'Requesting')
    const cell = fc.oneof(fc.string(), fc.array(pieces, { maxLength: 12 }).map((a) => a.join('')))
    fc.assert(
      fc.property(cell, (s) => {
        const r = parseCellNumber(s)
        expect(['ok', 'missing', 'loss', 'error']).toContain(r.status)
        if (r.status === 'ok') expect(Number.isFinite(r.value)).toBe(true)
        else expect(r.value).toBeNull()
        if (r.status === 'error') expect(r.reason).toMatch(/^(value|bloomberg)\./)
      }),
      { numRuns: 1000 },
    )
  })
  it('reads back any printed decimal exactly (fuzz)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (x) => {
        const printed = x.toFixed(4)
        expect(parseCellNumber(printed).value).toBe(Number(printed))
      }),
    )
  })
})

describe('parseCellAmount', () => {
  it('reads a unit printed in the cell', () => {
    expect(parseCellAmount('5785亿美元')).toEqual({ value: 5785, status: 'ok', unitText: '亿美元' })
    expect(parseCellAmount('3.21T')).toEqual({ value: 3.21, status: 'ok', unitText: 'T' })
    expect(parseCellAmount('532.1B')).toEqual({ value: 532.1, status: 'ok', unitText: 'B' })
    expect(parseCellAmount('1.2万亿')).toEqual({ value: 1.2, status: 'ok', unitText: '万亿' })
  })
  it('refuses a percentage or multiple as an amount, and words', () => {
    expect(parseCellAmount('12%').reason).toBe('value.notAmount')
    expect(parseCellAmount('亏损').reason).toBe('value.notAmount')
    expect(parseCellAmount('12 abc').reason).toBe('value.notNumber')
  })
})

describe('toMillionsExact', () => {
  it('moves the decimal point instead of multiplying in binary', () => {
    expect(toMillionsExact(4.35, 1e8)).toBe(435)
    expect(toMillions(4.35, '亿')).toBe(435) // shared/units rounds the binary noise away too (was 434.99999999999994)
    expect(toMillionsExact(1.13, 1e8)).toBe(113)
    expect(toMillionsExact(46225.7, 1e8)).toBe(4622570)
    expect(toMillionsExact(11230000.5, 1e4)).toBe(112300.005)
    expect(toMillionsExact(113012000000, 1)).toBe(113012)
    expect(toMillionsExact(0.1, 1e8)).toBe(10)
    expect(toMillionsExact(3.21, 1e12)).toBe(3210000)
    expect(toMillionsExact(1234.5, 1e6)).toBe(1234.5)
  })
  it('equals the decimal shift of the printed figure (fuzz)', () => {
    const printed = fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 9999 })).map(([i, f]) => `${i}.${String(f).padStart(4, '0')}`)
    fc.assert(
      fc.property(printed, fc.constantFrom(1, 1e3, 1e4, 1e8, 1e9, 1e12), (text, scale) => {
        const k = Math.round(Math.log10(scale)) - 6
        expect(toMillionsExact(Number(text), scale, text)).toBe(Number(`${text}e${k}`))
        expect(toMillionsExact(Number(text), scale)).toBe(Number(`${text}e${k}`))
      }),
    )
  })
})

describe('parseDate', () => {
  it('reads the printed forms', () => {
    expect(parseDate('20241129')).toBe('2024-11-29')
    expect(parseDate('2024/11/29')).toBe('2024-11-29')
    expect(parseDate('2024-11-29')).toBe('2024-11-29')
    expect(parseDate('2024-11-29T00:00:00.000Z')).toBe('2024-11-29')
    expect(parseDate('2024年11月29日')).toBe('2024-11-29')
    expect(parseDate('30 Nov 2026')).toBe('2026-11-30')
    expect(parseDate('Nov 30, 2026')).toBe('2026-11-30')
  })
  it('refuses dates that do not exist', () => {
    expect(parseDate('20240230')).toBeNull()
    expect(parseDate('2023-02-29')).toBeNull()
    expect(parseDate('2024-02-29')).toBe('2024-02-29')
    expect(parseDate('45625')).toBeNull()
  })
})

describe('currencyCode', () => {
  it('maps printed currencies to ISO codes, keeping minor units', () => {
    expect(currencyCode('人民币')).toBe('CNY')
    expect(currencyCode('港币')).toBe('HKD')
    expect(currencyCode('美元')).toBe('USD')
    expect(currencyCode('usd')).toBe('USD')
    expect(currencyCode('GBp')).toBe('GBp')
    expect(currencyCode('dollars')).toBeNull()
  })
})
