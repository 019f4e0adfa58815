/**
 * The chain map's model: lanes (layers, upstream → downstream) → segments → security cards, each
 * lane and segment with the comparison's statistics (compare.ts, the one definition) and an
 * honest basis. Main builds it (chain.map); the renderer draws and exports it.
 */
import type { ChainNode, GroupBasis } from './compare'
import type { ExclusionReason, GroupStats } from './stats'
import type { Market } from './tickers'

/** Stances as printed, strongest first; 'none' filters securities without one. */
export const STANCES = ['重点推荐', '推荐', '关注', '投资标的'] as const
export const STANCE_FILTERS = [...STANCES, 'none'] as const
export type Stance = (typeof STANCES)[number]

export type MapStat = 'aggregate' | 'median' | 'weightedMean'

/** The chain as drawn: the canonical chain, or one figure/table of one report. */
export interface MapLens {
  kind: 'canonical' | 'taxonomy'
  taxonomyId: number | null
  reportId: string | null
  institution: string | null
  label: string | null
}

/** Where another report draws this company, when reports disagree on its layer. */
export interface PlacementElsewhere {
  reportId: string
  institution: string
  label: string
  /** canonical layers the label maps to (crosswalk) */
  layerIds: string[]
}

/** What a card shows besides the valuation (main reads it for every security at once). */
export interface CardFacts {
  securityId: string
  nameZh: string | null
  nameEn: string | null
  market: Market
  stances: string[]
  reports: number
  flags: number
  locked: boolean
  /** notes about it (not in the trash) and breached thesis checks on them */
  notes: number
  thesisFlags: number
}

export interface MapCard {
  securityId: string
  nameZh: string | null
  nameEn: string | null
  market: Market
  /** the node (segment, or a layer for companies placed in the layer only) this card sits in */
  nodeId: string
  /** this is the security's primary placement (first in its node list) */
  primary: boolean
  /** every canonical placement, primary first (what a move or copy edits) */
  nodeIds: string[]
  /** placed by hand (not derived from report labels) */
  locked: boolean
  /** stances printed for it (in the filtered reports), strongest first */
  stances: string[]
  /** reports that cover or value it (in the filter) */
  reports: number
  /** data-quality flags on its valuation rows */
  flags: number
  /** notes about it, and breached thesis checks on them */
  notes: number
  thesisFlags: number
  /** valuation row used (latest in scope with the metric); null = no figure in scope */
  rowId: number | null
  reportId: string | null
  institution: string | null
  tableLabel: string | null
  asOfDate: string | null
  /** the chosen metric (multiple, or market cap in the reporting currency) */
  value: number | null
  printed: string | null
  /** market cap in the reporting currency, millions */
  mcap: number | null
  impliedNetMargin: number | null
  /** this card's status in its lane's statistic (null when it has no row in scope) */
  status: 'included' | ExclusionReason | null
  /** share of the lane's / segment's weighted market cap */
  weightInLayer: number | null
  weightInSegment: number | null
  /** premium (+) / discount (−) to the lane's aggregate and the segment's median; null = n/a */
  premiumToLayer: number | null
  premiumToSegment: number | null
  /** other members with a usable value in the lane / segment (0 = a group of one: no premium) */
  layerPeers: number
  segmentPeers: number
  /** reports that draw it in a different layer (null = they agree or only one report places it) */
  elsewhere: PlacementElsewhere[] | null
}

export interface MapGroup {
  /** the segment; null = securities placed in the layer but in none of its segments */
  node: ChainNode | null
  stats: GroupStats
  basis: GroupBasis
  cards: MapCard[]
}

export interface MapLane {
  node: ChainNode
  stats: GroupStats
  basis: GroupBasis
  groups: MapGroup[]
}

export interface ChainMap {
  lens: MapLens
  lenses: MapLens[]
  lanes: MapLane[]
  /** filtered securities the lens places nowhere */
  unplaced: MapCard[]
  fyKeys: string[]
  currency: string
  /** securities after the filter, and cards drawn (a security placed twice draws two cards) */
  securities: number
  cards: number
}
