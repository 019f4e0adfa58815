/**
 * The grid's columns for the current view, and that view's saved column state made whole before
 * its grid is made. All tables: the figure columns with a printed cell under the filter, plus
 * those sorted or filtered on; one table: its printed layout.
 */
import { useEffect, useMemo, useState } from 'react'
import type { ValuationTableLayout } from '../../../../shared/api/valuations'
import type { Lang } from '../../../../shared/format'
import { api } from '../../api'
import type { Dict } from '../../i18n'
import type { Col, ColumnContext, ColumnView } from './columnKit'
import { leafColumnIds, valuationColumns } from './columns'
import { completeColumnState, shownFigureColumns } from './query'
import type { ValuationsText } from './text'

/** what the columns are made from (ColumnContext less the view, which is made here) */
interface ViewInput extends Omit<ColumnContext, 'view'> {
  tableId: number | null
  layout: ValuationTableLayout | null
  /** one table: its grid columns with something to show (flags and notes are left out when not among them) */
  layoutColumns: string[] | null
  /** all tables: the figure columns with a printed cell under the filter (null: not known yet) */
  present: string[] | null
  sortCols: string[]
  filterModel: Record<string, unknown>
}

/** `view` null: its columns are not known yet (no grid is made). `hiddenEmpty`: the names of the columns left out as empty. */
export function useViewColumns(p: ViewInput) {
  const { t, v, lang, currency, fyKeys, layerName, tableId, layout, present } = p
  const filteredCols = useMemo(() => Object.keys(p.filterModel), [p.filterModel])
  const figures = useMemo(() => shownFigureColumns(present, [...p.sortCols, ...filteredCols]), [present, p.sortCols, filteredCols])
  const markers = useMemo(() => (p.layoutColumns ? new Set(p.layoutColumns) : null), [p.layoutColumns])
  const view: ColumnView | null = tableId != null ? (layout ? { kind: 'table', layout, markers } : null) : present ? { kind: 'all', figures } : null
  const columns = useMemo(
    () => (view ? valuationColumns({ t, v, lang, currency, fyKeys, layerName, view }) : []),
    [t, v, lang, currency, fyKeys, layerName, view?.kind === 'table' ? view.layout : figures, markers, view == null], // eslint-disable-line react-hooks/exhaustive-deps
  )
  const hiddenEmpty = useMemo(() => (tableId != null || !figures ? [] : hiddenEmptyNames(figures, fyKeys, t, v, lang)), [tableId, figures, fyKeys, t, v, lang])
  return { view, columns, hiddenEmpty }
}

/** all tables: the grid's columns the filter leaves blank top to bottom (named as in the headers) */
function hiddenEmptyNames(figures: ReadonlySet<string>, fyKeys: string[], t: Dict, v: ValuationsText, lang: Lang): string[] {
  const named: [string, string][] = [
    ['flags', t.flags],
    ['notes', lang === 'zh' ? '笔记' : 'Notes'],
    ['marketCap', t.marketCap],
    ['price', v.price],
    ...(['pe', 'ps'] as const).flatMap((m) => fyKeys.map((y): [string, string] => [`${m}:${y}`, `${m === 'pe' ? 'P/E' : 'P/S'} ${y}`])),
  ]
  return named.filter(([id]) => !figures.has(id)).map(([, name]) => name)
}

/**
 * Before a view's grid is made: its saved column state made whole for the columns it has now
 * (a column hidden as empty when the state was saved would otherwise come back at the far right).
 * Returns the view key whose state is ready (the grid is made when it is the current one).
 */
export function useSavedColumnState(viewKey: string, hasView: boolean, columns: Col[]): string | null {
  const [stateReady, setStateReady] = useState<string | null>(null)
  useEffect(() => {
    if (!hasView || stateReady === viewKey) return
    let live = true
    const key = `grid:${viewKey}:columns`
    const order = leafColumnIds(columns)
    api['prefs.get']({ key })
      .then((r) => {
        const saved: unknown = r.value ? JSON.parse(r.value) : null
        if (!Array.isArray(saved) || saved.length === 0 || !live) return
        const whole = completeColumnState(saved as { colId: string }[], order)
        if (whole.length !== saved.length) return api['prefs.set']({ key, value: JSON.stringify(whole) })
      })
      .catch(() => {})
      .finally(() => live && setStateReady(viewKey))
    return () => {
      live = false
    }
  }, [viewKey, hasView]) // eslint-disable-line react-hooks/exhaustive-deps
  return stateReady
}
