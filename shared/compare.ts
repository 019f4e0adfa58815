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
  tableId?: number
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
  impliedNetMargin: number | null
  epsGrowth: number | null
  peg: number | null
}

export interface CompareGroup {
  node: ChainNode
  stats: GroupStats
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

/** The latest printed row per security within scope (a security is valued once per comparison). */
function latestRows(rows: readonly ValuationRowView[], o: CompareOptions): ValuationRowView[] {
  const best = new Map<string, ValuationRowView>()
  for (const r of rows) {
    if (r.isAggregate || !r.securityId) continue
    if (o.reportId && r.reportId !== o.reportId) continue
    if (o.tableId != null && r.tableId !== o.tableId) continue
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

export function compareLayers(
  rows: readonly ValuationRowView[],
  assignments: ReadonlyMap<string, readonly string[]>,
  nodeList: readonly ChainNode[],
  rates: readonly FxRate[],
  o: CompareOptions,
): CompareResult {
  const nodes = new Map(nodeList.map((n) => [n.id, n]))
  const excluded = new Set(o.excludedRowIds)
  const inScope = latestRows(rows, o)
  const members = inScope.map((r) => {
    const all = [...(assignments.get(r.securityId!) ?? [])].filter((n) => nodes.has(n))
    return memberOf(r, o, rates, o.primaryOnly ? all.slice(0, 1) : all)
  })

  const groupIds = nodeList
    .filter((n) => n.kind === o.level)
    .sort((a, b) => order(a, nodes) - order(b, nodes))
    .map((n) => n.id)
  const inGroup = (m: CompareMember, gid: string) =>
    o.level === 'layer' ? m.nodeIds.some((n) => layerOf(n, nodes) === gid) : m.nodeIds.includes(gid)

  // Layer aggregates and segment medians, for premium/discount, are computed on the same rules.
  const layerStats = new Map<string, GroupStats>()
  for (const l of nodeList.filter((n) => n.kind === 'layer')) {
    layerStats.set(l.id, statsFor(members.filter((m) => m.nodeIds.some((n) => layerOf(n, nodes) === l.id)), o, excluded))
  }
  const segStats = new Map<string, GroupStats>()
  for (const s of nodeList.filter((n) => n.kind === 'segment')) {
    segStats.set(s.id, statsFor(members.filter((m) => m.nodeIds.includes(s.id)), o, excluded))
  }

  const groups: CompareGroup[] = groupIds.map((gid) => {
    const ms = members.filter((m) => inGroup(m, gid))
    const stats = o.level === 'layer' ? layerStats.get(gid)! : segStats.get(gid)!
    const weighted = stats.totalMcap ?? 0
    const status = new Map(stats.excluded.map((e) => [e.key, e.reason]))
    const unw = new Map(stats.unweighted.map((u) => [u.key, u.reason]))
    const layerId = o.level === 'layer' ? gid : nodes.get(gid)!.parentId!
    return {
      node: nodes.get(gid)!,
      stats,
      members: ms.map((m) => {
        const key = String(m.rowId)
        const st = status.get(key) ?? 'included'
        const seg = o.level === 'segment' ? gid : m.nodeIds.find((n) => nodes.get(n)?.parentId === layerId)
        const included = st === 'included'
        return {
          ...m,
          status: st,
          unweighted: unw.get(key) ?? null,
          weight: included && !unw.has(key) && weighted > 0 && m.mcap != null ? m.mcap / weighted : null,
          premiumToLayerAggregate: o.metric === 'marketCap' || nmReason(m.value, statOpts(o)) ? null : premium(m.value, layerStats.get(layerId)?.aggregate ?? null),
          premiumToSegmentMedian: seg && o.metric !== 'marketCap' && !nmReason(m.value, statOpts(o)) ? premium(m.value, segStats.get(seg)?.median ?? null) : null,
        }
      }),
    }
  })

  const fyKeys = new Set<string>()
  for (const r of rows) {
    if (r.isAggregate) continue
    if (o.reportId && r.reportId !== o.reportId) continue
    if (o.tableId != null && r.tableId !== o.tableId) continue
    for (const f of r.figures) if ((f.metric === 'pe' || f.metric === 'ps') && f.fyKey && f.value != null) fyKeys.add(f.fyKey)
  }
  return {
    groups,
    unassigned: members.filter((m) => m.nodeIds.length === 0).map(({ rowId, securityId, nameZh, nameEn }) => ({ rowId, securityId, nameZh, nameEn })),
    fyKeys: [...fyKeys].sort(),
  }
}

function statOpts(o: CompareOptions) {
  return { nmRule: o.nmRule, nmCap: o.nmCap, isMultiple: o.metric !== 'marketCap' }
}

function order(n: ChainNode, nodes: ReadonlyMap<string, ChainNode>): number {
  const parent = n.parentId ? nodes.get(n.parentId) : null
  return parent ? parent.position * 1000 + n.position : n.position * 1000
}
