/**
 * The one API contract, combined from one schema file per domain (shared/api/*.ts):
 * method name → zod input schema → result type. Main parses every payload with these schemas
 * before touching the database (the renderer is untrusted); the preload, the HTTP server and
 * the renderer client are all typed from here.
 */
import type { z } from 'zod'
import type { ApiErrorBody, ErrorParams } from './errors'
import { backupApi, type BackupResults } from './api/backup'
import { chainApi, type ChainResults } from './api/chain'
import { compareApi, type CompareResults } from './api/compare'
import { coverageApi, type CoverageResults } from './api/coverage'
import { fxApi, type FxResults } from './api/fx'
import { historyApi, type HistoryResults } from './api/history'
import { importsApi, type ImportsResults } from './api/imports'
import { notesApi, type NotesResults } from './api/notes'
import { qualityApi, type QualityResults } from './api/quality'
import { reportsApi, type ReportsResults } from './api/reports'
import { securitiesApi, type SecuritiesResults } from './api/securities'
import { valuationsApi, type ValuationsResults } from './api/valuations'
import { workspaceApi, type WorkspaceResults } from './api/workspace'

/** Merges domain schema maps; a method name defined twice is a programming error caught at load. */
export function combineSchemas<T extends Record<string, { input: z.ZodTypeAny }>[]>(...parts: T): UnionToIntersection<T[number]> {
  const out: Record<string, { input: z.ZodTypeAny }> = {}
  for (const p of parts) {
    for (const [k, v] of Object.entries(p)) {
      if (k in out) throw new Error(`API method ${k} is defined twice`)
      out[k] = v
    }
  }
  return out as UnionToIntersection<T[number]>
}
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never

export const api = combineSchemas(
  workspaceApi,
  reportsApi,
  coverageApi,
  valuationsApi,
  securitiesApi,
  chainApi,
  fxApi,
  compareApi,
  qualityApi,
  historyApi,
  notesApi,
  importsApi,
  backupApi,
)

export type Method = keyof typeof api

export type ApiResults = WorkspaceResults &
  ReportsResults &
  CoverageResults &
  ValuationsResults &
  SecuritiesResults &
  ChainResults &
  FxResults &
  CompareResults &
  QualityResults &
  HistoryResults &
  NotesResults &
  ImportsResults &
  BackupResults

export type ApiInput<M extends Method> = z.input<(typeof api)[M]['input']>
export type ApiParsed<M extends Method> = z.output<(typeof api)[M]['input']>

/** What main implements: one handler per method, receiving the already-validated input (a few answer asynchronously). */
export type Handlers = { [M in Method]: (input: ApiParsed<M>) => ApiResults[M] | Promise<ApiResults[M]> }

/** What the renderer calls (over IPC or HTTP): async, typed by the same map. */
export type ApiClient = { [M in Method]: (input: ApiInput<M>) => Promise<ApiResults[M]> }

export const METHODS = Object.keys(api) as Method[]

/** Input validation failure: every bad field with a code, so the UI can say it in zh or en. */
export class ApiInputError extends Error {
  constructor(
    readonly method: string,
    readonly issues: { path: string; message: string; code: string; params: ErrorParams }[],
  ) {
    super(`${method}: invalid input — ${issues.map((i) => `${i.path || '(payload)'}: ${i.message}`).join('; ')}`)
    this.name = 'ApiInputError'
  }

  toBody(): ApiErrorBody {
    const first = this.issues[0]
    return {
      kind: 'input',
      code: first?.code ?? 'input.invalid',
      field: first?.path || undefined,
      params: first?.params ?? {},
      message: this.message,
      issues: this.issues.map((i) => ({ field: i.path, code: i.code, message: i.message, params: i.params })),
    }
  }
}

type ZodIssueLike = { code: string; path: PropertyKey[]; message: string; params?: Record<string, unknown> } & Record<string, unknown>

/** A zod issue as {code, params}: refinements carry their own code; built-in checks get input.<zod code>. */
function issueOf(i: ZodIssueLike): { path: string; message: string; code: string; params: ErrorParams } {
  const params: ErrorParams = {}
  for (const k of ['minimum', 'maximum', 'expected', 'origin', 'format'] as const) {
    const v = i[k]
    if (typeof v === 'string' || typeof v === 'number') params[k] = v
    else if (typeof v === 'bigint') params[k] = Number(v)
  }
  if (typeof i.inclusive === 'boolean') params.inclusive = i.inclusive
  if (Array.isArray(i.keys)) params.keys = i.keys.join(', ')
  if (Array.isArray(i.values)) params.values = i.values.map(String).join(' | ')
  const custom = i.params ?? {}
  for (const [k, v] of Object.entries(custom)) if (k !== 'code' && (typeof v === 'string' || typeof v === 'number')) params[k] = v
  const code = typeof custom.code === 'string' ? custom.code : `input.${i.code}`
  return { path: i.path.map(String).join('.'), message: i.message, code, params }
}

/** Validates a payload for a method; throws ApiInputError naming each bad field. */
export function parseInput<M extends Method>(method: M, payload: unknown): ApiParsed<M> {
  const r = api[method].input.safeParse(payload ?? {})
  if (!r.success) throw new ApiInputError(method, r.error.issues.map((i) => issueOf(i as unknown as ZodIssueLike)))
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
