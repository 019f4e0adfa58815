import type { CompareGroup, CompareMetric } from '../../../shared/compare'
import { formatMillions, formatMultiple } from '../../../shared/format'
import { useI18n, type Dict } from '../i18n'

export function reasonLabel(reason: string, t: Dict): string {
  return (
    { missing: t.reasonMissing, 'nm-negative': t.reasonNmNegative, 'nm-high': t.reasonNmHigh, flagged: t.reasonFlagged, user: t.reasonUser, included: t.included }[reason] ??
    reason
  )
}

interface Props {
  group: CompareGroup
  metric: CompareMetric
  currency: string
  active: boolean
  onClick: () => void
}

/** One layer's (or segment's) statistics, with every exclusion and its reason visible. */
export function StatsCard({ group, metric, currency, active, onClick }: Props) {
  const { t, lang } = useI18n()
  const s = group.stats
  const isMultiple = metric !== 'marketCap'
  const fmt = (v: number | null) => (isMultiple ? formatMultiple(v, lang) : formatMillions(v, lang, currency))
  const excluded = Object.entries(s.excludedCounts).filter(([, n]) => n > 0)
  const name = lang === 'zh' ? group.node.nameZh : group.node.nameEn
  return (
    <button className={active ? 'card active' : 'card'} onClick={onClick} data-node={group.node.id} aria-pressed={active}>
      <div className="card-title">{name}</div>
      <table className="stats">
        <tbody>
          <tr>
            <th>{t.count}</th>
            <td data-stat="count">{s.count}</td>
          </tr>
          <tr>
            <th>{t.excludedN}</th>
            <td data-stat="excluded">{s.excluded.length}</td>
          </tr>
          {excluded.length > 0 && (
            <tr>
              <td colSpan={2} className="small muted reasons" data-stat="reasons">
                {excluded.map(([r, n]) => `${reasonLabel(r, t)} ${n}`).join(' · ')}
              </td>
            </tr>
          )}
          <tr>
            <th>{t.totalMcap}</th>
            <td data-stat="totalMcap">
              {formatMillions(s.totalMcap, lang, currency)}
              {s.unweighted.length > 0 && (
                <div className="small warn">
                  {t.unweighted} {s.unweighted.length} ({[...new Set(s.unweighted.map((u) => (u.reason === 'fx-missing' ? t.fxMissing : t.noMcap)))].join('、')})
                </div>
              )}
            </td>
          </tr>
          <tr>
            <th>{t.mean}</th>
            <td data-stat="mean">{fmt(s.mean)}</td>
          </tr>
          <tr>
            <th>{t.median}</th>
            <td data-stat="median">{fmt(s.median)}</td>
          </tr>
          {isMultiple && (
            <>
              <tr>
                <th>{t.weightedMean}</th>
                <td data-stat="weightedMean">{fmt(s.weightedMean)}</td>
              </tr>
              <tr>
                <th>{metric === 'ps' ? t.aggregateMultiplePs : t.aggregateMultiple}</th>
                <td data-stat="aggregate" className="strong">
                  {fmt(s.aggregate)}
                </td>
              </tr>
            </>
          )}
          <tr>
            <th>
              {t.min} / {t.max}
            </th>
            <td data-stat="minmax">
              {fmt(s.min)} / {fmt(s.max)}
            </td>
          </tr>
        </tbody>
      </table>
    </button>
  )
}
