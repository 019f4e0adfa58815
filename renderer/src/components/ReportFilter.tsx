import { reportChip } from '../../../shared/bundledText'
import { useI18n } from '../i18n'
import { useApiQuery } from '../useApi'

/** The chip of a report the page is filtered to: institution and short title, never its id. */
export function ReportFilter({ reportId, onClear }: { reportId: string; onClear: () => void }) {
  const { t, lang } = useI18n()
  const reports = useApiQuery('reports.list', {})
  const r = reports.data?.find((x) => x.id === reportId)
  return (
    <span className="chip" title={r?.title ?? undefined}>
      {t.report}: {r ? reportChip(r, lang) : '…'}
      <button className="chip-x" onClick={onClear} aria-label={t.close}>
        ×
      </button>
    </span>
  )
}
