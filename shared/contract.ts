/**
 * The one API contract: method name → zod input schema → result type.
 * Main parses every payload with these schemas before touching the database (the renderer is
 * untrusted); the preload, the HTTP server and the renderer client are all typed from here.
 */
import { z } from 'zod'
import type {
  CoverageView,
  ReportSummary,
  ResetResult,
  SecurityDetail,
  TaxonomyView,
  ValuationRowView,
  WorkspaceInfo,
  CrosswalkRow,
  SecurityNodes,
} from './domain'
import type { ChainNode, CompareResult } from './compare'
import type { FxRate } from './fx'
import type { QualityCode, QualityFlag } from './quality'
import type { ReproducedColumn } from './reproduce'

const reportId = z.string().regex(/^[a-z0-9_-]{1,40}$/i, 'report id: letters, digits, - or _')
const securityId = z.string().min(1).max(40).regex(/^[A-Za-z0-9.:_-]+$/, 'security id: e.g. 002230.SZ, 0700.HK, MSFT.US')
const noInput = z.object({}).strict()
const nodeId = z.string().regex(/^[a-z][a-z0-9_.-]{0,60}$/, 'node id: lower-case letters, digits, . _ -')
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date: YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(d)), 'date: not a real date')
const currency = z.string().regex(/^[A-Z]{3}$/, 'currency: ISO code such as CNY, HKD, USD')
const fyKey = z.string().regex(/^FY\d{2}[AE]?$/, 'fiscal year: e.g. FY23E')

export const api = {
  /** Workspace facts: schema version, data directory and row counts. */
  'workspace.info': { input: noInput },
  /** Deletes the bundled reports' rows and loads data/ again. Refused unless confirm is true. */
  'workspace.resetToBundled': { input: z.object({ confirm: z.literal(true) }).strict() },
  /** Every report with counts of coverage entries and valuation rows. */
  'reports.list': { input: noInput },
  /** Coverage entries, optionally for one report or one security. */
  'coverage.list': {
    input: z.object({ reportId: reportId.optional(), securityId: securityId.optional() }).strict(),
  },
  /** Printed valuation-table rows with every figure (printed string + parsed value) and provenance. */
  'valuations.list': {
    input: z.object({ reportId: reportId.optional(), securityId: securityId.optional() }).strict(),
  },
  /** One security: aliases, all coverage, all valuation rows. */
  'securities.get': { input: z.object({ id: securityId }).strict() },
  /** Each report's own chain taxonomy (layers upstream → downstream, segments). */
  'taxonomies.list': { input: noInput },
  /** A UI preference (e.g. grid column state) kept in the workspace so it survives restarts. */
  'prefs.get': { input: z.object({ key: z.string().regex(/^[a-z0-9.:_-]{1,80}$/i) }).strict() },
  'prefs.set': {
    input: z
      .object({ key: z.string().regex(/^[a-z0-9.:_-]{1,80}$/i), value: z.string().max(100_000) })
      .strict(),
  },
  /** Canonical chain nodes, every report label with its mapping, every security's nodes. */
  'chain.get': { input: noInput },
  /** Maps one report label to canonical nodes (empty list = unmapped); derived assignments rebuild. */
  'chain.setCrosswalk': {
    input: z.object({ reportId, label: z.string().min(1).max(200), nodeIds: z.array(nodeId).max(10) }).strict(),
  },
  /** Adds or renames a chain node (a layer when parentId is null, else a segment of that layer). */
  'chain.saveNode': {
    input: z
      .object({
        id: nodeId,
        parentId: nodeId.nullable(),
        nameZh: z.string().trim().min(1).max(60),
        nameEn: z.string().trim().min(1).max(60),
        position: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
  },
  /** Places a security in exactly these nodes, by hand. */
  'securities.setNodes': { input: z.object({ securityId, nodeIds: z.array(nodeId).max(20) }).strict() },
  /** Returns a hand-placed security to the derived assignments. */
  'securities.resetNodes': { input: z.object({ securityId }).strict() },
  /** FX rates (units per USD) with as-of date and source. */
  'fx.list': { input: noInput },
  'fx.set': {
    input: z
      .object({
        currency: currency.refine((c) => c !== 'USD', 'currency: USD is the base (always 1)'),
        asOf: isoDate,
        perUsd: z.number().positive('perUsd: must be > 0').finite().max(1e6),
        source: z.string().trim().min(1, 'source: say where the rate comes from').max(200),
      })
      .strict(),
  },
  'fx.delete': { input: z.object({ currency, asOf: isoDate }).strict() },
  /** Group statistics per chain layer or segment for one metric, fiscal year and currency. */
  'compare.run': {
    input: z
      .object({
        metric: z.enum(['pe', 'ps', 'marketCap']),
        fyKey: fyKey.nullable(),
        currency,
        nmRule: z.boolean(),
        nmCap: z.number().positive().max(10_000).default(100),
        excludeFlagged: z.boolean().default(true),
        level: z.enum(['layer', 'segment']),
        primaryOnly: z.boolean().default(false),
        excludedRowIds: z.array(z.number().int().positive()).max(10_000).default([]),
        reportId: reportId.optional(),
        tableId: z.number().int().positive().optional(),
      })
      .strict()
      .refine((o) => o.metric === 'marketCap' || o.fyKey !== null, { message: 'fyKey: required for P/E and P/S', path: ['fyKey'] }),
  },
  /** Every printed aggregate row (e.g. 市值加权平均) beside the app's own computation. */
  'compare.reproduce': { input: noInput },
  /** Data-quality flags with counts per kind. Flags never change values. */
  'quality.flags': { input: noInput },
} as const

export type Method = keyof typeof api

export interface ApiResults {
  'workspace.info': WorkspaceInfo
  'workspace.resetToBundled': ResetResult
  'reports.list': ReportSummary[]
  'coverage.list': CoverageView[]
  'valuations.list': ValuationRowView[]
  'securities.get': SecurityDetail
  'taxonomies.list': TaxonomyView[]
  'prefs.get': { value: string | null }
  'prefs.set': { ok: true }
  'chain.get': { nodes: ChainNode[]; crosswalk: CrosswalkRow[]; assignments: SecurityNodes[] }
  'chain.setCrosswalk': { ok: true }
  'chain.saveNode': { ok: true }
  'securities.setNodes': { ok: true }
  'securities.resetNodes': { ok: true }
  'fx.list': FxRate[]
  'fx.set': { ok: true }
  'fx.delete': { ok: true }
  'compare.run': CompareResult
  'compare.reproduce': { tableId: number; reportId: string; institution: string; tableLabel: string; columns: ReproducedColumn[] }[]
  'quality.flags': { flags: QualityFlag[]; counts: Record<QualityCode, number> }
}

export type ApiInput<M extends Method> = z.input<(typeof api)[M]['input']>
export type ApiParsed<M extends Method> = z.output<(typeof api)[M]['input']>

/** What main implements: one handler per method, receiving the already-validated input. */
export type Handlers = { [M in Method]: (input: ApiParsed<M>) => ApiResults[M] }

/** What the renderer calls (over IPC or HTTP): async, typed by the same map. */
export type ApiClient = { [M in Method]: (input: ApiInput<M>) => Promise<ApiResults[M]> }

export const METHODS = Object.keys(api) as Method[]

export class ApiInputError extends Error {
  constructor(
    readonly method: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`${method}: invalid input — ${issues.map((i) => `${i.path || '(payload)'}: ${i.message}`).join('; ')}`)
    this.name = 'ApiInputError'
  }
}

/** Validates a payload for a method; throws ApiInputError naming each bad field. */
export function parseInput<M extends Method>(method: M, payload: unknown): ApiParsed<M> {
  const r = api[method].input.safeParse(payload ?? {})
  if (!r.success) {
    throw new ApiInputError(
      method,
      r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    )
  }
  return r.data as ApiParsed<M>
}

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name)
}

// Compile-time guard: the preload's method list and the contract must name the same methods.
type _SameMethods = [Method] extends [import('./methods').MethodName]
  ? [import('./methods').MethodName] extends [Method]
    ? true
    : never
  : never
export const _methodsAgree: _SameMethods = true
