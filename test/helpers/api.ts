/** Calling the real handler table the way the app does (dispatch), for integration tests. */
import { dispatch as dispatchAny, dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import type { Workspace } from '../../electron/main/workspace'
import type { ApiErrorBody } from '../../shared/errors'

/** `call` returns the result or throws with the error's code; `fail` returns the error or throws. */
export function handlersFor(ws: Workspace, opts: { clockFrom?: string } = {}) {
  let clock = Date.parse(opts.clockFrom ?? '2024-03-01T00:00:00Z')
  const h = createHandlers(ws, { now: () => new Date((clock += 1000)) })
  const call = <T = any>(m: string, input: unknown = {}): T => {
    const r = dispatch(h, m, input)
    if (!r.ok) throw new Error(`${m} failed: ${r.error.code} ${r.error.message}`)
    return r.result as T
  }
  const fail = (m: string, input: unknown = {}): ApiErrorBody => {
    const r = dispatch(h, m, input)
    if (r.ok) throw new Error(`${m} should have failed`)
    return r.error
  }
  return { call, fail }
}

/** The same for asynchronous methods (import.preview / import.commit read files with exceljs). */
export function asyncHandlersFor(ws: Workspace, opts: { clockFrom?: string; cancelled?: () => boolean } = {}) {
  let clock = Date.parse(opts.clockFrom ?? '2024-03-01T00:00:00Z')
  const events: unknown[] = []
  const h = createHandlers(ws, { now: () => new Date((clock += 1000)), cancelled: opts.cancelled, emit: (e) => events.push(e) })
  const call = async <T = any>(m: string, input: unknown = {}): Promise<T> => {
    const r = await dispatchAny(h, m, input)
    if (!r.ok) throw new Error(`${m} failed: ${r.error.code} ${r.error.message}`)
    return r.result as T
  }
  const fail = async (m: string, input: unknown = {}): Promise<ApiErrorBody> => {
    const r = await dispatchAny(h, m, input)
    if (r.ok) throw new Error(`${m} should have failed`)
    return r.error
  }
  return { call, fail, events }
}
