import { locatorText, reportChip, stanceText } from '../../../shared/bundledText'
import type { ColDef } from 'ag-grid-community'
import { useMemo } from 'react'
import type { CoverageView } from '../../../shared/domain'
import { DataGrid, type GroupOption } from '../components/DataGrid'
import { ReportFilter } from '../components/ReportFilter'
import { errorText } from '../errorText'
import { companyName, marketLabel, nameFallback, tickerText, useI18n } from '../i18n'
import { useApiQuery } from '../useApi'

interface Props {
  reportId?: string
  onSecurity: (id: string) => void
  onClearReport: () => void
}

export function CoveragePage({ reportId, onSecurity, onClearReport }: Props) {
  const { t, lang } = useI18n()
  const { data, error } = useApiQuery('coverage.list', reportId ? { reportId } : {})
  const chain = useApiQuery('chain.get', {})
  const reports = useApiQuery('reports.list', {})
  const reportName = useMemo(() => {
    const byId = new Map((reports.data ?? []).map((r) => [r.id, reportChip(r, lang)]))
    return (r: CoverageView) => byId.get(r.reportId) ?? reportChip({ institution: r.institution, date: r.reportDate }, lang)
  }, [reports.data, lang])
  const primaryNode = useMemo(() => {
    const names = new Map((chain.data?.nodes ?? []).map((n) => [n.id, lang === 'zh' ? n.nameZh : n.nameEn]))
    return new Map((chain.data?.assignments ?? []).map((a) => [a.securityId, a.nodeIds[0] ? (names.get(a.nodeIds[0]) ?? a.nodeIds[0]) : '—']))
  }, [chain.data, lang])

  const columns = useMemo<ColDef<CoverageView>[]>(
    () => [
      {
        colId: 'company',
        headerName: t.company,
        valueGetter: (p) => p.data && companyName(p.data, lang),
        // quick search matches either language and the printed name, whatever the UI shows: "Nvidia" finds 英伟达
        getQuickFilterText: (p) => (p.data ? [p.data.nameZh, p.data.nameEn, p.data.companyPrinted, p.data.securityId].filter(Boolean).join(' ') : ''),
        pinned: 'left',
        width: 150,
        cellClass: (p) => (p.data && nameFallback(p.data, lang) ? 'name-fallback' : undefined),
        tooltipValueGetter: (p) => (p.data && nameFallback(p.data, lang) ? `${p.value} — ${t.nameFallbackTip}` : undefined),
      },
      { colId: 'ticker', headerName: t.ticker, field: 'securityId', width: 130, cellClass: 'mono', valueFormatter: (p) => tickerText(p.value, t) },
      { colId: 'market', headerName: t.market, valueGetter: (p) => marketLabel(p.data?.market, lang), width: 90 },
      { colId: 'report', headerName: t.report, valueGetter: (p) => p.data && reportName(p.data), tooltipValueGetter: (p) => p.value, width: 230 },
      { colId: 'stance', headerName: t.stance, field: 'stance', width: 110, cellClass: (p) => (p.value ? 'stance' : 'muted'), valueFormatter: (p) => (p.value ? stanceText(p.value, lang) : '—'), tooltipValueGetter: (p) => p.value ?? undefined },
      { colId: 'layer', headerName: t.layerLabel, field: 'layerLabel', width: 170, valueFormatter: (p) => p.value ?? '—' },
      { colId: 'tickerPrinted', headerName: t.tickerPrinted, field: 'tickerPrinted', width: 120, valueFormatter: (p) => p.value ?? '—' },
      {
        colId: 'role',
        headerName: t.role,
        flex: 1,
        minWidth: 220,
        valueGetter: (p) => p.data && (lang === 'zh' ? (p.data.roleZh ?? p.data.role) : p.data.role),
        tooltipValueGetter: (p) => p.value,
      },
      {
        colId: 'source',
        headerName: t.source,
        valueGetter: (p) => p.data && `${locatorText(p.data.source ?? '', lang)}${p.data.line ? ` · ${t.line} ${p.data.line}` : ''}`,
        width: 200,
        tooltipValueGetter: (p) => p.value,
      },
    ],
    [t, lang, reportName],
  )
  const groups = useMemo<GroupOption<CoverageView>[]>(
    () => [
      { key: 'report', label: t.groupReport, value: reportName },
      { key: 'layer', label: t.groupLayer, value: (r) => r.layerLabel ?? '—' },
      { key: 'node', label: t.byNode, value: (r) => primaryNode.get(r.securityId) ?? '—' },
    ],
    [t, primaryNode, reportName],
  )

  if (error) return <div className="error">{errorText(error, lang)}</div>
  return (
    <div className="page fill">
      <DataGrid
        id="coverage"
        rows={data ?? []}
        columns={columns}
        groups={groups}
        getRowId={(r) => String(r.id)}
        onRowClicked={(r) => onSecurity(r.securityId)}
        exportName="coverage"
        toolbarExtra={reportId && <ReportFilter reportId={reportId} onClear={onClearReport} />}
      />
    </div>
  )
}
