/**
 * Flattens a printed valuation row (a list of figures) into grid columns:
 * price, market cap, and one column per metric × normalised fiscal year (pe:FY23E …).
 */
import type { FigureView, ValuationRowView } from './domain'
import type { QualityFlag } from './quality'

export interface PivotedValuation {
  row: ValuationRowView
  price: FigureView | null
  marketCap: FigureView | null
  /** valuation of an unlisted company (funding round or estimate) */
  valuation: FigureView | null
  /** key `${metricKey}:${fyKey}` → figure; metricKey is the metric, or `other/<label>` */
  byYear: Record<string, FigureView>
  /** figures printed without a fiscal year that have no column of their own (e.g. 业务, 轮次) */
  extras: FigureView[]
  /** data-quality flags of the row, when the caller attaches them */
  quality?: QualityFlag[]
  /** fiscal-year keys present, sorted */
  years: string[]
}

export function pivotValuation(row: ValuationRowView): PivotedValuation {
  const byYear: Record<string, FigureView> = {}
  const years = new Set<string>()
  let price: FigureView | null = null
  let marketCap: FigureView | null = null
  let valuation: FigureView | null = null
  const extras: FigureView[] = []
  for (const f of row.figures) {
    if (f.metric === 'price' && !f.fyKey) price ??= f
    else if (f.metric === 'marketCap' && !f.fyKey) marketCap ??= f
    else if (f.metric === 'valuation' && !f.fyKey) valuation ??= f
    else if (f.fyKey) {
      byYear[`${metricKey(f)}:${f.fyKey}`] ??= f
      years.add(f.fyKey)
    } else extras.push(f)
  }
  return { row, price, marketCap, valuation, byYear, extras, years: [...years].sort(compareFy) }
}

/** FY22A < FY22E < FY23E: by year, actuals before estimates. */
export function compareFy(a: string, b: string): number {
  const ya = Number(a.slice(2, 4))
  const yb = Number(b.slice(2, 4))
  return ya - yb || a.localeCompare(b)
}

/** Column key of a figure's metric: 'other' figures are told apart by their printed label. */
export function metricKey(f: { metric: string; label: string | null }): string {
  return f.metric === 'other' ? `other/${f.label ?? ''}` : f.metric
}

/**
 * Metric × year columns present across rows, in display order. `metric` is a metric key:
 * listing 'other' in `metrics` brings every `other/<label>` key, in order of first appearance.
 */
export function yearColumns(rows: PivotedValuation[], metrics: readonly string[]): { metric: string; fyKey: string }[] {
  const present: string[] = []
  for (const r of rows) for (const k of Object.keys(r.byYear)) if (!present.includes(k)) present.push(k)
  const keyOf = (k: string) => k.slice(0, k.lastIndexOf(':'))
  const out: { metric: string; fyKey: string }[] = []
  for (const metric of metrics) {
    const keys = [...new Set(present.map(keyOf).filter((m) => (metric === 'other' ? m.startsWith('other/') : m === metric)))]
    for (const m of keys) {
      const ys = present.filter((k) => keyOf(k) === m).map((k) => k.slice(m.length + 1))
      for (const fyKey of ys.sort(compareFy)) out.push({ metric: m, fyKey })
    }
  }
  return out
}
