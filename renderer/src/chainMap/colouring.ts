/**
 * What a card is coloured by and how its figures read: one place for the screen and the
 * SVG/PNG export, so a slide shows exactly what the screen showed.
 */
import type { ChainMap, MapCard, MapGroup, MapLane } from '../../../shared/chainMap'
import { formatMillions, formatMultiple, formatPercent, type Lang } from '../../../shared/format'
import type { GroupStats } from '../../../shared/stats'
import { quantileScale, textOn, type Scale } from './colour'
import type { ColourBy, MapOptions } from './options'
import type { MapText } from './text'

/** The number a card is coloured by; NM, excluded and missing are null (neutral grey). */
export function colourValue(c: MapCard, by: ColourBy): number | null {
  switch (by) {
    case 'value':
      return c.status === 'included' ? c.value : null
    case 'marketCap':
      return c.mcap
    case 'margin':
      return c.impliedNetMargin
    case 'premiumLayer':
      return c.premiumToLayer
    case 'premiumSegment':
      return c.premiumToSegment
  }
}

/**
 * A card's fill and text colour. A card with no figure (NM, excluded, missing) takes `neutral`:
 * NEUTRAL on a light page and in exports, NEUTRAL_DARK on a dark page.
 */
export function cardColour(scale: Scale | null, c: MapCard, by: ColourBy, neutral: string): { fill: string; text: string } {
  const v = colourValue(c, by)
  if (!scale || scale.classOf(v) == null) return { fill: neutral, text: textOn(neutral) }
  return { fill: scale.fill(v), text: scale.text(v) }
}

export const allCards = (m: ChainMap): MapCard[] => m.lanes.flatMap((l) => l.groups.flatMap((g) => g.cards))

/** One scale over every card on the map: colours compare across lanes, not within one. */
export function mapScale(m: ChainMap, o: MapOptions): Scale {
  const diverging = o.colourBy === 'premiumLayer' || o.colourBy === 'premiumSegment'
  return quantileScale(allCards(m).map((c) => colourValue(c, o.colourBy)), o.convention, { diverging })
}

export function formatColourValue(v: number | null, o: MapOptions, lang: Lang): string {
  if (v == null) return '—'
  switch (o.colourBy) {
    case 'value':
      return o.metric === 'marketCap' ? formatMillions(v, lang) : formatMultiple(v, lang)
    case 'marketCap':
      return formatMillions(v, lang)
    case 'margin':
      return formatPercent(v, 0)
    default:
      return `${v > 0 ? '+' : ''}${formatPercent(v, 0)}`
  }
}

export function statOf(s: GroupStats, o: MapOptions): number | null {
  if (o.metric === 'marketCap') return s.totalMcap
  return o.stat === 'aggregate' ? s.aggregate : o.stat === 'median' ? s.median : s.weightedMean
}

/** "P/E FY23E 整体法 23.2" — the group's chosen statistic. */
export function statText(s: GroupStats, o: MapOptions, lang: Lang): string {
  const v = statOf(s, o)
  return o.metric === 'marketCap' ? formatMillions(v, lang, o.currency) : formatMultiple(v, lang)
}

/** The figure printed on a card: the metric, or why there is none. */
export function cardValueText(c: MapCard, o: MapOptions, lang: Lang, t: MapText): string {
  if (c.rowId == null) return t.noFigure
  if (c.value == null) return '—'
  const v = o.metric === 'marketCap' ? formatMillions(c.value, lang) : formatMultiple(c.value, lang)
  if (c.status === 'nm-negative' || c.status === 'nm-high') return `${v} ${t.nm}`
  return v
}

export function metricLabel(o: MapOptions, t: MapText): string {
  if (o.metric === 'marketCap') return `${t.marketCap} (${o.currency})`
  return `${o.metric === 'pe' ? t.pe : t.ps} ${o.fyKey ?? ''} · ${t[o.stat]}`
}

export function laneText(l: MapLane | MapGroup, o: MapOptions, lang: Lang): string {
  return statText(l.stats, o, lang)
}
