import { formatMillions, formatMultiple } from '../../../shared/format'
import { useI18n } from '../i18n'
import { useApiQuery } from '../useApi'

const TEXT = {
  zh: { title: '所在产业链层的估值（参考）', agg: '整体法', median: '中位数', wmean: '市值加权', n: '家纳入', none: '该公司未归入产业链层，或该财年无可比数据' },
  en: { title: 'Its chain layer (reference)', agg: 'aggregate', median: 'median', wmean: 'cap-weighted', n: 'included', none: 'not placed in a chain layer, or no comparable figures for this year' },
}

/**
 * The company's layer statistics for the driver year, from the comparison (compare.run, the
 * same rules as the Compare page), beside the scenario inputs.
 */
export function LayerReference({ securityId, fyKey, kind }: { securityId: string; fyKey: string; kind: 'pe' | 'ps' }) {
  const { lang } = useI18n()
  const t = TEXT[lang]
  const { data } = useApiQuery('compare.run', { metric: kind, fyKey, currency: 'USD', nmRule: true, level: 'layer', memberLimit: 100_000 })
  if (!data) return null
  const groups = data.groups.filter((g) => g.members.some((m) => m.securityId === securityId))
  if (!groups.length) return <p className="muted small">{t.none}</p>
  const label = kind === 'pe' ? 'P/E' : 'P/S'
  return (
    <div className="layer-ref small" data-testid="layer-reference">
      <b>{t.title}</b>
      {groups.map((g) => (
        <div key={g.node.id}>
          {lang === 'zh' ? g.node.nameZh : g.node.nameEn} · {label} {fyKey}: {t.agg} <b>{formatMultiple(g.stats.aggregate, lang)}</b> · {t.median} {formatMultiple(g.stats.median, lang)} · {t.wmean}{' '}
          {formatMultiple(g.stats.weightedMean, lang)} · n = {g.stats.count} {t.n} · Σ {formatMillions(g.stats.totalMcap, lang, 'USD')}
        </div>
      ))}
    </div>
  )
}
