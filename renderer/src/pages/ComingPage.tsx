import { useI18n } from '../i18n'

export function ComingPage() {
  const { t } = useI18n()
  return (
    <div className="coming">
      <h2>{t.coming}</h2>
      <p>{t.comingBody}</p>
    </div>
  )
}
