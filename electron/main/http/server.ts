/**
 * Browser mode: the same handler table as the desktop IPC, over HTTP on 127.0.0.1 only.
 * Guards: loopback bind, a random per-launch token on every API call, and a Host/Origin check
 * so a web page the analyst visits cannot reach the workspace (DNS rebinding, CSRF).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { Handlers } from '../../../shared/contract'
import { HTTP_STATUS, type ApiReply } from '../../../shared/errors'
import type { PushEvent } from '../../../shared/push'
import { CANCEL_PATH } from '../../../shared/methods'
import { dispatch } from '../api/dispatch'
import { CSP } from '../security'

/** What the server forwards to: the engine worker (browser mode) or a handler table (tests). */
export interface Backend {
  call(method: string, payload: unknown): Promise<ApiReply>
  /** preferred when present: the reply already serialised (by the engine worker) */
  callJson?(method: string, payload: unknown): Promise<{ json: string; status: number }>
  onPush(fn: (e: PushEvent) => void): () => void
  cancel?(): void
}

export interface ServeOptions {
  backend?: Backend
  /** in-process handlers (tests); browser mode passes the worker as backend */
  handlers?: Handlers
  staticDir: string
  port?: number
  token?: string
}

export function inProcessBackend(handlers: Handlers): Backend {
  return { call: async (m, p) => dispatch(handlers, m, p), onPush: () => () => {} }
}

const refuse = (res: ServerResponse, status: number, code: string, message: string) =>
  send(res, status, { ok: false, error: { kind: status === 401 || status === 403 ? 'refused' : 'input', code, params: {}, message } })

/** SSE heartbeat: keeps idle connections from being reaped and notices closed tabs. */
const HEARTBEAT_MS = 15_000

export interface RunningServer {
  server: Server
  port: number
  token: string
  url: string
  close(): Promise<void>
}

const MAX_BODY = 1_000_000
/** imports carry a whole file (base64): a 100k-row export is tens of MB */
const MAX_IMPORT_BODY = 96_000_000
const bodyLimit = (method: string) => (method.startsWith('import.') ? MAX_IMPORT_BODY : MAX_BODY)
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('hex')
  const staticRoot = resolve(opts.staticDir)
  const backend = opts.backend ?? inProcessBackend(opts.handlers!)
  let port = opts.port ?? 0
  const streams = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => send(res, 500, { ok: false, error: { kind: 'internal', code: 'internal', params: {}, message: String(e) } }))
  })
  const unsubscribe = backend.onPush((e) => {
    const line = `data: ${JSON.stringify(e)}\n\n`
    for (const s of streams) s.write(line)
  })
  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n')
  }, HEARTBEAT_MS)
  heartbeat.unref()

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
    if (!allowedHosts.includes(req.headers.host ?? '')) return refuse(res, 421, 'http.badHost', 'bad Host')
    let pathname: string
    try {
      // Malformed percent-encoding (/%zz) is the client's mistake: 400, not a 500.
      pathname = decodeURIComponent(new URL(req.url ?? '/', `http://${req.headers.host}`).pathname)
    } catch {
      return refuse(res, 400, 'http.badPath', 'malformed URL path')
    }
    if (pathname === '/api/events') return events(req, res)
    if (pathname === CANCEL_PATH) return cancel(req, res)
    if (pathname.startsWith('/api/')) return api(req, res, pathname.slice(5))
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'http.method', 'method not allowed')
    return serveStatic(res, pathname)
  }

  /** Origin and token checks shared by every API route. */
  function guard(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin
    if (origin && !(origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`)) {
      refuse(res, 403, 'http.crossOrigin', 'cross-origin request refused')
      return false
    }
    // A token header with bytes outside printable ASCII is a malformed request, not a wrong
    // guess (the token is hex): say so with a 400 instead of a bare 401 (probes.test.ts).
    const given = req.headers['x-workbench-token']
    if (typeof given === 'string' && !/^[\x20-\x7e]*$/.test(given)) {
      refuse(res, 400, 'http.tokenMalformed', 'workbench token: only printable ASCII characters are allowed (the token is hexadecimal)')
      return false
    }
    if (!tokenMatches(given, token)) {
      refuse(res, 401, 'http.token', 'missing or wrong workbench token')
      return false
    }
    return true
  }

  /** Change notifications as server-sent events (read with fetch, so the token stays in a header). */
  function events(req: IncomingMessage, res: ServerResponse): void {
    if (!guard(req, res)) return
    if (req.method !== 'GET') return void refuse(res, 405, 'http.method', 'use GET')
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' })
    res.write(': connected\n\n')
    streams.add(res)
    req.on('close', () => streams.delete(res))
  }

  /** Answered here, not by the worker: the worker is busy with the very operation to cancel. */
  function cancel(req: IncomingMessage, res: ServerResponse): void {
    if (!guard(req, res)) return
    if (req.method !== 'POST') return void refuse(res, 405, 'http.method', 'use POST')
    backend.cancel?.()
    send(res, 200, { ok: true, result: { ok: true } })
  }

  async function api(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (!guard(req, res)) return
    if (req.method !== 'POST') return refuse(res, 405, 'http.method', 'use POST')
    // Requiring JSON keeps simple cross-site form posts out even without the token check.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 415, 'http.contentType', 'content-type must be application/json')
    }
    let payload: unknown
    try {
      const body = await readBody(req, bodyLimit(method))
      payload = body.length ? JSON.parse(body) : {}
    } catch (e) {
      return refuse(res, 400, 'http.body', `request body: ${(e as Error).message}`)
    }
    if (backend.callJson) {
      const r = await backend.callJson(method, payload)
      return sendJson(res, r.status, r.json)
    }
    const reply = await backend.call(method, payload)
    send(res, reply.ok ? 200 : HTTP_STATUS[reply.error.kind], reply)
  }

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    const rel = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '')
    const file = normalize(join(staticRoot, rel))
    if (!file.startsWith(staticRoot + sep)) return refuse(res, 404, 'http.notFound', 'not found')
    try {
      const body = await readFile(file)
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      })
      res.end(body)
    } catch {
      refuse(res, 404, 'http.notFound', `not found: ${rel}`)
    }
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(port, '127.0.0.1', () => ok())
  })
  const addr = server.address()
  port = typeof addr === 'object' && addr ? addr.port : port
  return {
    server,
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise((ok) => {
        clearInterval(heartbeat)
        unsubscribe()
        for (const s of streams) s.end()
        server.close(() => ok())
      }),
  }
}

/** Constant-time token check; byte lengths are compared first (a non-ASCII header byte must not throw). */
function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given, 'latin1')
  const b = Buffer.from(token, 'latin1')
  return a.length === b.length && timingSafeEqual(a, b)
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((ok, fail) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) {
        fail(new Error(`larger than ${max} bytes`))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })
}

/** Writes JSON text as it is (the engine serialised it off this thread). */
function sendJson(res: ServerResponse, status: number, json: string): void {
  if (res.headersSent) return
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' })
  res.end(json)
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' })
  res.end(JSON.stringify(body))
}
