/** The one-table view's info bar: the table's caption and where and how it is printed, above its grid. */
import type { ValuationTableLayout } from '../../../../shared/api/valuations'
import { institutionText } from '../../../../shared/bundledText'
import { useI18n } from '../../i18n'
import { VALUATIONS_TEXT } from './text'

/** One table's caption and where it is printed, above its grid. */
export function TableInfo({ layout, onBack }: { layout: ValuationTableLayout; onBack: () => void }) {
  const { t, lang } = useI18n()
  const v = VALUATIONS_TEXT[lang]
  const asOf = layout.asOfDate ? `${layout.asOfDate}${layout.asOfInferred ? `* (${t.inferred})` : ''}` : null
  return (
    <div className="val-table-info" data-testid="valuations-table-info">
      <b className="val-table-caption">
        {institutionText(layout.institution, lang)} · {layout.label}
      </b>
      {layout.source && (
        <span>
          {v.tableSource}: {layout.source}
        </span>
      )}
      {(asOf || layout.asOfNote) && (
        <span>
          {/* a note that already says 截至… is not prefixed with it again */}
          {asOf || !(layout.asOfNote ?? '').startsWith(t.asOf) ? `${t.asOf} ` : ''}
          {[asOf, layout.asOfNote].filter(Boolean).join(' · ')}
        </span>
      )}
      {layout.line != null && (
        <span className="muted">
          {t.line} {layout.line}
        </span>
      )}
      {layout.headerPrinted && (
        <span className="muted val-header-printed" title={layout.headerPrinted}>
          {v.headerPrinted}: {layout.headerPrinted}
        </span>
      )}
      {layout.columns.length === 0 && <span className="warn">{v.tableColumnsNone}</span>}
      <span className="spacer" />
      <button className="val-back" onClick={onBack}>
        {v.backToAll}
      </button>
    </div>
  )
}
