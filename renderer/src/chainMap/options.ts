/**
 * The map's view options (saved as the view-state pref `map:options`, no history) and the
 * comparison rules it borrows from the Compare page (NM, flags, hand exclusions), so a lane's
 * roll-up is the number the Compare page shows for the same set.
 */
import { useMemo } from 'react'
import type { ApiInput } from '../../../shared/contract'
import type { MapStat } from '../../../shared/chainMap'
import { parsePref, usePref } from '../usePref'
import { useReportingCurrencies } from '../useReportingCurrencies'
import type { Convention } from './colour'

export type ColourBy = 'value' | 'marketCap' | 'margin' | 'premiumLayer' | 'premiumSegment'

export interface MapOptions {
  lens: number | null
  metric: 'pe' | 'ps' | 'marketCap'
  fyKey: string | null
  currency: string
  stat: MapStat
  colourBy: ColourBy
  convention: Convention
  primaryOnly: boolean
  reportIds: string[]
  markets: string[]
  stances: string[]
  search: string
}

export const MAP_DEFAULTS: MapOptions = {
  lens: null,
  metric: 'pe',
  fyKey: 'FY23E',
  currency: 'USD',
  stat: 'aggregate',
  colourBy: 'value',
  convention: 'cn',
  primaryOnly: false,
  reportIds: [],
  markets: [],
  stances: [],
  search: '',
}

const OPTIONS = { key: 'map:options' } as const
const COMPARE_OPTIONS = { key: 'compare:options' } as const
const EXCLUSIONS = { key: 'compare:exclusions' } as const

interface CompareRules {
  nmRule?: boolean
  nmCap?: number
  excludeFlagged?: boolean
}

export function useMapOptions() {
  const pref = usePref(OPTIONS)
  const compare = usePref(COMPARE_OPTIONS)
  const exclusions = usePref(EXCLUSIONS)
  const saved = useMemo<MapOptions>(() => ({ ...MAP_DEFAULTS, ...parsePref<Partial<MapOptions>>(pref.value, {}, OPTIONS.key) }), [pref.value])
  const ccy = useReportingCurrencies(saved.currency)
  const o = useMemo<MapOptions>(() => (ccy.currency === saved.currency ? saved : { ...saved, currency: ccy.currency }), [saved, ccy.currency])
  const rules = useMemo(() => parsePref<CompareRules>(compare.value, {}, COMPARE_OPTIONS.key), [compare.value])
  const excluded = useMemo(() => parsePref<Record<string, number[]>>(exclusions.value, {}, EXCLUSIONS.key), [exclusions.value])
  const input: ApiInput<'chain.map'> = {
    metric: o.metric,
    fyKey: o.metric === 'marketCap' ? null : o.fyKey,
    currency: o.currency,
    nmRule: rules.nmRule ?? true,
    nmCap: rules.nmCap ?? 100,
    excludeFlagged: rules.excludeFlagged ?? true,
    primaryOnly: o.primaryOnly,
    excludedRowIds: excluded[`${o.metric}:${o.fyKey ?? ''}`] ?? [],
    lens: o.lens,
    ...(o.reportIds.length ? { reportIds: o.reportIds } : {}),
    ...(o.markets.length ? { markets: o.markets as ApiInput<'chain.map'>['markets'] } : {}),
    ...(o.stances.length ? { stances: o.stances as ApiInput<'chain.map'>['stances'] } : {}),
    ...(o.search.trim() ? { search: o.search.trim() } : {}),
  }
  const update = (patch: Partial<MapOptions>) => void pref.save(JSON.stringify({ ...o, ...patch }))
  return { o, input, update, ready: pref.ready && compare.ready && exclusions.ready && ccy.ready, saveCompare: compare.save, compareValue: compare.value }
}
