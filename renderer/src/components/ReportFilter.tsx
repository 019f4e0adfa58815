import { useI18n } from '../i18n'

export function ReportFilter({ reportId, onClear }: { reportId: string; onClear: () => void }) {
  const { t } = useI18n()
  return (
    <span className="chip">
      {t.report}: {reportId}
      <button className="chip-x" onClick={onClear} aria-label={t.close}>
        ×
      </button>
    </span>
  )
}
