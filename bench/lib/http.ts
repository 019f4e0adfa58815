/** A browser-mode API call from the bench: the body is counted, not parsed (the client is not what is measured). */
import { request } from 'node:http'

export class CallTimeout extends Error {}

export function post(srv: { port: number; token: string }, method: string, payload: unknown, timeoutMs: number): Promise<number> {
  return new Promise((ok, fail) => {
    const body = JSON.stringify(payload)
    const req = request(
      {
        host: '127.0.0.1',
        port: srv.port,
        path: `/api/${method}`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-workbench-token': srv.token, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let bytes = 0
        res.on('data', (c: Buffer) => (bytes += c.length))
        res.on('end', () => (res.statusCode === 200 ? ok(bytes) : fail(new Error(`${method}: HTTP ${res.statusCode}`))))
        res.on('error', fail)
      },
    )
    req.setTimeout(timeoutMs, () => req.destroy(new CallTimeout(`${method}: no answer within ${timeoutMs} ms`)))
    req.on('error', fail)
    req.end(body)
  })
}

/** Is the engine answering at all (a runaway query blocks every later call)? */
export async function responsive(srv: { port: number; token: string }, timeoutMs = 3000): Promise<boolean> {
  try {
    await post(srv, 'workspace.info', {}, timeoutMs)
    return true
  } catch {
    return false
  }
}
