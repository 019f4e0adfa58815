/**
 * History through the one write path: every edit is one change set with its label and the
 * tables it touched; undo/redo/revert restore exact states, stop at bulk loads, survive a
 * restart; push events go out after COMMIT and never for a rolled-back write.
 */
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import { openWorkspace, type Workspace } from '../../electron/main/workspace'
import type { ChangeSetView, HistoryState } from '../../shared/api/history'
import { HTTP_STATUS, type ApiErrorBody } from '../../shared/errors'
import type { PushEvent } from '../../shared/push'
import { dumpDb, tempWorkspace } from '../helpers/workspace'

const spaces: { cleanup: () => void }[] = []
afterEach(() => spaces.splice(0).forEach((w) => w.cleanup()))

function handlersFor(ws: Workspace) {
  const events: PushEvent[] = []
  let clock = Date.parse('2024-03-01T00:00:00Z')
  const h = createHandlers(ws, { now: () => new Date((clock += 1000)), emit: (e) => events.push(e) })
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
  const list = (limit = 100) => call<HistoryState>('history.list', { limit })
  return { h, call, fail, events, list }
}

function setup() {
  const w = tempWorkspace()
  spaces.push(w)
  return { w, ...handlersFor(w) }
}

/** The undoable tables, rows sorted by key (an undone delete comes back under a new rowid). */
const TRACKED: Record<string, string> = {
  chain_node: 'id',
  chain_crosswalk: 'id',
  security_node: 'security_id, node_id',
  security_node_lock: 'security_id',
  fx_rate: 'currency, as_of',
}
function tables(db: Database.Database): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [t, key] of Object.entries(TRACKED)) out[t] = JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY ${key}`).all())
  out.meta = JSON.stringify(db.prepare("SELECT * FROM meta WHERE key GLOB 'pref:*' ORDER BY key").all())
  return out
}
const state = (db: Database.Database) => JSON.stringify(tables(db))
const changedTables = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).filter((t) => a[t] !== b[t]).sort()
const setCount = (db: Database.Database) => db.prepare('SELECT count(*) FROM change_set').pluck().get() as number

describe('every edit is one change set; undo restores it exactly, redo re-applies it', () => {
  it('chain edits, placements, FX and undoable prefs', () => {
    const { w, call, events, list } = setup()
    const label = (w.db.prepare("SELECT label FROM chain_crosswalk WHERE report_id = 'r000' ORDER BY id LIMIT 1").pluck().get() as string)!
    const edits: [string, unknown][] = [
      ['chain.createNode', { parentId: 'infra', nameZh: '液冷', nameEn: 'Liquid cooling', position: 2 }],
      ['chain.renameNode', { id: 'infra.memory', nameZh: '存储芯片', nameEn: 'Memory chips' }],
      ['chain.moveNode', { id: 'infra.optical', position: 1 }],
      ['chain.moveNode', { id: 'app.games', parentId: 'model', position: 1 }],
      ['chain.deleteNode', { id: 'infra.servers', moveTo: 'infra.chips' }],
      ['chain.setCrosswalk', { reportId: 'r000', label, nodeIds: ['app.office', 'model.foundation'] }],
      ['securities.setNodes', { securityId: '0700.HK', nodeIds: ['app.media', 'infra.datacenter'] }],
      ['securities.resetNodes', { securityId: '0700.HK' }],
      ['fx.set', { currency: 'CNY', asOf: '2024-01-02', perUsd: 7.1, source: 'PBoC fixing' }],
      ['fx.set', { currency: 'CNY', asOf: '2024-01-02', perUsd: 7.2, source: 'PBoC fixing (corrected)' }],
      ['fx.delete', { currency: 'CNY', asOf: '2024-01-02' }],
      ['prefs.set', { key: 'compare:exclusions', value: '[101, 102]' }],
    ]
    for (const [method, input] of edits) {
      const before = tables(w.db)
      const sets = setCount(w.db)
      events.length = 0
      call(method, input)
      const after = tables(w.db)
      const touched = changedTables(before, after)
      expect(touched.length, `${method} changed something`).toBeGreaterThan(0)

      // one change set, labelled by the method, naming exactly the tables that changed
      expect(setCount(w.db), method).toBe(sets + 1)
      const set = list().sets[0]!
      expect(set, method).toMatchObject({ label: method, kind: 'edit', undoable: true, undoneBy: null, entities: touched })
      expect(set.changeCount).toBeGreaterThan(0)
      expect(list().nextUndo?.id).toBe(set.id)
      expect(events, method).toEqual([{ type: 'changed', setId: set.id, label: method, kind: 'edit', entities: touched }])

      const undo = call<{ applied: ChangeSetView }>('history.undo').applied
      expect(undo).toMatchObject({ kind: 'undo', targetId: set.id, entities: touched })
      expect(JSON.stringify(tables(w.db)), `undo of ${method}`).toBe(JSON.stringify(before))
      expect(list().nextRedo?.id).toBe(undo.id)

      const redo = call<{ applied: ChangeSetView }>('history.redo').applied
      expect(redo).toMatchObject({ kind: 'redo', targetId: undo.id })
      expect(JSON.stringify(tables(w.db)), `redo of ${method}`).toBe(JSON.stringify(after))
      expect(list().nextRedo).toBeNull()
    }
  })

  it("keeps view state ('ui:lang') out of history, but saves it", () => {
    const { w, call, fail } = setup()
    const sets = setCount(w.db)
    call('prefs.set', { key: 'ui:lang', value: 'en' })
    call('prefs.set', { key: 'grid:valuations', value: '{"widths":[1,2]}' })
    expect(setCount(w.db)).toBe(sets)
    expect(call('prefs.get', { key: 'ui:lang' })).toEqual({ value: 'en' })
    expect(fail('history.undo')).toMatchObject({ kind: 'conflict', code: 'history.nothingToUndo' })
    // ... while an analyst's exclusions are an undoable edit
    call('prefs.set', { key: 'compare:exclusions', value: '[7]' })
    expect(setCount(w.db)).toBe(sets + 1)
    call('history.undo')
    expect(call('prefs.get', { key: 'compare:exclusions' })).toEqual({ value: null })
    expect(call('prefs.get', { key: 'ui:lang' })).toEqual({ value: 'en' })
  })

  it('an edit that changes nothing leaves no history entry and no notification', () => {
    const { w, call, events, list } = setup()
    const edits: [string, unknown][] = [
      ['prefs.set', { key: 'compare:exclusions', value: '[4, 5]' }],
      ['fx.set', { currency: 'HKD', asOf: '2024-05-06', perUsd: 7.8, source: 'hand' }],
      ['chain.renameNode', { id: 'infra.memory', nameZh: '存储芯片', nameEn: 'Memory chips' }],
      ['securities.setNodes', { securityId: 'MSFT.US', nodeIds: ['app.office', 'infra.datacenter'] }],
    ]
    for (const [m, input] of edits) call(m, input)
    const sets = setCount(w.db)
    const newest = list().nextUndo!.id
    events.length = 0
    for (const [m, input] of edits) call(m, input) // the same values again
    expect(setCount(w.db)).toBe(sets)
    expect(events).toEqual([])
    expect(list().nextUndo!.id).toBe(newest) // Ctrl+Z still undoes the last real edit
  })

  it('nothing to undo / redo answers a conflict (HTTP 409)', () => {
    const { w, fail } = setup()
    const before = dumpDb(w.db)
    for (const [m, code] of [['history.undo', 'history.nothingToUndo'], ['history.redo', 'history.nothingToRedo']] as const) {
      const e = fail(m)
      expect(e).toMatchObject({ kind: 'conflict', code })
      expect(HTTP_STATUS[e.kind]).toBe(409)
    }
    expect(dumpDb(w.db)).toBe(before)
  })
})

describe('redo, bulk barriers and revert', () => {
  const rate = (perUsd: number) => ({ currency: 'HKD', asOf: '2024-05-06', perUsd, source: 'hand' })

  it('a new edit after an undo clears redo', () => {
    const { call, fail, list } = setup()
    call('fx.set', rate(7.8))
    call('history.undo')
    expect(list().nextRedo).not.toBeNull()
    call('fx.set', rate(7.9))
    expect(list().nextRedo).toBeNull()
    expect(fail('history.redo')).toMatchObject({ kind: 'conflict', code: 'history.nothingToRedo' })
    expect(call<{ perUsd: number; asOf: string }[]>('fx.list').find((r) => r.asOf === '2024-05-06')?.perUsd).toBe(7.9)
  })

  it('undo and revert stop at a bulk load (reset to bundled data)', () => {
    const { w, call, fail, list } = setup()
    call('fx.set', rate(7.8))
    const edit = list().sets[0]!
    call('workspace.resetToBundled', { confirm: true })
    const reset = list().sets[0]!
    expect(reset).toMatchObject({ label: 'workspace.resetToBundled', kind: 'bulk', undoable: false })
    const before = dumpDb(w.db)
    expect(list().nextUndo).toBeNull()
    expect(fail('history.undo')).toMatchObject({ kind: 'conflict', code: 'history.nothingToUndo' })
    expect(fail('history.revert', { to: edit.id })).toMatchObject({ kind: 'conflict', code: 'history.revertPastBulk' })
    expect(dumpDb(w.db)).toBe(before)
    // the edit made before the reset is still in force
    expect(call<{ perUsd: number; asOf: string }[]>('fx.list').find((r) => r.asOf === '2024-05-06')?.perUsd).toBe(7.8)
  })

  it('revert {to} restores the state right after set `to`, as one undoable set', () => {
    const { w, call, list } = setup()
    const after = new Map<number, string>()
    const edit = (m: string, input: unknown) => {
      call(m, input)
      after.set(list().sets[0]!.id, state(w.db))
    }
    edit('fx.set', rate(7.8))
    edit('chain.createNode', { parentId: null, nameZh: '终端', nameEn: 'Devices' })
    const to = list().sets[0]!.id
    edit('securities.setNodes', { securityId: 'MSFT.US', nodeIds: ['app.office'] })
    edit('prefs.set', { key: 'compare:exclusions', value: '[1]' })
    call('history.undo') // an undo among the sets being reverted
    edit('chain.renameNode', { id: 'app', nameZh: '应用', nameEn: 'Applications' })
    const beforeRevert = state(w.db)

    const revert = call<{ applied: ChangeSetView }>('history.revert', { to }).applied
    expect(revert).toMatchObject({ kind: 'revert', targetId: to, label: 'history.revert', undoable: true })
    expect(state(w.db)).toBe(after.get(to))
    expect(list().nextUndo?.id).toBe(revert.id)
    expect(list().nextRedo).toBeNull()

    call('history.undo')
    expect(state(w.db)).toBe(beforeRevert)
    call('history.redo')
    expect(state(w.db)).toBe(after.get(to))
  })
})

describe('history lives in the workspace file', () => {
  it('undo, redo and revert work after closing and reopening the workspace; the list is intact', () => {
    const { w, call, list } = setup()
    const s0 = state(w.db)
    call('fx.set', { currency: 'JPY', asOf: '2024-02-01', perUsd: 148.2, source: 'hand' })
    const s1 = state(w.db)
    call('chain.createNode', { parentId: 'model', nameZh: '多模态', nameEn: 'Multimodal' })
    const s2 = state(w.db)
    call('securities.setNodes', { securityId: 'NVDA.US', nodeIds: ['infra.chips', 'infra.datacenter'] })
    const listed = list()
    w.close()

    const again = openWorkspace(w.dataDir)
    spaces.push({ cleanup: () => again.close() })
    const b = handlersFor(again)
    expect(b.list()).toEqual(listed)
    b.call('history.undo')
    expect(state(again.db)).toBe(s2)
    again.close()

    const third = openWorkspace(w.dataDir)
    spaces.push({ cleanup: () => third.close() })
    const c = handlersFor(third)
    expect(c.list().nextRedo?.label).toBe('history.undo')
    c.call('history.redo')
    c.call('history.undo')
    c.call('history.undo')
    expect(state(third.db)).toBe(s1)
    const first = c.list().sets.find((s) => s.label === 'fx.set')!
    c.call('history.revert', { to: first.id - 1 })
    expect(state(third.db)).toBe(s0)
    expect(c.list().sets.length).toBe(listed.sets.length + 5) // undo, redo, undo, undo, revert
  })
})

describe('push events', () => {
  it('go out after COMMIT (another connection already sees the change), one per write', () => {
    const { w } = setup()
    const reader = new Database(w.dbFile, { readonly: true })
    try {
      const seen: { e: PushEvent; committed: number | null }[] = []
      const hh = createHandlers(w, {
        emit: (e) => seen.push({ e, committed: e.type === 'changed' ? (reader.prepare('SELECT max(id) FROM change_set').pluck().get() as number) : null }),
      })
      expect(dispatch(hh, 'fx.set', { currency: 'EUR', asOf: '2024-01-03', perUsd: 0.91, source: 'ECB' }).ok).toBe(true)
      expect(dispatch(hh, 'history.undo', {}).ok).toBe(true)
      expect(seen.map((s) => s.e.type === 'changed' && [s.e.label, s.e.kind, s.e.entities])).toEqual([
        ['fx.set', 'edit', ['fx_rate']],
        ['history.undo', 'undo', ['fx_rate']],
      ])
      for (const s of seen) expect(s.e.type === 'changed' && s.committed).toBe(s.e.type === 'changed' && s.e.setId)
    } finally {
      reader.close()
    }
  })

  it('nothing is emitted, recorded or changed when a write fails, even half-way through', () => {
    const { w, call, fail, events } = setup()
    // a segment of 'app' with the name of infra's second segment: moving infra's segments into
    // 'app' moves the first one, then fails on the second — the first move must roll back
    call('chain.createNode', { parentId: 'app', nameZh: '服务器', nameEn: 'Servers' })
    events.length = 0
    const before = dumpDb(w.db)
    expect(fail('chain.deleteNode', { id: 'infra', moveTo: 'app' })).toMatchObject({ code: 'chain.nameTaken' })
    expect(fail('chain.deleteNode', { id: 'infra.chips' })).toMatchObject({ code: 'chain.nodeInUse' })
    expect(fail('fx.delete', { currency: 'CNY', asOf: '1999-01-01' })).toMatchObject({ kind: 'not-found' })
    expect(fail('securities.setNodes', { securityId: 'MSFT.US', nodeIds: ['no.such'] })).toMatchObject({ kind: 'not-found' })
    expect(events).toEqual([])
    expect(dumpDb(w.db)).toBe(before)
  })
})
