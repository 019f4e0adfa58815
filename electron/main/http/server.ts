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
import { dispatch } from '../api/dispatch'
import { CSP } from '../security'

export interface ServeOptions {
  handlers: Handlers
  staticDir: string
  port?: number
  token?: string
}

export interface RunningServer {
  server: Server
  port: number
  token: string
  url: string
  close(): Promise<void>
}

const MAX_BODY = 1_000_000
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
  let port = opts.port ?? 0
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => send(res, 500, { ok: false, error: { kind: 'internal', message: String(e) } }))
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
    if (!allowedHosts.includes(req.headers.host ?? '')) return send(res, 421, { ok: false, error: { kind: 'input', message: 'bad Host' } })
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    if (url.pathname.startsWith('/api/')) return api(req, res, url.pathname.slice(5))
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { ok: false, error: { kind: 'input', message: 'method not allowed' } })
    return serveStatic(res, url.pathname)
  }

  async function api(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const origin = req.headers.origin
    if (origin && !(origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`)) {
      return send(res, 403, { ok: false, error: { kind: 'input', message: 'cross-origin request refused' } })
    }
    if (!tokenMatches(req.headers['x-workbench-token'], token)) {
      return send(res, 401, { ok: false, error: { kind: 'input', message: 'missing or wrong workbench token' } })
    }
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: { kind: 'input', message: 'use POST' } })
    // Requiring JSON keeps simple cross-site form posts out even without the token check.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return send(res, 415, { ok: false, error: { kind: 'input', message: 'content-type must be application/json' } })
    }
    let payload: unknown
    try {
      const body = await readBody(req)
      payload = body.length ? JSON.parse(body) : {}
    } catch (e) {
      return send(res, 400, { ok: false, error: { kind: 'input', message: `request body: ${(e as Error).message}` } })
    }
    const reply = dispatch(opts.handlers, decodeURIComponent(method), payload)
    const status = reply.ok ? 200 : { input: 400, 'not-found': 404, 'unknown-method': 404, internal: 500 }[reply.error.kind]
    send(res, status, reply)
  }

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
    const file = normalize(join(staticRoot, rel))
    if (!file.startsWith(staticRoot + sep)) return send(res, 404, { ok: false, error: { kind: 'not-found', message: 'not found' } })
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
      send(res, 404, { ok: false, error: { kind: 'not-found', message: `not found: ${rel}` } })
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
    close: () => new Promise((ok) => server.close(() => ok())),
  }
}

function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false
  return timingSafeEqual(Buffer.from(given), Buffer.from(token))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        fail(new Error(`larger than ${MAX_BODY} bytes`))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' })
  res.end(JSON.stringify(body))
}
