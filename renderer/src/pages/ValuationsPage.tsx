import type { ColDef, ColGroupDef } from 'ag-grid-community'
import { useMemo, useState } from 'react'
import type { FigureView } from '../../../shared/domain'
import { formatMillions, formatNumber } from '../../../shared/format'
import { pivotValuation, yearColumns, type PivotedValuation } from '../../../shared/pivot'
import { api } from '../api'
import { DataGrid, type GroupOption } from '../components/DataGrid'
import { ReportFilter } from '../components/ReportFilter'
import { FilteredStats } from '../components/FilteredStats'
import { companyName, useI18n, type Dict } from '../i18n'
import { useLoad } from '../useApi'
import type { QualityFlag } from '../../../shared/quality'
import { qualityDetail, qualityLabel } from './QualityPage'

interface Props {
  reportId?: string
  onSecurity: (id: string) => void
  onClearReport: () => void
}

const YEAR_METRICS = ['pe', 'ps', 'pb', 'eps', 'revenue', 'netProfit', 'other'] as const
const METRIC_LABEL: Record<string, { zh: string; en: string }> = {
  pe: { zh: 'P/E', en: 'P/E' },
  ps: { zh: 'P/S', en: 'P/S' },
  pb: { zh: 'P/B', en: 'P/B' },
  eps: { zh: 'EPS', en: 'EPS' },
  revenue: { zh: '收入', en: 'Revenue' },
  netProfit: { zh: '净利润', en: 'Net profit' },
}

/** Group header of a metric key: 'other/<label>' shows the column label as printed. */
function metricHeader(key: string, lang: 'zh' | 'en'): string {
  return key.startsWith('other/') ? key.slice(6) : (METRIC_LABEL[key]?.[lang] ?? key)
}

/** Provenance shown on hover: where the figure is printed and exactly how. */
export function provenance(r: PivotedValuation, f: FigureView | null, t: Dict): string {
  const v = r.row
  const where = `${v.institution} · ${v.tableLabel} · ${t.row} ${v.rowNo}${v.line ? ` · ${t.line} ${v.line}` : ''}`
  if (!f) return where
  return `${where}\n${t.printed}: "${f.printed}"${f.unit ? ` (${f.unit})` : ''}${f.fy ? ` · ${f.fy}` : ''}`
}

function figureColumn(
  id: string,
  header: string,
  pick: (r: PivotedValuation) => FigureView | null,
  t: Dict,
  width = 82,
  flagged: (r: PivotedValuation) => boolean = () => false,
): ColDef<PivotedValuation> {
  return {
    colId: id,
    headerName: header,
    width,
    type: 'numericColumn',
    // Sort and filter on the parsed number; show the cell exactly as printed.
    valueGetter: (p) => (p.data ? (pick(p.data)?.value ?? null) : null),
    valueFormatter: (p) => {
      const f = p.data ? pick(p.data) : null
      return f ? (f.printed === '' ? '' : f.printed) : ''
    },
    cellClass: (p) => {
      const f = p.data ? pick(p.data) : null
      if (p.data && flagged(p.data)) return 'num flag-bg'
      return f && f.value == null && f.printed !== '' ? 'num na' : 'num'
    },
    tooltipValueGetter: (p) => (p.data ? provenance(p.data, pick(p.data), t) : ''),
  }
}

export function ValuationsPage({ reportId, onSecurity, onClearReport }: Props) {
  const { t, lang } = useI18n()
  const { data, error } = useLoad(() => api['valuations.list'](reportId ? { reportId } : {}), [reportId])
  const quality = useLoad(() => api['quality.flags']({}), [])
  const fx = useLoad(() => api['fx.list']({}), [])
  const [shown, setShown] = useState<PivotedValuation[]>([])
  // Flags travel with each row's data so AG Grid refreshes the cells when they arrive.
  const rows = useMemo<PivotedValuation[]>(() => {
    const m = new Map<number, QualityFlag[]>()
    for (const f of quality.data?.flags ?? []) m.set(f.rowId, [...(m.get(f.rowId) ?? []), f])
    return (data ?? []).map((v) => ({ ...pivotValuation(v), quality: m.get(v.id) ?? [] }))
  }, [data, quality.data])

  const columns = useMemo<(ColDef<PivotedValuation> | ColGroupDef<PivotedValuation>)[]>(() => {
    const base: ColDef<PivotedValuation>[] = [
      {
        colId: 'company',
        headerName: t.company,
        pinned: 'left',
        width: 150,
        valueGetter: (p) => p.data && (p.data.row.isAggregate ? p.data.row.companyPrinted : companyName(p.data.row, lang)),
        tooltipValueGetter: (p) => (p.data ? provenance(p.data, null, t) : ''),
      },
      { colId: 'ticker', headerName: t.ticker, width: 110, cellClass: 'mono', valueGetter: (p) => p.data?.row.securityId ?? '' },
      { colId: 'report', headerName: t.report, width: 130, valueGetter: (p) => p.data?.row.institution },
      { colId: 'table', headerName: t.table, width: 190, valueGetter: (p) => p.data?.row.tableLabel, tooltipValueGetter: (p) => p.value },
      { colId: 'layer', headerName: t.layerLabel, width: 120, valueGetter: (p) => p.data?.row.layerLabel ?? '' },
      figureColumn('price', t.price, (r) => r.price, t),
      { colId: 'priceCcy', headerName: t.currency, width: 64, valueGetter: (p) => p.data?.price?.currency ?? '' },
      figureColumn('mcapPrinted', t.marketCapPrinted, (r) => r.marketCap, t, 110),
      { colId: 'mcapUnit', headerName: t.unit, width: 90, valueGetter: (p) => p.data?.marketCap?.unit ?? '' },
      {
        colId: 'mcapMn',
        headerName: t.marketCap,
        width: 130,
        type: 'numericColumn',
        valueGetter: (p) => p.data?.marketCap?.valueMn ?? null,
        valueFormatter: (p) => (p.data?.marketCap ? formatMillions(p.data.marketCap.valueMn, lang, p.data.marketCap.currency) : ''),
        tooltipValueGetter: (p) =>
          p.data?.marketCap
            ? `${provenance(p.data, p.data.marketCap, t)}\n= ${formatNumber(p.data.marketCap.valueMn, 0)} ${t.millions} ${p.data.marketCap.currency ?? ''}`
            : '',
      },
      {
        ...figureColumn('valuation', t.privateValuation, (r) => r.valuation, t, 130),
        // "70亿" alone reads as RMB to a Chinese analyst: say the currency the caption gives.
        valueFormatter: (p) => {
          const f = p.data?.valuation
          if (!f) return ''
          return f.currency && !/元|美|港|\$/.test(f.printed) && f.value != null ? `${f.printed} ${f.currency}` : f.printed
        },
      },
    ]
    const groups: ColGroupDef<PivotedValuation>[] = []
    const cols = yearColumns(rows, YEAR_METRICS)
    const keys = [...new Set(cols.map((c) => c.metric))]
    for (const metric of keys) {
      const ys = cols.filter((c) => c.metric === metric)
      groups.push({
        headerName: metricHeader(metric, lang),
        children: ys.map((c) =>
          figureColumn(`${metric}:${c.fyKey}`, c.fyKey, (r) => r.byYear[`${metric}:${c.fyKey}`] ?? null, t, 82, (r) =>
            (metric === 'pe' || metric === 'ps') && (r.quality ?? []).some((f) => f.code === 'implausible-margin' && f.fyKey === c.fyKey),
          ),
        ),
      })
    }
    const tail: ColDef<PivotedValuation>[] = [
      {
        colId: 'extras',
        headerName: t.otherPrinted,
        width: 220,
        valueGetter: (p) => p.data?.extras.map((f) => `${f.label ?? f.metric}: ${f.printed}`).join(' · ') ?? '',
        tooltipValueGetter: (p) => p.data?.extras.map((f) => `${f.label ?? f.metric}: ${f.printed}${f.unit ? ` (${f.unit})` : ''}`).join('\n') ?? '',
      },
      {
        colId: 'asOf',
        headerName: t.asOf,
        width: 120,
        valueGetter: (p) => p.data && (p.data.row.asOfDate ? p.data.row.asOfDate + (p.data.row.asOfInferred ? ` (${t.inferred})` : '') : '—'),
        tooltipValueGetter: (p) => p.data?.row.asOfNote ?? '',
      },
      {
        colId: 'flags',
        headerName: t.flags,
        width: 70,
        pinned: 'left',
        // Computed data-quality flags (which include the extraction flags); values are never changed.
        valueGetter: (p) => p.data?.quality?.length || '',
        valueFormatter: (p) => (p.value ? `⚑ ${p.value}` : ''),
        cellClass: (p) => (p.value ? 'flag-cell' : ''),
        tooltipValueGetter: (p) =>
          p.data ? (p.data.quality ?? []).map((f) => `${qualityLabel(f.code, t)} — ${qualityDetail(f, lang)}`).join('\n') : '',
      },
    ]
    return [...base, ...groups, ...tail]
  }, [t, lang, rows])

  const groups = useMemo<GroupOption<PivotedValuation>[]>(
    () => [
      { key: 'report', label: t.groupReport, value: (r) => `${r.row.institution} · ${r.row.tableLabel}` },
      { key: 'layer', label: t.groupLayer, value: (r) => r.row.layerLabel ?? '—' },
    ],
    [t],
  )

  if (error) return <div className="error">{t.error}: {error}</div>
  return (
    <div className="page fill">
      <DataGrid
        id="valuations"
        rows={rows}
        columns={columns as ColDef<PivotedValuation>[]}
        groups={groups}
        getRowId={(r) => String(r.row.id)}
        onRowClicked={(r) => r.row.securityId && onSecurity(r.row.securityId)}
        rowClass={(r) => (r.row.isAggregate ? 'aggregate-row' : undefined)}
        exportName="valuations"
        onDisplayedRowsChanged={setShown}
        header={<FilteredStats rows={shown} years={[...new Set(rows.flatMap((r) => r.years))].sort()} rates={fx.data ?? []} />}
        toolbarExtra={reportId && <ReportFilter reportId={reportId} onClear={onClearReport} />}
      />
    </div>
  )
}
