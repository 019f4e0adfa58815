/**
 * A gate per query: the counts and statistics of a filter are asked only once its first block
 * of rows has been answered, so the rows come first (the engine answers one request at a time).
 */
import { useCallback, useRef } from 'react'

/** Resolves when the first block of a query has been answered (or after a while anyway). */
export function useFirstBlockGate() {
  const done = useRef(new Set<string>())
  const waiting = useRef(new Map<string, () => void>())
  const mark = useCallback((key: string) => {
    done.current.add(key)
    waiting.current.get(key)?.()
    waiting.current.delete(key)
  }, [])
  const wait = useCallback(
    (key: string, ms = 1500) =>
      new Promise<void>((resolve) => {
        if (done.current.has(key)) return resolve()
        const timer = setTimeout(resolve, ms)
        waiting.current.set(key, () => (clearTimeout(timer), resolve()))
      }),
    [],
  )
  return { mark, wait }
}

export type FirstBlockGate = ReturnType<typeof useFirstBlockGate>
