import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, type Migration } from '../../electron/main/db/migrate'
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/main/db/migrations'

/*
 * Rows written at schema n-1 must fit at n, and code that names a column or leans on an index
 * (ON CONFLICT targets, query plans, history triggers) must keep working, so a migration may
 * widen the schema but never take away a table, column, index, foreign key or trigger, nor
 * narrow what a column accepts.
 */

interface Column {
  type: string
  notnull: number
  pk: number
}
interface Index {
  table: string
  columns: string
  unique: number
}
interface Schema {
  tables: Map<string, Map<string, Column>>
  indexes: Map<string, Index>
  foreignKeys: Set<string>
  /** triggers and views by name → their table (a rebuilt table silently loses its triggers) */
  triggersAndViews: Map<string, string>
}

function dbAt(migrations: readonly Migration[]): Database.Database {
  const db = new Database(':memory:')
  migrate(db, { migrations })
  return db
}

function schemaOf(db: Database.Database): Schema {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]
  const others = db.prepare("SELECT type || ' ' || name AS name, tbl_name FROM sqlite_master WHERE type IN ('trigger', 'view')").all() as { name: string; tbl_name: string }[]
  const schema: Schema = { tables: new Map(), indexes: new Map(), foreignKeys: new Set(), triggersAndViews: new Map(others.map((o) => [o.name, o.tbl_name])) }
  for (const t of names) {
    const cols = db.prepare('SELECT name, upper(type) AS type, "notnull", pk FROM pragma_table_info(?)').all(t) as (Column & { name: string })[]
    schema.tables.set(t, new Map(cols.map((c) => [c.name, { type: c.type, notnull: c.notnull, pk: c.pk }])))
    // Includes the automatic indexes behind PRIMARY KEY / UNIQUE: upserts depend on them.
    for (const ix of db.prepare('SELECT name, "unique" FROM pragma_index_list(?)').all(t) as { name: string; unique: number }[]) {
      const columns = (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(ix.name) as string[]).join(',')
      schema.indexes.set(ix.name, { table: t, columns, unique: ix.unique })
    }
    for (const fk of db.prepare('SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list(?)').all(t) as Record<string, string>[]) {
      schema.foreignKeys.add(`${t}.${fk.from} → ${fk.table}.${fk.to} ON DELETE ${fk.on_delete}`)
    }
  }
  return schema
}

/** What schema `after` lost or narrowed compared with `before`. */
function narrowings(before: Schema, after: Schema): string[] {
  const out: string[] = []
  for (const [t, cols] of before.tables) {
    const now = after.tables.get(t)
    if (!now) out.push(`table ${t} missing`)
    else for (const [c, col] of cols) out.push(...columnNarrowings(`${t}.${c}`, col, now.get(c)))
  }
  for (const [name, ix] of before.indexes) out.push(...indexNarrowings(name, ix, after.indexes.get(name)))
  for (const fk of before.foreignKeys) if (!after.foreignKeys.has(fk)) out.push(`foreign key ${fk} missing`)
  for (const [name, table] of before.triggersAndViews) if (after.triggersAndViews.get(name) !== table) out.push(`${name} on ${table} missing`)
  return out
}

function columnNarrowings(name: string, was: Column, now: Column | undefined): string[] {
  if (!now) return [`column ${name} missing`]
  const out: string[] = []
  if (now.type !== was.type) out.push(`column ${name} type ${was.type} → ${now.type}`)
  if (now.notnull && !was.notnull) out.push(`column ${name} became NOT NULL`)
  if (now.pk !== was.pk) out.push(`column ${name} primary key position ${was.pk} → ${now.pk}`)
  return out
}

function indexNarrowings(name: string, was: Index, now: Index | undefined): string[] {
  if (!now) return [`index ${name} on ${was.table}(${was.columns}) missing`]
  const out: string[] = []
  if (now.table !== was.table || now.columns !== was.columns) out.push(`index ${name} ${was.table}(${was.columns}) → ${now.table}(${now.columns})`)
  // Either way breaks callers: a new UNIQUE rejects writes, a lost one breaks ON CONFLICT targets.
  if (now.unique !== was.unique) out.push(`index ${name} unique ${was.unique} → ${now.unique}`)
  return out
}

const versions = Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 2)
const bad = (sql: string): Migration[] => [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'test_bad', sql }]
const rebuild = (table: string, create: string): string =>
  `${create}; INSERT INTO ${table}_new SELECT * FROM ${table}; DROP TABLE ${table}; ALTER TABLE ${table}_new RENAME TO ${table};`

describe('schema diff between consecutive versions', () => {
  it('sees tables, columns, indexes (automatic ones too) and foreign keys', () => {
    const s = schemaOf(dbAt(MIGRATIONS))
    expect(s.tables.get('report')?.get('origin')).toEqual({ type: 'TEXT', notnull: 1, pk: 0 })
    expect(s.indexes.get('security_node_node')).toEqual({ table: 'security_node', columns: 'node_id', unique: 0 })
    expect(s.indexes.get('sqlite_autoindex_security_node_1')).toEqual({ table: 'security_node', columns: 'security_id,node_id', unique: 1 })
    expect(s.foreignKeys).toContain('coverage.report_id → report.id ON DELETE CASCADE')
  })

  it.each(versions)('version %i keeps everything version n-1 had', (n) => {
    const before = schemaOf(dbAt(MIGRATIONS.slice(0, n - 1)))
    const after = schemaOf(dbAt(MIGRATIONS.slice(0, n)))
    expect(narrowings(before, after)).toEqual([])
  })

  it.each([
    ['drops an index', 'DROP INDEX security_node_node', 'index security_node_node on security_node(node_id) missing'],
    ['drops a column', 'ALTER TABLE coverage DROP COLUMN role_zh', 'column coverage.role_zh missing'],
    ['drops a table', 'DROP TABLE extraction_flag', 'table extraction_flag missing'],
    ['makes an index unique on other columns', 'DROP INDEX coverage_report; CREATE UNIQUE INDEX coverage_report ON coverage(report_id, security_id)', 'index coverage_report unique 0 → 1'],
    [
      'adds NOT NULL',
      rebuild('taxonomy', 'CREATE TABLE taxonomy_new (id INTEGER PRIMARY KEY, report_id TEXT NOT NULL REFERENCES report(id) ON DELETE CASCADE, label TEXT NOT NULL, line INTEGER NOT NULL)'),
      'column taxonomy.line became NOT NULL',
    ],
    ['changes a primary key', rebuild('meta', 'CREATE TABLE meta_new (key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key, value))'), 'column meta.value primary key position 0 → 2'],
    ['drops a foreign key', rebuild('security_node_lock', 'CREATE TABLE security_node_lock_new (security_id TEXT PRIMARY KEY)'), 'foreign key security_node_lock.security_id → security.id ON DELETE CASCADE missing'],
  ])('fails a migration that %s', (_, sql, problem) => {
    const problems = narrowings(schemaOf(dbAt(MIGRATIONS)), schemaOf(dbAt(bad(sql))))
    expect(problems).toContain(problem)
  })

  it('fails a rebuild that loses a trigger', () => {
    const trigger = { version: SCHEMA_VERSION + 1, name: 'test_trigger', sql: 'CREATE TRIGGER lock_noop AFTER INSERT ON security_node_lock BEGIN SELECT 1; END' }
    const withTrigger = [...MIGRATIONS, trigger]
    const lost = [...withTrigger, { version: SCHEMA_VERSION + 2, name: 'test_bad', sql: rebuild('security_node_lock', 'CREATE TABLE security_node_lock_new (security_id TEXT PRIMARY KEY REFERENCES security(id) ON DELETE CASCADE)') }]
    expect(narrowings(schemaOf(dbAt(withTrigger)), schemaOf(dbAt(lost)))).toContain('trigger lock_noop on security_node_lock missing')
  })

  it('reports the type change of a rebuilt column', () => {
    const sql = rebuild('taxonomy', 'CREATE TABLE taxonomy_new (id INTEGER PRIMARY KEY, report_id TEXT NOT NULL REFERENCES report(id) ON DELETE CASCADE, label BLOB NOT NULL, line INTEGER)')
    expect(narrowings(schemaOf(dbAt(MIGRATIONS)), schemaOf(dbAt(bad(sql))))).toContain('column taxonomy.label type TEXT → BLOB')
  })
})
