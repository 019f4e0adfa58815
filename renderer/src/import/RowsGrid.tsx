/**
 * The preview's rows on AG Grid: where each came from (source row, printed code), the security it
 * resolves to (or a choice among suggestions), and the figures as they will be written.
 */
import type { ColDef, ICellRendererParams } from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import { useMemo } from 'react'
import type { ColumnMapping } from '../../../shared/import/types'
import type { Lang } from '../../../shared/format'
import { useGridTheme } from '../components/gridTheme'
import { useI18n } from '../i18n'
import { gridLocale } from '../components/gridLocale'
import type { ShownRow } from './model'
import { IMPORT_TEXT, warningText, type ImportText } from './text'

interface Ctx {
  tx: ImportText
  lang: Lang
  onChoose: (sourceRow: number, id: string | null) => void
  onSkip: (sourceRow: number, skip: boolean) => void
}

const SKIP = '__skip'
const ROW_H = 36
const HEADER_H = 38

const num = (digits: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })
const N2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 2 })
const N4 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })
const N1 = num(1)

function SecurityCell(p: ICellRendererParams<ShownRow, unknown, Ctx>) {
  const r = p.data
  if (!r) return null
  const { tx, onChoose, onSkip } = p.context
  const res = r.resolution
  const label = `${tx.colSecurity}: ${tx.colRow} ${r.sourceRow}`
  if (res.status === 'matched' && !r.choice) {
    return (
      <span className="imp-sec matched" title={`${tx.matchedBy[res.by] ?? res.by}`}>
        <span className="imp-ok">✓</span> <span className="mono">{res.securityId}</span>
      </span>
    )
  }
  const suggestions = res.status === 'matched' ? [] : res.suggestions
  const choose = (v: string) => {
    if (v === SKIP) return onSkip(r.sourceRow, true)
    onChoose(r.sourceRow, v || null)
  }
  if (res.status === 'new') {
    return (
      <span className="imp-sec new">
        {!r.choice && (
          <span className="imp-badge-new" data-testid="new-badge">
            {tx.newBadge} <span className="mono">{res.securityId}</span>
          </span>
        )}
        {(suggestions.length > 0 || r.choice) && (
          <select value={r.choice ?? ''} aria-label={label} onChange={(e) => choose(e.target.value)} className={r.choice ? 'chosen' : ''}>
            <option value="">{r.choice ? `${tx.createAs.replace('{id}', res.securityId)}` : tx.useExisting}</option>
            {suggestions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.id})
              </option>
            ))}
          </select>
        )}
      </span>
    )
  }
  // unresolved (or matched and then changed by the analyst)
  return (
    <span className="imp-sec unresolved">
      <select value={r.choice ?? ''} aria-label={label} onChange={(e) => choose(e.target.value)} className={r.choice ? 'chosen' : 'bad'} data-testid="choose-security">
        <option value="">{suggestions.length ? tx.chooseSecurity : tx.unresolvedNone}</option>
        {suggestions.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.id})
          </option>
        ))}
        <option value={SKIP}>{tx.skipRow}</option>
      </select>
    </span>
  )
}

function SkipCell(p: ICellRendererParams<ShownRow, unknown, Ctx>) {
  const r = p.data
  if (!r) return null
  return (
    <span className="imp-cell-center">
      <input type="checkbox" checked={r.skip} aria-label={`${p.context.tx.skipRow} ${r.sourceRow}`} onChange={(e) => p.context.onSkip(r.sourceRow, e.target.checked)} />
    </span>
  )
}

/** One column per (metric, basis) in the order the file prints them. */
function multipleColumns(columns: ColumnMapping[], tx: ImportText): ColDef<ShownRow>[] {
  const seen = new Set<string>()
  const out: ColDef<ShownRow>[] = []
  for (const c of columns) {
    if (c.role.kind !== 'multiple') continue
    const { metric, basis } = c.role
    const id = `${metric}:${basis}`
    if (seen.has(id)) continue
    seen.add(id)
    out.push({
      colId: id,
      headerName: `${metric === 'pe' ? 'P/E' : 'P/S'} ${tx.bases[basis] ? basis : basis}`,
      headerTooltip: c.header,
      width: 88,
      type: 'rightAligned',
      valueGetter: (p) => p.data?.multiples.find((m) => m.metric === metric && m.basis === basis)?.value ?? null,
      valueFormatter: (p) => {
        if (p.value != null) return N2.format(p.value as number)
        const m = p.data?.multiples.find((x) => x.metric === metric && x.basis === basis)
        return m?.printed?.trim() ? m.printed : '—'
      },
      tooltipValueGetter: (p) => p.data?.multiples.find((m) => m.metric === metric && m.basis === basis)?.printed ?? '',
      cellClass: (p) => (p.value == null ? ['ag-right-aligned-cell', 'na'] : 'ag-right-aligned-cell'),
    })
  }
  return out
}

interface Props {
  rows: ShownRow[]
  columns: ColumnMapping[]
  onChoose: Ctx['onChoose']
  onSkip: Ctx['onSkip']
}

export function RowsGrid({ rows, columns, onChoose, onSkip }: Props) {
  const { lang } = useI18n()
  const gridTheme = useGridTheme()
  const tx = IMPORT_TEXT[lang]
  const capUnit = columns.find((c) => c.role.kind === 'marketCap')?.unit ?? null
  const anyWarning = rows.some((r) => r.warnings.length > 0)
  const context = useMemo<Ctx>(() => ({ tx, lang, onChoose, onSkip }), [tx, lang, onChoose, onSkip])
  const colDefs = useMemo<ColDef<ShownRow>[]>(
    () => [
      { colId: 'skip', headerName: tx.colSkip, width: lang === 'zh' ? 56 : 60, pinned: 'left', sortable: false, filter: false, cellRenderer: SkipCell },
      { colId: 'row', headerName: tx.colRow, field: 'sourceRow', width: 62, pinned: 'left', type: 'rightAligned' },
      { colId: 'code', headerName: tx.colCode, headerTooltip: tx.colCodeTip, field: 'codePrinted', width: 104, valueFormatter: (p) => (p.value as string | null) ?? '—' },
      {
        colId: 'security',
        headerName: tx.colSecurity,
        width: 190,
        cellRenderer: SecurityCell,
        valueGetter: (p) => (p.data ? (p.data.choice ?? ('securityId' in p.data.resolution ? p.data.resolution.securityId : '')) : ''),
      },
      { colId: 'name', headerName: tx.colName, field: 'name', width: 120, valueFormatter: (p) => (p.value as string | null) ?? '—' },
      { colId: 'currency', headerName: tx.colCurrency, field: 'currency', width: 68, valueFormatter: (p) => (p.value as string | null) ?? '—' },
      {
        colId: 'price',
        headerName: tx.colPrice,
        field: 'price',
        width: 88,
        type: 'rightAligned',
        valueFormatter: (p) => (p.value == null ? (p.data?.pricePrinted?.trim() || '—') : N4.format(p.value as number)),
        tooltipValueGetter: (p) => p.data?.pricePrinted ?? '',
      },
      {
        colId: 'mcap',
        headerName: tx.colMcap,
        field: 'marketCapMn',
        width: 138,
        type: 'rightAligned',
        valueFormatter: (p) => (p.value == null ? (p.data?.marketCapPrinted?.trim() || '—') : `${N1.format(p.value as number)} ${p.data?.marketCapCurrency ?? ''}`.trim()),
        // as printed, with the column's unit: "1072.5 亿元" behind "107,250 CNY" shows the conversion
        tooltipValueGetter: (p) => {
          const v = p.data?.marketCapPrinted?.trim()
          return v ? `${tx.printedAs} ${v}${capUnit ? ` ${capUnit}` : ''}` : ''
        },
      },
      ...multipleColumns(columns, tx),
      {
        colId: 'warnings',
        headerName: tx.colWarnings,
        width: lang === 'zh' ? 200 : 220,
        pinned: 'right',
        // no row has a warning: the column would only take room from the figures
        hide: !anyWarning,
        valueGetter: (p) => (p.data ? p.data.warnings.map((w) => warningText(tx, w)).join(lang === 'zh' ? '；' : '; ') : ''),
        tooltipValueGetter: (p) => (p.data ? p.data.warnings.map((w) => warningText(tx, w)).join('\n') : ''),
        cellClass: 'imp-warn-cell',
      },
    ],
    [tx, lang, columns, capUnit, anyWarning],
  )
  // A fixed height that fits up to 10 rows (autoHeight does not grow when a fixed row comes back);
  // the room for a horizontal scroll bar only when the figures are too many to fit
  const wide = columns.filter((c) => c.role.kind === 'multiple').length > 3
  const height = HEADER_H + Math.max(1, Math.min(rows.length, 10)) * ROW_H + (wide ? 18 : 4)
  return (
    <div className="imp-grid" style={{ height }} data-testid="import-rows">
      <AgGridReact<ShownRow>
        key={lang}
        theme={gridTheme}
        rowData={rows}
        columnDefs={colDefs}
        context={context}
        defaultColDef={{ sortable: true, resizable: true, filter: false }}
        getRowId={(p) => String(p.data.sourceRow)}
        getRowClass={(p) => (p.data?.skip ? 'imp-row-skipped' : p.data?.resolution.status === 'unresolved' && !p.data.choice ? 'imp-row-bad' : undefined)}
        rowHeight={ROW_H}
        headerHeight={HEADER_H}
        localeText={gridLocale(lang)}
        tooltipShowDelay={300}
        animateRows={false}
        suppressCellFocus
        suppressColumnVirtualisation
      />
    </div>
  )
}
