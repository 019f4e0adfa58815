/**
 * Stable identity of chain nodes: ids are minted by the engine, never derived from names; a
 * name a sibling already has (in either language, any case) is refused; rename keeps position
 * and members; a node in use is never deleted silently.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import type { ChainNode } from '../../shared/compare'
import type { ApiErrorBody } from '../../shared/errors'
import { dumpDb, tempWorkspace } from '../helpers/workspace'

const spaces: ReturnType<typeof tempWorkspace>[] = []
afterEach(() => spaces.splice(0).forEach((w) => w.cleanup()))

function setup() {
  const w = tempWorkspace()
  spaces.push(w)
  const h = createHandlers(w)
  const call = <T = any>(m: string, input: unknown = {}): T => {
    const r = dispatch(h, m, input)
    if (!r.ok) throw new Error(`${m} failed: ${r.error.code} ${r.error.message}`)
    return r.result as T
  }
  const fail = (m: string, input: unknown = {}): ApiErrorBody => {
    const r = dispatch(h, m, input)
    if (r.ok) throw new Error(`${m} should have failed`)
    return r.error
  }
  const node = (id: string) => call<{ nodes: ChainNode[] }>('chain.get').nodes.find((n) => n.id === id) ?? null
  const members = (id: string) => (w.db.prepare('SELECT security_id FROM security_node WHERE node_id = ? ORDER BY security_id').pluck().all(id) as string[])
  return { w, call, fail, node, members }
}

describe('chain node ids', () => {
  it('are minted by the engine, never made from the names, and never reused', () => {
    const { call, fail, node } = setup()
    const seg = call<{ id: string }>('chain.createNode', { parentId: 'infra', nameZh: '液冷', nameEn: 'Liquid cooling' }).id
    const layer = call<{ id: string }>('chain.createNode', { parentId: null, nameZh: '终端', nameEn: 'Devices' }).id
    expect(seg).toMatch(/^infra\.n\d+$/)
    expect(layer).toMatch(/^n\d+$/)
    for (const id of [seg, layer]) expect(id).not.toMatch(/liquid|cooling|devices|液冷|终端/i)
    expect(node(seg)).toMatchObject({ parentId: 'infra', kind: 'segment', nameZh: '液冷', nameEn: 'Liquid cooling' })

    // delete and create again under the same names: a new id, so nothing that pointed at the
    // old node (an undo, an export) can be confused with the new one
    call('chain.deleteNode', { id: seg })
    const again = call<{ id: string }>('chain.createNode', { parentId: 'infra', nameZh: '液冷', nameEn: 'Liquid cooling' }).id
    expect(again).not.toBe(seg)
    // the API gives no way to choose the id of a new node
    expect(fail('chain.createNode', { id: 'infra.mine', parentId: 'infra', nameZh: 'x', nameEn: 'y' })).toMatchObject({ kind: 'input' })
  })
})

describe('a sibling name is never taken twice', () => {
  it.each([
    ['Servers', '服务器'], // the two languages swapped
    ['服务器', 'Rack servers'], // same Chinese name
    ['机架服务器', 'SERVERS'], // same English name, other case
    ['servers', '服务器'],
  ])('refuses %s / %s under infra (where 服务器 / Servers exists) and changes nothing', (nameZh, nameEn) => {
    const { w, fail, node } = setup()
    const before = dumpDb(w.db)
    const e = fail('chain.createNode', { parentId: 'infra', nameZh, nameEn })
    expect(e).toMatchObject({ kind: 'conflict', code: 'chain.nameTaken', params: { id: 'infra.servers' } })
    expect(e.message).toMatch(/服务器 \/ Servers/)
    expect(dumpDb(w.db)).toBe(before)
    expect(node('infra.servers')).toMatchObject({ nameZh: '服务器', nameEn: 'Servers' })
  })

  it('allows the same name under another layer', () => {
    const { call } = setup()
    expect(call<{ id: string }>('chain.createNode', { parentId: 'app', nameZh: '服务器', nameEn: 'Servers' }).id).toMatch(/^app\.n\d+$/)
  })

  it('refuses renaming onto a sibling, and moving a segment next to its namesake', () => {
    const { w, call, fail } = setup()
    const before = dumpDb(w.db)
    expect(fail('chain.renameNode', { id: 'infra.memory', nameZh: '服务器', nameEn: 'Memory' })).toMatchObject({ code: 'chain.nameTaken' })
    expect(dumpDb(w.db)).toBe(before)
    const twin = call<{ id: string }>('chain.createNode', { parentId: 'app', nameZh: '服务器', nameEn: 'Servers' }).id
    const mid = dumpDb(w.db)
    expect(fail('chain.moveNode', { id: twin, parentId: 'infra', position: 1 })).toMatchObject({ code: 'chain.nameTaken' })
    expect(dumpDb(w.db)).toBe(mid)
  })
})

describe('rename and delete', () => {
  it('rename keeps the id, the position and the members', () => {
    const { call, node, members } = setup()
    const before = node('infra.memory')!
    const had = members('infra.memory')
    expect(had.length).toBeGreaterThan(0)
    call('chain.renameNode', { id: 'infra.memory', nameZh: '存储芯片', nameEn: 'Memory chips' })
    expect(node('infra.memory')).toEqual({ ...before, nameZh: '存储芯片', nameEn: 'Memory chips' })
    expect(members('infra.memory')).toEqual(had)
  })

  it('refuses to delete a node with members unless told where they go, and changes nothing', () => {
    const { w, fail, members } = setup()
    expect(members('infra.servers').length).toBeGreaterThan(0)
    const before = dumpDb(w.db)
    const e = fail('chain.deleteNode', { id: 'infra.servers' })
    expect(e).toMatchObject({ kind: 'conflict', code: 'chain.nodeInUse', params: { id: 'infra.servers' } })
    expect(Number(e.params.members)).toBe(members('infra.servers').length)
    expect(dumpDb(w.db)).toBe(before)
  })

  it('with moveTo, the members, segments and report labels land in the target', () => {
    const { w, call, node, members } = setup()
    const moving = members('infra.servers')
    const labels = w.db.prepare("SELECT report_id, label FROM chain_crosswalk WHERE node_id = 'infra.servers' ORDER BY 1, 2").all()
    expect(labels.length).toBeGreaterThan(0)
    const r = call<{ ok: true; moved: number }>('chain.deleteNode', { id: 'infra.servers', moveTo: 'infra.chips' })
    expect(r.moved).toBe(moving.length)
    expect(node('infra.servers')).toBeNull()
    expect(members('infra.servers')).toEqual([])
    for (const s of moving) expect(members('infra.chips'), s).toContain(s)
    for (const l of labels as { report_id: string; label: string }[]) {
      const to = w.db.prepare('SELECT node_id FROM chain_crosswalk WHERE report_id = ? AND label = ?').pluck().all(l.report_id, l.label)
      expect(to, l.label).toContain('infra.chips')
    }
    // positions of the remaining siblings close the gap
    const positions = call<{ nodes: ChainNode[] }>('chain.get').nodes.filter((n) => n.parentId === 'infra').map((n) => n.position)
    expect(positions).toEqual(positions.map((_, i) => i + 1))

    // a layer's segments move with their members to another layer
    const seg = members('model.foundation')
    call('chain.deleteNode', { id: 'model', moveTo: 'app' })
    expect(node('model.foundation')).toMatchObject({ parentId: 'app' })
    expect(members('model.foundation')).toEqual(seg)
  })

  it('deleting a node that does not exist answers not-found and changes nothing', () => {
    const { w, fail } = setup()
    const before = dumpDb(w.db)
    expect(fail('chain.deleteNode', { id: 'no.such.node' })).toMatchObject({ kind: 'not-found', code: 'chain.nodeNotFound' })
    expect(fail('chain.deleteNode', { id: 'infra.chips', moveTo: 'no.such.node' })).toMatchObject({ kind: 'not-found' })
    expect(dumpDb(w.db)).toBe(before)
  })
})
