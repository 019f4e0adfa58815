/** Valuations domain: printed valuation-table rows, whole lists and screen-sized pages. */
import { z } from 'zod'
import type { ValuationRowView } from '../domain'
import { currency, label, nodeId, reportId, securityId } from './common'

/** Sortable / filterable grid columns; multiples are per fiscal year, e.g. pe:FY24E. */
export const GRID_COLUMN = /^(company|market|report|asOf|layer|marketCap|price|(pe|ps):FY\d{2}[AE]?)$/
const column = z.string().refine((c) => GRID_COLUMN.test(c), { message: 'column: company, market, report, asOf, layer, marketCap, price, pe:FY24E…', params: { code: 'grid.column' } })
export const MARKETS = ['CN-A', 'HK', 'US', 'unlisted', 'other'] as const

export const valuationsApi = {
  /** Printed valuation-table rows with every figure (printed string + parsed value) and provenance. */
  'valuations.list': { input: z.object({ reportId: reportId.optional(), securityId: securityId.optional() }).strict() },
  /**
   * One page of valuation rows for a grid: filter, sort (market cap in the reporting currency)
   * and grouping by chain layer are done in SQL; only the page's rows cross the bridge.
   */
  'valuations.page': {
    input: z
      .object({
        reportId: reportId.optional(),
        tableId: z.number().int().positive().optional(),
        layerId: nodeId.optional(),
        market: z.enum(MARKETS).optional(),
        search: label(60).optional(),
        currency: currency.default('USD'),
        /** only each security's latest row (newest as-of) */
        latestOnly: z.boolean().default(false),
        sort: z.array(z.object({ col: column, dir: z.enum(['asc', 'desc']) }).strict()).max(3).default([]),
        ranges: z
          .array(z.object({ col: column, min: z.number().finite().optional(), max: z.number().finite().optional() }).strict())
          .max(10)
          .default([]),
        groupByLayer: z.boolean().default(false),
        offset: z.number().int().min(0).max(10_000_000).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
  },
  /** Small lists for dropdowns: reports with their tables, fiscal years present, markets. */
  'valuations.facets': { input: z.object({}).strict() },
} as const

export interface ValuationGridRow extends ValuationRowView {
  /** the security's primary chain layer (null: not placed) */
  layerId: string | null
  /** market cap in the requested reporting currency, millions (null: none or no FX rate) */
  mcapReporting: number | null
  fxStale: boolean
}

export interface ValuationPage {
  rows: ValuationGridRow[]
  total: number
  /** rows per primary layer for the same filter (layer null = not placed), in chain order */
  groups: { layerId: string | null; count: number }[] | null
}

export interface ValuationFacets {
  reports: { id: string; institution: string; tables: { id: number; label: string; rows: number }[] }[]
  fyKeys: string[]
}

export interface ValuationsResults {
  'valuations.list': ValuationRowView[]
  'valuations.page': ValuationPage
  'valuations.facets': ValuationFacets
}
