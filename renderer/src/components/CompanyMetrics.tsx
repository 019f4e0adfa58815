import { useQueries } from '@tanstack/react-query'
import { institutionText } from '../../../shared/bundledText'
import { useMemo } from 'react'
import type { CompareResult } from '../../../shared/compare'
import { groupRef, yearFigures, type GroupRef, type GroupsFor } from '../../../shared/companyMetrics'
import type { ApiInput } from '../../../shared/contract'
import type { SecurityDetail } from '../../../shared/domain'
import { formatMultiple, formatNumber, formatPercent } from '../../../shared/format'
import { compareFy, pivotValuation } from '../../../shared/pivot'
import { callApi } from '../api'
import { useI18n } from '../i18n'
import { keyOf } from '../useApi'
import { COMPANY_METRICS_TEXT } from './companyMetricsText'

type Metric = 'pe' | 'ps'
type Level = 'layer' | 'segment'
const METRICS: readonly Metric[] = ['pe', 'ps']
const LEVELS: readonly Level[] = ['layer', 'segment']

/** compare.run with its default options (statistics only: no member lists). */
const input = (metric: Metric, fyKey: string, level: Level): ApiInput<'compare.run'> => ({ metric, fyKey, currency: 'USD', nmRule: true, level, memberLimit: 0 })

const signed = (v: number | null) => (v == null ? null : `${v > 0 ? '+' : ''}${formatPercent(v, 1)}`)

/**
 * Beside each printed valuation row of the company: for every fiscal year it prints, the
 * premium/discount of its P/E and P/S to its primary layer (aggregate) and primary segment
 * (median) from compare.run, implied net margin, implied EPS growth and PEG (shared/companyMetrics.ts).
 */
export function CompanyMetrics({ detail }: { detail: SecurityDetail }) {
  const { lang } = useI18n()
  const t = COMPANY_METRICS_TEXT[lang]
  const rows = useMemo(() => detail.valuations.filter((v) => !v.isAggregate).map(pivotValuation), [detail])
  const fyKeys = useMemo(() => {
    const s = new Set<string>()
    for (const r of rows) for (const f of r.row.figures) if ((f.metric === 'pe' || f.metric === 'ps') && f.fyKey) s.add(f.fyKey)
    return [...s].sort(compareFy)
  }, [rows])
  const specs = fyKeys.flatMap((fy) => METRICS.flatMap((metric) => LEVELS.map((level) => ({ metric, fy, level }))))
  const results = useQueries({
    queries: specs.map(({ metric, fy, level }) => {
      const i = input(metric, fy, level)
      return { queryKey: keyOf('compare.run', i), queryFn: () => callApi('compare.run', i) }
    }),
  })
  if (rows.length === 0 || fyKeys.length === 0) return null
  if (results.some((r) => r.isPending)) return null

  const ownRows = new Set(rows.map((r) => r.row.id))
  const result = (metric: Metric, fy: string, level: Level): CompareResult | undefined => results[specs.findIndex((s) => s.metric === metric && s.fy === fy && s.level === level)]?.data
  // primary node: first placement; a segment's layer is its parent
  const primary = detail.nodeIds[0] ?? null
  const anySeg = fyKeys.map((fy) => result('pe', fy, 'segment') ?? result('ps', fy, 'segment')).find(Boolean)
  const segNode = primary ? anySeg?.groups.find((g) => g.node.id === primary)?.node : undefined
  const segmentId = segNode ? segNode.id : null
  const layerId = segNode ? segNode.parentId : primary
  const ref = (metric: Metric, fy: string, level: Level): GroupRef | null => {
    const id = level === 'layer' ? layerId : segmentId
    const g = id ? result(metric, fy, level)?.groups.find((x) => x.node.id === id) : undefined
    return g ? groupRef(g.stats, level === 'layer' ? 'aggregate' : 'median', ownRows) : null
  }
  const groups = (metric: Metric, fy: string): GroupsFor => ({ layer: ref(metric, fy, 'layer'), segment: ref(metric, fy, 'segment') })
  const benchText = (metric: Metric, fy: string, level: Level) => {
    const g = ref(metric, fy, level)
    if (!g) return level === 'segment' && layerId && !segmentId ? t.noSegment : t.unplaced
    if (g.peers < 1) return t.groupOfOne
    return `${level === 'layer' ? t.aggregate : t.median} ${formatMultiple(g.value, lang)} · n = ${g.count}`
  }
  const na = (title: string) => (
    <span className="muted" title={title}>
      {t.na}
    </span>
  )
  const prem = (v: number | null, metric: Metric, fy: string, level: Level, col: string, hasValue: boolean) => {
    const title = benchText(metric, fy, level)
    return (
      <td className="num" data-col={col} title={title}>
        {signed(v) ?? na(hasValue ? title : t.notComputable)}
      </td>
    )
  }

  return (
    <section data-testid="company-metrics">
      <h4>{t.title}</h4>
      <p className="muted small">{t.note}</p>
      <div className="scroll-x">
        <table className="mini cross">
          <thead>
            <tr>
              <th>{t.fy}</th>
              <th className="num">P/E</th>
              <th className="num">{t.toLayer}</th>
              <th className="num">{t.toSegment}</th>
              <th className="num">{t.growth}</th>
              <th className="num">{t.peg}</th>
              <th className="num">P/S</th>
              <th className="num">{t.toLayer}</th>
              <th className="num">{t.toSegment}</th>
              <th className="num">{t.margin}</th>
            </tr>
          </thead>
          <tbody>
            {rows.flatMap((r) => {
              const value = (m: Metric, fy: string) => r.byYear[`${m}:${fy}`]?.value ?? null
              const years = fyKeys.filter((fy) => r.byYear[`pe:${fy}`] || r.byYear[`ps:${fy}`])
              return [
                <tr key={`${r.row.id}:head`} className="muted small">
                  <td colSpan={10}>
                    {institutionText(r.row.institution, lang)} · {r.row.tableLabel}
                    {r.row.asOfDate ? ` · ${r.row.asOfDate}` : ''}
                  </td>
                </tr>,
                ...yearFigures(years, value, groups).map((y) => (
                  <tr key={`${r.row.id}:${y.fyKey}`} data-row={r.row.id} data-fy={y.fyKey} data-institution={r.row.institution}>
                    <td>{y.fyKey}</td>
                    <td className="num" data-col="pe">
                      {r.byYear[`pe:${y.fyKey}`]?.printed ?? '—'}
                    </td>
                    {prem(y.peToLayer, 'pe', y.fyKey, 'layer', 'peToLayer', y.pe != null)}
                    {prem(y.peToSegment, 'pe', y.fyKey, 'segment', 'peToSegment', y.pe != null)}
                    <td className="num" data-col="growth" title={y.nextFy ? `${y.fyKey} ${t.to} ${y.nextFy}` : ''}>
                      {signed(y.growth) ?? na(t.notComputable)}
                    </td>
                    <td className="num" data-col="peg">
                      {y.peg != null ? formatNumber(y.peg, 2) : na(t.notComputable)}
                    </td>
                    <td className="num" data-col="ps">
                      {r.byYear[`ps:${y.fyKey}`]?.printed ?? '—'}
                    </td>
                    {prem(y.psToLayer, 'ps', y.fyKey, 'layer', 'psToLayer', y.ps != null)}
                    {prem(y.psToSegment, 'ps', y.fyKey, 'segment', 'psToSegment', y.ps != null)}
                    <td className="num" data-col="margin">
                      {y.margin != null ? formatPercent(y.margin, 1) : na(t.notComputable)}
                    </td>
                  </tr>
                )),
              ]
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}
