/**
 * The renderer's data layer: one cache of API results keyed by [method, input], kept fresh by
 * the engine's push events.
 *
 * Why TanStack Query rather than a hand-written cache: the parts that are easy to get wrong —
 * de-duplicating identical requests from several components, dropping a stale answer that
 * arrives after a newer one, refetching only queries that are on screen and marking the rest
 * stale, keeping the previous result while a new input loads, garbage-collecting unused
 * entries — are exactly what it does, in ~13 kB. Our own code is only the policy: results
 * never go stale by time (staleTime: Infinity), only when a push event says a table they read
 * changed (shared/push.ts isAffected), and every failure is shown to the user.
 */
import {
  keepPreviousData,
  MutationCache,
  QueryCache,
  QueryClient,
  useMutation,
  useQuery,
  type UseQueryResult,
} from '@tanstack/react-query'
import { useEffect } from 'react'
import type { ApiInput, ApiResults, Method } from '../../shared/contract'
import { isAffected, viewKeys, type PushEvent } from '../../shared/push'
import { callApi, subscribePush, type ApiError } from './api'
import { dismissKey, notify, notifyError } from './notices'

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    // A failed read is a visible notice (pages also show it in place).
    onError: (e) => notifyError(e),
  }),
  mutationCache: new MutationCache({
    // A form that shows the error next to its fields says so with meta.inline.
    onError: (e, _v, _c, m) => {
      if (!m.meta?.inline) notifyError(e)
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: Infinity,
      gcTime: 5 * 60_000,
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
  },
})

export type QueryKey<M extends Method> = readonly [M, ApiInput<M>]

export const keyOf = <M extends Method>(method: M, input: ApiInput<M>): QueryKey<M> => [method, input]

/** A read through the cache; re-renders when a push event makes the result stale and it is refetched. */
export function useApiQuery<M extends Method>(
  method: M,
  input: ApiInput<M>,
  opts: { enabled?: boolean; keepPrevious?: boolean } = {},
): UseQueryResult<ApiResults[M], ApiError> {
  return useQuery<ApiResults[M], ApiError, ApiResults[M], QueryKey<M>>({
    queryKey: keyOf(method, input),
    queryFn: () => callApi(method, input),
    enabled: opts.enabled,
    placeholderData: opts.keepPrevious ? keepPreviousData : undefined,
  })
}

/** A one-off read through the cache (e.g. saved grid column state applied once at grid ready). */
export function fetchApi<M extends Method>(method: M, input: ApiInput<M>): Promise<ApiResults[M]> {
  return queryClient.fetchQuery({ queryKey: keyOf(method, input), queryFn: () => callApi(method, input) })
}

/** Sets a cached result ahead of the write that will confirm it (language, options, exclusions). */
export function setApiData<M extends Method>(method: M, input: ApiInput<M>, data: ApiResults[M]): void {
  // A fetch of the same key already in flight would land after this and put the old value back
  // (an optimistic checkbox flipping back): cancel it first; the write's push refetches anyway.
  void queryClient.cancelQueries({ queryKey: keyOf(method, input) })
  queryClient.setQueryData(keyOf(method, input), data)
}

/**
 * A write. The cache is not touched here: the engine's push event after the commit invalidates
 * exactly the affected queries, in this window and every other one. `inline: true` leaves the
 * error to the caller (a form showing it beside the field) instead of a notice.
 */
export function useApiMutation<M extends Method>(method: M, opts: { inline?: boolean; onSuccess?: (r: ApiResults[M], input: ApiInput<M>) => void } = {}) {
  return useMutation<ApiResults[M], ApiError, ApiInput<M>>({
    mutationFn: (input) => callApi(method, input),
    meta: { inline: !!opts.inline },
    onSuccess: opts.onSuccess,
  })
}

/** Refetches (or marks stale) every cached query a change may affect. */
export function invalidateFor(entities: readonly string[]): void {
  // A view-state save (map options, a column width) refetches that pref only, not every pref.
  const keys = viewKeys(entities)
  void queryClient.invalidateQueries({
    predicate: (q) => {
      const method = String(q.queryKey[0])
      if (!isAffected(method, entities)) return false
      return !keys || method !== 'prefs.get' || keys.has((q.queryKey[1] as { key?: string } | undefined)?.key ?? '')
    },
  })
}

const listeners = new Set<(e: PushEvent) => void>()

/** Other renderer code that wants push events (the history panel's progress line) without a second stream. */
export function onPushEvent(fn: (e: PushEvent) => void): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

/** Subscribes once (App) to the engine's push events and invalidates what each change affects. */
export function usePushSync(): void {
  useEffect(
    () =>
      subscribePush({
        event: (e) => {
          if (e.type === 'changed') invalidateFor(e.entities)
          for (const l of listeners) l(e)
        },
        reconnected: () => {
          dismissKey('push:lost')
          notify('ok', ({ t }) => t.pushBack, { key: 'push:back' })
          // Events may have been missed while the stream was down: everything may be stale.
          void queryClient.invalidateQueries()
        },
        lost: (error) =>
          notify('error', ({ t }) => `${t.pushLost} (${error instanceof Error ? error.message : String(error)})`, { key: 'push:lost', sticky: true }),
      }),
    [],
  )
}

