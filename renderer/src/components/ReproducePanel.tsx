import { institutionText } from '../../../shared/bundledText'
import { formatNumber } from '../../../shared/format'
import { REPRODUCE_TOLERANCE } from '../../../shared/reproduce'
import { errorText } from '../errorText'
import { useI18n } from '../i18n'
import { useApiQuery } from '../useApi'

/** The report's printed aggregate row beside the app's own computation of it. */
export function ReproducePanel() {
  const { t, lang } = useI18n()
  const { data, error } = useApiQuery('compare.reproduce', {})
  if (error)
    return (
      <section className="reproduce" data-testid="reproduce">
        <h3>{t.reproduceTitle}</h3>
        <div className="error small">{errorText(error, lang)}</div>
      </section>
    )
  if (!data?.length) return null
  return (
    <section className="reproduce" data-testid="reproduce">
      <h3>{t.reproduceTitle}</h3>
      <p className="muted small">{t.reproduceHint}</p>
      {data.map((tab) => (
        <table key={tab.tableId} className="mini reproduce-table">
          <caption>
            {institutionText(tab.institution, lang)} · {tab.tableLabel}
          </caption>
          <thead>
            <tr>
              <th />
              {tab.columns.map((c) => (
                <th key={`${c.metric}:${c.fyKey}`} className="num">
                  {c.metric === 'pe' ? 'P/E' : c.metric === 'ps' ? 'P/S' : 'P/B'} {c.fy ?? c.fyKey}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th>{t.printedAggregate}</th>
              {tab.columns.map((c) => (
                <td key={c.fyKey + c.metric} className="num">
                  {c.printed}
                </td>
              ))}
            </tr>
            <tr>
              <th>{t.appComputed}</th>
              {tab.columns.map((c) => (
                <td key={c.fyKey + c.metric} className="num" data-col={`${c.metric}:${c.fyKey}`}>
                  {formatNumber(c.computed, 2)}
                </td>
              ))}
            </tr>
            <tr>
              <th>{t.difference}</th>
              {tab.columns.map((c) => {
                const ok = c.diff != null && Math.abs(c.diff) <= REPRODUCE_TOLERANCE
                return (
                  <td key={c.fyKey + c.metric} className={ok ? 'num ok' : 'num bad'} title={ok ? t.withinTolerance : t.outsideTolerance}>
                    {c.diff == null ? '—' : signedDiff(c.diff)} {ok ? '✓' : '✗'}
                  </td>
                )
              })}
            </tr>
          </tbody>
        </table>
      ))}
    </section>
  )
}

/** +0.06 / −0.03 / 0.00 — never "-0.00". */
function signedDiff(d: number): string {
  if (Math.abs(d) < 0.005) return '0.00'
  return `${d > 0 ? '+' : '−'}${formatNumber(Math.abs(d), 2)}`
}
