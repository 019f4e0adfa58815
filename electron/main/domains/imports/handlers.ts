/**
 * Import domain handlers. Preview reads and validates without writing; commit writes the same
 * interpretation all-or-nothing in one undoable change set, with progress and cancel.
 */
import type { ImportCommitResult, ImportPreview, PreviewRow } from '../../../../shared/api/imports'
import type { ApiParsed } from '../../../../shared/contract'
import { conflict, invalid, notFound } from '../../../../shared/errors'
import type { DomainHandlers } from '../../engine/app'
import type { EngineContext } from '../../engine/context'
import { mutate } from '../../engine/mutate'
import { cancelledError } from './apply'
import { commitBatch, duplicateOf, listBatches } from './batch'
import { plan, type Decisions, type ImportPayload } from './payload'
import { allPresets, runImport, type Run } from './pipeline'
import { presetId } from './presets'

const ENTITIES = ['report', 'security', 'valuation_row', 'coverage'] as const
const LIST_CAP = 5000
const OP_ID = 'import'

export function previewOf(db: EngineContext['db'], run: Run, limit: number, decisions: Decisions = NO_DECISIONS): ImportPreview {
  const it = run.interpretation
  const rows: PreviewRow[] = it.rows.slice(0, limit).map((r, i) => ({ ...r, resolution: run.resolutions[i]! }))
  const count = (s: string) => run.resolutions.filter((r) => r.status === s).length
  return {
    fileName: run.src.fileName,
    fileHash: run.src.fileHash,
    format: run.src.format,
    encoding: run.src.encoding,
    sheets: run.src.sheets.map((s) => s.name),
    sheet: run.sheet,
    preset: it.preset,
    headerRows: it.headerRows,
    columns: it.columns,
    titleUnit: it.titleUnit,
    asOf: it.asOf,
    rows,
    totalRows: it.rows.length,
    // the lists are capped (a broken 100k-row file would otherwise send 100k reasons); counts are whole
    rejected: it.rejected.slice(0, LIST_CAP),
    skipped: it.skipped.slice(0, LIST_CAP),
    counts: {
      rows: it.rows.length,
      rejected: it.rejected.length,
      skipped: it.skipped.length,
      matched: count('matched'),
      new: count('new'),
      unresolved: count('unresolved'),
      warnings: it.rows.filter((r) => r.warnings.length > 0).length,
    },
    duplicateOf: duplicateOf(db, run.src.fileHash),
    blocking: plan(run, decisions, null).blocking.slice(0, LIST_CAP),
  }
}

const NO_DECISIONS: Decisions = { skipRows: new Set(), skipRejected: false, createNew: false }

function newReportId(db: EngineContext['db'], date: string, hash: string): string {
  const base = `u-${date.replace(/-/g, '')}-${hash.slice(0, 6)}`
  const taken = db.prepare('SELECT 1 FROM report WHERE id = ?').pluck()
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`
    if (!taken.get(id)) return id
  }
}

function reportOf(ctx: EngineContext, target: ApiParsed<'import.commit'>['target'], run: Run): ImportPayload['report'] {
  if ('reportId' in target) {
    const r = ctx.db.prepare('SELECT id, institution, title, report_date FROM report WHERE id = ?').get(target.reportId) as { id: string; institution: string; title: string | null; report_date: string | null } | undefined
    if (!r) throw notFound('import.noReport', `report ${target.reportId} not found`, { reportId: target.reportId })
    return { id: r.id, created: false, institution: r.institution, title: r.title, date: r.report_date }
  }
  const date = target.date ?? ctx.now().toISOString().slice(0, 10)
  return { id: newReportId(ctx.db, date, run.src.fileHash), created: true, institution: target.institution, title: target.title ?? run.src.fileName, date }
}

export async function commitImport(input: ApiParsed<'import.commit'>, ctx: EngineContext): Promise<ImportCommitResult> {
  ctx.emit({ type: 'progress', opId: OP_ID, label: 'import.commit', done: 0, total: 1 })
  try {
    const run = await runImport(ctx.db, input)
    if (ctx.cancelled()) throw cancelledError()
    return writeRun(ctx, input, run)
  } finally {
    ctx.emit({ type: 'progress', opId: OP_ID, label: 'import.commit', done: 1, total: 1 })
  }
}

/** The write half of a commit (synchronous): shared by the handler, the CLI and the benchmark. */
export function writeRun(ctx: EngineContext, input: Omit<ApiParsed<'import.commit'>, 'source'>, run: Run): ImportCommitResult {
  const dup = duplicateOf(ctx.db, run.src.fileHash)
  if (dup && !input.allowDuplicate) {
    throw conflict('import.duplicate', `${run.src.fileName} was already imported on ${dup.at.slice(0, 10)} (import #${dup.id}, ${dup.rows} rows); import it again only on purpose`, { file: run.src.fileName, importId: dup.id, at: dup.at })
  }
  const target = input.target
  const asOf = 'asOf' in target ? (target.asOf ?? null) : null
  const p = plan(run, { skipRows: new Set(input.skipRows ?? []), skipRejected: input.skipRejected ?? false, createNew: input.createNew ?? false }, asOf)
  if (p.blocking.length) {
    const first = p.blocking[0]!
    throw invalid('import.needsDecision', `${p.blocking.length} row(s) need a decision before anything is written — first: ${first.message}`, { count: p.blocking.length, row: first.sourceRow, reason: first.reason }, 'rows')
  }
  if (!p.rows.length) throw invalid('import.nothing', `${run.src.fileName}: no rows to import`, { file: run.src.fileName }, 'source')
  const report = reportOf(ctx as EngineContext, target, run)
  const payload: ImportPayload = { v: 1, report, tables: p.tables, rows: p.rows, securities: p.securities }
  const at = ctx.now().toISOString()
  const step = (done: number, total: number) => {
    if (ctx.cancelled()) throw cancelledError()
    ctx.emit({ type: 'progress', opId: OP_ID, label: 'import.commit', done: Math.min(done, total - 1), total })
  }
  const batch = { fileName: run.src.fileName, fileHash: run.src.fileHash, format: run.src.format, encoding: run.src.encoding, sheet: run.sheet, preset: run.interpretation.preset, at }
  const m = mutate(ctx, 'import.commit', () => commitBatch(ctx.db, batch, payload, { step, at, label: `import.commit ${run.src.fileName}` }), {
    params: { file: run.src.fileName, rows: p.rows.length },
    entities: ENTITIES,
  })
  return { import: m.result, setId: m.setId, tables: p.tables.length, created: p.securities.map((s) => s.id), leftOut: p.leftOut }
}

export const importHandlers: DomainHandlers<'import.presets' | 'import.savePreset' | 'import.preview' | 'import.commit' | 'import.list'> = {
  'import.presets': (_i, { db }) => ({ presets: allPresets(db) }),
  'import.savePreset': ({ name, columns, marketCapUnit }, ctx) => {
    const id = presetId(name)
    mutate(ctx, 'import.savePreset', () => {
      ctx.db
        .prepare(
          `INSERT INTO import_preset(id, name, columns, market_cap_unit, saved_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, columns = excluded.columns, market_cap_unit = excluded.market_cap_unit, saved_at = excluded.saved_at`,
        )
        .run(id, name, JSON.stringify(columns), marketCapUnit ?? null, ctx.now().toISOString())
    }, { entities: ['import_preset'], params: { name } })
    return { preset: allPresets(ctx.db).find((p) => p.id === id)! }
  },
  'import.preview': async (input, ctx) =>
    previewOf(ctx.db, await runImport(ctx.db, input), input.limit ?? 200, { skipRows: new Set(input.skipRows ?? []), skipRejected: input.skipRejected ?? false, createNew: input.createNew ?? false }),
  'import.commit': (input, ctx) => commitImport(input, ctx),
  'import.list': ({ limit }, { db }) => ({ imports: listBatches(db, limit ?? 100) }),
}
