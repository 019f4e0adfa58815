/** History reads: change sets and their row-level changes. */
import type { ChangeSetView, ChangeView } from '../../../../shared/api/history'
import type { Db } from '../../db/connection'

type Row = Record<string, any>

export const toSet = (r: Row): ChangeSetView => ({
  id: r.id,
  label: r.label,
  params: JSON.parse(r.params),
  at: r.at,
  kind: r.kind,
  targetId: r.target_id,
  undoneBy: r.undone_by,
  undoable: !!r.undoable,
  entities: JSON.parse(r.entities),
  changeCount: r.change_count,
})

export function getSet(db: Db, id: number): ChangeSetView | null {
  const r = db.prepare('SELECT * FROM change_set WHERE id = ?').get(id) as Row | undefined
  return r ? toSet(r) : null
}

export function listSets(db: Db, limit: number, beforeId?: number): ChangeSetView[] {
  const rows = beforeId
    ? db.prepare('SELECT * FROM change_set WHERE id < ? ORDER BY id DESC LIMIT ?').all(beforeId, limit)
    : db.prepare('SELECT * FROM change_set ORDER BY id DESC LIMIT ?').all(limit)
  return (rows as Row[]).map(toSet)
}

export function changesOf(db: Db, setId: number): ChangeView[] {
  return (db.prepare('SELECT entity, key, before, after FROM change WHERE set_id = ? ORDER BY id').all(setId) as Row[]).map((c) => ({
    entity: c.entity,
    key: JSON.parse(c.key),
    before: c.before ? JSON.parse(c.before) : null,
    after: c.after ? JSON.parse(c.after) : null,
  }))
}

/** The newest change set that cannot be undone (a bulk load): undo and revert stop there. */
export function barrierId(db: Db): number {
  return (db.prepare('SELECT max(id) FROM change_set WHERE undoable = 0').pluck().get() as number | null) ?? 0
}

/** What Ctrl+Z would undo: the newest undoable edit, redo or revert not yet undone, after the barrier. */
export function nextUndo(db: Db): ChangeSetView | null {
  const r = db
    .prepare("SELECT * FROM change_set WHERE kind IN ('edit', 'redo', 'revert') AND undoable = 1 AND undone_by IS NULL AND id > ? ORDER BY id DESC LIMIT 1")
    .get(barrierId(db)) as Row | undefined
  return r ? toSet(r) : null
}

/** What Ctrl+Shift+Z would redo: the newest undo not yet redone, with no new edit after it. */
export function nextRedo(db: Db): ChangeSetView | null {
  const lastEdit = (db.prepare("SELECT max(id) FROM change_set WHERE kind IN ('edit', 'revert', 'bulk')").pluck().get() as number | null) ?? 0
  const r = db
    .prepare("SELECT * FROM change_set WHERE kind = 'undo' AND undone_by IS NULL AND id > ? ORDER BY id DESC LIMIT 1")
    .get(lastEdit) as Row | undefined
  return r ? toSet(r) : null
}
