import { afterEach, describe, expect, it } from 'vitest'
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import { startServer, type RunningServer } from '../../electron/main/http/server'
import { dumpDb, tempDir, tempWorkspace } from '../helpers/workspace'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

function setup() {
  const w = tempWorkspace()
  cleanups.push(() => w.cleanup())
  return { w, h: createHandlers(w) }
}

describe('API handlers', () => {
  it('reject bad payloads with a message naming the field and leave the database unchanged', () => {
    const { w, h } = setup()
    const before = dumpDb(w.db)
    const cases: [string, unknown, RegExp][] = [
      ['securities.get', { id: 42 }, /id/],
      ['securities.get', { id: "1'; DROP TABLE security; --" }, /id/],
      ['prefs.set', { key: 'ui:lang', value: { not: 'a string' } }, /value/],
      ['prefs.set', { key: '../../etc', value: 'x' }, /key/],
      ['coverage.list', { reportId: 'r000', extra: true }, /extra|Unrecognized/i],
      ['workspace.resetToBundled', {}, /confirm/],
      ['no.such.method', {}, /unknown API method/],
    ]
    for (const [m, payload, re] of cases) {
      const r = dispatch(h, m, payload)
      expect(r.ok, m).toBe(false)
      if (!r.ok) expect(r.error.message).toMatch(re)
    }
    expect(dumpDb(w.db)).toBe(before)
  })

  it('answers a security that does not exist with not-found', () => {
    const { h } = setup()
    const r = dispatch(h, 'securities.get', { id: 'NOPE.US' })
    expect(r).toMatchObject({ ok: false, error: { kind: 'not-found' } })
  })

  it('returns a security with all its reports, rows and aliases', () => {
    const { h } = setup()
    const r = dispatch(h, 'securities.get', { id: '0700.HK' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const d = r.result as { aliases: string[]; coverage: unknown[]; valuations: unknown[] }
    expect(d.aliases).toEqual(expect.arrayContaining(['700 HK', '腾讯']))
    expect(d.coverage.length).toBeGreaterThan(1)
    expect(d.valuations.length).toBeGreaterThan(0)
  })
})

describe('browser-mode server', () => {
  async function serve(): Promise<RunningServer> {
    const { h } = setup()
    const srv = await startServer({ handlers: h, staticDir: tempDir(), port: 0 })
    cleanups.push(() => srv.close())
    return srv
  }
  const post = (srv: RunningServer, method: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${srv.port}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-workbench-token': srv.token, ...headers },
      body: JSON.stringify(body),
    })

  it('binds to 127.0.0.1 only', async () => {
    const srv = await serve()
    expect((srv.server.address() as { address: string }).address).toBe('127.0.0.1')
  })
  it('serves the API with the token', async () => {
    const srv = await serve()
    const r = await post(srv, 'reports.list', {})
    expect(r.status).toBe(200)
    expect(((await r.json()) as { result: unknown[] }).result).toHaveLength(5)
  })
  it('refuses a missing or wrong token', async () => {
    const srv = await serve()
    expect((await post(srv, 'reports.list', {}, { 'x-workbench-token': 'nope' })).status).toBe(401)
  })
  it('refuses a foreign Origin (CSRF) and a foreign Host (DNS rebinding)', async () => {
    const srv = await serve()
    expect((await post(srv, 'reports.list', {}, { origin: 'http://evil.example' })).status).toBe(403)
    const { request } = await import('node:http')
    const status = await new Promise<number>((ok) => {
      const req = request({ host: '127.0.0.1', port: srv.port, path: '/', headers: { host: `evil.example:${srv.port}` } }, (res) => ok(res.statusCode!))
      req.end()
    })
    expect(status).toBe(421)
  })
  it('answers bad input with 400 and a message naming the field', async () => {
    const srv = await serve()
    const r = await post(srv, 'securities.get', { id: 7 })
    expect(r.status).toBe(400)
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/id/)
  })
  it('refuses a non-JSON body type', async () => {
    const srv = await serve()
    expect((await post(srv, 'reports.list', {}, { 'content-type': 'text/plain' })).status).toBe(415)
  })
})
