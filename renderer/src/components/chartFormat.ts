/**
 * Time-axis text and colours for the lightweight-charts charts, in the UI language and theme.
 * Pure (no DOM, no chart import), so the formats are unit-tested as they are drawn: the chart
 * paints on a canvas, whose text a test cannot read back.
 *
 * Chinese: 2023年2月 (a year's first mark) / 2月 (a month) / 2月8日 (a day), crosshair 2023年2月8日.
 * English: Feb 2023 / Feb / Feb 8, crosshair Feb 8, 2023. The chart's own default would print
 * English month names in both languages ("Feb '23").
 */
import type { Lang } from '../../../shared/format'
import type { ThemeMode } from './useThemeMode'

/** lightweight-charts' TickMarkType (Year, Month, DayOfMonth, Time, TimeWithSeconds), by value. */
export const TICK = { year: 0, month: 1, day: 2, time: 3, timeWithSeconds: 4 } as const

/** What the chart hands a formatter: the data's own time ('YYYY-MM-DD' here), a business day or UTC seconds. */
export type ChartTime = string | number | { year: number; month: number; day: number }

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

interface Ymd {
  y: number
  m: number
  d: number
}

/** Year, month (1–12) and day of a chart time, in UTC (the chart's own time zone); null if unreadable. */
export function ymdOf(t: ChartTime): Ymd | null {
  if (typeof t === 'object' && t) return { y: t.year, m: t.month, d: t.day }
  if (typeof t === 'number') {
    if (!Number.isFinite(t)) return null
    const dt = new Date(t * 1000)
    return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() }
  }
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(t)
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null
}

export function chartLocale(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en-US'
}

/** The chart's built-in date pattern, used only if a formatter below is not (same shape as the crosshair text). */
export function chartDateFormat(lang: Lang): string {
  return lang === 'zh' ? 'yyyy年MM月dd日' : 'MMM dd, yyyy'
}

/** A label on the time axis; ≤ 8 characters, as the chart asks, so marks never overlap. */
export function tickMarkText(t: ChartTime, type: number, lang: Lang): string | null {
  const p = ymdOf(t)
  if (!p) return null
  const mon = MONTHS_EN[p.m - 1] ?? String(p.m)
  if (type === TICK.year) return lang === 'zh' ? `${p.y}年${p.m}月` : `${mon} ${p.y}`
  if (type === TICK.month) return lang === 'zh' ? `${p.m}月` : mon
  return lang === 'zh' ? `${p.m}月${p.d}日` : `${mon} ${p.d}`
}

/** The crosshair's date label: the full date. */
export function crosshairDateText(t: ChartTime, lang: Lang): string {
  const p = ymdOf(t)
  if (!p) return String(t)
  return lang === 'zh' ? `${p.y}年${p.m}月${p.d}日` : `${MONTHS_EN[p.m - 1] ?? p.m} ${p.d}, ${p.y}`
}

export interface ChartColours {
  background: string
  text: string
  grid: string
  line: string
  crosshair: string
  crosshairLabel: string
}

/** The page's surface, secondary text, soft border and link colours (styles.css), per theme. */
export const CHART_COLOURS: Readonly<Record<ThemeMode, ChartColours>> = {
  light: { background: '#ffffff', text: '#4a5568', grid: '#f0f2f5', line: '#1f5fbf', crosshair: '#98a1b0', crosshairLabel: '#14213d' },
  dark: { background: '#1b212b', text: '#b7c0cf', grid: '#2a3240', line: '#7fb0ff', crosshair: '#6f7a8c', crosshairLabel: '#3d5a99' },
}

/** Bars of the Compare page's group chart (median, weighted mean, aggregate), per theme. */
export const GROUP_BAR_COLOURS: Readonly<Record<ThemeMode, readonly [string, string, string]>> = {
  light: ['#7b8fb5', '#1f5fbf', '#0f9d76'],
  dark: ['#8d9cc0', '#4f8fe8', '#2fb989'],
}
