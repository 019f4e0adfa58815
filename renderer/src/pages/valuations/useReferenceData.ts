/**
 * What the toolbar offers besides the facets: the reporting currencies that have a rate (USD
 * always) and the chain's layers in their order, with a layer's name in the UI language.
 */
import { useCallback, useMemo } from 'react'
import type { Lang } from '../../../../shared/format'
import { useApiQuery } from '../../useApi'
import type { ValuationsText } from './text'

export function useReferenceData(lang: Lang, v: ValuationsText) {
  // cached queries: refetched only when a push says rates or the chain changed (not a view pref)
  const fx = useApiQuery('fx.list', {})
  const chain = useApiQuery('chain.get', {})
  const currencies = useMemo(() => ['USD', ...new Set((fx.data ?? []).map((r) => r.currency).filter((c) => c !== 'USD'))].sort(), [fx.data])
  const layers = useMemo(() => (chain.data?.nodes ?? []).filter((n) => n.kind === 'layer').sort((a, b) => a.position - b.position), [chain.data])
  const layerName = useCallback(
    (id: string | null) => {
      if (!id) return v.notPlaced
      const n = layers.find((l) => l.id === id)
      return n ? (lang === 'zh' ? n.nameZh || n.nameEn : n.nameEn || n.nameZh) : id
    },
    [layers, lang, v],
  )
  return { currencies, layers, layerName }
}
