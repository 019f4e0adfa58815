/**
 * Zod building blocks shared by every domain's schemas. Each refinement carries a `code` in its
 * params so the renderer can say what is wrong in the user's language (see shared/errors.ts).
 */
import { z } from 'zod'
import { ISO_4217 } from './currencies'

const rule = (code: string, message: string, extra: Record<string, string | number> = {}) => ({ message, params: { code, ...extra } })

/**
 * A pattern check that keeps its code: zod's .regex()/.min()/.max() drop custom params, so the
 * UI would only learn "invalid_format". Refinements carry them through to the error body.
 */
const matches = (re: RegExp, code: string, message: string) => [(s: string) => re.test(s), rule(code, message)] as const

export const noInput = z.object({}).strict()

export const reportId = z.string().refine(...matches(/^[a-z0-9_-]{1,40}$/i, 'reportId.format', 'report id: letters, digits, - or _'))
export const securityId = z
  .string()
  .refine(...matches(/^[A-Za-z0-9.:_-]{1,40}$/, 'securityId.format', 'security id: e.g. 002230.SZ, 0700.HK, MSFT.US'))
export const nodeId = z.string().refine(...matches(/^[a-z][a-z0-9_.-]{0,60}$/, 'nodeId.format', 'node id: lower-case letters, digits, . _ -'))
export const prefKey = z.string().refine(...matches(/^[a-z0-9.:_-]{1,80}$/i, 'prefKey.format', 'key: letters, digits, . : _ -'))
export const fyKey = z.string().refine(...matches(/^(FY\d{2}[AE]?|FY[1-3]|TTM|LYR|DYN|FWD)$/, 'fyKey.format', 'fiscal year (FY23E) or basis (TTM, LYR, DYN, FWD)'))

/** Calendar check, not just shape: 2023-02-30 and 0000-01-01 are not dates an analyst means. */
export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (y < 1970 || y > 2100) return false
  const t = new Date(Date.UTC(y, mo - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
}
export const isoDate = z
  .string()
  .refine(...matches(/^\d{4}-\d{2}-\d{2}$/, 'date.format', 'date: YYYY-MM-DD'))
  .refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || isRealDate(s), rule('date.notReal', 'date: not a calendar date between 1970 and 2100'))

/** ISO 4217 only: "any three letters" let typos like USB or ZZZ into the FX table. */
export const currency = z
  .string()
  .refine(...matches(/^[A-Z]{3}$/, 'currency.format', 'currency: ISO code such as CNY, HKD, USD'))
  .refine((c) => !/^[A-Z]{3}$/.test(c) || ISO_4217.has(c), rule('currency.unknown', 'currency: not an ISO 4217 currency code'))

const CONTROL = /[\u0000-\u001f\u007f]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Text a person types as a name or label: trimmed, not blank, no control characters (NUL
 * breaks C strings and exports) and no lone surrogates (they cannot be encoded as UTF-8).
 */
export function label(max: number) {
  return z
    .string()
    .refine((s) => !LONE_SURROGATE.test(s), rule('text.badUnicode', 'text: broken Unicode (lone surrogate)'))
    .refine((s) => !CONTROL.test(s), rule('text.control', 'text: control characters are not allowed'))
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .refine((s) => s.length > 0, rule('text.blank', 'text: must not be blank'))
        .refine((s) => s.length <= max, rule('text.tooLong', `text: at most ${max} characters`, { max })),
    )
}

/** Long free text (pref values, notes later): any characters but NUL and lone surrogates. */
export function text(max: number) {
  return z
    .string()
    .refine((s) => s.length <= max, rule('text.tooLong', `text: at most ${max} characters`, { max }))
    .refine((s) => !LONE_SURROGATE.test(s), rule('text.badUnicode', 'text: broken Unicode (lone surrogate)'))
    .refine((s) => !s.includes('\u0000'), rule('text.control', 'text: NUL characters are not allowed'))
}

/** A list whose items must be distinct (duplicates would otherwise hit a UNIQUE constraint). */
export function distinct<T extends z.ZodTypeAny>(item: T, max: number) {
  return z
    .array(item)
    .max(max)
    .refine((xs) => new Set(xs).size === xs.length, rule('list.duplicate', 'list: the same item appears twice'))
}

/** One method's schema plus its doc line; the result type lives in the domain's Results map. */
export interface MethodSpec {
  input: z.ZodTypeAny
}
