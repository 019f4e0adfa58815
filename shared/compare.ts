/**
 * Cross-layer valuation comparison: picks the rows in scope, converts market caps to the
 * reporting currency, groups securities by canonical chain node (layer or segment) and computes
 * every group's statistics (stats.ts) and every member's derived figures.
 * Pure: main feeds it rows, assignments, nodes and FX rates; tests feed it the same.
 */
import type { FigureView, ValuationRowView } from './domain'
import { convert, type FxRate } from './fx'
import { IMPLAUSIBLE_MARGIN } from './quality'
import {
  groupStats,
  impliedEpsGrowth,
  impliedNetMargin,
  nmReason,
  peg,
  premium,
  type ExclusionReason,
  type GroupStats,
  type StatRow,
  type UnweightedReason,
} from './stats'

export type CompareMetric = 'pe' | 'ps' | 'marketCap'

export interface ChainNode {
  id: string
  parentId: string | null
  kind: 'layer' | 'segment'
  position: number
  nameZh: string
  nameEn: string
}

export interface CompareOptions {
  metric: CompareMetric
  /** fiscal year for P/E and P/S (e.g. FY23E); ignored for market cap */
  fyKey: string | null
  currency: string
  nmRule: boolean
  nmCap: number
  /** leave out multiples whose P/E–P/S pair is flagged as implausible (quality.ts) */
  excludeFlagged: boolean
  level: 'layer' | 'segment'
  /** count each security only in its primary node (first in its assignment list) */
  primaryOnly: boolean
  excludedRowIds: readonly number[]
  /** restrict to one report or one table; otherwise every table */
  reportId?: string
  reportIds?: readonly string[]
  tableId?: number
  /** securities in scope (the page's filter); absent = every security */
  securities?: ReadonlySet<string>
}

export interface CompareMember {
  rowId: number
  securityId: string
  nameZh: string | null
  nameEn: string | null
  reportId: string
  institution: string
  tableLabel: string
  asOfDate: string | null
  /** the metric's value (multiple, or market cap in the reporting currency) */
  value: number | null
  printed: string | null
  mcapLocal: number | null
  mcapLocalCurrency: string | null
  /** market cap in the reporting currency, millions */
  mcap: number | null
  fxStale: boolean
  fxMissing: string | null
  status: 'included' | ExclusionReason
  /** the chosen fiscal year's P/E and P/S imply a net margin ≥ 50% */
  flagged: boolean
  unweighted: UnweightedReason | null
  /** share of the group's weighted market cap */
  weight: number | null
  nodeIds: string[]
  premiumToLayerAggregate: number | null
  premiumToSegmentMedian: number | null
  /** other members with a usable value in the layer / segment: 0 = a group of one, no premium */
  layerPeers: number
  segmentPeers: number
  impliedNetMargin: number | null
  epsGrowth: number | null
  peg: number | null
}

/** One table the included values come from. */
export interface BasisSource {
  reportId: string
  institution: string
  tableLabel: string
  asOfDate: string | null
  rows: number
}

/**
 * Why a roll-up can be trusted, or not: how many values it rests on, where they come from, how
 * much of its weight sits with one company or with companies that are in other layers too.
 *  concentrated  one company carries more than a third of the weight
 *  shared        more than half the weight sits with companies placed in another layer as well
 *  thin          fewer than three values included
 *  one-source    every included value comes from one table
 */
export type BasisWarning = 'concentrated' | 'shared' | 'thin' | 'one-source'
export const CONCENTRATED_WEIGHT = 1 / 3
export const SHARED_WEIGHT = 1 / 2
export const THIN_COUNT = 3

export interface GroupBasis {
  members: number
  included: number
  excluded: Record<ExclusionReason, number>
  unweighted: number
  /** tables behind the included values, most rows first */
  sources: BasisSource[]
  /** members placed in another layer too, and their share of the weight */
  shared: number
  sharedWeight: number | null
  heaviest: { securityId: string; nameZh: string | null; nameEn: string | null; weight: number } | null
  warnings: BasisWarning[]
}

export interface CompareGroup {
  node: ChainNode
  stats: GroupStats
  basis: GroupBasis
  /** heaviest first when the caller limits how many are listed; statistics use every member */
  members: CompareMember[]
  /** members in the group (members.length may be smaller when listing is limited) */
  memberTotal?: number
}

export interface CompareResult {
  groups: CompareGroup[]
  /** rows in scope whose security sits in no chain node */
  unassigned: { rowId: number; securityId: string; nameZh: string | null; nameEn: string | null }[]
  /** fiscal years available for P/E / P/S in scope */
  fyKeys: string[]
}

export function figure(row: ValuationRowView, metric: string, fyKey: string | null): FigureView | null {
  return row.figures.find((f) => f.metric === metric && (fyKey ? f.fyKey === fyKey : !f.fyKey)) ?? null
}

/** Next fiscal-year key: FY23E → FY24E (kind kept from the label that exists in the row). */
function nextFy(row: ValuationRowView, fyKey: string): string | null {
  const y = Number(fyKey.slice(2, 4))
  if (!Number.isFinite(y)) return null
  const want = String((y + 1) % 100).padStart(2, '0')
  return row.figures.find((f) => f.metric === 'pe' && f.fyKey?.slice(2, 4) === want)?.fyKey ?? null
}

export function layerOf(nodeId: string, nodes: ReadonlyMap<string, ChainNode>): string | null {
  const n = nodes.get(nodeId)
  if (!n) return null
  return n.kind === 'layer' ? n.id : n.parentId
}

function inScope(r: ValuationRowView, o: CompareOptions): boolean {
  if (o.reportId && r.reportId !== o.reportId) return false
  if (o.reportIds?.length && !o.reportIds.includes(r.reportId)) return false
  return o.tableId == null || r.tableId === o.tableId
}

/** The latest printed row per security within scope (a security is valued once per comparison). */
function latestRows(rows: readonly ValuationRowView[], o: CompareOptions): ValuationRowView[] {
  const best = new Map<string, ValuationRowView>()
  for (const r of rows) {
    if (r.isAggregate || !r.securityId) continue
    if (!inScope(r, o)) continue
    if (o.securities && !o.securities.has(r.securityId)) continue
    const hasMetric = o.metric === 'marketCap' ? !!figure(r, 'marketCap', null) : !!figure(r, o.metric, o.fyKey)
    if (!hasMetric) continue
    const prev = best.get(r.securityId)
    if (!prev || (r.asOfDate ?? '') > (prev.asOfDate ?? '')) best.set(r.securityId, r)
  }
  return [...best.values()]
}

function memberOf(r: ValuationRowView, o: CompareOptions, rates: readonly FxRate[], nodeIds: string[]): CompareMember {
  const mc = figure(r, 'marketCap', null)
  const conv = convert(mc?.valueMn ?? null, mc?.currency ?? null, o.currency, r.asOfDate, rates)
  const metricFig = o.metric === 'marketCap' ? mc : figure(r, o.metric, o.fyKey)
  const value = o.metric === 'marketCap' ? conv.value : (metricFig?.value ?? null)
  const pe = o.fyKey ? (figure(r, 'pe', o.fyKey)?.value ?? null) : null
  const ps = o.fyKey ? (figure(r, 'ps', o.fyKey)?.value ?? null) : null
  const nfy = o.fyKey ? nextFy(r, o.fyKey) : null
  const growth = nfy ? impliedEpsGrowth(pe, figure(r, 'pe', nfy)?.value ?? null) : null
  return {
    rowId: r.id,
    securityId: r.securityId!,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    reportId: r.reportId,
    institution: r.institution,
    tableLabel: r.tableLabel,
    asOfDate: r.asOfDate,
    value,
    printed: metricFig?.printed ?? null,
    mcapLocal: mc?.valueMn ?? null,
    mcapLocalCurrency: mc?.currency ?? null,
    mcap: conv.value,
    fxStale: conv.stale,
    fxMissing: mc ? (conv.missing ?? null) : null,
    status: 'included',
    flagged: o.metric !== 'marketCap' && (impliedNetMargin(pe, ps) ?? 0) >= IMPLAUSIBLE_MARGIN,
    unweighted: null,
    weight: null,
    nodeIds,
    premiumToLayerAggregate: null,
    premiumToSegmentMedian: null,
    layerPeers: 0,
    segmentPeers: 0,
    impliedNetMargin: impliedNetMargin(pe, ps),
    epsGrowth: growth,
    peg: peg(pe, growth),
  }
}

function statsFor(members: CompareMember[], o: CompareOptions, excluded: ReadonlySet<number>): GroupStats {
  const rows: StatRow[] = members.map((m) => ({
    key: String(m.rowId),
    value: m.value,
    mcap: m.mcap,
    mcapMissing: m.mcap == null && m.fxMissing && m.mcapLocal != null ? 'fx-missing' : 'no-mcap',
    excludedByUser: excluded.has(m.rowId),
    flagged: o.excludeFlagged && m.flagged,
  }))
  return groupStats(rows, { nmRule: o.nmRule, nmCap: o.nmCap, isMultiple: o.metric !== 'marketCap' })
}

/**
 * Every member in scope with its placements, and the statistics of every layer and every
 * segment on the same rules. compareLayers and the chain map both read from this, so a lane's
 * roll-up and the Compare card for that layer are one computation.
 */
export interface ChainAnalysis {
  nodes: ReadonlyMap<string, ChainNode>
  members: CompareMember[]
  layerStats: Map<string, GroupStats>
  segStats: Map<string, GroupStats>
  excluded: ReadonlySet<number>
}

export function analyseChain(
  rows: readonly ValuationRowView[],
  assignments: ReadonlyMap<string, readonly string[]>,
  nodeList: readonly ChainNode[],
  rates: readonly FxRate[],
  o: CompareOptions,
): ChainAnalysis {
  const nodes = new Map(nodeList.map((n) => [n.id, n]))
  const excluded = new Set(o.excludedRowIds)
  const members = latestRows(rows, o).map((r) => {
    const all = [...(assignments.get(r.securityId!) ?? [])].filter((n) => nodes.has(n))
    return memberOf(r, o, rates, o.primaryOnly ? all.slice(0, 1) : all)
  })
  // One pass to bucket members by layer and by segment (a member counts once per layer).
  const byLayer = new Map<string, CompareMember[]>()
  const bySeg = new Map<string, CompareMember[]>()
  const push = (m: Map<string, CompareMember[]>, k: string, v: CompareMember) => {
    const list = m.get(k)
    if (list) list.push(v)
    else m.set(k, [v])
  }
  for (const m of members) {
    const layers = new Set<string>()
    for (const n of m.nodeIds) {
      const l = layerOf(n, nodes)
      if (l) layers.add(l)
      if (nodes.get(n)?.kind === 'segment') push(bySeg, n, m)
    }
    for (const l of layers) push(byLayer, l, m)
  }
  const layerStats = new Map<string, GroupStats>()
  const segStats = new Map<string, GroupStats>()
  for (const n of nodeList) {
    const target = n.kind === 'layer' ? layerStats : segStats
    target.set(n.id, statsFor((n.kind === 'layer' ? byLayer : bySeg).get(n.id) ?? [], o, excluded))
  }
  return { nodes, members, layerStats, segStats, excluded }
}

/** Statistics of any set of members on the analysis' rules (e.g. a layer's unsegmented members). */
export function groupStatsOf(a: ChainAnalysis, ms: readonly CompareMember[], o: CompareOptions): GroupStats {
  return statsFor([...ms], o, a.excluded)
}

/** The members of one layer or segment. */
export function membersOf(a: ChainAnalysis, nodeId: string): CompareMember[] {
  const n = a.nodes.get(nodeId)
  if (!n) return []
  return n.kind === 'layer' ? a.members.filter((m) => m.nodeIds.some((x) => layerOf(x, a.nodes) === nodeId)) : a.members.filter((m) => m.nodeIds.includes(nodeId))
}

/** What a member is within one group: its status there, weight and premium/discount. */
export type MemberFigures = Pick<CompareMember, 'status' | 'unweighted' | 'weight' | 'layerPeers' | 'segmentPeers' | 'premiumToLayerAggregate' | 'premiumToSegmentMedian'>

/**
 * A function giving each member of a group its status, weight and premium/discount. A premium
 * to a group in which the member is the only usable value is n/a (null), never "0.0%".
 */
export function memberFigures(a: ChainAnalysis, stats: GroupStats, layerId: string, segmentId: string | null, o: CompareOptions): (m: CompareMember) => MemberFigures {
  const weighted = stats.totalMcap ?? 0
  const status = new Map(stats.excluded.map((e) => [e.key, e.reason]))
  const unw = new Map(stats.unweighted.map((u) => [u.key, u.reason]))
  const layer = a.layerStats.get(layerId)
  const included = (g: GroupStats | undefined, key: string) => (g ? g.count - (includedSet(g).has(key) ? 1 : 0) : 0)
  const isMultiple = o.metric !== 'marketCap'
  return (m) => {
    const key = String(m.rowId)
    const st = status.get(key) ?? 'included'
    const seg = segmentId ?? m.nodeIds.find((n) => a.nodes.get(n)?.parentId === layerId) ?? null
    const segment = seg ? a.segStats.get(seg) : undefined
    const usable = isMultiple && !nmReason(m.value, statOpts(o))
    const layerPeers = included(layer, key)
    const segmentPeers = included(segment, key)
    return {
      status: st,
      unweighted: unw.get(key) ?? null,
      weight: st === 'included' && !unw.has(key) && weighted > 0 && m.mcap != null ? m.mcap / weighted : null,
      layerPeers,
      segmentPeers,
      premiumToLayerAggregate: usable && layerPeers > 0 ? premium(m.value, layer?.aggregate ?? null) : null,
      premiumToSegmentMedian: usable && segmentPeers > 0 ? premium(m.value, segment?.median ?? null) : null,
    }
  }
}

/** Members of a group with their figures in it (memberFigures). */
export function finishMembers(a: ChainAnalysis, ms: readonly CompareMember[], stats: GroupStats, layerId: string, segmentId: string | null, o: CompareOptions): CompareMember[] {
  const figures = memberFigures(a, stats, layerId, segmentId, o)
  return ms.map((m) => ({ ...m, ...figures(m) }))
}

const includedSets = new WeakMap<GroupStats, Set<string>>()
function includedSet(g: GroupStats): Set<string> {
  let s = includedSets.get(g)
  if (!s) includedSets.set(g, (s = new Set(g.included)))
  return s
}

/** The basis of one group: counts, sources, sharing across layers, concentration. */
export function groupBasis(a: ChainAnalysis, ms: readonly CompareMember[], stats: GroupStats, layerId: string): GroupBasis {
  const weighted = stats.totalMcap ?? 0
  const inc = new Set(stats.included)
  const unw = new Set(stats.unweighted.map((u) => u.key))
  const sources = new Map<string, BasisSource>()
  let shared = 0
  let sharedMcap = 0
  let heaviest: GroupBasis['heaviest'] = null
  for (const m of ms) {
    const key = String(m.rowId)
    const otherLayer = m.nodeIds.some((n) => layerOf(n, a.nodes) !== layerId)
    const w = inc.has(key) && !unw.has(key) && weighted > 0 && m.mcap != null ? m.mcap / weighted : null
    if (otherLayer) {
      shared++
      sharedMcap += w ?? 0
    }
    if (w != null && (!heaviest || w > heaviest.weight)) heaviest = { securityId: m.securityId, nameZh: m.nameZh, nameEn: m.nameEn, weight: w }
    if (!inc.has(key)) continue
    const sk = `${m.reportId}|${m.tableLabel}|${m.asOfDate ?? ''}`
    const src = sources.get(sk)
    if (src) src.rows++
    else sources.set(sk, { reportId: m.reportId, institution: m.institution, tableLabel: m.tableLabel, asOfDate: m.asOfDate, rows: 1 })
  }
  const sharedWeight = weighted > 0 ? sharedMcap : null
  const warnings: BasisWarning[] = []
  if (heaviest && heaviest.weight > CONCENTRATED_WEIGHT) warnings.push('concentrated')
  if (sharedWeight != null && sharedWeight > SHARED_WEIGHT) warnings.push('shared')
  if (ms.length > 0 && stats.count < THIN_COUNT) warnings.push('thin')
  if (sources.size === 1 && stats.count > 1) warnings.push('one-source')
  return {
    members: ms.length,
    included: stats.count,
    excluded: stats.excludedCounts,
    unweighted: stats.unweighted.length,
    sources: [...sources.values()].sort((x, y) => y.rows - x.rows),
    shared,
    sharedWeight,
    heaviest,
    warnings,
  }
}

export function compareLayers(
  rows: readonly ValuationRowView[],
  assignments: ReadonlyMap<string, readonly string[]>,
  nodeList: readonly ChainNode[],
  rates: readonly FxRate[],
  o: CompareOptions,
): CompareResult {
  const a = analyseChain(rows, assignments, nodeList, rates, o)
  const groups: CompareGroup[] = nodeList
    .filter((n) => n.kind === o.level)
    .sort((x, y) => order(x, a.nodes) - order(y, a.nodes))
    .map((node) => {
      const stats = o.level === 'layer' ? a.layerStats.get(node.id)! : a.segStats.get(node.id)!
      const layerId = o.level === 'layer' ? node.id : node.parentId!
      const ms = membersOf(a, node.id)
      return {
        node,
        stats,
        basis: groupBasis(a, ms, stats, layerId),
        members: finishMembers(a, ms, stats, layerId, o.level === 'segment' ? node.id : null, o),
      }
    })

  const fyKeys = new Set<string>()
  for (const r of rows) {
    if (r.isAggregate || !inScope(r, o)) continue
    for (const f of r.figures) if ((f.metric === 'pe' || f.metric === 'ps') && f.fyKey && f.value != null) fyKeys.add(f.fyKey)
  }
  return {
    groups,
    unassigned: a.members.filter((m) => m.nodeIds.length === 0).map(({ rowId, securityId, nameZh, nameEn }) => ({ rowId, securityId, nameZh, nameEn })),
    fyKeys: [...fyKeys].sort(),
  }
}

function statOpts(o: CompareOptions) {
  return { nmRule: o.nmRule, nmCap: o.nmCap, isMultiple: o.metric !== 'marketCap' }
}

export function order(n: ChainNode, nodes: ReadonlyMap<string, ChainNode>): number {
  const parent = n.parentId ? nodes.get(n.parentId) : null
  return parent ? parent.position * 1000 + n.position : n.position * 1000
}
