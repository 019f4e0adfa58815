/**
 * Import batches: the record of each committed import, and what undo/redo do with it. The batch
 * row's `state` is history-tracked (migration 0006); when history flips it, syncBatches() takes
 * the data out or writes it back from the stored payload, inside the same transaction.
 */
import type { ImportSummary } from '../../../../shared/api/imports'
import type { SourceFormat } from '../../../../shared/import/types'
import type { Db } from '../../db/connection'
import { applyPayload, removePayload, type ApplyHooks } from './apply'
import type { ImportPayload } from './payload'

interface BatchRow {
  id: number
  report_id: string
  file_name: string
  file_hash: string
  format: string
  sheet: string | null
  preset: string | null
  at: string
  state: 'applied' | 'undone'
  row_count: number
  figure_count: number
}

const COLS = 'id, report_id, file_name, file_hash, format, sheet, preset, at, state, row_count, figure_count'

export function summary(b: BatchRow): ImportSummary {
  return {
    id: b.id,
    reportId: b.report_id,
    fileName: b.file_name,
    fileHash: b.file_hash,
    format: b.format as SourceFormat,
    sheet: b.sheet,
    preset: b.preset,
    at: b.at,
    state: b.state,
    rows: b.row_count,
    figures: b.figure_count,
  }
}

export function listBatches(db: Db, limit: number): ImportSummary[] {
  return (db.prepare(`SELECT ${COLS} FROM import_batch ORDER BY id DESC LIMIT ?`).all(limit) as BatchRow[]).map(summary)
}

/** The newest applied import of the same bytes: re-importing a file is almost always a mistake. */
export function duplicateOf(db: Db, fileHash: string): ImportSummary | null {
  const b = db.prepare(`SELECT ${COLS} FROM import_batch WHERE file_hash = ? AND state = 'applied' ORDER BY id DESC LIMIT 1`).get(fileHash) as BatchRow | undefined
  return b ? summary(b) : null
}

export interface NewBatch {
  fileName: string
  fileHash: string
  format: SourceFormat
  encoding: string | null
  sheet: string | null
  preset: string | null
  at: string
}

/** Inserts the batch (its history record) and writes its payload. Inside mutate(). */
export function commitBatch(db: Db, b: NewBatch, payload: ImportPayload, hooks: ApplyHooks): ImportSummary {
  const id = Number(
    db
      .prepare(
        `INSERT INTO import_batch(report_id, created_report, file_name, file_hash, format, encoding, sheet, preset, at, state, row_count, figure_count, payload)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied', ?, 0, ?)`,
      )
      .run(payload.report.id, payload.report.created ? 1 : 0, b.fileName, b.fileHash, b.format, b.encoding, b.sheet, b.preset, b.at, payload.rows.length, JSON.stringify(payload)).lastInsertRowid,
  )
  const figures = applyPayload(db, id, payload, hooks)
  db.prepare('UPDATE import_batch SET figure_count = ? WHERE id = ?').run(figures, id)
  return summary(db.prepare(`SELECT ${COLS} FROM import_batch WHERE id = ?`).get(id) as BatchRow)
}

/**
 * After history restored import_batch states: a batch now 'undone' whose tables are still there
 * is taken out; one now 'applied' without tables is written again from its payload.
 */
export function syncBatches(db: Db, ids: readonly number[], hooks: ApplyHooks): void {
  const get = db.prepare('SELECT state, payload FROM import_batch WHERE id = ?')
  const has = db.prepare('SELECT 1 FROM valuation_table WHERE import_id = ? LIMIT 1').pluck()
  for (const id of ids) {
    const b = get.get(id) as { state: string; payload: string } | undefined
    if (!b) continue
    const present = has.get(id) === 1
    const payload = JSON.parse(b.payload) as ImportPayload
    if (b.state === 'undone' && present) removePayload(db, id, payload, hooks)
    else if (b.state === 'applied' && !present) applyPayload(db, id, payload, hooks)
  }
}
