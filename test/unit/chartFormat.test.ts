/**
 * The lightweight-charts time axis in the UI language (HistoryChart): the chart paints on a
 * canvas, so its tick and crosshair text is checked here, through the formatters it is given.
 */
import { describe, expect, it } from 'vitest'
import { CHART_COLOURS, chartDateFormat, chartLocale, crosshairDateText, GROUP_BAR_COLOURS, tickMarkText, TICK, ymdOf } from '../../renderer/src/components/chartFormat'
import { relativeLuminance } from '../../renderer/src/chainMap/colour'

const ENGLISH_MONTH = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|'\d\d/

describe('chart time axis text', () => {
  const dates = ['2023-02-08', '2023-06-30', '2024-01-15', '2024-09-30', '2024-12-01']

  it('Chinese: 2023年2月 for a year mark, 2月 for a month, 2月8日 for a day — never an English month name', () => {
    expect(tickMarkText('2023-02-08', TICK.year, 'zh')).toBe('2023年2月')
    expect(tickMarkText('2023-02-08', TICK.month, 'zh')).toBe('2月')
    expect(tickMarkText('2023-02-08', TICK.day, 'zh')).toBe('2月8日')
    for (const d of dates) for (const type of Object.values(TICK)) expect(tickMarkText(d, type, 'zh')).not.toMatch(ENGLISH_MONTH)
  })

  it('English: Feb 2023 / Feb / Feb 8', () => {
    expect(tickMarkText('2023-02-08', TICK.year, 'en')).toBe('Feb 2023')
    expect(tickMarkText('2023-02-08', TICK.month, 'en')).toBe('Feb')
    expect(tickMarkText('2024-09-30', TICK.day, 'en')).toBe('Sep 30')
    expect(tickMarkText('2024-12-01', TICK.month, 'en')).toBe('Dec')
  })

  it('keeps every mark within the 8 characters the chart allows', () => {
    for (const d of dates) for (const lang of ['zh', 'en'] as const) for (const type of Object.values(TICK)) expect(tickMarkText(d, type, lang)!.length).toBeLessThanOrEqual(8)
  })

  it('the crosshair shows the full date', () => {
    expect(crosshairDateText('2023-02-08', 'zh')).toBe('2023年2月8日')
    expect(crosshairDateText('2023-02-08', 'en')).toBe('Feb 8, 2023')
  })

  it('reads every time form the chart may pass: the data string, a business day, UTC seconds', () => {
    expect(ymdOf('2023-02-08')).toEqual({ y: 2023, m: 2, d: 8 })
    expect(ymdOf({ year: 2023, month: 2, day: 8 })).toEqual({ y: 2023, m: 2, d: 8 })
    // 2023-02-08T23:30Z: UTC, not the machine's zone, decides the day
    expect(ymdOf(Date.UTC(2023, 1, 8, 23, 30) / 1000)).toEqual({ y: 2023, m: 2, d: 8 })
    expect(tickMarkText({ year: 2024, month: 1, day: 1 }, TICK.year, 'zh')).toBe('2024年1月')
    expect(tickMarkText('not a date', TICK.month, 'zh')).toBeNull()
    expect(ymdOf(Number.NaN)).toBeNull()
  })

  it('locale and fallback date pattern per language', () => {
    expect(chartLocale('zh')).toBe('zh-CN')
    expect(chartLocale('en')).toBe('en-US')
    expect(chartDateFormat('zh')).toBe('yyyy年MM月dd日')
    expect(chartDateFormat('zh')).not.toMatch(/MMM/)
  })
})

describe('chart colours per theme', () => {
  it('dark: a dark background with light text; light: the reverse', () => {
    expect(relativeLuminance(CHART_COLOURS.dark.background)).toBeLessThan(0.05)
    expect(relativeLuminance(CHART_COLOURS.dark.text)).toBeGreaterThan(0.4)
    expect(relativeLuminance(CHART_COLOURS.light.background)).toBeGreaterThan(0.9)
    expect(relativeLuminance(CHART_COLOURS.light.text)).toBeLessThan(0.2)
    // grid lines stay faint against their background
    expect(relativeLuminance(CHART_COLOURS.dark.grid)).toBeLessThan(0.05)
  })
  it('group chart bars stand out from the dark card surface', () => {
    const surface = relativeLuminance(CHART_COLOURS.dark.background)
    for (const c of GROUP_BAR_COLOURS.dark) expect(relativeLuminance(c)).toBeGreaterThan(surface + 0.1)
  })
})
