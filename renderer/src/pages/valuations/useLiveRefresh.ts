/**
 * Keeps the page current when the workspace changes (an import, an edit elsewhere): a change
 * that touches what valuations.page reads reloads what is on screen.
 */
import { useCallback, useEffect, type RefObject } from 'react'
import { isAffected } from '../../../../shared/push'
import type { ServerGridHandle } from '../../components/ServerGrid'
import type { Row } from './columnKit'
import type { ColumnsCache } from './useViewFigures'

export function useLiveRefresh(columnsCache: ColumnsCache, grid: RefObject<ServerGridHandle<Row> | null>, reloadSummary: () => void) {
  /** Reloads what is on screen (rows in place, counts, statistics, which columns are empty). */
  const refresh = useCallback(() => {
    columnsCache.clear()
    grid.current?.refresh()
    reloadSummary()
  }, [columnsCache, grid, reloadSummary])
  useEffect(() => {
    const on = (e: Event) => {
      const entities = (e as CustomEvent<{ entities?: string[] } | undefined>).detail?.entities
      if (!entities || isAffected('valuations.page', entities)) refresh()
    }
    window.addEventListener('workbench:changed', on)
    return () => window.removeEventListener('workbench:changed', on)
  }, [refresh])
}
