import { ApiInputError, isMethod, parseInput, type Handlers } from '../../../shared/contract'
import { NotFoundError } from './errors'
import { ChainEditError } from '../services/chain'

export type ApiReply =
  | { ok: true; result: unknown }
  | { ok: false; error: { kind: 'input' | 'not-found' | 'unknown-method' | 'internal'; message: string } }

/**
 * Validates the payload against the contract, then calls the handler. Every transport goes
 * through here, so no handler ever sees an unvalidated payload.
 */
export function dispatch(handlers: Handlers, method: unknown, payload: unknown): ApiReply {
  if (!isMethod(method)) {
    return { ok: false, error: { kind: 'unknown-method', message: `unknown API method: ${String(method).slice(0, 80)}` } }
  }
  try {
    const input = parseInput(method, payload)
    const result = (handlers[method] as (i: unknown) => unknown)(input)
    return { ok: true, result }
  } catch (e) {
    if (e instanceof ApiInputError) return { ok: false, error: { kind: 'input', message: e.message } }
    if (e instanceof ChainEditError) return { ok: false, error: { kind: 'input', message: e.message } }
    if (e instanceof NotFoundError) return { ok: false, error: { kind: 'not-found', message: e.message } }
    // Internal errors are logged in main; the renderer gets the message, never a stack.
    console.error(`[api] ${method} failed:`, e)
    return { ok: false, error: { kind: 'internal', message: e instanceof Error ? e.message : String(e) } }
  }
}
