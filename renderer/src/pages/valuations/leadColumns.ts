/**
 * The columns around the figures: company, flags, notes, ticker, market and chain layer that
 * start every view, and the as-of / source columns that end the all-tables view.
 */
import type { ColDef, ValueGetterParams } from 'ag-grid-community'
import { companyName, marketLabel, tickerText } from '../../i18n'
import { qualityDetail, qualityLabel } from '../QualityPage'
import { exportAs, provenance, type Col, type ColumnContext, type Row } from './columnKit'

/** Company, flags, notes, ticker, market, chain layer: every view starts with them (flags and notes when `has` them). */
export function leadColumns(c: ColumnContext, has: (id: string) => boolean = () => true): Col[] {
  const { t, v, lang } = c
  const cols: ColDef<Row>[] = [
    {
      colId: 'company',
      headerName: t.company,
      pinned: 'left',
      width: 150,
      sortable: true,
      valueGetter: (p: ValueGetterParams<Row>) => (p.data ? companyName(p.data, lang) : v.notLoadedYet),
      cellClass: (p) => (p.data ? undefined : 'na'),
      tooltipValueGetter: (p) => (p.data ? `${p.data.companyPrinted}${p.data.tickerPrinted ? ` (${p.data.tickerPrinted})` : ''}\n${provenance(p.data, null, c)}` : ''),
    },
    {
      colId: 'flags',
      headerName: t.flags,
      headerTooltip: v.flagsTip,
      pinned: 'left',
      width: lang === 'en' ? 84 : 76,
      context: exportAs({ kind: 'number', digits: 0, value: (r) => r.quality.length }),
      valueGetter: (p) => p.data?.quality.length || null,
      valueFormatter: (p) => (p.value ? `⚑ ${p.value}` : ''),
      cellClass: (p) => (p.value ? 'flag-cell' : ''),
      tooltipValueGetter: (p) => (p.data ? p.data.quality.map((q) => `${qualityLabel(q.code, t)} — ${qualityDetail(q, lang)}`).join('\n') : ''),
    },
    {
      colId: 'notes',
      headerName: lang === 'zh' ? '笔记' : 'Notes',
      headerTooltip: lang === 'zh' ? '关于该公司的笔记数；⚠ = 论点检查被新数据触发' : 'notes about the company; ⚠ = thesis checks breached by new data',
      pinned: 'left',
      width: lang === 'en' ? 88 : 80,
      // the grid sorts on notes×1000 + breached checks; the export gives the note count
      context: exportAs({ kind: 'number', digits: 0, value: (r) => r.notes }),
      valueGetter: (p) => (p.data ? p.data.notes * 1000 + p.data.thesisFlags : null),
      valueFormatter: (p) => (p.data && (p.data.notes || p.data.thesisFlags) ? `${p.data.thesisFlags ? `⚠${p.data.thesisFlags} ` : ''}✍${p.data.notes}` : ''),
      cellClass: (p) => (p.data?.thesisFlags ? 'flag-cell' : ''),
    },
    {
      colId: 'ticker',
      headerName: t.ticker,
      width: 96,
      cellClass: 'mono',
      valueGetter: (p) => (p.data ? tickerText(p.data.securityId, t) : ''),
      tooltipValueGetter: (p) => (p.data ? `${p.data.securityId ?? '—'}${p.data.tickerPrinted ? ` · ${t.tickerPrinted}: ${p.data.tickerPrinted}` : ''}` : ''),
    },
    { colId: 'market', headerName: t.market, width: lang === 'en' ? 84 : 70, sortable: true, valueGetter: (p) => (p.data ? marketLabel(p.data.market, lang) : '') },
    {
      colId: 'layer',
      headerName: v.layer,
      width: lang === 'en' ? 176 : 156,
      sortable: true,
      valueGetter: (p) => (p.data ? c.layerName(p.data.layerId) : ''),
      tooltipValueGetter: (p) => (p.data ? [c.layerName(p.data.layerId), p.data.layerLabel ? `${t.layerLabel}: ${p.data.layerLabel}` : ''].filter(Boolean).join('\n') : ''),
    },
  ]
  return cols.filter((x) => !(x.colId === 'flags' || x.colId === 'notes') || has(x.colId))
}

/** As-of date and "report · table": the all-tables view only (one table has one of each). */
export function sourceColumns(c: ColumnContext): ColDef<Row>[] {
  const { t, v } = c
  return [
    {
      colId: 'asOf',
      headerName: t.asOf,
      headerTooltip: `* ${t.inferred}`,
      width: 112,
      sortable: true,
      // exported as a plain date (a model reads it as one); "inferred" is in the grid's tooltip
      context: exportAs({ kind: 'text', value: (r) => r.asOfDate }),
      // "*" marks an inferred date (the full word does not fit); the tooltip says so and why
      valueGetter: (p) => (p.data ? (p.data.asOfDate ? p.data.asOfDate + (p.data.asOfInferred ? '*' : '') : '—') : ''),
      tooltipValueGetter: (p) => (p.data ? [p.data.asOfInferred ? `* ${t.inferred}` : '', p.data.asOfNote ?? ''].filter(Boolean).join(' · ') : ''),
    },
    {
      colId: 'reportTable',
      headerName: v.reportTable,
      width: 260,
      sortable: true,
      valueGetter: (p) => (p.data ? `${p.data.institution} · ${p.data.tableLabel}` : ''),
      tooltipValueGetter: (p) => (p.data ? `${p.data.institution} (${p.data.reportId})\n${p.data.tableLabel}${p.data.tableSource ? `\n${t.source}: ${p.data.tableSource}` : ''}` : ''),
    },
  ]
}
