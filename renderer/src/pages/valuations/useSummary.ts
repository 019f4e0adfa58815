/**
 * Counts, layer groups and statistics of the whole filter (not only the loaded rows), and the
 * fiscal years the statistics offer. Asked after the first block so the rows come first (the
 * engine answers one request at a time); the first block's own total shows until then.
 */
import { useCallback, useEffect, useMemo, useState, type RefObject } from 'react'
import type { ValuationPage, ValuationPageStats, ValuationTableLayout } from '../../../../shared/api/valuations'
import { api } from '../../api'
import type { ServerGridHandle } from '../../components/ServerGrid'
import type { Row } from './columnKit'
import type { PageInput } from './query'
import type { FirstBlockGate } from './useFirstBlockGate'
import type { Options } from './useViewOptions'

export interface Summary {
  key: string
  total: number
  groups: ValuationPage['groups']
  stats: ValuationPageStats | null
}

interface YearsInput {
  fyKeys: string[]
  tableId: number | null
  layout: ValuationTableLayout | null
  present: string[] | null
  opts: Options | null
}

/** The fiscal years the statistics offer: those the view shows for P/E or P/S (all while the view's figures are not known). */
export function statYearsOf(fyKeys: string[], viewFigures: string[] | null): string[] {
  if (!viewFigures) return fyKeys
  const shown = new Set(viewFigures.filter((id) => /^(pe|ps):/.test(id)).map((id) => id.slice(3)))
  return fyKeys.filter((y) => shown.has(y))
}

/** The year the statistics are computed for: the saved one if offered, else FY23E, else the first. */
export function statYearOf(years: string[], opts: Options | null): string {
  return opts && years.includes(opts.fyKey) ? opts.fyKey : (years.find((y) => y === 'FY23E') ?? years[0] ?? '')
}

/** The fiscal years the statistics offer and the one chosen. */
export function useStatYears({ fyKeys, tableId, layout, present, opts }: YearsInput) {
  const viewFigures = useMemo(
    () => (tableId != null ? (layout ? layout.columns.map((c) => c.id) : null) : present),
    [tableId, layout, present],
  )
  const statFyKeys = useMemo(() => statYearsOf(fyKeys, viewFigures), [fyKeys, viewFigures])
  return { statFyKeys, statFy: statYearOf(statFyKeys, opts) }
}

interface SummaryInput {
  opts: Options | null
  base: PageInput
  ranges: NonNullable<PageInput['ranges']>
  summaryKey: string
  statFy: string
  gate: FirstBlockGate
  grid: RefObject<ServerGridHandle<Row> | null>
  setError: (e: unknown) => void
  /**
   * The year the statistics are for, as the filter's columns known NOW say (all tables: the first
   * block brings them): a summary whose year is already outdated is not sent, the re-render
   * with the new year sends it (a new search otherwise asked for FY23E, then again for FY24E).
   */
  statFyNow: (key: string) => string
}

/**
 * The summary of the current filter (null while it is on its way); `firstBlock` records the
 * total and groups a first block brought, `reload` asks for the summary again.
 */
export function useSummary({ opts, base, ranges, summaryKey, statFy, gate, grid, setError, statFyNow }: SummaryInput) {
  const [summary, setSummary] = useState<Summary | null>(null)
  const [refreshN, setRefreshN] = useState(0)
  useEffect(() => {
    if (!opts) return
    let live = true
    const key = summaryKey
    const stats = statFy ? { stats: { metric: opts.metric, fyKey: statFy } } : {}
    gate
      .wait(key)
      .then(() => (live && statFyNow(key) === statFy ? api['valuations.page']({ ...base, ranges, limit: 0, counts: true, ...stats }) : null))
      .then((page) => {
        if (!live || !page) return
        setSummary({ key, total: page.total, groups: page.groups, stats: page.stats ?? null })
        grid.current?.setRowCount(page.total)
      })
      .catch((e: unknown) => live && setError(e))
    return () => {
      live = false
    }
  }, [summaryKey, opts?.metric, statFy, refreshN]) // eslint-disable-line react-hooks/exhaustive-deps
  const firstBlock = useCallback(
    (key: string, page: Pick<ValuationPage, 'total' | 'groups'>) =>
      setSummary((s) => (s?.key === key ? { ...s, total: page.total, groups: page.groups } : { key, total: page.total, groups: page.groups, stats: null })),
    [],
  )
  const reload = useCallback(() => setRefreshN((n) => n + 1), [])
  return { current: summary?.key === summaryKey ? summary : null, firstBlock, reload }
}
