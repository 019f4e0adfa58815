/** The date field's reading (renderer/src/components/DateField.tsx): ISO for real dates only. */
import { describe, expect, it } from 'vitest'
import { readDate } from '../../renderer/src/components/DateField'

describe('date field', () => {
  it('reads the forms analysts type as the ISO date', () => {
    for (const typed of ['2023-02-08', '2023/2/8', '2023.2.8', '20230208', '2023年2月8日', '２０２３－０２－０８', ' 2023-02-08 ']) {
      expect(readDate(typed), typed).toBe('2023-02-08')
    }
    expect(readDate('2024-02-29')).toBe('2024-02-29')
  })

  it('is empty for nothing and null for anything not a calendar date', () => {
    expect(readDate('')).toBe('')
    expect(readDate('   ')).toBe('')
    for (const bad of ['2023-02-30', '2023-02-29', '2023-13-01', '02/08/2023', '2023-02', 'yesterday', '2023-2-8x']) {
      expect(readDate(bad), bad).toBeNull()
    }
  })
})
