/**
 * Errors as data. The engine raises {kind, code, field, params}; the renderer turns the code
 * into Chinese or English text with the params (renderer/src/errorText.ts). `message` is an
 * English fallback for logs, scripts and the CLI — never shown when a translation exists.
 */
export type ErrorKind = 'input' | 'not-found' | 'conflict' | 'busy' | 'cancelled' | 'refused' | 'unknown-method' | 'internal'

export type ErrorParams = Record<string, string | number | boolean | null>

export interface ApiErrorBody {
  kind: ErrorKind
  code: string
  field?: string
  params: ErrorParams
  message: string
  /** every invalid field, when input validation found more than one */
  issues?: { field: string; code: string; message: string; params: ErrorParams }[]
}

export type ApiReply = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody }

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly params: ErrorParams = {},
    readonly field?: string,
  ) {
    super(message)
    this.name = 'AppError'
  }

  toBody(): ApiErrorBody {
    return { kind: this.kind, code: this.code, params: this.params, message: this.message, ...(this.field ? { field: this.field } : {}) }
  }
}

export const notFound = (code: string, message: string, params: ErrorParams = {}) => new AppError('not-found', code, message, params)
export const conflict = (code: string, message: string, params: ErrorParams = {}, field?: string) =>
  new AppError('conflict', code, message, params, field)
export const invalid = (code: string, message: string, params: ErrorParams = {}, field?: string) =>
  new AppError('input', code, message, params, field)

/** HTTP status for an error kind (browser mode). */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  input: 400,
  'not-found': 404,
  conflict: 409,
  busy: 503,
  cancelled: 409,
  refused: 403,
  'unknown-method': 404,
  internal: 500,
}
