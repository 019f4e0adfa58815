/**
 * The chain map against real workspaces: its roll-ups are the comparison's statistics for the
 * same filter; it draws every placement; edits made on it (move, copy, delete a non-empty
 * segment) go through history, survive a restart and never lose a placement.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openWorkspace, type Workspace } from '../../electron/main/workspace'
import type { ChainMap, MapCard } from '../../shared/chainMap'
import type { CompareResult } from '../../shared/compare'
import { handlersFor } from '../helpers/api'
import { tempWorkspace } from '../helpers/workspace'

const spaces: { cleanup: () => void }[] = []
afterEach(() => spaces.splice(0).forEach((w) => w.cleanup()))

function setup() {
  const w = tempWorkspace()
  spaces.push(w)
  return { w, ...handlersFor(w) }
}

const BASE = { metric: 'pe', fyKey: 'FY23E', currency: 'USD', nmRule: true, nmCap: 100, excludeFlagged: true, primaryOnly: false }
const cardsOf = (m: ChainMap): MapCard[] => [...m.lanes.flatMap((l) => l.groups.flatMap((g) => g.cards))]
const placements = (w: Workspace) => w.db.prepare('SELECT security_id, node_id FROM security_node ORDER BY security_id, node_id').all() as { security_id: string; node_id: string }[]

describe('chain.map roll-ups are the comparison for the same filter', () => {
  const FILTERS: Record<string, unknown>[] = [
    {},
    { reportIds: ['r000'] },
    { markets: ['US'] },
    { markets: ['CN-A', 'HK'], stances: ['推荐', 'none'] },
    { search: 'soft' },
    { primaryOnly: true },
    { metric: "ps", fyKey: "FY24E" },
    { metric: 'marketCap', fyKey: null, currency: 'CNY' },
    { excludeFlagged: false, nmRule: false },
  ]
  for (const f of FILTERS) {
    it(`lanes and segments equal compare.run for ${JSON.stringify(f)}`, () => {
      const { call } = setup()
      const input = JSON.parse(JSON.stringify({ ...BASE, ...f }))
      const map = call<ChainMap>('chain.map', input)
      const byLayer = call<CompareResult>('compare.run', { ...input, level: 'layer', memberLimit: 100_000 })
      const bySeg = call<CompareResult>('compare.run', { ...input, level: 'segment', memberLimit: 100_000 })
      expect(map.lanes.map((l) => l.node.id)).toEqual(byLayer.groups.map((g) => g.node.id))
      for (const lane of map.lanes) {
        const g = byLayer.groups.find((x) => x.node.id === lane.node.id)!
        expect(lane.stats, lane.node.id).toEqual(g.stats)
        expect(lane.basis, lane.node.id).toEqual(g.basis)
        for (const group of lane.groups.filter((x) => x.node)) {
          const s = bySeg.groups.find((x) => x.node.id === group.node!.id)!
          expect(group.stats, group.node!.id).toEqual(s.stats)
          expect(group.basis, group.node!.id).toEqual(s.basis)
        }
      }
      // every card with a value sits in the compare group's member list with the same value
      for (const c of cardsOf(map).filter((x) => x.rowId != null)) {
        const lane = map.lanes.find((l) => l.groups.some((g) => g.cards.includes(c)))!
        const m = byLayer.groups.find((g) => g.node.id === lane.node.id)!.members.find((x) => x.rowId === c.rowId)!
        expect(m, c.securityId).toBeDefined()
        expect([c.value, c.status, c.weightInLayer, c.premiumToLayer]).toEqual([m.value, m.status, m.weight, m.premiumToLayerAggregate])
      }
    })
  }

  it('draws one card per placement on the bundled data, and lists the unplaced', () => {
    const { w, call } = setup()
    const map = call<ChainMap>('chain.map', BASE)
    const all = placements(w)
    expect(map.cards).toBe(all.length)
    expect(cardsOf(map).map((c) => `${c.securityId}@${c.nodeId}`).sort()).toEqual(all.map((p) => `${p.security_id}@${p.node_id}`).sort())
    const placed = new Set(all.map((p) => p.security_id))
    const total = w.db.prepare('SELECT count(*) FROM security').pluck().get() as number
    expect(map.unplaced.length).toBe(total - placed.size)
    expect(map.securities).toBe(total)
    // mega-caps sit in every layer: the basis says so and warns about concentration
    for (const lane of map.lanes) {
      expect(lane.basis.heaviest?.securityId).toBe('MSFT.US')
      expect(lane.basis.warnings).toEqual(expect.arrayContaining(['concentrated', 'shared']))
    }
  })

  it('gives no premium to a group of one (n/a, not 0%)', () => {
    const { call } = setup()
    const map = call<ChainMap>('chain.map', BASE)
    const alone = map.lanes.flatMap((l) => l.groups).filter((g) => g.node && g.stats.count === 1)
    expect(alone.length).toBeGreaterThan(0)
    for (const g of alone) {
      const c = g.cards.find((x) => x.rowId != null && g.stats.included.includes(String(x.rowId)))!
      expect(c.segmentPeers).toBe(0)
      expect(c.premiumToSegment).toBeNull()
    }
  })

  it("filters to one report's companies and counts them per lane", () => {
    const { w, call } = setup()
    const map = call<ChainMap>('chain.map', { ...BASE, reportIds: ['r004'] })
    const inReport = new Set(
      w.db
        .prepare(
          `SELECT security_id FROM coverage WHERE report_id = 'r004' UNION SELECT v.security_id FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id WHERE t.report_id = 'r004' AND v.security_id IS NOT NULL`,
        )
        .pluck()
        .all() as string[],
    )
    expect(map.securities).toBe(inReport.size)
    for (const c of [...cardsOf(map), ...map.unplaced]) expect(inReport.has(c.securityId)).toBe(true)
  })

  it('search takes % and _ literally; a bad market is refused naming the field', () => {
    const { call, fail } = setup()
    expect(call<ChainMap>('chain.map', { ...BASE, search: '%' }).securities).toBe(0)
    expect(call<ChainMap>('chain.map', { ...BASE, search: 'MSFT' }).securities).toBe(1)
    const e = fail('chain.map', { ...BASE, markets: ['NASDAQ'] })
    expect(e.kind).toBe('input')
    expect(e.field).toBe('markets.0')
  })
})

describe('report lens', () => {
  it("draws a report's own layers and segments, in its order, with its companies", () => {
    const { w, call, fail } = setup()
    const lenses = call<ChainMap>('chain.map', BASE).lenses
    const r002 = lenses.find((l) => l.reportId === 'r002')!
    const map = call<ChainMap>('chain.map', { ...BASE, lens: r002.taxonomyId })
    expect(map.lens).toEqual(r002)
    const layers = w.db.prepare('SELECT label FROM taxonomy_layer WHERE taxonomy_id = ? ORDER BY position').pluck().all(r002.taxonomyId) as string[]
    expect(map.lanes.map((l) => l.node.nameZh)).toEqual(layers)
    // coverage labels 基础层 / 模型层 / 应用层 place r002's companies in its own lanes
    const counts = Object.fromEntries(map.lanes.map((l) => [l.node.nameZh, l.groups.reduce((n, g) => n + g.cards.length, 0)]))
    expect(counts).toEqual({ 基础层: 30, 模型层: 8, 应用层: 32 })
    expect(fail('chain.map', { ...BASE, lens: 99999 }).code).toBe('chain.lensNotFound')
  })

  it('marks companies that reports place in different layers', () => {
    const { call } = setup()
    const cards = cardsOf(call<ChainMap>('chain.map', BASE))
    const differ = cards.filter((c) => c.elsewhere)
    expect(differ.length).toBeGreaterThan(0)
    for (const c of differ) expect(new Set(c.elsewhere!.map((e) => e.layerIds.join('+'))).size).toBeGreaterThan(1)
  })
})

describe('editing on the map', () => {
  it('a move and a copy are undoable, and survive a restart with their history', () => {
    const { w, call } = setup()
    const card = cardsOf(call<ChainMap>('chain.map', BASE)).find((c) => c.securityId === 'NVDA.US' && c.primary)!
    const moved = card.nodeIds.map((n) => (n === card.nodeId ? 'infra.servers' : n))
    call('securities.setNodes', { securityId: 'NVDA.US', nodeIds: moved })
    call('securities.setNodes', { securityId: 'NVDA.US', nodeIds: [...moved, 'app.games'] })
    const at = (m: ChainMap) => cardsOf(m).filter((c) => c.securityId === 'NVDA.US').map((c) => c.nodeId).sort()
    expect(at(call('chain.map', BASE))).toEqual([...moved, 'app.games'].sort())
    w.close()

    const again = openWorkspace(w.dataDir)
    spaces.push({ cleanup: () => again.close() })
    const b = handlersFor(again)
    expect(at(b.call('chain.map', BASE))).toEqual([...moved, 'app.games'].sort())
    b.call('history.undo')
    expect(at(b.call('chain.map', BASE))).toEqual([...moved].sort())
    b.call('history.undo')
    expect(at(b.call('chain.map', BASE))).toEqual([...card.nodeIds].sort())
    b.call('history.redo')
    expect(at(b.call('chain.map', BASE))).toEqual([...moved].sort())
    again.close()

    const third = openWorkspace(w.dataDir)
    spaces.push({ cleanup: () => third.close() })
    const c = handlersFor(third)
    expect(at(c.call('chain.map', BASE))).toEqual([...moved].sort())
    // revert to just before the move: the map shows the original placement again, and says so after another restart
    const moveSet = c.call<{ sets: { id: number; label: string }[] }>('history.list', { limit: 100 }).sets.filter((x) => x.label === 'securities.setNodes').at(-1)!
    c.call('history.revert', { to: moveSet.id - 1 })
    expect(at(c.call('chain.map', BASE))).toEqual([...card.nodeIds].sort())
    third.close()
    const fourth = openWorkspace(w.dataDir)
    spaces.push({ cleanup: () => fourth.close() })
    expect(at(handlersFor(fourth).call('chain.map', BASE))).toEqual([...card.nodeIds].sort())
  })

  it('removing a non-empty segment moves every placement and undo restores the segment and its members', () => {
    const { w, call, fail } = setup()
    const before = placements(w)
    const members = before.filter((p) => p.node_id === 'app.games').map((p) => p.security_id)
    expect(members.length).toBeGreaterThan(1)
    expect(fail('chain.deleteNode', { id: 'app.games' }).code).toBe('chain.nodeInUse')
    expect(placements(w)).toEqual(before)
    call('chain.deleteNode', { id: 'app.games', moveTo: 'app.media' })
    const after = placements(w)
    for (const s of members) expect(after.some((p) => p.security_id === s && p.node_id === 'app.media')).toBe(true)
    // nobody lost their last placement
    expect(new Set(after.map((p) => p.security_id))).toEqual(new Set(before.map((p) => p.security_id)))
    const map = call<ChainMap>('chain.map', BASE)
    expect(map.lanes.flatMap((l) => l.groups).some((g) => g.node?.id === 'app.games')).toBe(false)
    call('history.undo')
    expect(placements(w)).toEqual(before)
  })
})
