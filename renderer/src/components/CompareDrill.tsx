import type { ColDef, ICellRendererParams } from 'ag-grid-community'
import { useMemo } from 'react'
import type { CompareGroup, CompareMember, CompareMetric } from '../../../shared/compare'
import { formatMillions, formatMultiple, formatNumber, formatPercent } from '../../../shared/format'
import { companyName, tickerText, useI18n } from '../i18n'
import { institutionText } from '../../../shared/bundledText'
import { DataGrid } from './DataGrid'
import { reasonLabel } from './StatsCard'

interface Props {
  group: CompareGroup
  metric: CompareMetric
  currency: string
  excluded: readonly number[]
  onToggle: (rowId: number) => void
  onSecurity: (id: string) => void
}

const signed = (v: number | null) => (v == null ? '—' : `${v > 0 ? '+' : ''}${formatPercent(v)}`)

/** Statuses whose value can be compared at all (an NM or missing value has no premium, with or without peers). */
const COMPARABLE = new Set<CompareMember['status']>(['included', 'flagged', 'user'])

/**
 * A premium is "n/a" (not "—", never "0.0%") when the member's own value is usable but no other
 * member of its layer / segment has one: a group of one has nothing to compare with.
 */
export function premiumNa(m: CompareMember | undefined, metric: CompareMetric, which: 'layer' | 'segment'): boolean {
  if (!m || metric === 'marketCap' || m.value == null || !COMPARABLE.has(m.status)) return false
  return which === 'layer' ? m.premiumToLayerAggregate == null && m.layerPeers === 0 : m.premiumToSegmentMedian == null && m.segmentPeers === 0
}

/** A group's securities with per-row premium/discount and derived figures; exclusions recompute at once. */
export function CompareDrill({ group, metric, currency, excluded, onToggle, onSecurity }: Props) {
  const { t, lang } = useI18n()
  const columns = useMemo<ColDef<CompareMember>[]>(() => {
    const premiumColumn = (colId: string, headerName: string, which: 'layer' | 'segment'): ColDef<CompareMember> => ({
      colId,
      headerName,
      width: 130,
      type: 'numericColumn',
      valueGetter: (p) => (which === 'layer' ? p.data?.premiumToLayerAggregate : p.data?.premiumToSegmentMedian) ?? null,
      valueFormatter: (p) => (premiumNa(p.data, metric, which) ? t.na : signed(p.value)),
      tooltipValueGetter: (p) => (premiumNa(p.data, metric, which) ? (which === 'layer' ? t.naPeersLayer : t.naPeersSegment) : undefined),
      cellClass: (p) => (premiumNa(p.data, metric, which) ? 'num na' : p.value > 0 ? 'num up' : p.value < 0 ? 'num down' : 'num'),
    })
    return [
      {
        colId: 'exclude',
        headerName: t.exclude,
        width: 80,
        pinned: 'left',
        sortable: false,
        filter: false,
        cellRenderer: (p: ICellRendererParams<CompareMember>) =>
          p.data && (
            <input
              type="checkbox"
              aria-label={`${t.exclude} ${p.data.securityId}`}
              checked={excluded.includes(p.data.rowId)}
              onClick={(e) => e.stopPropagation()}
              onChange={() => onToggle(p.data!.rowId)}
            />
          ),
      },
      {
        colId: 'company',
        headerName: t.company,
        pinned: 'left',
        width: 150,
        valueGetter: (p) => p.data && companyName(p.data, lang) + (p.data.flagged ? ' ⚑' : ''),
        cellClass: (p) => (p.data?.flagged ? 'flag-cell' : ''),
      },
      { colId: 'ticker', headerName: t.ticker, width: 110, field: 'securityId', cellClass: 'mono', valueFormatter: (p) => tickerText(p.value, t), tooltipField: 'securityId' },
      {
        colId: 'value',
        headerName: metric === 'marketCap' ? `${t.marketCap} (${currency})` : metric === 'pe' ? 'P/E' : 'P/S',
        width: 120,
        type: 'numericColumn',
        valueGetter: (p) => p.data?.value ?? null,
        valueFormatter: (p) => (metric === 'marketCap' ? formatMillions(p.value, lang, currency) : (p.data?.printed ?? '—')),
      },
      {
        colId: 'status',
        headerName: t.status,
        width: 120,
        valueGetter: (p) => p.data && reasonLabel(p.data.status, t) + (p.data.unweighted ? ` · ${p.data.unweighted === 'fx-missing' ? t.fxMissing : t.noMcap}` : ''),
        cellClass: (p) => (p.data?.status === 'included' ? '' : 'muted'),
      },
      {
        colId: 'mcap',
        headerName: `${t.marketCap} (${currency})`,
        width: 140,
        type: 'numericColumn',
        valueGetter: (p) => p.data?.mcap ?? null,
        valueFormatter: (p) => formatMillions(p.value, lang, currency) + (p.data?.fxStale ? ` (${t.stale})` : ''),
        tooltipValueGetter: (p) => (p.data ? `${formatNumber(p.data.mcapLocal, 0)} ${t.millions} ${p.data.mcapLocalCurrency ?? ''}` : ''),
      },
      { colId: 'weight', headerName: t.weight, width: 90, type: 'numericColumn', valueGetter: (p) => p.data?.weight ?? null, valueFormatter: (p) => formatPercent(p.value) },
      premiumColumn('premLayer', t.premiumLayer, 'layer'),
      premiumColumn('premSeg', t.premiumSegment, 'segment'),
      { colId: 'margin', headerName: t.impliedMargin, width: 120, type: 'numericColumn', valueGetter: (p) => p.data?.impliedNetMargin ?? null, valueFormatter: (p) => formatPercent(p.value), cellClass: (p) => (p.value >= 0.5 ? 'num flag-cell' : 'num') },
      { colId: 'growth', headerName: t.epsGrowth, width: 120, type: 'numericColumn', valueGetter: (p) => p.data?.epsGrowth ?? null, valueFormatter: (p) => signed(p.value) },
      { colId: 'peg', headerName: t.peg, width: 80, type: 'numericColumn', valueGetter: (p) => p.data?.peg ?? null, valueFormatter: (p) => formatMultiple(p.value, 'zh') },
      { colId: 'source', headerName: t.report, width: 220, valueGetter: (p) => p.data && `${institutionText(p.data.institution, lang)} · ${p.data.tableLabel}`, tooltipValueGetter: (p) => p.value },
      { colId: 'asOf', headerName: t.asOf, width: 110, valueGetter: (p) => p.data?.asOfDate ?? '—' },
    ]
  }, [t, lang, metric, currency, excluded, onToggle])
  return (
    <section className="drill" data-testid="compare-drill">
      <h3>
        {lang === 'zh' ? group.node.nameZh : group.node.nameEn} · {t.members} {group.memberTotal ?? group.members.length}
      </h3>
      <div className="drill-grid">
        <DataGrid
          id="compare-drill"
          rows={group.members}
          columns={columns}
          getRowId={(m) => String(m.rowId)}
          onRowClicked={(m) => onSecurity(m.securityId)}
          exportName={`compare-${group.node.id}`}
          rowClass={(m) => (m.status === 'included' ? undefined : 'excluded-row')}
        />
      </div>
    </section>
  )
}
