/**
 * Reproduces a report's own aggregate row (e.g. 市值加权平均) from the rows of its table, so the
 * analyst can see the app computes what the report printed. The report's convention is used:
 * weights are the printed market caps, NA cells are left out, nothing else is excluded.
 */
import type { ValuationRowView } from './domain'
import { convert, type FxRate } from './fx'
import { groupStats } from './stats'

export interface ReproducedColumn {
  metric: string
  fyKey: string
  fy: string | null
  printed: string
  printedValue: number | null
  computed: number | null
  /** computed − printed */
  diff: number | null
  /** rows that entered the weighted mean */
  rows: number
}

export const REPRODUCE_TOLERANCE = 0.1

export function reproduceAggregate(tableRows: readonly ValuationRowView[], rates: readonly FxRate[] = []): ReproducedColumn[] {
  const agg = tableRows.find((r) => r.isAggregate)
  if (!agg) return []
  const members = tableRows.filter((r) => !r.isAggregate)
  const out: ReproducedColumn[] = []
  for (const f of agg.figures) {
    if (!f.fyKey || (f.metric !== 'pe' && f.metric !== 'ps' && f.metric !== 'pb')) continue
    const statRows = members.map((r) => {
      const mc = r.figures.find((x) => x.metric === 'marketCap' && !x.fyKey)
      // Weights must share one currency; convert to USD if a table mixes them.
      const mcap = convert(mc?.valueMn ?? null, mc?.currency ?? null, 'USD', r.asOfDate, rates).value
      return { key: String(r.id), value: r.figures.find((x) => x.metric === f.metric && x.fyKey === f.fyKey)?.value ?? null, mcap }
    })
    const s = groupStats(statRows, { nmRule: false, nmCap: Infinity, isMultiple: true })
    out.push({
      metric: f.metric,
      fyKey: f.fyKey,
      fy: f.fy,
      printed: f.printed,
      printedValue: f.value,
      computed: s.weightedMean,
      diff: s.weightedMean != null && f.value != null ? s.weightedMean - f.value : null,
      rows: s.count - s.unweighted.length,
    })
  }
  return out
}
