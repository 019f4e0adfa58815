import { z } from 'zod'

/**
 * Shape of the bundled facts in data/reports/NNN.json (see data/EXTRACTION.md).
 * Validated on load so a hand edit that breaks the file is reported with its path,
 * not loaded half-way.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')

export const METRICS = ['price', 'marketCap', 'pe', 'ps', 'pb', 'eps', 'revenue', 'netProfit', 'valuation', 'other'] as const
export type Metric = (typeof METRICS)[number]

export const STANCES = ['重点推荐', '推荐', '关注', '投资标的'] as const

export const seedFlag = z.object({ code: z.string().min(1), note: z.string() })

export const seedFigure = z.object({
  metric: z.enum(METRICS),
  label: z.string().optional(),
  fy: z.string().nullable(),
  printed: z.string(),
  unit: z.string().nullable(),
})

export const seedRow = z.object({
  row: z.number().int().positive(),
  line: z.number().int().positive().nullable(),
  company: z.string().min(1),
  tickerPrinted: z.string().nullable(),
  aggregate: z.boolean(),
  layerLabel: z.string().nullable().optional(),
  figures: z.array(seedFigure),
  flags: z.array(seedFlag).default([]),
})

export const seedTable = z.object({
  label: z.string().min(1),
  line: z.number().int().positive().nullable(),
  source: z.string().nullable(),
  asOfNote: z.string().nullable(),
  asOfDate: isoDate.nullable(),
  asOfInferred: z.boolean(),
  headerPrinted: z.string().nullable().optional(),
  rows: z.array(seedRow),
})

export const seedCoverage = z.object({
  company: z.string().min(1),
  tickerPrinted: z.string().nullable(),
  stance: z.string().nullable(),
  layerLabel: z.string().nullable(),
  role: z.string(),
  /** the same role line in Chinese (our words) */
  roleZh: z.string().optional(),
  source: z.string().nullable(),
  line: z.number().int().positive().nullable(),
})

export const seedTaxonomy = z.object({
  label: z.string(),
  line: z.number().int().positive().nullable(),
  layers: z.array(z.object({ label: z.string().min(1), segments: z.array(z.string()) })),
})

export const seedSecurity = z.object({
  id: z.string().min(1),
  nameZh: z.string().nullable(),
  nameEn: z.string().nullable(),
  market: z.enum(['CN-A', 'HK', 'US', 'unlisted', 'other']),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO currency code').nullable(),
  listed: z.boolean(),
  aliases: z.array(z.string()),
})

export const seedReport = z.object({
  schema: z.literal(1),
  report: z.object({
    key: z.string().regex(/^\d{3}$/),
    seedFile: z.string(),
    institution: z.string().min(1),
    title: z.string().min(1).nullable(),
    date: isoDate.nullable(),
    dateInferred: z.boolean(),
    dateNote: z.string(),
    industryRating: z.string().nullable(),
  }),
  taxonomies: z.array(seedTaxonomy),
  coverage: z.array(seedCoverage),
  valuationTables: z.array(seedTable),
  securities: z.array(seedSecurity),
})

export type SeedReport = z.infer<typeof seedReport>
export type SeedSecurity = z.infer<typeof seedSecurity>
export type SeedFigure = z.infer<typeof seedFigure>

export const seedChainTaxonomy = z.object({
  schema: z.literal(1),
  note: z.string().optional(),
  layers: z.array(
    z.object({
      id: z.string().regex(/^[a-z][a-z0-9_.-]*$/),
      nameZh: z.string().min(1),
      nameEn: z.string().min(1),
      segments: z.array(z.object({ id: z.string().regex(/^[a-z][a-z0-9_.-]*$/), nameZh: z.string().min(1), nameEn: z.string().min(1) })),
    }),
  ),
})

export const seedCrosswalk = z.object({
  schema: z.literal(1),
  note: z.string().optional(),
  entries: z.array(z.object({ report: z.string().regex(/^\d{3}$/), label: z.string().min(1), nodes: z.array(z.string()).min(1), why: z.string().optional() })),
})

export const seedAssignments = z.object({
  schema: z.literal(1),
  note: z.string().optional(),
  assignments: z.array(z.object({ securityId: z.string().min(1), nodes: z.array(z.string()).min(1), why: z.string().optional() })),
})

export const seedFx = z.object({
  schema: z.literal(1),
  note: z.string().optional(),
  rates: z.array(
    z.object({ currency: z.string().regex(/^[A-Z]{3}$/), asOf: isoDate, perUsd: z.number().positive(), source: z.string().min(1) }),
  ),
})

export type SeedChainTaxonomy = z.infer<typeof seedChainTaxonomy>
export type SeedCrosswalk = z.infer<typeof seedCrosswalk>
export type SeedAssignments = z.infer<typeof seedAssignments>
export type SeedFx = z.infer<typeof seedFx>
