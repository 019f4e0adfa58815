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
} from './domain'

const reportId = z.string().regex(/^[a-z0-9_-]{1,40}$/i, 'report id: letters, digits, - or _')
const securityId = z.string().min(1).max(40).regex(/^[A-Za-z0-9.:_-]+$/, 'security id: e.g. 002230.SZ, 0700.HK, MSFT.US')
const noInput = z.object({}).strict()

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
