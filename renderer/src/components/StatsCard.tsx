import type { CompareGroup, CompareMetric } from '../../../shared/compare'
import { formatMillions, formatMultiple } from '../../../shared/format'
import { useI18n } from '../i18n'
import { Basis } from './Basis'

// Kept here too: other pages import it from this module.
export { reasonLabel } from './Basis'

interface Props {
  group: CompareGroup
  metric: CompareMetric
  currency: string
  active: boolean
  onClick: () => void
}

/**
 * One layer's (or segment's) statistics with their basis: n included and excluded (with
 * reasons), source tables and dates, members shared with other layers, the heaviest member,
 * and a visible warning when the figure leans on one company or on shared companies.
 */
export function StatsCard({ group, metric, currency, active, onClick }: Props) {
  const { t, lang } = useI18n()
  const s = group.stats
  const isMultiple = metric !== 'marketCap'
  const fmt = (v: number | null) => (isMultiple ? formatMultiple(v, lang) : formatMillions(v, lang, currency))
  const name = lang === 'zh' ? group.node.nameZh : group.node.nameEn
  return (
    <button className={active ? 'card active' : 'card'} onClick={onClick} data-node={group.node.id} aria-pressed={active}>
      <div className="card-title">{name}</div>
      <table className="stats">
        <tbody>
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
      <Basis basis={group.basis} showUnweighted={false} className="card-basis" />
    </button>
  )
}
