import { afterEach, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/main/api/handlers'
import { dispatch as dispatchAny, dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { openReader } from '../../electron/main/db/connection'
import { startEngine, type Engine } from '../../electron/main/engine/host'
import { READ_METHODS } from '../../electron/main/engine/routing'
import { METHODS } from '../../shared/contract'
import { tempDir, tempWorkspace } from '../helpers/workspace'

/**
 * Reads may be answered by the reader worker (a query_only connection). A method listed as a
 * read that writes anything would fail there, so each one is run on such a connection.
 */
const PAYLOADS: Record<string, unknown> = {
  'coverage.list': { securityId: '002230.SZ' },
  'valuations.list': { reportId: 'r000' },
  'valuations.page': { sort: [{ col: 'marketCap', dir: 'desc' }], groupByLayer: true, stats: { metric: 'pe', fyKey: 'FY23E' } },
  'securities.get': { id: 'NVDA.US' },
  'compare.run': { metric: 'pe', fyKey: 'FY23E', currency: 'USD', nmRule: true, level: 'layer' },
  'chain.map': { metric: 'pe', fyKey: 'FY23E', currency: 'USD', reportIds: ['r000'], search: 'a' },
  'quality.page': { limit: 10 },
  'history.list': { limit: 10 },
  'history.get': { id: 1 },
  'prefs.get': { key: 'ui:lang' },
  'import.preview': { source: { name: 'x.csv', base64: Buffer.from('代码,名称,总市值(亿元)\n002230,科大讯飞,1076.5\n').toString('base64') } },
}

const engines: Engine[] = []
const cleanups: (() => void)[] = []
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close()
  cleanups.splice(0).forEach((c) => c())
})

describe('reader worker', () => {
  it('every read method runs on a read-only, query_only connection', async () => {
    const w = tempWorkspace()
    cleanups.push(() => w.cleanup())
    // a note to read back (written through the writer, as the app does)
    const saved = dispatch(createHandlers(w), 'notes.save', { subject: { kind: 'security', id: '002230.SZ' }, title: '算力', body: '光模块 估值' })
    if (!saved.ok) throw new Error(saved.error.message)
    const noteId = (saved.result as { id: string }).id
    Object.assign(PAYLOADS, { 'notes.get': { id: noteId }, 'notes.revisions': { id: noteId }, 'notes.revision': { id: noteId, revision: 1 }, 'search.query': { q: '算力' } })
    const db = openReader(w.dbFile)
    cleanups.push(() => db.close())
    const h = createHandlers({ ...w, db })
    for (const m of READ_METHODS) {
      expect(METHODS, m).toContain(m)
      const r = await dispatchAny(h, m, PAYLOADS[m] ?? {})
      expect(r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`, m).toBe('ok')
    }
    // and a write there is refused, so a misrouted write could never half-happen
    const bad = dispatch(h, 'fx.set', { currency: 'GBP', asOf: '2023-02-08', perUsd: 0.8, source: 'x' })
    expect(bad.ok).toBe(false)
  })

  it('a read sent while a write is still queued sees that write (read-your-writes)', async () => {
    const e = await startEngine({ dataDir: tempDir(), mode: 'cli' })
    engines.push(e)
    await new Promise((r) => setTimeout(r, 300)) // let the reader come up
    for (let n = 1; n <= 20; n++) {
      const write = e.call('fx.set', { currency: 'GBP', asOf: '2023-02-08', perUsd: 0.8 + n / 1000, source: `burst ${n}` })
      const read = e.call('fx.list', {}) // not awaiting the write: a browser does the same
      const [w, r] = await Promise.all([write, read])
      expect(w.ok).toBe(true)
      expect(r.ok && (r.result as { currency: string; source: string }[]).find((x) => x.currency === 'GBP')?.source).toBe(`burst ${n}`)
    }
  })

  it('reads see every acknowledged write at once', async () => {
    const e = await startEngine({ dataDir: tempDir(), mode: 'cli' })
    engines.push(e)
    for (let n = 1; n <= 20; n++) {
      const w = await e.call('fx.set', { currency: 'GBP', asOf: '2023-02-08', perUsd: 0.8 + n / 1000, source: `run ${n}` })
      expect(w.ok).toBe(true)
      const r = await e.call('fx.list', {})
      expect(r.ok && (r.result as { currency: string; source: string }[]).find((x) => x.currency === 'GBP')?.source).toBe(`run ${n}`)
    }
  })
})
