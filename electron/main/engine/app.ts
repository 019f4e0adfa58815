/**
 * Domain "apps", combined (after Actual Budget's createApp): each domain folder registers its
 * handlers; combine() merges them and refuses a method registered twice or not in the contract.
 */
import { METHODS, type ApiParsed, type ApiResults, type Handlers, type Method } from '../../../shared/contract'
import type { EngineContext } from './context'

export type DomainHandlers<M extends Method> = { [K in M]: (input: ApiParsed<K>, ctx: EngineContext) => ApiResults[K] | Promise<ApiResults[K]> }

export function combine(ctx: EngineContext, ...domains: Partial<{ [K in Method]: (input: ApiParsed<K>, ctx: EngineContext) => ApiResults[K] | Promise<ApiResults[K]> }>[]): Handlers {
  const out: Record<string, (input: unknown) => unknown> = {}
  for (const d of domains) {
    for (const [name, fn] of Object.entries(d)) {
      if (name in out) throw new Error(`API method ${name} is registered twice`)
      if (!(METHODS as string[]).includes(name)) throw new Error(`API method ${name} is not in the contract`)
      out[name] = (input: unknown) => (fn as (i: unknown, c: EngineContext) => unknown)(input, ctx)
    }
  }
  const missing = METHODS.filter((m) => !(m in out))
  if (missing.length) throw new Error(`API methods without a handler: ${missing.join(', ')}`)
  return out as unknown as Handlers
}
