/**
 * The one write path. Every write runs inside mutate(): BEGIN IMMEDIATE (a concurrent writer
 * waits on busy_timeout instead of failing half-way through a read-then-write), a change set
 * row, the triggers of migration 0004 recording each tracked row's before/after, COMMIT, then a
 * notification to every open view. Nothing else in the app opens a write transaction.
 */
import type { EngineContext } from './context'

/** What a write needs: seeding at open has no views yet, so not a full EngineContext. */
export type WriteContext = Pick<EngineContext, 'db' | 'now' | 'emit'>

export type ChangeKind = 'edit' | 'undo' | 'redo' | 'revert' | 'bulk'

export interface MutateOptions {
  kind?: ChangeKind
  params?: Record<string, string | number | null>
  targetId?: number | null
  /** bulk loads (imports, reset) are recorded but cannot be undone; undo stops at them */
  undoable?: boolean
  /** untracked tables this write touches, for notifications (tracked ones are found from the changes) */
  entities?: readonly string[]
  /** false: view state (column widths, language) — written the same way, kept out of history */
  record?: boolean
}

export interface Mutation<T> {
  result: T
  /** 0 when the write changed nothing (no history entry is kept) */
  setId: number
  entities: string[]
}

export function mutate<T>(ctx: WriteContext, label: string, fn: () => T, opts: MutateOptions = {}): Mutation<T> {
  const { db } = ctx
  // Nested writes would share one history cursor and blur two change sets into one.
  if (db.inTransaction) throw new Error(`mutate(${label}) called inside another write`)
  const kind = opts.kind ?? 'edit'
  let out!: Mutation<T>
  if (opts.record === false) {
    const result = db.transaction(fn).immediate()
    const entities = [...(opts.entities ?? [])]
    if (entities.length) ctx.emit({ type: 'changed', setId: 0, label, kind, entities })
    return { result, setId: 0, entities }
  }
  const tx = db.transaction(() => {
    const setId = Number(
      db
        .prepare('INSERT INTO change_set(label, params, at, kind, target_id, undoable) VALUES (?, ?, ?, ?, ?, ?)')
        .run(label, JSON.stringify(opts.params ?? {}), ctx.now().toISOString(), kind, opts.targetId ?? null, opts.undoable === false ? 0 : 1)
        .lastInsertRowid,
    )
    db.prepare('INSERT INTO history_cursor(set_id) VALUES (?)').run(setId)
    const result = fn()
    db.prepare('DELETE FROM history_cursor').run()
    const tracked = db.prepare('SELECT entity, count(*) AS n FROM change WHERE set_id = ? GROUP BY entity').all(setId) as { entity: string; n: number }[]
    const count = tracked.reduce((a, t) => a + t.n, 0)
    const entities = [...new Set([...tracked.map((t) => t.entity), ...(opts.entities ?? [])])].sort()
    if (count === 0 && entities.length === 0) {
      // An edit that changed nothing leaves no history entry (and no notification).
      db.prepare('DELETE FROM change_set WHERE id = ?').run(setId)
      out = { result, setId: 0, entities: [] }
      return
    }
    db.prepare('UPDATE change_set SET entities = ?, change_count = ? WHERE id = ?').run(JSON.stringify(entities), count, setId)
    out = { result, setId, entities }
  })
  tx.immediate()
  if (out.setId) ctx.emit({ type: 'changed', setId: out.setId, label, kind, entities: out.entities })
  return out
}
