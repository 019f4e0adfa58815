/**
 * Import domain: the analyst's own files (CSV/TSV in any of the usual encodings, XLSX) and
 * tables pasted from PDF reports. Preview is read-only and validates every row; commit writes
 * all-or-nothing in one change set (undoable as one step) with provenance for every figure.
 */
import { z } from 'zod'
import type { ColumnMapping, Interpretation, ImportPreset, ImportRow, RejectedRow, SkippedRow, SourceFormat } from '../import/types'
import { isoDate, label, noInput, reportId, securityId, text } from './common'

const role = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('code') }).strict(),
  z.object({ kind: z.literal('name') }).strict(),
  z.object({ kind: z.literal('price') }).strict(),
  z.object({ kind: z.literal('marketCap') }).strict(),
  z.object({ kind: z.literal('multiple'), metric: z.enum(['pe', 'ps']), basis: z.string().regex(/^(FY\d{2}[AE]?|FY[1-3]|TTM|LYR|DYN|FWD)$/, 'basis: FY25E, TTM, LYR, DYN or FWD') }).strict(),
  z.object({ kind: z.literal('currency') }).strict(),
  z.object({ kind: z.literal('date') }).strict(),
  z.object({ kind: z.literal('ignore') }).strict(),
])

/** The analyst's column choices in the wizard: by 0-based column index. */
export const columnOverride = z
  .object({ index: z.number().int().min(0).max(500), role, unit: label(40).nullable().optional() })
  .strict()

/** A file (bytes as base64) or pasted text. `name` is shown and recorded; it is never opened as a path. */
export const importSource = z
  .object({
    name: label(255),
    base64: z.string().max(90_000_000).regex(/^[A-Za-z0-9+/=\s]*$/, 'base64: not base64 text').optional(),
    text: text(30_000_000).optional(),
  })
  .strict()
  .refine((s) => (s.base64 === undefined) !== (s.text === undefined), { message: 'source: give either base64 (a file) or text (a pasted table)', params: { code: 'import.sourceKind' } })

const readOptions = {
  source: importSource,
  /** a preset id (built-in such as 'wind', 'bloomberg', or saved); omitted: recognised from the headers */
  preset: z.string().max(80).nullable().optional(),
  /** XLSX: the sheet to read (default: the first with data) */
  sheet: z.string().max(200).nullable().optional(),
  columns: z.array(columnOverride).max(500).optional(),
  /** a corrected cell: the preview's "fix" */
  fixes: z.array(z.object({ sourceRow: z.number().int().min(1), column: z.number().int().min(0).max(500), value: text(500) }).strict()).max(10_000).optional(),
}

/** Where the figures go: an existing source record (report), or a new one. */
export const importTarget = z.union([
  z.object({ reportId }).strict(),
  z
    .object({
      institution: label(120),
      title: label(300).optional(),
      date: isoDate.optional(),
      /** as-of date of the figures (default: the file's own, else the date) */
      asOf: isoDate.optional(),
    })
    .strict(),
])

export const importsApi = {
  /** Built-in and saved column-mapping presets. */
  'import.presets': { input: noInput },
  /** Saves the current mapping as a preset (by name; saving again replaces it). */
  'import.savePreset': {
    input: z.object({ name: label(80), columns: z.array(z.object({ match: label(200), role, unit: label(40).nullable().optional() }).strict()).min(1).max(200), marketCapUnit: label(40).nullable().optional() }).strict(),
  },
  /** Reads, interprets and validates a file or paste without writing anything. */
  'import.preview': {
    input: z
      .object({
        ...readOptions,
        limit: z.number().int().min(0).max(5000).optional(),
        /** the analyst's decisions so far (as for commit): the preview's `blocking` says what still stops the commit */
        skipRows: z.array(z.number().int().min(1)).max(1_000_000).optional(),
        skipRejected: z.boolean().optional(),
        matches: z.array(z.object({ sourceRow: z.number().int().min(1), securityId }).strict()).max(100_000).optional(),
        createNew: z.boolean().optional(),
      })
      .strict(),
  },
  /**
   * Writes the import in one transaction and one undoable change set. Refused (nothing written)
   * while rejected rows are neither fixed nor skipped, while securities are unresolved and not
   * confirmed, or when the same file was imported before (unless allowDuplicate).
   */
  'import.commit': {
    input: z
      .object({
        ...readOptions,
        target: importTarget,
        /** source rows to leave out */
        skipRows: z.array(z.number().int().min(1)).max(1_000_000).optional(),
        /** leave out every rejected row (the report still lists them) */
        skipRejected: z.boolean().optional(),
        /** the analyst's choice of security for a row (a suggested match, or any security) */
        matches: z.array(z.object({ sourceRow: z.number().int().min(1), securityId }).strict()).max(100_000).optional(),
        /** create the new securities the preview proposes (otherwise unresolved rows refuse the commit) */
        createNew: z.boolean().optional(),
        allowDuplicate: z.boolean().optional(),
      })
      .strict(),
  },
  /** Past imports, newest first. */
  'import.list': { input: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict() },
} as const

/** How a row's security was found, or what would be created. */
export type Resolution =
  | { status: 'matched'; securityId: string; by: 'id' | 'alias' | 'name' | 'choice' }
  | { status: 'new'; securityId: string; nameZh: string | null; nameEn: string | null; suggestions: { id: string; name: string }[] }
  | { status: 'unresolved'; suggestions: { id: string; name: string }[] }

export interface PreviewRow extends ImportRow {
  resolution: Resolution
}

export interface ImportPreview {
  fileName: string
  fileHash: string
  format: SourceFormat
  encoding: string | null
  sheets: string[]
  sheet: string | null
  preset: string | null
  headerRows: number[]
  columns: ColumnMapping[]
  titleUnit: string | null
  asOf: string | null
  /** the first `limit` rows (default 200); counts cover all */
  rows: PreviewRow[]
  totalRows: number
  rejected: RejectedRow[]
  skipped: SkippedRow[]
  counts: { rows: number; rejected: number; skipped: number; matched: number; new: number; unresolved: number; warnings: number }
  /** an earlier import of the same bytes */
  duplicateOf: ImportSummary | null
  /** what would refuse the commit with the decisions given (rejected rows not skipped, new or unresolved securities, a duplicate row, a multiple without a basis) */
  blocking: RejectedRow[]
}

export interface ImportSummary {
  id: number
  reportId: string
  fileName: string
  fileHash: string
  format: SourceFormat
  sheet: string | null
  preset: string | null
  at: string
  state: 'applied' | 'undone'
  rows: number
  figures: number
}

export interface ImportCommitResult {
  import: ImportSummary
  setId: number
  tables: number
  created: string[]
  /** rows left out (skipped by the analyst or rejected and skipped) */
  leftOut: RejectedRow[]
}

export interface ImportsResults {
  'import.presets': { presets: ImportPreset[] }
  'import.savePreset': { preset: ImportPreset }
  'import.preview': ImportPreview
  'import.commit': ImportCommitResult
  'import.list': { imports: ImportSummary[] }
}

export type { Interpretation }
