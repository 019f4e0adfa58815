/**
 * Hostile and careless input, each answered with a clear 400 (or 404 for things that do not
 * exist) through the browser-mode server, and none of them changing the database.
 */
import { rmSync } from 'node:fs'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/main/api/handlers'
import { startServer, type RunningServer } from '../../electron/main/http/server'
import { isTrustedRendererUrl } from '../../electron/main/trust'
import { dumpDb, tempDir, tempWorkspace } from '../helpers/workspace'

let w: ReturnType<typeof tempWorkspace>
let srv: RunningServer
let initial: string
let staticDir: string
beforeAll(async () => {
  w = tempWorkspace()
  staticDir = tempDir()
  srv = await startServer({ handlers: createHandlers(w), staticDir, port: 0 })
  initial = dumpDb(w.db)
})
afterAll(async () => {
  await srv?.close()
  w?.cleanup()
  if (staticDir) rmSync(staticDir, { recursive: true, force: true })
})

interface Answer {
  status: number
  body: { ok: boolean; error?: { kind: string; code: string; field?: string; message: string } }
}

/** A raw request: header values and body bytes exactly as given (no fetch normalisation). */
function raw(path: string, opts: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: srv.port,
        path,
        method: 'POST',
        headers: { host: `127.0.0.1:${srv.port}`, 'content-type': 'application/json', 'x-workbench-token': srv.token, ...opts.headers },
      },
      (res) => {
        let s = ''
        res.setEncoding('utf8')
        res.on('data', (c) => (s += c))
        res.on('end', () => ok({ status: res.statusCode!, body: JSON.parse(s) }))
      },
    )
    req.on('error', fail)
    req.end(opts.body ?? '{}')
  })
}
const api = (method: string, payload: unknown) => raw(`/api/${method}`, { body: JSON.stringify(payload) })

/** Every probe: the expected status and code, a message that says what is wrong, nothing written. */
async function probe(a: Promise<Answer>, status: number, code: string, message: RegExp) {
  const before = dumpDb(w.db)
  const r = await a
  expect(r.status, JSON.stringify(r.body)).toBe(status)
  expect(r.body.ok).toBe(false)
  expect(r.body.error!.code).toBe(code) // a code the renderer translates (renderer/src/errorText.ts)
  expect(r.body.error!.message).toMatch(message)
  expect(r.body.error!.message).not.toMatch(/\bat .*\.ts:\d+|SqliteError|TypeError/) // no stack, no driver noise
  expect(dumpDb(w.db)).toBe(before)
  return r.body.error!
}

describe('transport probes', () => {
  it('a token with a non-ASCII byte', async () => {
    await probe(raw('/api/reports.list', { headers: { 'x-workbench-token': `${srv.token.slice(0, -1)}\xff` } }), 400, 'http.tokenMalformed', /token.*ASCII/)
    await probe(raw('/api/fx.set', { headers: { 'x-workbench-token': '\xff\xfe' }, body: JSON.stringify({ currency: 'CNY', asOf: '2024-01-02', perUsd: 7, source: 'x' }) }), 400, 'http.tokenMalformed', /token/)
    // a wrong but well-formed token is still a 401
    await probe(raw('/api/reports.list', { headers: { 'x-workbench-token': 'f'.repeat(48) } }), 401, 'http.token', /token/)
  })

  it('malformed percent-encoding in the path', async () => {
    await probe(raw('/%zz'), 400, 'http.badPath', /malformed URL path/)
    await probe(raw('/api/%zz'), 400, 'http.badPath', /malformed URL path/)
    await probe(raw('/api/fx.set%'), 400, 'http.badPath', /malformed URL path/)
  })

  it('a body that is not JSON', async () => {
    await probe(raw('/api/fx.set', { body: '{"currency": "CNY",' }), 400, 'http.body', /request body/)
  })
})

describe('input probes (answered 400 with the field and a code the UI translates)', () => {
  const rate = { currency: 'CNY', asOf: '2024-01-02', perUsd: 7.1, source: 'hand' }

  it('duplicate node ids in chain.setCrosswalk', async () => {
    const label = w.db.prepare("SELECT label FROM chain_crosswalk WHERE report_id = 'r000' LIMIT 1").pluck().get() as string
    const e = await probe(api('chain.setCrosswalk', { reportId: 'r000', label, nodeIds: ['infra.chips', 'app.office', 'infra.chips'] }), 400, 'list.duplicate', /nodeIds/)
    expect(e.field).toBe('nodeIds')
  })

  it.each(['2023-02-30', '0000-01-01', '2023-13-01', '2024-02-30', '1969-12-31'])('an impossible date %s in fx.set', async (asOf) => {
    const e = await probe(api('fx.set', { ...rate, asOf }), 400, 'date.notReal', /asOf/)
    expect(e.field).toBe('asOf')
  })

  it('a date in the wrong shape', async () => {
    await probe(api('fx.set', { ...rate, asOf: '2024-1-2' }), 400, 'date.format', /asOf: date: YYYY-MM-DD/)
  })

  it('an unknown three-letter currency', async () => {
    await probe(api('fx.set', { ...rate, currency: 'ZZZ' }), 400, 'currency.unknown', /currency/)
    await probe(api('fx.delete', { currency: 'ZZZ', asOf: '2023-02-08' }), 400, 'currency.unknown', /currency/)
    await probe(api('fx.set', { ...rate, currency: 'cny' }), 400, 'currency.format', /currency: currency: ISO code/)
  })

  it.each([
    ['chain.createNode', { parentId: 'infra', nameZh: '   ', nameEn: 'x' }, 'nameZh'],
    ['chain.createNode', { parentId: 'infra', nameZh: 'x', nameEn: '\t\u00a0\u3000 ' }, 'nameEn'],
    ['chain.renameNode', { id: 'infra.chips', nameZh: ' ', nameEn: 'Chips' }, 'nameZh'],
    ['fx.set', { ...rate, source: '    ' }, 'source'],
  ])('a label of only whitespace: %s %j', async (method, payload, field) => {
    const e = await probe(api(method, payload), 400, field === 'nameEn' ? 'text.control' : 'text.blank', new RegExp(`${field}: text: ${field === 'nameEn' ? 'control' : 'must not be blank'}`))
    expect(e.field).toBe(field)
  })

  it('a label that is only Unicode spaces (no control characters) is blank too', async () => {
    await probe(api('chain.createNode', { parentId: 'infra', nameZh: '\u00a0\u3000', nameEn: 'x' }), 400, 'text.blank', /nameZh: text: must not be blank/)
  })

  it.each([
    ['chain.createNode', { parentId: 'infra', nameZh: 'a\u0000b', nameEn: 'x' }, 'nameZh'],
    ['chain.renameNode', { id: 'infra.chips', nameZh: 'AI 芯片', nameEn: 'chips\u0000' }, 'nameEn'],
    ['fx.set', { ...rate, source: 'hand\u0000' }, 'source'],
    ['prefs.set', { key: 'compare:exclusions', value: '[1]\u0000' }, 'value'],
  ])('a label containing NUL: %s', async (method, payload, field) => {
    const e = await probe(api(method, payload), 400, 'text.control', new RegExp(field))
    expect(e.field).toBe(field)
  })

  it.each([
    ['a lone high surrogate', '{"parentId":"infra","nameZh":"\\ud800x","nameEn":"x"}'],
    ['a lone low surrogate', '{"parentId":"infra","nameZh":"x","nameEn":"a\\udc00"}'],
    ['a reversed pair', '{"parentId":"infra","nameZh":"\\udc00\\ud800","nameEn":"x"}'],
  ])('%s in a label', async (_what, body) => {
    await probe(raw('/api/chain.createNode', { body }), 400, 'text.badUnicode', /lone surrogate/)
  })

  it('a proper surrogate pair (an emoji) is fine', async () => {
    const r = await api('chain.createNode', { parentId: 'app', nameZh: '机器人🤖', nameEn: 'Robots 🤖' })
    expect(r.status).toBe(200)
    const id = (r.body as unknown as { result: { id: string } }).result.id
    expect(w.db.prepare('SELECT name_zh FROM chain_node WHERE id = ?').pluck().get(id)).toBe('机器人🤖')
    expect((await api('history.undo', {})).status).toBe(200)
  })
})

describe('deleting what does not exist answers not-found (404), not OK', () => {
  it('fx.delete of a missing rate', async () => {
    await probe(api('fx.delete', { currency: 'CNY', asOf: '1999-01-04' }), 404, 'fx.notFound', /no CNY rate dated 1999-01-04/)
  })
  it('chain.deleteNode of a missing node', async () => {
    await probe(api('chain.deleteNode', { id: 'no.such.node' }), 404, 'chain.nodeNotFound', /no\.such\.node not found/)
  })
  it('history.get / history.revert of a missing change set', async () => {
    await probe(api('history.get', { id: 999_999 }), 404, 'history.notFound', /999999 not found/)
    await probe(api('history.revert', { to: 999_999 }), 404, 'history.notFound', /999999 not found/)
  })
})

describe('IPC sender check', () => {
  const own = '/opt/workbench/out/renderer/index.html'
  it.each([
    'file:///tmp/evil/renderer/index.html',
    'file:///opt/workbench/out/renderer/index.html.evil',
    'file:///opt/workbench/out/renderer/../renderer2/index.html',
    'file://evil.example/opt/workbench/out/renderer/index.html',
    'http://127.0.0.1:5173/index.html',
    'https://evil.example/opt/workbench/out/renderer/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isTrustedRendererUrl(url, own)).toBe(false)
  })
  it('accepts only the app’s own renderer', () => {
    expect(isTrustedRendererUrl('file:///opt/workbench/out/renderer/index.html', own)).toBe(true)
    expect(isTrustedRendererUrl('file:///opt/workbench/out/renderer/index.html#/compare', own)).toBe(true)
  })
})

describe('after every probe', () => {
  it('the database is as it was (the one accepted edit was undone)', () => {
    const strip = (s: string) => s.replace(/^(change_set|change|meta):.*$/gm, '')
    expect(strip(dumpDb(w.db))).toBe(strip(initial))
  })
})
