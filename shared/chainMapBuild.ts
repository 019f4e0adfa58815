/**
 * Builds the chain map's lanes, groups and cards from a ChainAnalysis (compare.ts): every
 * roll-up is a statistic the comparison computed, on the same members, so the map and the
 * Compare page cannot disagree. Pure: main passes the analysis, placements and card facts.
 */
import type { CardFacts, MapCard, MapGroup, MapLane, PlacementElsewhere } from './chainMap'
import {
  groupBasis,
  groupStatsOf,
  memberFigures,
  membersOf,
  order,
  type ChainAnalysis,
  type ChainNode,
  type CompareMember,
  type CompareOptions,
  type MemberFigures,
} from './compare'

export interface MapInputs {
  analysis: ChainAnalysis
  options: CompareOptions
  /** security → placements in the lens, primary first (the same map the analysis was given) */
  placements: ReadonlyMap<string, readonly string[]>
  /** securities to draw (already filtered), with their card facts */
  facts: ReadonlyMap<string, CardFacts>
  elsewhere: ReadonlyMap<string, PlacementElsewhere[]>
}

export interface MapBuild {
  lanes: MapLane[]
  unplaced: MapCard[]
  cards: number
}

const byOrder = (a: ChainAnalysis) => (x: ChainNode, y: ChainNode) => order(x, a.nodes) - order(y, a.nodes)

export function buildMap(inp: MapInputs): MapBuild {
  const a = inp.analysis
  const nodes = [...a.nodes.values()]
  const memberOf = new Map(a.members.map((m) => [m.securityId, m]))
  // Cards per node, in the order the placements give; primaryOnly draws the primary placement only.
  const cardsAt = new Map<string, { securityId: string; primary: boolean; nodeIds: readonly string[] }[]>()
  const unplaced: MapCard[] = []
  let cards = 0
  for (const [id, facts] of inp.facts) {
    const all = (inp.placements.get(id) ?? []).filter((n) => a.nodes.has(n))
    const drawn = inp.options.primaryOnly ? all.slice(0, 1) : all
    if (!drawn.length) unplaced.push(card(facts, null, false, all, null, null, null, inp))
    drawn.forEach((n, i) => {
      const at = cardsAt.get(n) ?? []
      at.push({ securityId: id, primary: i === 0, nodeIds: all })
      cardsAt.set(n, at)
    })
    cards += drawn.length
  }

  const lanes = nodes
    .filter((n) => n.kind === 'layer')
    .sort(byOrder(a))
    .map((layer): MapLane => {
      const stats = a.layerStats.get(layer.id)!
      const laneMembers = membersOf(a, layer.id)
      const inLane = memberFigures(a, stats, layer.id, null, inp.options)
      const group = (node: ChainNode | null): MapGroup => {
        const at = cardsAt.get(node?.id ?? layer.id) ?? []
        const ms = node ? membersOf(a, node.id) : at.map((c) => memberOf.get(c.securityId)).filter((m): m is CompareMember => !!m)
        const gStats = node ? a.segStats.get(node.id)! : groupStatsOf(a, ms, inp.options)
        const inGroup = memberFigures(a, gStats, layer.id, node?.id ?? null, inp.options)
        const list = at
          .filter((c) => inp.facts.has(c.securityId))
          .map((c) => {
            const m = memberOf.get(c.securityId) ?? null
            return card(inp.facts.get(c.securityId)!, node?.id ?? layer.id, c.primary, c.nodeIds, m, m && inLane(m), m && !!node ? inGroup(m) : null, inp)
          })
        return { node, stats: gStats, basis: groupBasis(a, ms, gStats, layer.id), cards: sortCards(list) }
      }
      const segments = nodes.filter((n) => n.parentId === layer.id).sort(byOrder(a))
      const groups = segments.map(group)
      if (cardsAt.has(layer.id)) groups.push(group(null))
      return { node: layer, stats, basis: groupBasis(a, laneMembers, stats, layer.id), groups }
    })
  return { lanes, unplaced: sortCards(unplaced), cards }
}

function card(
  f: CardFacts,
  nodeId: string | null,
  primary: boolean,
  nodeIds: readonly string[],
  m: CompareMember | null | undefined,
  lane: MemberFigures | null | undefined,
  group: MemberFigures | null | undefined,
  inp: MapInputs,
): MapCard {
  // Written out, not spread: 2,000+ cards, and spreads of wide objects were most of the build's garbage.
  return {
    securityId: f.securityId,
    nameZh: f.nameZh,
    nameEn: f.nameEn,
    market: f.market,
    stances: f.stances,
    reports: f.reports,
    flags: f.flags,
    locked: f.locked,
    notes: f.notes,
    thesisFlags: f.thesisFlags,
    nodeId: nodeId ?? '',
    primary,
    nodeIds: nodeIds as string[],
    rowId: m?.rowId ?? null,
    reportId: m?.reportId ?? null,
    institution: m?.institution ?? null,
    tableLabel: m?.tableLabel ?? null,
    asOfDate: m?.asOfDate ?? null,
    value: m?.value ?? null,
    printed: m?.printed ?? null,
    mcap: m?.mcap ?? null,
    impliedNetMargin: m?.impliedNetMargin ?? null,
    status: lane?.status ?? null,
    weightInLayer: lane?.weight ?? null,
    weightInSegment: group?.weight ?? null,
    premiumToLayer: lane?.premiumToLayerAggregate ?? null,
    premiumToSegment: group?.premiumToSegmentMedian ?? null,
    layerPeers: lane?.layerPeers ?? 0,
    segmentPeers: group?.segmentPeers ?? 0,
    elsewhere: inp.elsewhere.get(f.securityId) ?? null,
  }
}

/** Heaviest first (what an analyst scans for), then by id for a stable order. */
function sortCards(cards: MapCard[]): MapCard[] {
  return cards.sort((x, y) => (y.mcap ?? -1) - (x.mcap ?? -1) || x.securityId.localeCompare(y.securityId))
}
