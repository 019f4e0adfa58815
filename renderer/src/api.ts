/**
 * The renderer's API client, typed by the shared contract. On the desktop it calls the
 * preload bridge (window.workbench); in browser mode it POSTs to the loopback server with the
 * per-launch token taken from the page URL.
 */
import type { ApiClient, ApiInput, ApiResults, Method } from '../../shared/contract'
import { METHOD_NAMES } from '../../shared/methods'

type Reply = { ok: true; result: unknown } | { ok: false; error: { kind: string; message: string } }

declare global {
  interface Window {
    workbench?: Record<string, (input: unknown) => Promise<Reply>>
  }
}

export class ApiError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message)
  }
}

function token(): string {
  const fromUrl = new URLSearchParams(location.search).get('token')
  if (fromUrl) sessionStorage.setItem('workbench.token', fromUrl)
  return fromUrl ?? sessionStorage.getItem('workbench.token') ?? ''
}

async function callHttp(method: Method, input: unknown): Promise<Reply> {
  const res = await fetch(`/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-workbench-token': token() },
    body: JSON.stringify(input ?? {}),
  })
  return (await res.json()) as Reply
}

async function call<M extends Method>(method: M, input: ApiInput<M>): Promise<ApiResults[M]> {
  const bridge = window.workbench
  const reply = bridge ? await bridge[method]!(input) : await callHttp(method, input)
  if (!reply.ok) throw new ApiError(reply.error.kind, reply.error.message)
  return reply.result as ApiResults[M]
}

export const api = Object.fromEntries(
  METHOD_NAMES.map((m) => [m, (input: unknown) => call(m, input as never)]),
) as unknown as ApiClient
