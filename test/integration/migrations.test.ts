import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate, NewerDatabaseError, type Migration } from '../../electron/main/db/migrate'
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/main/db/migrations'
import { DB_FILENAME, openWorkspace } from '../../electron/main/workspace'
import { tempDir } from '../helpers/workspace'

const opened: { close: () => void }[] = []
const failing: Migration = { version: SCHEMA_VERSION + 1, name: 'test_failing', sql: 'DELETE FROM no_such_table' }
afterEach(() => opened.splice(0).forEach((d) => d.close()))
/** Workspace.close() also releases the instance lock; where there is none, closing the db is all. */
const closing = (ws: { db: { close(): void }; close?: () => void }) => ({ close: () => (ws.close ? ws.close() : ws.db.close()) })

describe('migrations', () => {
  it('bring a new database to the current version with WAL, FULL sync and foreign keys', () => {
    const ws = openWorkspace(tempDir())
    opened.push(closing(ws))
    expect(ws.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(ws.db.pragma('synchronous', { simple: true })).toBe(2)
    expect(ws.db.pragma('foreign_keys', { simple: true })).toBe(1)
  })

  it('are numbered 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
  })

  it('refuse a database written by a newer version and leave it byte-identical', () => {
    const dir = tempDir()
    const file = join(dir, DB_FILENAME)
    const raw = new Database(file)
    raw.exec('CREATE TABLE future(x)')
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`)
    raw.close()
    const before = readFileSync(file)
    expect(() => openWorkspace(dir)).toThrow(NewerDatabaseError)
    expect(() => openWorkspace(dir)).toThrow(/newer version/)
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(existsSync(file + '-wal')).toBe(false)
  })

  it('upgrade a schema-1 workspace in place and seed what it lacks', () => {
    const dir = tempDir()
    const raw = new Database(join(dir, DB_FILENAME))
    raw.exec(MIGRATIONS[0]!.sql)
    raw.pragma('user_version = 1')
    raw.close()
    const ws = openWorkspace(dir)
    opened.push(closing(ws))
    expect(ws.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect((ws.db.prepare('SELECT count(*) AS n FROM chain_node').get() as { n: number }).n).toBeGreaterThan(10)
    expect((ws.db.prepare('SELECT count(*) AS n FROM report').get() as { n: number }).n).toBe(5)
  })

  it('refuse a corrupt file with a message naming it, leaving it unchanged', () => {
    const dir = tempDir()
    const file = join(dir, DB_FILENAME)
    writeFileSync(file, 'this is not a database '.repeat(100))
    const before = readFileSync(file)
    expect(() => openWorkspace(dir)).toThrow(new RegExp(DB_FILENAME))
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('roll back every pending migration when one fails', () => {
    const dir = tempDir()
    const db = new Database(join(dir, 'x.sqlite'))
    db.exec('CREATE TABLE report(id TEXT)') // collides with migration 0001
    expect(() => migrate(db)).toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'security'").get()).toEqual({ n: 0 })
    db.close()
  })

  it('put the foreign_keys setting back as it was, also after a failure', () => {
    const db = new Database(':memory:')
    expect(() => migrate(db, { migrations: [...MIGRATIONS, failing] })).toThrow(/no such table/)
    expect(db.prepare("SELECT count(*) FROM sqlite_master").pluck().get()).toBe(0) // the last failing undoes the first
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    db.pragma('foreign_keys = OFF')
    migrate(db)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(0)
    db.close()
  })

  it('refuse to run inside an open transaction, where foreign keys cannot be switched off', () => {
    const db = new Database(':memory:')
    db.exec('BEGIN')
    expect(() => migrate(db)).toThrow(/inside an open transaction/)
    db.exec('ROLLBACK')
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    db.close()
  })

  it('refuse a migration list not numbered 1..n, so user_version only goes up one step per migration', () => {
    const db = new Database(':memory:')
    const skipped = [MIGRATIONS[0]!, { ...MIGRATIONS[1]!, version: 3 }]
    expect(() => migrate(db, { migrations: skipped })).toThrow(/expected 2/)
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(migrate(db, { migrations: MIGRATIONS.slice(0, 1) })).toBe(1)
    expect(migrate(db)).toBe(SCHEMA_VERSION)
    db.close()
  })
})
