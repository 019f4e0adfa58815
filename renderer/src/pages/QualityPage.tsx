import type { ColDef } from 'ag-grid-community'
import { flagKindText, flagNoteText } from '../../../shared/bundledText'
import { useMemo, useState } from 'react'
import { QUALITY_CODES, type QualityCode, type QualityFlag } from '../../../shared/quality'
import { formatPercent } from '../../../shared/format'
import { DataGrid } from '../components/DataGrid'
import { errorText } from '../errorText'
import { companyName, tickerText, useI18n, type Dict } from '../i18n'
import { useApiQuery } from '../useApi'

export function qualityLabel(code: QualityCode, t: Dict): string {
  return {
    'implausible-margin': t.qImplausibleMargin,
    'unit-vs-caption': t.qUnitVsCaption,
    'as-of-inferred': t.qAsOfInferred,
    'as-of-partial': t.qAsOfPartial,
    'as-of-missing': t.qAsOfMissing,
    'cross-report-diff': t.qCrossReportDiff,
    extraction: t.qExtraction,
  }[code]
}

/** The facts behind a flag, in words. Printed strings are quoted exactly. */
export function qualityDetail(f: QualityFlag, lang: 'zh' | 'en'): string {
  const d = f.detail
  switch (f.code) {
    case 'implausible-margin':
      return `${f.fyKey} P/E ${d.pe} · P/S ${d.ps} → ${lang === 'zh' ? '隐含净利率' : 'implied margin'} ${formatPercent(Number(d.margin))}`
    case 'unit-vs-caption':
      return `"${d.printed}": ${lang === 'zh' ? '表头' : 'caption'} ${d.caption}, ${lang === 'zh' ? '单元格' : 'cell'} ${d.cell}`
    case 'as-of-inferred':
      return `${d.asOf}${d.note ? ` · ${d.note}` : ''}`
    case 'as-of-partial':
    case 'as-of-missing':
      return String(d.note ?? '—')
    case 'cross-report-diff':
      return `${d.metric === 'pe' ? 'P/E' : 'P/S'} ${f.fyKey}: ${d.values}`
    case 'extraction':
      return `${flagKindText(String(d.kind), lang)}: ${flagNoteText(String(d.note), lang)}`
  }
}

export function QualityPage({ onSecurity }: { onSecurity: (id: string) => void }) {
  const { t, lang } = useI18n()
  const { data, error } = useApiQuery('quality.flags', {})
  const [code, setCode] = useState<QualityCode | null>(null)
  const rows = useMemo(() => (data?.flags ?? []).filter((f) => !code || f.code === code), [data, code])
  const columns = useMemo<ColDef<QualityFlag>[]>(
    () => [
      { colId: 'kind', headerName: t.flags, width: 300, valueGetter: (p) => p.data && qualityLabel(p.data.code, t), tooltipValueGetter: (p) => p.value },
      {
        colId: 'company',
        headerName: t.company,
        width: 150,
        valueGetter: (p) => p.data && (p.data.securityId ? companyName({ ...p.data, companyPrinted: p.data.company }, lang) : p.data.company),
      },
      { colId: 'ticker', headerName: t.ticker, width: 110, valueGetter: (p) => tickerText(p.data?.securityId, t), cellClass: 'mono' },
      { colId: 'table', headerName: t.table, width: 260, field: 'tableLabel', tooltipField: 'tableLabel' },
      { colId: 'detail', headerName: t.detail, flex: 1, minWidth: 300, valueGetter: (p) => p.data && qualityDetail(p.data, lang), tooltipValueGetter: (p) => p.value },
    ],
    [t, lang],
  )
  if (error) return <div className="error">{errorText(error, lang)}</div>
  return (
    <div className="page fill">
      <div className="page-head">
        <h2>{t.qualityTitle}</h2>
        <span className="muted">{t.qualityHint}</span>
      </div>
      <div className="flag-counts" data-testid="flag-counts">
        <button className={code === null ? 'pill active' : 'pill'} onClick={() => setCode(null)}>
          {lang === 'zh' ? '全部' : 'All'} <b>{data?.flags.length ?? 0}</b>
        </button>
        {QUALITY_CODES.map((c) => (
          <button key={c} className={code === c ? 'pill active' : 'pill'} data-code={c} onClick={() => setCode(c)}>
            {qualityLabel(c, t)} <b>{data?.counts[c] ?? 0}</b>
          </button>
        ))}
      </div>
      <DataGrid id="quality" rows={rows} columns={columns} exportName="quality-flags" onRowClicked={(f) => f.securityId && onSecurity(f.securityId)} />
    </div>
  )
}
