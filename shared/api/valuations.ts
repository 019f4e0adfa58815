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
        /**
         * also answer `columns` (the grid's figure columns with a printed cell in the filter's
         * rows) and, with `tableId`, `table` (that table's printed layout)
         */
        columns: z.boolean().default(false),
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
  /**
   * Present when asked for with `columns`: the grid's figure columns (GRID_COLUMN ids
   * marketCap, price, pe:FY23E, ps:FY24E…) with at least one non-blank printed cell among the
   * rows of the filter (ranges included), and 'flags' / 'notes' when a row of the filter has a
   * quality flag / its company a note; in the order flags, notes, marketCap, price, P/E by
   * year, P/S by year.
   */
  columns?: string[]
  /** present when asked for with `columns` and `tableId`: that table as printed (null: no such table) */
  table?: ValuationTableLayout | null
}

/**
 * One printed figure column of a valuation table: a metric, its fiscal year as printed and, for
 * metric 'other', the printed column label. A figure belongs to the column when metric and label
 * match and its fyKey equals the column's (or, when the column has none, its printed fy does).
 */
export interface ValuationTableColumn {
  /**
   * The grid's column id: marketCap, price or pe:FY23E / ps:FY23E (sortable and filterable in
   * valuations.page) for those figures, otherwise `fig:<n>` (n: printed position), shown as printed.
   */
  id: string
  metric: string
  fyKey: string | null
  /** the fiscal year as the table prints it (first row that has one) */
  fy: string | null
  label: string | null
  /** the unit as printed (caption / header / cell) of a non-blank cell of the column */
  unit: string | null
  /** some cell of the column parses as a number */
  numbers: boolean
  /** some cell is a money figure (normalised to millions of a currency) */
  money: boolean
}

/** A valuation table as printed: its caption, where it is printed, and its figure columns in printed order. */
export interface ValuationTableLayout {
  id: number
  reportId: string
  institution: string
  label: string
  source: string | null
  line: number | null
  asOfDate: string | null
  asOfInferred: boolean
  asOfNote: string | null
  headerPrinted: string | null
  /** rows of the table (aggregate rows left out, as in the grid) */
  rows: number
  /** columns with at least one non-blank cell, in the order the table prints them */
  columns: ValuationTableColumn[]
}

export interface ValuationFacets {
  reports: {
    id: string
    institution: string
    /** the report's title and date as printed (optional: added for the table selector) */
    title?: string | null
    date?: string | null
    /**
     * `rows`: every printed row of the table, its summary rows (平均值, 中位数…) included;
     * `gridRows` (added for the table selector): the rows the grid shows, summary rows left out
     */
    tables: { id: number; label: string; rows: number; gridRows?: number }[]
  }[]
  fyKeys: string[]
}

export interface ValuationsResults {
  'valuations.list': ValuationRowView[]
  'valuations.page': ValuationPage
  'valuations.facets': ValuationFacets
}
