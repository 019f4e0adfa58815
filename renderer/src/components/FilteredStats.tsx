import { useMemo, useState } from 'react'
import type { FxRate } from '../../../shared/fx'
import { convert } from '../../../shared/fx'
import { formatMillions, formatMultiple } from '../../../shared/format'
import type { PivotedValuation } from '../../../shared/pivot'
import { groupStats, impliedNetMargin } from '../../../shared/stats'
import { IMPLAUSIBLE_MARGIN } from '../../../shared/quality'
import { useI18n } from '../i18n'
import { reasonLabel } from './StatsCard'

/**
 * Group statistics over whatever the grid currently shows (filters + quick search): the same
 * shared/stats.ts as the Compare page, with market caps converted to USD for the weights.
 */
export function FilteredStats({ rows, years, rates }: { rows: PivotedValuation[]; years: string[]; rates: FxRate[] }) {
  const { t, lang } = useI18n()
  const [metric, setMetric] = useState<'pe' | 'ps'>('pe')
  const [fy, setFy] = useState<string>('')
  const fyKey = years.includes(fy) ? fy : (years.find((y) => y === 'FY23E') ?? years[0] ?? '')
  const stats = useMemo(() => {
    const statRows = rows
      .filter((r) => !r.row.isAggregate && r.row.securityId)
      .map((r) => {
        const mc = r.marketCap
        const conv = convert(mc?.valueMn ?? null, mc?.currency ?? null, 'USD', r.row.asOfDate, rates)
        const pe = r.byYear[`pe:${fyKey}`]?.value ?? null
        const ps = r.byYear[`ps:${fyKey}`]?.value ?? null
        return {
          key: String(r.row.id),
          value: r.byYear[`${metric}:${fyKey}`]?.value ?? null,
          mcap: conv.value,
          mcapMissing: mc && conv.value == null ? ('fx-missing' as const) : ('no-mcap' as const),
          flagged: (impliedNetMargin(pe, ps) ?? 0) >= IMPLAUSIBLE_MARGIN,
        }
      })
    return groupStats(statRows)
  }, [rows, metric, fyKey, rates])
  if (!years.length) return null
  const f = (v: number | null) => formatMultiple(v, lang)
  const reasons = Object.entries(stats.excludedCounts).filter(([, n]) => n > 0)
  return (
    <div className="filtered-stats" data-testid="filtered-stats">
      <b>{t.filteredStats}</b>
      <select aria-label={t.metric} value={metric} onChange={(e) => setMetric(e.target.value as 'pe' | 'ps')}>
        <option value="pe">P/E</option>
        <option value="ps">P/S</option>
      </select>
      <select aria-label={t.fiscalYear} value={fyKey} onChange={(e) => setFy(e.target.value)}>
        {years.map((y) => (
          <option key={y}>{y}</option>
        ))}
      </select>
      <span>
        {t.count} <b data-stat="count">{stats.count}</b>
      </span>
      <span title={reasons.map(([r, n]) => `${reasonLabel(r, t)} ${n}`).join(' · ')}>
        {t.excludedN} <b>{stats.excluded.length - stats.excludedCounts.missing}</b>
        <span className="muted"> ({t.reasonMissing} {stats.excludedCounts.missing})</span>
      </span>
      <span>
        {t.mean} <b>{f(stats.mean)}</b>
      </span>
      <span>
        {t.median} <b>{f(stats.median)}</b>
      </span>
      <span>
        {t.weightedMean} <b>{f(stats.weightedMean)}</b>
      </span>
      <span>
        {metric === 'ps' ? t.aggregateMultiplePs : t.aggregateMultiple} <b data-stat="aggregate">{f(stats.aggregate)}</b>
      </span>
      <span className="muted">
        {t.totalMcap} {formatMillions(stats.totalMcap, lang, 'USD')}
      </span>
      <span className="muted small">{t.filteredStatsRule}</span>
    </div>
  )
}
