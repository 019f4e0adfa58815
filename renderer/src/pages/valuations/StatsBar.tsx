/**
 * The bar above the valuations grid: the filter's row count, the columns hidden as empty, and
 * the statistics of the whole filter (P/E or P/S for one fiscal year, reporting currency).
 */
import type { ValuationPageStats } from '../../../../shared/api/valuations'
import { formatMillions, formatMultiple, formatNumber } from '../../../../shared/format'
import { reasonLabel } from '../../components/StatsCard'
import { useI18n } from '../../i18n'
import { fill, VALUATIONS_TEXT } from './text'

interface StatsBarProps {
  total: number | null
  stats: ValuationPageStats | null
  fyKeys: string[]
  metric: 'pe' | 'ps'
  fyKey: string
  currency: string
  /** figure columns hidden because the filter leaves them empty */
  hiddenEmpty: string[]
  onMetric: (m: 'pe' | 'ps') => void
  onFy: (fy: string) => void
}

export function StatsBar(props: StatsBarProps) {
  const { t, lang } = useI18n()
  const v = VALUATIONS_TEXT[lang]
  const total = (
    <span className="muted" data-testid="valuations-total">
      {props.total != null ? fill(v.rowsTotal, { n: formatNumber(props.total, 0) }) : t.loading}
    </span>
  )
  const hidden = props.hiddenEmpty.length > 0 && (
    <span className="muted small val-hidden" data-testid="valuations-hidden-empty" title={`${v.hiddenEmptyTip}\n${props.hiddenEmpty.join(', ')}`}>
      {fill(v.hiddenEmpty, { n: props.hiddenEmpty.length })}
    </span>
  )
  if (!props.fyKeys.length)
    return (
      <div className="filtered-stats">
        {total}
        {hidden}
      </div>
    )
  // statistics of another metric or year (the new ones are on their way) are not shown
  const s = props.stats && props.stats.metric === props.metric && props.stats.fyKey === props.fyKey && props.stats.currency === props.currency ? props.stats : null
  return (
    <div className="filtered-stats" data-testid="filtered-stats">
      {total}
      <b>{t.filteredStats}</b>
      <select aria-label={t.metric} value={props.metric} onChange={(e) => props.onMetric(e.target.value as 'pe' | 'ps')}>
        <option value="pe">P/E</option>
        <option value="ps">P/S</option>
      </select>
      <select aria-label={t.fiscalYear} value={props.fyKey} onChange={(e) => props.onFy(e.target.value)}>
        {props.fyKeys.map((y) => (
          <option key={y}>{y}</option>
        ))}
      </select>
      <StatFigures s={s} metric={props.metric} currency={props.currency} />
      {hidden}
    </div>
  )
}

/** The figures of the statistics ("…" while those of the metric and year chosen are on their way). */
function StatFigures({ s, metric, currency }: { s: ValuationPageStats | null; metric: 'pe' | 'ps'; currency: string }) {
  const { t, lang } = useI18n()
  const v = VALUATIONS_TEXT[lang]
  const f = (x: number | null | undefined) => (s ? formatMultiple(x, lang) : '…')
  const reasons = s ? Object.entries(s.excludedCounts).filter(([, n]) => n > 0) : []
  const excluded = s ? Object.values(s.excludedCounts).reduce((a, b) => a + b, 0) - s.excludedCounts.missing : 0
  return (
    <>
      <span>
        {t.count} <b data-stat="count">{s ? s.count : '…'}</b>
      </span>
      <span title={reasons.map(([r, n]) => `${reasonLabel(r, t)} ${n}`).join(' · ')}>
        {t.excludedN} <b>{s ? excluded : '…'}</b>
        <span className="muted">
          {' '}
          ({t.reasonMissing} {s ? s.excludedCounts.missing : '…'})
        </span>
      </span>
      <span>
        {t.mean} <b>{f(s?.mean)}</b>
      </span>
      <span>
        {t.median} <b>{f(s?.median)}</b>
      </span>
      <span>
        {t.weightedMean} <b>{f(s?.weightedMean)}</b>
      </span>
      <span>
        {metric === 'ps' ? t.aggregateMultiplePs : t.aggregateMultiple} <b data-stat="aggregate">{f(s?.aggregate)}</b>
      </span>
      <span className="muted">
        {t.totalMcap} {s ? formatMillions(s.totalMcap, lang, currency) : '…'}
      </span>
      <span className="muted small val-rule" tabIndex={0} title={fill(v.statsRuleCcy, { ccy: currency })} aria-label={fill(v.statsRuleCcy, { ccy: currency })}>
        ⓘ {v.statsRuleShort}
      </span>
    </>
  )
}
