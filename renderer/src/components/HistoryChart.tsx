import { createChart, LineSeries, type IChartApi } from 'lightweight-charts'
import { useEffect, useRef } from 'react'

export interface HistoryPoint {
  time: string
  value: number
}

/** A security's figure across report as-of dates (lightweight-charts line with point markers). */
export function HistoryChart({ points, format, color = '#1f5fbf' }: { points: HistoryPoint[]; format: (v: number) => string; color?: string }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!ref.current) return
    const chart: IChartApi = createChart(ref.current, {
      height: 180,
      layout: { background: { color: '#ffffff' }, textColor: '#4a5568', fontSize: 11, attributionLogo: false },
      grid: { vertLines: { color: '#f0f2f5' }, horzLines: { color: '#f0f2f5' } },
      rightPriceScale: { borderVisible: false },
      timeScale: { borderVisible: false },
      autoSize: true,
      localization: { priceFormatter: format },
    })
    const series = chart.addSeries(LineSeries, { color, lineWidth: 2, pointMarkersVisible: true, pointMarkersRadius: 4 })
    // The time scale needs ascending, unique dates: keep the last value printed for a date.
    const byDate = new Map(points.map((p) => [p.time, p.value]))
    series.setData([...byDate].sort(([a], [b]) => a.localeCompare(b)).map(([time, value]) => ({ time, value })))
    chart.timeScale().fitContent()
    return () => chart.remove()
  }, [points, color, format])
  return <div className="history-chart" ref={ref} />
}
