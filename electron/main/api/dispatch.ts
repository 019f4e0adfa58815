/**
 * Validates the payload against the contract, then calls the handler. Every transport (IPC,
 * HTTP, the worker) goes through here, so no handler ever sees an unvalidated payload, and every
 * failure becomes {kind, code, field, params, message}.
 */
import { ApiInputError, isMethod, parseInput, type Handlers } from '../../../shared/contract'
import { AppError, type ApiReply } from '../../../shared/errors'

export type { ApiReply }

/**
 * Synchronous handlers answer synchronously (tests and the worker rely on it); a handler that
 * must wait (reading an XLSX with exceljs, SQLite's online backup API) returns a Promise and the
 * reply is a Promise too.
 */
export function dispatch(handlers: Handlers, method: unknown, payload: unknown): ApiReply | Promise<ApiReply> {
  if (!isMethod(method)) {
    const name = String(method).slice(0, 80)
    return { ok: false, error: { kind: 'unknown-method', code: 'api.unknownMethod', params: { method: name }, message: `unknown API method: ${name}` } }
  }
  try {
    const input = parseInput(method, payload)
    const result = (handlers[method] as (i: unknown) => unknown)(input)
    if (result instanceof Promise) {
      return result.then(
        (r): ApiReply => ({ ok: true, result: r }),
        (e): ApiReply => ({ ok: false, error: errorBody(method, e) }),
      )
    }
    return { ok: true, result }
  } catch (e) {
    return { ok: false, error: errorBody(method, e) }
  }
}

/** For callers that know the method is synchronous (integration tests of sync handlers). */
export function dispatchSync(handlers: Handlers, method: unknown, payload: unknown): ApiReply {
  const r = dispatch(handlers, method, payload)
  if (r instanceof Promise) throw new Error(`${String(method)} is asynchronous: await dispatch()`)
  return r
}

export function errorBody(method: string, e: unknown): ApiReply extends infer R ? (R extends { ok: false; error: infer E } ? E : never) : never {
  if (e instanceof ApiInputError || e instanceof AppError) return e.toBody()
  const code = (e as { code?: string }).code
  // extended codes too (SQLITE_BUSY_RECOVERY, SQLITE_LOCKED_SHAREDCACHE…): still "try again", not a 500
  if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return { kind: 'busy', code: 'db.busy', params: {}, message: 'The workspace is busy with another write; try again.' }
  }
  // Internal errors are logged where they happen; the renderer gets the message, never a stack.
  console.error(`[api] ${method} failed:`, e)
  return { kind: 'internal', code: 'internal', params: { detail: e instanceof Error ? e.message : String(e) }, message: e instanceof Error ? e.message : String(e) }
}
