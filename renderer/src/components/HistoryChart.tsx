import { ColorType, createChart, LineSeries, type DeepPartial, type IChartApi, type ISeriesApi, type ChartOptions, type Time } from 'lightweight-charts'
import { useEffect, useRef } from 'react'
import { useI18n } from '../i18n'
import { CHART_COLOURS, chartDateFormat, chartLocale, crosshairDateText, tickMarkText, type ChartTime } from './chartFormat'
import { useThemeMode } from './useThemeMode'

export interface HistoryPoint {
  time: string
  value: number
}

/** The page's font stack (styles.css): the canvas draws 年/月 with the bundled CJK font too. */
const FONT = '"Noto Sans SC Variable", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", system-ui, sans-serif'

/**
 * A security's figure across report as-of dates (lightweight-charts line with point markers).
 * Colours follow the theme and the time axis the UI language; both change in place on a switch.
 */
export function HistoryChart({ points, format, color }: { points: HistoryPoint[]; format: (v: number) => string; color?: string }) {
  const { lang } = useI18n()
  const mode = useThemeMode()
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<IChartApi | null>(null)
  const series = useRef<ISeriesApi<'Line'> | null>(null)

  useEffect(() => {
    if (!ref.current) return
    const c = createChart(ref.current, {
      height: 180,
      autoSize: true,
      layout: { fontSize: 11, fontFamily: FONT, attributionLogo: false },
      rightPriceScale: { borderVisible: false },
      timeScale: { borderVisible: false },
    })
    chart.current = c
    series.current = c.addSeries(LineSeries, { lineWidth: 2, pointMarkersVisible: true, pointMarkersRadius: 4 })
    // The canvas does not redraw when a font arrives: load the CJK glyphs of the axis, then repaint.
    let live = true
    void document.fonts
      ?.load(`11px ${FONT}`, '0123456789年月日')
      .then(() => live && c.applyOptions({ layout: { fontFamily: FONT } }))
      .catch(() => {})
    return () => {
      live = false
      c.remove()
      chart.current = null
      series.current = null
    }
  }, [])

  useEffect(() => {
    const colours = CHART_COLOURS[mode]
    const options: DeepPartial<ChartOptions> = {
      layout: { background: { type: ColorType.Solid, color: colours.background }, textColor: colours.text },
      grid: { vertLines: { color: colours.grid }, horzLines: { color: colours.grid } },
      crosshair: {
        vertLine: { color: colours.crosshair, labelBackgroundColor: colours.crosshairLabel },
        horzLine: { color: colours.crosshair, labelBackgroundColor: colours.crosshairLabel },
      },
      timeScale: { tickMarkFormatter: (t: Time, type: number) => tickMarkText(t as ChartTime, type, lang) },
      localization: {
        locale: chartLocale(lang),
        dateFormat: chartDateFormat(lang),
        timeFormatter: (t: Time) => crosshairDateText(t as ChartTime, lang),
        priceFormatter: format,
      },
    }
    chart.current?.applyOptions(options)
    series.current?.applyOptions({ color: color ?? colours.line })
  }, [mode, lang, format, color])

  useEffect(() => {
    // The time scale needs ascending, unique dates: keep the last value printed for a date.
    const byDate = new Map(points.map((p) => [p.time, p.value]))
    series.current?.setData([...byDate].sort(([a], [b]) => a.localeCompare(b)).map(([time, value]) => ({ time, value })))
    chart.current?.timeScale().fitContent()
  }, [points])

  return <div className="history-chart" ref={ref} />
}
