import type { CompareGroup, CompareMetric } from '../../../shared/compare'
import { formatMultiple } from '../../../shared/format'
import { useI18n } from '../i18n'
import { warningText } from './Basis'
import { GROUP_BAR_COLOURS } from './chartFormat'
import { useThemeMode } from './useThemeMode'

/**
 * Median, market-cap-weighted mean and aggregate multiple per group, as grouped bars; a group
 * whose basis carries a warning (Basis.tsx) is marked ⚠ beside its name, the reasons in the tooltip.
 * A small SVG: lightweight-charts draws time series, and this is a categorical comparison.
 */
export function GroupChart({ groups, metric }: { groups: CompareGroup[]; metric: CompareMetric }) {
  const { t, lang } = useI18n()
  // bar fills follow the theme; labels and values take the page's text colours (styles.css)
  const [median, weighted, aggregate] = GROUP_BAR_COLOURS[useThemeMode()]
  const series = [
    { key: 'median', label: t.median, color: median },
    { key: 'weightedMean', label: t.weightedMean, color: weighted },
    { key: 'aggregate', label: metric === 'ps' ? t.aggregateMultiplePs : t.aggregateMultiple, color: aggregate },
  ] as const
  const max = Math.max(1, ...groups.flatMap((g) => series.map((s) => g.stats[s.key] ?? 0)))
  const rowH = 26
  const labelW = 230
  const width = 900
  const barMax = width - labelW - 60
  const height = groups.length * (rowH * 3 + 14) + 30
  return (
    <figure className="chart" aria-label={t.chartTitle}>
      <figcaption>
        {t.chartTitle}
        <span className="legend">
          {series.map((s) => (
            <span key={s.key}>
              <i style={{ background: s.color }} />
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img">
        {groups.map((g, gi) => {
          const y0 = gi * (rowH * 3 + 14) + 10
          return (
            <g key={g.node.id}>
              <text x={0} y={y0 + rowH * 1.6} className="chart-label">
                <title>{lang === 'zh' ? g.node.nameZh : g.node.nameEn}</title>
                {truncate(lang === 'zh' ? g.node.nameZh : g.node.nameEn, lang === 'zh' ? 14 : 27)}
              </text>
              {g.basis.warnings.length > 0 && (
                <text x={labelW - 22} y={y0 + rowH * 1.6} className="chart-warning" data-warnings={g.basis.warnings.join(' ')}>
                  <title>{g.basis.warnings.map((w) => warningText(w, g.basis, t, lang)).join('\n')}</title>⚠
                </text>
              )}
              {series.map((s, si) => {
                const v = g.stats[s.key]
                const w = v && v > 0 ? (v / max) * barMax : 0
                return (
                  <g key={s.key}>
                    <rect x={labelW} y={y0 + si * rowH} width={w} height={rowH - 6} fill={s.color} rx={2} />
                    <text x={labelW + w + 6} y={y0 + si * rowH + rowH - 11} className="chart-value">
                      {formatMultiple(v, lang)}
                    </text>
                  </g>
                )
              })}
            </g>
          )
        })}
      </svg>
    </figure>
  )
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s
}
