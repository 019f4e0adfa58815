import { useMemo, useState } from 'react'
import { institutionText } from '../../../shared/bundledText'
import type { SecurityDetail } from '../../../shared/domain'
import { convert, type FxRate } from '../../../shared/fx'
import { formatMillions } from '../../../shared/format'
import { pivotValuation, yearColumns } from '../../../shared/pivot'
import { useI18n } from '../i18n'
import { HistoryChart } from './HistoryChart'

/**
 * One security, every report side by side: as-of, price, market cap (USD), multiples, stance and
 * layer label. A column whose values differ across reports is highlighted.
 */
export function CrossReport({ detail, rates }: { detail: SecurityDetail; rates: FxRate[] }) {
  const { t, lang } = useI18n()
  const rows = useMemo(() => detail.valuations.filter((v) => !v.isAggregate).map(pivotValuation), [detail])
  const cols = yearColumns(rows, ['pe', 'ps'])
  const usd = (r: (typeof rows)[number]) => convert(r.marketCap?.valueMn ?? null, r.marketCap?.currency ?? null, 'USD', r.row.asOfDate, rates)
  const cov = (reportId: string) => detail.coverage.find((c) => c.reportId === reportId)
  const differs = (vals: (string | number | null | undefined)[]) => new Set(vals.filter((v) => v != null && v !== '')).size > 1
  const mcapDiff = differs(rows.map((r) => usd(r).value?.toFixed(0)))
  const [series, setSeries] = useState('mcap')
  const points = rows
    .filter((r) => r.row.asOfDate)
    .map((r) => ({
      time: r.row.asOfDate!,
      value: series === 'mcap' ? usd(r).value : (r.byYear[series]?.value ?? null),
    }))
    .filter((p): p is { time: string; value: number } => p.value != null)
  const format = useMemo(() => (series === 'mcap' ? (v: number) => formatMillions(v, lang, 'USD') : (v: number) => v.toFixed(1)), [series, lang])
  if (rows.length === 0) return null
  return (
    <section data-testid="cross-report">
      <h4>
        {t.crossReport} ({rows.length})
      </h4>
      <div className="scroll-x">
        <table className="mini cross">
          <thead>
            <tr>
              <th>{t.report}</th>
              <th>{t.asOf}</th>
              <th className="num">{t.price}</th>
              <th className="num">{t.marketCap} (USD)</th>
              {cols.map((c) => (
                <th key={`${c.metric}:${c.fyKey}`} className="num">
                  {c.metric === 'pe' ? 'P/E' : 'P/S'} {c.fyKey}
                </th>
              ))}
              <th>{t.stance}</th>
              <th>{t.layerLabel}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const c = usd(r)
              return (
                <tr key={r.row.id}>
                  <td>{institutionText(r.row.institution, lang)}</td>
                  <td className={differs(rows.map((x) => x.row.asOfDate)) ? 'diff' : ''}>{r.row.asOfDate ?? '—'}</td>
                  <td className="num">{r.price ? `${r.price.printed} ${r.price.currency ?? ''}` : '—'}</td>
                  <td className={mcapDiff ? 'num diff' : 'num'} title={r.marketCap ? `${t.printed}: ${r.marketCap.printed} ${r.marketCap.unit ?? ''}` : ''}>
                    {c.value == null ? (r.marketCap ? t.fxMissing : '—') : formatMillions(c.value, lang, 'USD') + (c.stale ? ` (${t.stale})` : '')}
                  </td>
                  {cols.map((col) => {
                    const k = `${col.metric}:${col.fyKey}`
                    return (
                      <td key={k} className={differs(rows.map((x) => x.byYear[k]?.value)) ? 'num diff' : 'num'}>
                        {r.byYear[k]?.printed ?? ''}
                      </td>
                    )
                  })}
                  <td>{cov(r.row.reportId)?.stance ?? '—'}</td>
                  <td>{cov(r.row.reportId)?.layerLabel ?? r.row.layerLabel ?? '—'}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <h4>
        {t.history}{' '}
        <select value={series} onChange={(e) => setSeries(e.target.value)} aria-label={t.history}>
          <option value="mcap">{t.marketCap} (USD)</option>
          {cols.map((c) => (
            <option key={`${c.metric}:${c.fyKey}`} value={`${c.metric}:${c.fyKey}`}>
              {c.metric === 'pe' ? 'P/E' : 'P/S'} {c.fyKey}
            </option>
          ))}
        </select>
      </h4>
      {points.length > 1 ? (
        <HistoryChart points={points} format={format} />
      ) : (
        <p className="muted small">{t.historyNeedsTwo}</p>
      )}
    </section>
  )
}
