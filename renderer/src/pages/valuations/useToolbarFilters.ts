/**
 * The toolbar's own filters — which tables (scope), market, chain layer, search — as page state
 * (not saved: a visit starts from all tables), and the table the scope names.
 */
import { useEffect, useState } from 'react'
import { scopeTableId, type Market } from './query'

export interface ToolbarFilters {
  /** what the table select picked ('' also when a report passed in stands for it) */
  scope: string
  setScope: (s: string) => void
  /** what the table select shows: the scope, else the report passed in */
  scopeValue: string
  tableId: number | null
  market: Market | ''
  setMarket: (m: Market | '') => void
  layerId: string
  setLayerId: (id: string) => void
  /** the search box as typed; `search` follows it after a short pause */
  searchText: string
  setSearchText: (s: string) => void
  search: string
}

export function useToolbarFilters(reportId: string | undefined): ToolbarFilters {
  const [scope, setScope] = useState('')
  const [market, setMarket] = useState<Market | ''>('')
  const [layerId, setLayerId] = useState('')
  const [searchText, setSearchText] = useState('')
  const [search, setSearch] = useState('')
  useEffect(() => {
    // short: the engine answers a search from the security index, so typing can drive it
    const h = setTimeout(() => setSearch(searchText), 120)
    return () => clearTimeout(h)
  }, [searchText])
  // A report chosen on the Reports page replaces whatever scope was picked here (and clearing it
  // from here, which sets the scope first, keeps the new choice).
  useEffect(() => {
    if (reportId) setScope('')
  }, [reportId])
  const scopeValue = scope || (reportId ? `r:${reportId}` : '')
  const tableId = scopeTableId(scopeValue)
  return { scope, setScope, scopeValue, tableId, market, setMarket, layerId, setLayerId, searchText, setSearchText, search }
}
