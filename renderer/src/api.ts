/**
 * The renderer's API client, typed by the shared contract. On the desktop it calls the
 * preload bridge (window.workbench); in browser mode it POSTs to the loopback server with the
 * per-launch token taken from the page URL. Failures are thrown as ApiError carrying the whole
 * error body ({kind, code, field, params, issues}) and the input that caused it, so
 * errorText.ts can say what is wrong, in which field, with the offending value.
 */
import type { ApiClient, ApiInput, ApiResults, Method } from '../../shared/contract'
import type { ApiErrorBody, ApiReply } from '../../shared/errors'
import { CANCEL_PATH, METHOD_NAMES } from '../../shared/methods'
import type { PushEvent } from '../../shared/push'

/** What the preload exposes (electron/preload): one function per method, plus push and cancel. */
interface Bridge {
  onPush(fn: (e: PushEvent) => void): () => void
  cancel(): Promise<unknown>
}

declare global {
  interface Window {
    workbench?: Bridge & Record<string, unknown>
  }
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly body: ApiErrorBody,
    /** the payload sent, so a message can quote the offending value */
    readonly input: unknown,
  ) {
    super(body.message)
    this.name = 'ApiError'
  }
  get kind() {
    return this.body.kind
  }
  get code() {
    return this.body.code
  }
  get field() {
    return this.body.field
  }
  get params() {
    return this.body.params
  }
}

function token(): string {
  const fromUrl = new URLSearchParams(location.search).get('token')
  if (fromUrl) sessionStorage.setItem('workbench.token', fromUrl)
  return fromUrl ?? sessionStorage.getItem('workbench.token') ?? ''
}

/** A transport failure (server gone, not JSON) as an error body, so it is shown like any other. */
function transportError(code: string, message: string): ApiReply {
  return { ok: false, error: { kind: 'internal', code, params: { detail: message }, message } }
}

async function callHttp(method: Method, input: unknown): Promise<ApiReply> {
  let res: Response
  try {
    res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-workbench-token': token() },
      body: JSON.stringify(input ?? {}),
    })
  } catch (e) {
    return transportError('net.unreachable', e instanceof Error ? e.message : String(e))
  }
  try {
    return (await res.json()) as ApiReply
  } catch {
    return transportError('net.badReply', `HTTP ${res.status} ${res.statusText}`)
  }
}

async function call<M extends Method>(method: M, input: ApiInput<M>): Promise<ApiResults[M]> {
  const bridge = window.workbench
  const reply = bridge ? await (bridge[method] as (i: unknown) => Promise<ApiReply>)(input) : await callHttp(method, input)
  if (!reply.ok) throw new ApiError(method, reply.error, input)
  return reply.result as ApiResults[M]
}

export const api = Object.fromEntries(
  METHOD_NAMES.map((m) => [m, (input: unknown) => call(m, input as never)]),
) as unknown as ApiClient

/** Calls one method with its input; the typed form of api[method](input) for generic code. */
export function callApi<M extends Method>(method: M, input: ApiInput<M>): Promise<ApiResults[M]> {
  return call(method, input)
}

/** Stops the running long operation (import, bulk load) at its next check. */
export async function cancelRunning(): Promise<void> {
  if (window.workbench) {
    await window.workbench.cancel()
    return
  }
  const reply = (await fetch(CANCEL_PATH, { method: 'POST', headers: { 'x-workbench-token': token() } }).then((r) => r.json())) as ApiReply
  if (!reply.ok) throw new ApiError('control.cancel', reply.error, {})
}

export interface PushHandlers {
  event: (e: PushEvent) => void
  /** the stream came back after a break: events may have been missed */
  reconnected: () => void
  /** the stream broke (browser mode); it is retried with backoff */
  lost: (error: unknown) => void
}

/**
 * Subscribes to push events; returns the unsubscribe function. Desktop: the preload's onPush.
 * Browser mode: GET /api/events read with fetch and a stream reader (EventSource cannot send
 * the token in a header, and a token in the URL would end up in logs), reconnecting with
 * exponential backoff.
 */
export function subscribePush(h: PushHandlers): () => void {
  if (window.workbench) return window.workbench.onPush(h.event)
  const stop = new AbortController()
  void (async () => {
    let delay = 500
    let connectedBefore = false
    let broken = false
    while (!stop.signal.aborted) {
      try {
        const res = await fetch('/api/events', { headers: { 'x-workbench-token': token() }, signal: stop.signal })
        if (!res.ok || !res.body) throw new Error(`/api/events: HTTP ${res.status}`)
        if (connectedBefore) h.reconnected()
        connectedBefore = true
        broken = false
        delay = 500
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
        let buf = ''
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          buf += value
          let end: number
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const chunk = buf.slice(0, end)
            buf = buf.slice(end + 2)
            // Comment lines (": ping") are heartbeats; data lines carry one JSON event.
            const data = chunk
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).trimStart())
              .join('\n')
            if (data) h.event(JSON.parse(data) as PushEvent)
          }
        }
        throw new Error('/api/events: stream closed')
      } catch (e) {
        if (stop.signal.aborted) return
        if (!broken) h.lost(e)
        broken = true
      }
      await new Promise((ok) => setTimeout(ok, delay))
      delay = Math.min(delay * 2, 15_000)
    }
  })()
  return () => stop.abort()
}
