/**
 * Applying changes backwards: each recorded row goes back to its `before` state (deleted if it
 * did not exist, re-inserted if it was deleted, updated otherwise). Table and column names come
 * from the recorded entity, checked against the tracked tables and the live schema — never
 * from a payload. Runs inside mutate(), so the inverse is itself recorded (that is what redo
 * inverts).
 */
import type { Db } from '../../db/connection'
import { refreshMcapUsd } from '../valuations/mcapUsd'
import { syncBatches } from '../imports/batch'

const TRACKED = new Set(['chain_node', 'chain_crosswalk', 'security_node', 'security_node_lock', 'fx_rate', 'meta', 'import_batch'])

interface StoredChange {
  entity: string
  key: string
  before: string | null
  after: string | null
}

function columns(db: Db, table: string): Set<string> {
  return new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]))
}

function restore(db: Db, c: StoredChange): void {
  if (!TRACKED.has(c.entity)) throw new Error(`history: ${c.entity} is not an undoable table`)
  const cols = columns(db, c.entity)
  const key = JSON.parse(c.key) as Record<string, unknown>
  const keyCols = Object.keys(key).filter((k) => cols.has(k))
  // after an update the row is found by its new key (equal to the old one for every tracked table)
  const locate = c.after ? (JSON.parse(c.after) as Record<string, unknown>) : key
  const where = keyCols.map((k) => `${k} IS ?`).join(' AND ')
  const keyVals = keyCols.map((k) => locate[k])
  if (c.before === null) {
    // An import is undone by marking its batch, which keeps the payload that redo writes back.
    if (c.entity === 'import_batch') db.prepare(`UPDATE import_batch SET state = 'undone' WHERE ${where}`).run(...keyVals)
    else db.prepare(`DELETE FROM ${c.entity} WHERE ${where}`).run(...keyVals)
    return
  }
  const before = JSON.parse(c.before) as Record<string, unknown>
  const names = Object.keys(before).filter((k) => cols.has(k))
  const exists = db.prepare(`SELECT 1 FROM ${c.entity} WHERE ${where}`).get(...keyVals)
  if (exists) {
    db.prepare(`UPDATE ${c.entity} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE ${where}`).run(...names.map((n) => before[n]), ...keyVals)
  } else {
    db.prepare(`INSERT INTO ${c.entity}(${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...names.map((n) => before[n]))
  }
}

/** Inverts every change of the given sets, newest change first. `at` dates the data changes it causes. */
export function invertSets(db: Db, setIds: readonly number[], at: string = new Date().toISOString()): void {
  // Within one inverse, parents and children come back in any order; checking at COMMIT keeps
  // a correct history from failing on an intermediate state.
  db.pragma('defer_foreign_keys = ON')
  const changes = db
    .prepare('SELECT entity, key, before, after FROM change WHERE set_id IN (SELECT value FROM json_each(?)) ORDER BY id DESC')
    .all(JSON.stringify(setIds)) as StoredChange[]
  for (const c of changes) restore(db, c)
  const fx = [...new Set(changes.filter((c) => c.entity === 'fx_rate').map((c) => String((JSON.parse(c.key) as { currency: string }).currency)))]
  if (fx.length) refreshMcapUsd(db, { currencies: fx })
  // imports whose state history just flipped: take their data out, or write it back
  const batches = [...new Set(changes.filter((c) => c.entity === 'import_batch').map((c) => Number((JSON.parse(c.key) as { id: number }).id)))]
  if (batches.length) syncBatches(db, batches, { at, label: 'history' })
}
