import { existsSync, readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate, MigrationError, type Migration } from '../../electron/main/db/migrate'
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/main/db/migrations'
import { openWorkspace } from '../../electron/main/workspace'
import { dumpDb, tempDir } from '../helpers/workspace'

/*
 * A table rebuild (create new / copy / drop old / rename) under foreign_keys=ON cascades the
 * DROP into every child table. These tests rebuild `report`, the parent of coverage,
 * valuation tables and crosswalk rows, on a seeded workspace.
 */

const CHILDREN = ['coverage', 'valuation_table', 'valuation_row', 'valuation_figure', 'chain_crosswalk', 'security_node', 'taxonomy']

const opened: Database.Database[] = []
afterEach(() => opened.splice(0).forEach((d) => d.open && d.close()))

/** A closed, seeded workspace file and a raw connection to it (foreign keys ON: better-sqlite3's default). */
function seededFile(): { file: string; db: Database.Database } {
  const ws = openWorkspace(tempDir())
  closeWorkspace(ws)
  const db = new Database(ws.dbFile)
  opened.push(db)
  return { file: ws.dbFile, db }
}

/** Workspace.close() also releases the instance lock; where there is none, closing the db is all. */
const closeWorkspace = (ws: { db: { close(): void }; close?: () => void }): void => (ws.close ? ws.close() : ws.db.close())

const injected = (name: string, sql: string): Migration[] => [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name, sql }]

/** The SQLite 12-step rebuild of `table`, from its definition at the latest schema. */
function rebuildOf(table: string): Migration[] {
  const ref = new Database(':memory:')
  migrate(ref)
  const defs = ref.prepare('SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL').all(table) as { type: string; sql: string }[]
  ref.close()
  const create = defs.find((d) => d.type === 'table')!.sql.replace(/^CREATE TABLE\s+("?)\w+\1/, `CREATE TABLE ${table}_rebuilt`)
  const indexesAndTriggers = defs.filter((d) => d.type !== 'table').map((d) => d.sql) // DROP TABLE takes them along
  const steps = [create, `INSERT INTO ${table}_rebuilt SELECT * FROM ${table}`, `DROP TABLE ${table}`, `ALTER TABLE ${table}_rebuilt RENAME TO ${table}`, ...indexesAndTriggers]
  return injected(`test_rebuild_${table}`, steps.join(';\n') + ';')
}

const counts = (db: Database.Database): Record<string, number> =>
  Object.fromEntries(CHILDREN.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]))

describe('migrations keep data', () => {
  it('a rebuild of report keeps every child row and turns foreign keys back on', () => {
    const { db } = seededFile()
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1) // the setting under which DROP cascades
    const before = counts(db)
    for (const t of ['coverage', 'valuation_row', 'valuation_figure', 'chain_crosswalk', 'security_node']) expect(before[t], t).toBeGreaterThan(0)
    const dump = dumpDb(db)

    expect(migrate(db, { migrations: rebuildOf('report') })).toBe(SCHEMA_VERSION + 1)

    expect(counts(db)).toEqual(before)
    expect(dumpDb(db)).toBe(dump)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('foreign_key_check')).toEqual([])
  })

  it('a migration that leaves a row without its parent is refused and the file is left byte-identical', () => {
    const { file, db } = seededFile()
    db.close()
    const bytes = readFileSync(file)
    const raw = new Database(file)
    opened.push(raw)
    const orphan = injected(
      'test_orphan',
      "INSERT INTO coverage(id, report_id, security_id, company_printed, role) SELECT 999999, 'no-such-report', id, 'x', 'y' FROM security LIMIT 1",
    )

    const err = catchError(() => migrate(raw, { migrations: orphan }))

    expect(err).toBeInstanceOf(MigrationError)
    expect((err as MigrationError).violations).toContainEqual(expect.objectContaining({ table: 'coverage', rowid: 999999, parent: 'report' }))
    expect((err as Error).message).toMatch(/test_orphan.*coverage rowid 999999 → missing report row/)
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1)
    raw.close()
    expect(readFileSync(file).equals(bytes)).toBe(true)
    expect(existsSync(file + '-wal')).toBe(false)
  })
})

function catchError(run: () => unknown): unknown {
  try {
    run()
  } catch (e) {
    return e
  }
  throw new Error('expected an error')
}
