/**
 * Notes against a real workspace: every save a revision, acknowledged only after commit;
 * conflicts refused, never merged; revisions restored as new saves; trash and empty trash;
 * scenario probabilities; thesis flags raised by a price the analyst enters; hostile content
 * stored verbatim and bounded.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openWorkspace, type Workspace } from '../../electron/main/workspace'
import type { NoteView } from '../../shared/api/notes'
import type { ScenarioSet } from '../../shared/scenario'
import { handlersFor } from '../helpers/api'
import { tempWorkspace } from '../helpers/workspace'

const spaces: { cleanup: () => void }[] = []
afterEach(() => spaces.splice(0).forEach((w) => w.cleanup()))

function setup() {
  const w = tempWorkspace()
  spaces.push(w)
  return { w, ...handlersFor(w) }
}

const IFLYTEK = { kind: 'security', id: '002230.SZ' } as const

function thesis(bearTarget: number): ScenarioSet {
  const base = { horizon: '12m', rationale: '', assumptions: '', disproof: '' }
  // EPS 1.0 CNY × target P/E: bear / base / bull
  return {
    writtenAt: '2024-03-01T00:00:00Z',
    scenarios: [
      { ...base, name: 'bear', probability: 25, driver: { kind: 'eps', value: 1, fyKey: 'FY23E', currency: 'CNY' }, multiple: { kind: 'pe', value: bearTarget }, checks: [{ rule: 'priceBelowTarget' }] },
      { ...base, name: 'base', probability: 50, driver: { kind: 'eps', value: 1, fyKey: 'FY23E', currency: 'CNY' }, multiple: { kind: 'pe', value: 50 }, checks: [] },
      { ...base, name: 'bull', probability: 25, driver: { kind: 'eps', value: 1, fyKey: 'FY23E', currency: 'CNY' }, multiple: { kind: 'pe', value: 70 }, checks: [] },
    ],
  }
}

describe('notes: saves and revisions', () => {
  it('creates, saves every change as a revision, refuses a stale save, restores an old revision as a new one', () => {
    const { call, fail } = setup()
    const a = call('notes.save', { subject: IFLYTEK, title: '讯飞 thesis', body: '算力 v1', tags: ['AI'] })
    expect(a.revision).toBe(1)
    const b = call('notes.save', { id: a.id, subject: IFLYTEK, title: '讯飞 thesis', body: '算力 v2', baseRevision: 1 })
    expect(b.revision).toBe(2)
    const stale = fail('notes.save', { id: a.id, subject: IFLYTEK, title: 'x', body: 'from an old tab', baseRevision: 1 })
    expect(stale).toMatchObject({ kind: 'conflict', code: 'notes.conflict' })
    expect(call<NoteView>('notes.get', { id: a.id }).body).toBe('算力 v2')
    const revs = call('notes.revisions', { id: a.id }).revisions
    expect(revs.map((r: { revision: number }) => r.revision)).toEqual([2, 1])
    expect(call('notes.revision', { id: a.id, revision: 1 }).body).toBe('算力 v1')
    const r = call('notes.restoreRevision', { id: a.id, revision: 1 })
    expect(r.revision).toBe(3)
    const now = call<NoteView>('notes.get', { id: a.id })
    expect([now.body, now.revision, now.tags]).toEqual(['算力 v1', 3, ['AI']])
  })

  it('trash: delete hides, restore brings back, empty deletes for good', () => {
    const { call } = setup()
    const a = call('notes.save', { subject: { kind: 'theme' }, title: 'Theme', body: 'x' })
    const b = call('notes.save', { subject: IFLYTEK, title: 'Keep', body: 'y' })
    call('notes.delete', { id: a.id })
    expect(call('notes.list', {}).notes.map((n: { id: string }) => n.id)).toEqual([b.id])
    expect(call('notes.list', { trash: true }).notes.map((n: { id: string }) => n.id)).toEqual([a.id])
    call('notes.restore', { id: a.id })
    expect(call('notes.list', {}).total).toBe(2)
    call('notes.delete', { id: a.id })
    expect(call('notes.emptyTrash', { confirm: true }).deleted).toBe(1)
    expect(call('notes.list', { trash: true }).total).toBe(0)
    expect(call('notes.counts', {}).bySubject).toEqual({ 'security:002230.SZ': 1 })
  })

  it('survives a restart: the note, its revisions and tags', () => {
    const { w, call } = setup()
    const a = call('notes.save', { subject: IFLYTEK, title: 't', body: 'one', tags: ['光模块'] })
    call('notes.save', { id: a.id, subject: IFLYTEK, title: 't', body: 'two', baseRevision: 1, tags: ['光模块'] })
    w.close()
    const again = openWorkspace(w.dataDir)
    spaces.push({ cleanup: () => again.close() })
    const b = handlersFor(again)
    expect(b.call<NoteView>('notes.get', { id: a.id })).toMatchObject({ body: 'two', revision: 2, tags: ['光模块'] })
    expect(b.call('notes.list', { tag: '光模块' }).total).toBe(1)
  })

  it('keeps hostile content verbatim (the renderer keeps it inert) and refuses what is too big, naming the field', () => {
    const { call, fail } = setup()
    const body = '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>'
    const a = call('notes.save', { subject: { kind: 'theme' }, title: '<b>t</b>', body })
    expect(call<NoteView>('notes.get', { id: a.id }).body).toBe(body)
    const big = fail('notes.save', { subject: { kind: 'theme' }, title: 't', body: 'x'.repeat(1_000_001) })
    expect(big).toMatchObject({ kind: 'input', field: 'body' })
    expect(fail('notes.save', { subject: { kind: 'security' }, title: 't', body: '' }).kind).toBe('input')
  })
})

describe('scenarios and thesis checks', () => {
  it('refuses probabilities that do not total 100%, with a clear code', () => {
    const { fail } = setup()
    const set = thesis(30)
    set.scenarios[0]!.probability = 20
    const e = fail('notes.save', { subject: IFLYTEK, title: 't', body: '', scenarios: set })
    expect(e.kind).toBe('input')
    expect(e.message).toMatch(/100%/)
  })

  it('flags a thesis when an entered price falls below the bear target, and clears it when it recovers', () => {
    const { call } = setup()
    const n = call('notes.save', { subject: IFLYTEK, title: '讯飞', body: '', scenarios: thesis(30) })
    expect(call<NoteView>('notes.get', { id: n.id }).flags).toEqual([])
    call('prices.set', { securityId: '002230.SZ', asOf: '2030-01-02', price: 25, currency: 'CNY', source: 'hand' })
    const flagged = call<NoteView>('notes.get', { id: n.id }).flags
    expect(flagged).toHaveLength(1)
    expect(flagged[0]).toMatchObject({ scenario: 'bear', rule: 'priceBelowTarget' })
    expect(flagged[0]!.trigger).toContain('prices.set 002230.SZ')
    expect(call('notes.flags', {}).flags).toHaveLength(1)
    expect(call('notes.list', { flagged: true }).total).toBe(1)
    // grid rows and map cards of that company carry the note and the breached check
    const rows = call('valuations.page', { search: '002230' }).rows as { securityId: string; notes: number; thesisFlags: number }[]
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows.filter((x) => x.securityId === '002230.SZ')) expect([r.notes, r.thesisFlags]).toEqual([1, 1])
    const map = call('chain.map', { metric: 'pe', fyKey: 'FY23E', currency: 'USD' })
    const cards = map.lanes.flatMap((l: any) => l.groups.flatMap((g: any) => g.cards)).filter((c: any) => c.securityId === '002230.SZ')
    expect(cards.length).toBeGreaterThan(0)
    for (const c of cards) expect([c.notes, c.thesisFlags]).toEqual([1, 1])
    call('prices.set', { securityId: '002230.SZ', asOf: '2030-01-03', price: 35, currency: 'CNY', source: 'hand' })
    expect(call<NoteView>('notes.get', { id: n.id }).flags).toEqual([])
  })
})

describe('Markdown export and import', () => {
  it('round-trips every note (subject, tags, dates, scenarios, body) into another workspace', () => {
    const a = setup()
    const n1 = a.call('notes.save', { subject: IFLYTEK, title: '讯飞 thesis', body: '---\n算力 body\r\n', tags: ['AI', '算力'], scenarios: thesis(30) })
    a.call('notes.save', { subject: { kind: 'segment', id: 'infra.chips' }, title: 'Chips', body: '# 光模块\n' })
    a.call('notes.save', { subject: { kind: 'theme' }, title: 'Theme', body: '' })
    const files = a.call('notes.exportMarkdown', {}).files
    expect(files).toHaveLength(3)
    const b = setup()
    expect(b.call('notes.importMarkdown', { files })).toMatchObject({ created: 3, updated: 0 })
    const strip = (v: NoteView) => ({ id: v.id, subject: v.subject, title: v.title, body: v.body, tags: v.tags, scenarios: v.scenarios, createdAt: v.createdAt })
    for (const n of a.call('notes.list', {}).notes) expect(strip(b.call('notes.get', { id: n.id }))).toEqual(strip(a.call('notes.get', { id: n.id })))
    expect(b.call('notes.exportMarkdown', {}).files).toEqual(files.map((f: { name: string; content: string }) => expect.objectContaining({ name: f.name })))
    // importing again adds a revision to each, never a duplicate note
    expect(b.call('notes.importMarkdown', { files })).toMatchObject({ created: 0, updated: 3 })
    expect(b.call('notes.get', { id: n1.id }).revision).toBe(2)
  })

  it('refuses an import with one bad file, naming it and the line, and writes nothing', () => {
    const { w, call, fail } = setup()
    const good = { name: 'ok.md', content: '# Fine\nbody' }
    const bad = { name: 'bad.md', content: '---\nformat: "workbench-note/1"\ntitle: {oops\n---\nbody' }
    const e = fail('notes.importMarkdown', { files: [good, bad] })
    expect(e).toMatchObject({ kind: 'input', code: 'notes.importInvalid' })
    expect(e.message).toContain('bad.md:3')
    expect(w.db.prepare('SELECT count(*) FROM note').pluck().get()).toBe(0)
    expect(call('notes.importMarkdown', { files: [good] }).warnings.length).toBeGreaterThan(0)
  })
})

describe('links in notes', () => {
  it('[[name]] and @ticker resolve to securities and chain nodes; the note lists under them', () => {
    const { w, call } = setup()
    const n = call('notes.save', { subject: { kind: 'theme' }, title: 'links', body: '看好 [[科大讯飞]] 与 @NVDA，关注 [[AI 芯片]]；邮件 a@b.com 不是提及' })
    const links = w.db.prepare('SELECT target_kind, target_id FROM note_link WHERE note_id = ? ORDER BY 1, 2').all(n.id)
    expect(links).toEqual([
      { target_kind: 'security', target_id: '002230.SZ' },
      { target_kind: 'security', target_id: 'NVDA.US' },
      { target_kind: 'segment', target_id: 'infra.chips' },
    ])
  })
})

describe('notes list filters', () => {
  it('by layer: notes on the layer, its segments and the companies placed there; by tag and subject', () => {
    const { w, call } = setup()
    const seg = call('notes.save', { subject: { kind: 'segment', id: 'infra.chips' }, title: 'chips', body: '' })
    const sec = call('notes.save', { subject: { kind: 'security', id: 'NVDA.US' }, title: 'nvda', body: '', tags: ['GPU'] })
    call('notes.save', { subject: { kind: 'theme' }, title: 'theme', body: '' })
    const inInfra = w.db.prepare("SELECT 1 FROM security_node WHERE security_id = 'NVDA.US' AND (node_id = 'infra' OR node_id LIKE 'infra.%')").get()
    const ids = call('notes.list', { layerId: 'infra' }).notes.map((n: { id: string }) => n.id).sort()
    expect(ids).toEqual((inInfra ? [seg.id, sec.id] : [seg.id]).sort())
    expect(call('notes.list', { tag: 'GPU' }).notes.map((n: { id: string }) => n.id)).toEqual([sec.id])
    expect(call('notes.list', { subjectKind: 'theme' }).total).toBe(1)
  })
})

describe('search finds notes by their subject', () => {
  it('a note about 科大讯飞 is found by iFlytek, 002230 and 讯飞 even when its text never says so', () => {
    const { call } = setup()
    const n = call('notes.save', { subject: IFLYTEK, title: '论点', body: '大模型应用放量' })
    for (const q of ['iFlytek', '002230', '讯飞', '放量']) {
      const hits = call('search.query', { q }).hits as { kind: string; id: string }[]
      expect(hits.some((h) => h.kind === 'note' && h.id === n.id), q).toBe(true)
    }
    expect((call('search.query', { q: 'Nvidia' }).hits as { kind: string; id: string }[]).some((h) => h.kind === 'note')).toBe(false)
  })
})
