/** Calling the browser-mode API of an e2e session directly (to check what the UI wrote). */
import type { ApiInput, ApiResults, Method } from '../../shared/contract'

/** `url` is the session's app URL (it carries the per-launch token). */
export function apiCaller(url: () => string) {
  return async function call<M extends Method>(method: M, input: ApiInput<M>): Promise<ApiResults[M]> {
    const u = new URL(url())
    const res = await fetch(`${u.origin}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-workbench-token': u.searchParams.get('token')! },
      body: JSON.stringify(input),
    })
    const reply = (await res.json()) as { ok: boolean; result: ApiResults[M]; error?: { message: string } }
    if (!reply.ok) throw new Error(reply.error?.message)
    return reply.result
  }
}
