/**
 * The "研报 · 估值表" select: all tables, a whole report, or one source table (institution ·
 * caption, by report). Its tooltip says the choice in words, as the option text may be cut off.
 */
import type { ValuationFacets } from '../../../../shared/api/valuations'
import type { Lang } from '../../../../shared/format'
import { institutionText } from '../../../../shared/bundledText'
import { useI18n } from '../../i18n'
import { fill, VALUATIONS_TEXT, type ValuationsText } from './text'

interface Props {
  facets: ValuationFacets
  /** 'r:<reportId>', 't:<tableId>' or '' (all tables) */
  value: string
  /** the report passed in from the Reports page, listed even when the facets do not have it */
  reportId?: string
  onChange: (scope: string) => void
}

export function TableSelect({ facets, value, reportId, onChange }: Props) {
  const { lang } = useI18n()
  const v = VALUATIONS_TEXT[lang]
  return (
    <select
      className="val-scope"
      data-testid="valuations-table-select"
      aria-label={v.tableSelect}
      title={`${v.tableSelect}: ${scopeLabel(facets, value, v, lang)}\n${v.tableSelectTip}`}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{v.allTables}</option>
      {facets.reports.map((r) => (
        <optgroup key={r.id} label={[institutionText(r.institution, lang), r.title, r.date].filter(Boolean).join(' · ')}>
          {r.tables.length > 1 && <option value={`r:${r.id}`}>{fill(v.reportAllTables, { inst: institutionText(r.institution, lang), n: r.tables.length })}</option>}
          {r.tables.map((tb) => (
            <option key={tb.id} value={`t:${tb.id}`}>
              {fill(v.tableOption, { inst: institutionText(r.institution, lang), caption: tb.label, n: tb.gridRows ?? tb.rows })}
            </option>
          ))}
        </optgroup>
      ))}
      {reportId && !facets.reports.some((r) => r.id === reportId) && <option value={`r:${reportId}`}>{reportId}</option>}
    </select>
  )
}

/** The select's choice in words (its tooltip): "all tables", a report, or "institution · caption". */
function scopeLabel(f: ValuationFacets, scope: string, v: ValuationsText, lang: Lang): string {
  if (!scope) return v.allTables
  for (const r of f.reports) {
    const inst = institutionText(r.institution, lang)
    if (scope === `r:${r.id}`) return fill(v.reportAllTables, { inst, n: r.tables.length })
    const tb = r.tables.find((x) => scope === `t:${x.id}`)
    if (tb) return `${inst} · ${tb.label}`
  }
  return scope.slice(2)
}
