/**
 * One import run, from input to resolved rows: read → pick sheet → apply fixes → interpret →
 * resolve securities. Preview and commit both go through here, so what the analyst saw in the
 * preview is exactly what is written.
 */
import type { ImportPreset, Interpretation, ColumnMapping } from '../../../../shared/import/types'
import { interpret } from '../../../../shared/import/interpret'
import { BUILTIN_PRESETS } from '../../../../shared/import/presets'
import type { Resolution } from '../../../../shared/api/imports'
import { invalid } from '../../../../shared/errors'
import type { Db } from '../../db/connection'
import { applyFixes, pickSheet, readSource, type ReadSource, type SourceInput } from './source'
import { resolver } from './resolve'
import { savedPresets } from './presets'

export interface RunOptions {
  source: SourceInput
  preset?: string | null
  sheet?: string | null
  columns?: { index: number; role: ColumnMapping['role']; unit?: string | null }[]
  fixes?: { sourceRow: number; column: number; value: string }[]
  matches?: { sourceRow: number; securityId: string }[]
}

export interface Run {
  src: ReadSource
  sheet: string | null
  interpretation: Interpretation
  resolutions: Resolution[]
}

export function allPresets(db: Db): ImportPreset[] {
  return [...BUILTIN_PRESETS, ...savedPresets(db)]
}

export async function runImport(db: Db, o: RunOptions): Promise<Run> {
  const src = await readSource(o.source)
  return interpretRead(db, src, o)
}

/** The synchronous part (after the file is read): used by the CLI and the benchmark too. */
export function interpretRead(db: Db, src: ReadSource, o: Omit<RunOptions, 'source'>): Run {
  const picked = pickSheet(src, o.sheet)
  const grid = applyFixes(picked.grid, o.fixes)
  const columns: ColumnMapping[] | undefined = o.columns?.map((c) => ({ index: c.index, header: '', role: c.role, unit: c.unit ?? null }))
  const interpretation = interpret(grid, { format: src.format, preset: o.preset ?? null, presets: allPresets(db), columns })
  const res = resolver(db)
  const chosen = new Map((o.matches ?? []).map((m) => [m.sourceRow, m.securityId]))
  for (const [row, id] of chosen) {
    if (!res.known(id)) throw invalid('import.unknownSecurity', `row ${row}: security ${id} is not in the workspace`, { row, securityId: id }, 'matches')
  }
  const resolutions = interpretation.rows.map((r) => res.resolve(r, chosen.get(r.sourceRow)))
  return { src, sheet: src.format === 'xlsx' ? picked.name : null, interpretation, resolutions }
}
