/**
 * The wizard's state and the pure rules on it: the file as base64, the analyst's decisions
 * (column overrides, fixed cells, skipped rows, chosen securities) and what they turn into in
 * the preview / commit inputs, and what still blocks a commit.
 */
import type { ApiInput } from '../../../shared/contract'
import type { ImportPreview, PreviewRow } from '../../../shared/api/imports'
import type { ColumnMapping, ColumnRole } from '../../../shared/import/types'

/** What was chosen: a file's bytes or a pasted table. */
export type Source = { kind: 'file'; name: string; size: number; base64: string } | { kind: 'paste'; name: string; text: string }

/** The engine refuses base64 over 90,000,000 characters (67.5 MB of bytes). */
export const MAX_FILE_MB = 64

/**
 * Bytes → base64, a slice at a time: String.fromCharCode(...bytes) of a whole 30 MB file would
 * overflow the call stack, and one giant binary string doubles the memory. Slices are a multiple
 * of 3 bytes so the pieces concatenate into one valid base64 text.
 */
export function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf)
  const CHUNK = 3 * 8192
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const sub = bytes.subarray(i, Math.min(i + CHUNK, bytes.length))
    let bin = ''
    for (let j = 0; j < sub.length; j += 4096) bin += String.fromCharCode.apply(null, sub.subarray(j, j + 4096) as unknown as number[])
    parts.push(btoa(bin))
  }
  return parts.join('')
}

export function sourceInput(s: Source): ApiInput<'import.preview'>['source'] {
  return s.kind === 'file' ? { name: s.name, base64: s.base64 } : { name: s.name, text: s.text }
}

// ── column roles ─────────────────────────────────────────────────────────────────────────────

export type RoleKey = 'code' | 'name' | 'price' | 'marketCap' | 'pe' | 'ps' | 'currency' | 'date' | 'ignore'
export const ROLE_KEYS: RoleKey[] = ['code', 'name', 'price', 'marketCap', 'pe', 'ps', 'currency', 'date', 'ignore']

export const roleKey = (r: ColumnRole): RoleKey => (r.kind === 'multiple' ? r.metric : r.kind)

/** The bases the engine accepts for an override (shared/api/imports.ts). */
export const BASIS_RE = /^(FY\d{2}[AE]?|TTM|LYR|DYN|FWD)$/

/** Basis choices: estimates around this year, recent actuals, then the non-fiscal bases. */
export function basisOptions(current: string | null | undefined, now = new Date()): string[] {
  const yy = now.getFullYear() % 100
  const two = (n: number) => String(((n % 100) + 100) % 100).padStart(2, '0')
  const out: string[] = []
  for (let y = yy - 1; y <= yy + 3; y++) out.push(`FY${two(y)}E`)
  for (let y = yy - 4; y <= yy; y++) out.push(`FY${two(y)}A`)
  out.push('TTM', 'LYR', 'DYN', 'FWD')
  if (current && BASIS_RE.test(current) && !out.includes(current)) out.unshift(current)
  return out
}

/** The role for a select choice; a multiple keeps the basis it had, or takes a sensible one. */
export function roleFor(key: RoleKey, prev: ColumnRole, fallbackBasis: string): ColumnRole {
  if (key === 'pe' || key === 'ps') {
    const basis = prev.kind === 'multiple' && BASIS_RE.test(prev.basis) ? prev.basis : fallbackBasis
    return { kind: 'multiple', metric: key, basis }
  }
  return { kind: key }
}

export interface Override {
  role: ColumnRole
  unit: string | null
}

/** The analyst's decisions on top of what the engine read. */
export interface Decisions {
  /** by column index */
  overrides: Record<number, Override>
  /** `${sourceRow}:${column}` → corrected text */
  fixes: Record<string, string>
  skipRows: number[]
  skipRejected: boolean
  /** sourceRow → security id chosen for the row */
  matches: Record<number, string>
}

export const NO_DECISIONS: Decisions = { overrides: {}, fixes: {}, skipRows: [], skipRejected: false, matches: {} }

export const fixKey = (sourceRow: number, column: number) => `${sourceRow}:${column}`

/** The read options both preview and commit send (same interpretation in both). */
export function readInput(source: Source, preset: string, sheet: string | null, d: Decisions): ApiInput<'import.preview'> {
  const columns = Object.entries(d.overrides).map(([i, o]) => ({ index: Number(i), role: o.role, unit: o.unit }))
  const fixes = Object.entries(d.fixes).map(([k, value]) => {
    const [row, col] = k.split(':')
    return { sourceRow: Number(row), column: Number(col), value }
  })
  return {
    source: sourceInput(source),
    preset: preset || null,
    sheet,
    ...(columns.length ? { columns } : {}),
    ...(fixes.length ? { fixes } : {}),
  }
}

/** The mapping as shown: the engine's, with the analyst's overrides laid over it. */
export function mappingOf(columns: ColumnMapping[], d: Decisions): (ColumnMapping & { changed: boolean })[] {
  return columns.map((c) => {
    const o = d.overrides[c.index]
    return o ? { ...c, role: o.role, unit: o.unit, changed: true } : { ...c, changed: false }
  })
}

/** Columns for import.savePreset: matched by printed header (first of each header wins). */
export function presetColumns(columns: ColumnMapping[]): { match: string; role: ColumnRole; unit: string | null }[] {
  const seen = new Set<string>()
  const out: { match: string; role: ColumnRole; unit: string | null }[] = []
  for (const c of columns) {
    const match = c.header.trim().slice(0, 200)
    if (!match || seen.has(match)) continue
    if (c.role.kind === 'multiple' && !BASIS_RE.test(c.role.basis)) continue
    seen.add(match)
    out.push({ match, role: c.role, unit: c.unit?.trim() ? c.unit.trim().slice(0, 40) : null })
  }
  return out.slice(0, 200)
}

// ── rows and what blocks a commit ────────────────────────────────────────────────────────────

/** A preview row with the analyst's choice and skip applied (preview itself ignores both). */
export interface ShownRow extends PreviewRow {
  choice: string | null
  skip: boolean
}

export function shownRows(p: ImportPreview, d: Decisions): ShownRow[] {
  const skip = new Set(d.skipRows)
  return p.rows.map((r) => ({ ...r, choice: d.matches[r.sourceRow] ?? null, skip: skip.has(r.sourceRow) }))
}

export interface Pending {
  /** rejected rows neither fixed nor skipped */
  rejected: number
  /** rows whose security was not found and not chosen */
  unresolved: number
  /** rows with a new security while creating is not confirmed */
  newRows: number
  /** distinct new securities a commit would create (for the checkbox) */
  newIds: number
}

/**
 * What still refuses the commit, as the engine decides it (payload.ts plan): rejected rows not
 * skipped, unresolved rows without a choice, new securities not confirmed. Skip-all-rejected
 * leaves every such row out instead. Rows past the preview limit count as the engine counted them.
 */
export function pendingOf(p: ImportPreview, d: Decisions, createNew: boolean): Pending {
  const skip = new Set(d.skipRows)
  const rejectedRows = new Set(p.rejected.map((r) => r.sourceRow))
  const decided = (r: PreviewRow) => skip.has(r.sourceRow) || d.matches[r.sourceRow] != null
  const live = p.rows.filter((r) => !rejectedRows.has(r.sourceRow))
  const ofStatus = (s: string) => p.rows.filter((r) => r.resolution.status === s)
  // rows past the preview limit: not visible, so undecided (and each its own security)
  const hiddenNew = Math.max(0, p.counts.new - ofStatus('new').length)
  const hiddenUnresolved = Math.max(0, p.counts.unresolved - ofStatus('unresolved').length)
  const undecidedNew = live.filter((r) => r.resolution.status === 'new' && !decided(r))
  const newIds = new Set(undecidedNew.map((r) => (r.resolution.status === 'new' ? r.resolution.securityId : ''))).size + hiddenNew
  const newRows = undecidedNew.length + hiddenNew
  const unresolved = live.filter((r) => r.resolution.status === 'unresolved' && !decided(r)).length + hiddenUnresolved
  if (d.skipRejected) return { rejected: 0, unresolved: 0, newRows: 0, newIds }
  return { rejected: [...rejectedRows].filter((r) => !skip.has(r)).length, unresolved, newRows: createNew ? 0 : newRows, newIds }
}

/** "2026-11-30T08:12:00Z" → local "2026-11-30 16:12". */
export function localTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const pad = (x: number) => String(x).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** The file name without its folder (a path pasted in by the OS is never shown whole). */
export const baseName = (name: string) => name.split(/[\\/]/).pop() || name

/** The title a new source record gets by default: the file name without its extension. */
export const titleOf = (name: string) => baseName(name).replace(/\.(csv|tsv|txt|xlsx?|xls)$/i, '')
