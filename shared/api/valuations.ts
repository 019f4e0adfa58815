/** Valuations domain: printed valuation-table rows, whole lists and screen-sized pages. */
import { z } from 'zod'
import type { ValuationRowView } from '../domain'
import type { QualityFlag } from '../quality'
import type { ExclusionReason } from '../stats'
import { currency, fyKey, label, nodeId, reportId, securityId } from './common'

/** Sortable / filterable grid columns; multiples are per fiscal year, e.g. pe:FY24E. */
export const GRID_COLUMN = /^(company|market|report|asOf|layer|marketCap|price|(pe|ps):(FY\d{2}[AE]?|FY[1-3]|TTM|LYR|DYN|FWD))$/
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
        /** 0: no rows (only the counts and statistics asked for) */
        limit: z.number().int().min(0).max(1000).default(100),
        /** language of the company names sorted on (the name shown, falling back to the other one) */
        lang: z.enum(['zh', 'en']).default('zh'),
        /**
         * false: skip `total` (answered as -1) and `groups` — for the later blocks of a grid that
         * already knows them; counting a whole-market filter is the dearest part of a page.
         */
        counts: z.boolean().default(true),
        /** statistics of one multiple over every row of the filter (see ValuationPageStats) */
        stats: z.object({ metric: z.enum(['pe', 'ps']), fyKey }).strict().optional(),
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
  /** the row's materialised data-quality flags (a flag never changes a value) */
  quality: QualityFlag[]
  /** notes about the security, and breached thesis checks on them */
  notes: number
  thesisFlags: number
}

/**
 * shared/stats.ts group statistics of one multiple over the whole filter: NM rule (negative or
 * ≥100×) and implausible P/E–P/S pairs left out, market caps in the reporting currency as weights.
 */
export interface ValuationPageStats {
  metric: 'pe' | 'ps'
  fyKey: string
  currency: string
  /** rows in the filter */
  rows: number
  /** multiples used */
  count: number
  excludedCounts: Record<ExclusionReason, number>
  /** used multiples without a weight (no market cap or no FX rate) */
  unweighted: number
  totalMcap: number | null
  mean: number | null
  median: number | null
  weightedMean: number | null
  aggregate: number | null
  min: number | null
  max: number | null
}

export interface ValuationPage {
  rows: ValuationGridRow[]
  /** rows matching the filter (-1 when asked with counts: false) */
  total: number
  /** rows per primary layer for the same filter (layer null = not placed), in chain order */
  groups: { layerId: string | null; count: number }[] | null
  /** present when asked for with `stats` */
  stats?: ValuationPageStats
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
