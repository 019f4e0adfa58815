import type { FigureView, ValuationRowView } from '../../shared/domain'

let nextId = 1
/** A synthetic printed valuation row for pure tests (shared/ functions take plain data). */
export function vrow(p: Omit<Partial<ValuationRowView>, 'figures'> & { figures?: Partial<FigureView>[] }): ValuationRowView {
  const id = p.id ?? nextId++
  return {
    id,
    reportId: 'r1',
    institution: 'Inst',
    tableId: 1,
    tableLabel: 'T',
    tableSource: null,
    tableLine: null,
    rowNo: id,
    line: null,
    securityId: `S${id}.US`,
    nameZh: null,
    nameEn: `S${id}`,
    market: 'US',
    companyPrinted: `S${id}`,
    tickerPrinted: null,
    isAggregate: false,
    layerLabel: null,
    asOfDate: '2023-02-08',
    asOfInferred: false,
    asOfNote: null,
    flags: [],
    ...p,
    figures: (p.figures ?? []).map((f) => ({
      metric: 'pe',
      label: null,
      fy: f.fyKey ?? null,
      fyKey: null,
      printed: String(f.value ?? ''),
      value: null,
      unit: null,
      currency: null,
      valueMn: null,
      ...f,
    })),
  }
}
