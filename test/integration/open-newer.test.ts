/**
 * A workspace written by a newer app is refused without touching it — also when the newer
 * version sits only in a pending WAL, which a read-write open would replay into the main file.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { NewerDatabaseError } from '../../electron/main/db/migrate'
import { SCHEMA_VERSION } from '../../electron/main/db/migrations'
import { DB_FILENAME, openWorkspace } from '../../electron/main/workspace'
import { fileSet, tempDir, workspaceWithPendingWal } from '../helpers/workspace'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
const keep = (d: string) => (dirs.push(d), d)
const headerVersion = (file: string) => readFileSync(file).readUInt32BE(60)

describe('opening a workspace from a newer app', () => {
  it('refuses a newer WAL-mode file and creates no -wal or -shm', () => {
    const dir = keep(tempDir())
    const file = join(dir, DB_FILENAME)
    openWorkspace(dir).close()
    const raw = new Database(file)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`)
    raw.close() // checkpoints: the main file's header now says the newer version
    const before = fileSet(file)
    expect(before.wal).toBeNull()
    expect(before.shm).toBeNull()
    expect(() => openWorkspace(dir)).toThrow(NewerDatabaseError)
    expect(fileSet(file)).toEqual(before)
  })

  it('refuses a newer version that exists only in a pending WAL, leaving db, -wal and -shm byte-identical', () => {
    const dir = keep(workspaceWithPendingWal((db) => {
      db.exec('CREATE TABLE future(x)')
      db.pragma(`user_version = ${SCHEMA_VERSION + 5}`)
    }))
    const file = join(dir, DB_FILENAME)
    expect(headerVersion(file)).toBe(SCHEMA_VERSION) // the main file alone looks openable
    const before = fileSet(file)
    expect(before.wal!.length).toBeGreaterThan(0)
    expect(() => openWorkspace(dir)).toThrow(/newer version/)
    expect(fileSet(file)).toEqual(before)
  })

  it('opens a workspace whose pending WAL holds committed work, keeps the work and removes its temp copy', () => {
    const dir = keep(workspaceWithPendingWal((db) => db.prepare("UPDATE report SET title = 'only in the WAL' WHERE id = 'r000'").run()))
    const privateTmp = keep(mkdtempSync(join(tmpdir(), 'wb-tmp-')))
    const saved = process.env.TMPDIR
    process.env.TMPDIR = privateTmp // os.tmpdir() reads it on each call: the inspection copy lands here
    try {
      const ws = openWorkspace(dir)
      expect(ws.db.prepare("SELECT title FROM report WHERE id = 'r000'").get()).toEqual({ title: 'only in the WAL' })
      expect(ws.openStats.quickCheckMs).toBeGreaterThan(0)
      ws.close()
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
    }
    expect(readdirSync(privateTmp)).toEqual([])
    expect(existsSync(join(dir, DB_FILENAME))).toBe(true)
  })
})
