/** The FX input messages in both languages, naming the field and quoting the offending value. */
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../renderer/src/api'
import { errorText } from '../../renderer/src/errorText'

const jump = new ApiError(
  'fx.set',
  { kind: 'conflict', code: 'fx.jump', field: 'perUsd', message: 'x', params: { currency: 'CNY', previous: 6.79, previousAsOf: '2023-02-08', perUsd: 67.9, changePct: 900 } },
  { currency: 'CNY', asOf: '2023-03-01', perUsd: 67.9, source: 'typo' },
)
const down = new ApiError('fx.set', { ...jump.body, params: { ...jump.body.params, perUsd: 0.679, changePct: -90 } }, {})
const noRate = new ApiError('compare.run', { kind: 'input', code: 'currency.noRate', field: 'currency', message: 'x', params: { currency: 'EUR' } }, { currency: 'EUR' })

describe('FX input messages', () => {
  it('say the previous rate and the move in %', () => {
    expect(errorText(jump, 'zh')).toBe('汇率：CNY 67.9 与 2023-02-08 的汇率 6.79 相比变动 +900%（超过 ±20%），请确认不是输错')
    expect(errorText(jump, 'en')).toBe('Rate: CNY 67.9 moves +900% from the 2023-02-08 rate 6.79 (more than ±20%); check it is not a typo')
    expect(errorText(down, 'en')).toContain('moves −90%')
  })
  it('say which reporting currency has no rate', () => {
    expect(errorText(noRate, 'zh')).toBe('币种：EUR 还没有任何汇率，无法折算；请先在“跨层比较 → 汇率”里添加一个')
    expect(errorText(noRate, 'en')).toMatch(/^Currency: EUR has no FX rate yet/)
  })
})
