/**
 * Flattens a printed valuation row (a list of figures) into grid columns:
 * price, market cap, and one column per metric × normalised fiscal year (pe:FY23E …).
 */
import type { FigureView, ValuationRowView } from './domain'

export interface PivotedValuation {
  row: ValuationRowView
  price: FigureView | null
  marketCap: FigureView | null
  /** valuation of an unlisted company (funding round or estimate) */
  valuation: FigureView | null
  /** key `${metric}:${fyKey}` → figure */
  byYear: Record<string, FigureView>
  /** fiscal-year keys present, sorted */
  years: string[]
}

export function pivotValuation(row: ValuationRowView): PivotedValuation {
  const byYear: Record<string, FigureView> = {}
  const years = new Set<string>()
  let price: FigureView | null = null
  let marketCap: FigureView | null = null
  let valuation: FigureView | null = null
  for (const f of row.figures) {
    if (f.metric === 'price' && !f.fyKey) price ??= f
    else if (f.metric === 'marketCap' && !f.fyKey) marketCap ??= f
    else if (f.metric === 'valuation' && !f.fyKey) valuation ??= f
    else if (f.fyKey) {
      byYear[`${f.metric}:${f.fyKey}`] ??= f
      years.add(f.fyKey)
    }
  }
  return { row, price, marketCap, valuation, byYear, years: [...years].sort(compareFy) }
}

/** FY22A < FY22E < FY23E: by year, actuals before estimates. */
export function compareFy(a: string, b: string): number {
  const ya = Number(a.slice(2, 4))
  const yb = Number(b.slice(2, 4))
  return ya - yb || a.localeCompare(b)
}

/** Metric × year columns present across rows, in display order. */
export function yearColumns(rows: PivotedValuation[], metrics: readonly string[]): { metric: string; fyKey: string }[] {
  const present = new Set<string>()
  for (const r of rows) for (const k of Object.keys(r.byYear)) present.add(k)
  const out: { metric: string; fyKey: string }[] = []
  for (const metric of metrics) {
    const ys = [...present].filter((k) => k.startsWith(`${metric}:`)).map((k) => k.slice(metric.length + 1))
    for (const fyKey of ys.sort(compareFy)) out.push({ metric, fyKey })
  }
  return out
}
