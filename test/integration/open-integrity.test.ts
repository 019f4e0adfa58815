/**
 * A damaged workspace is refused at open by PRAGMA quick_check, before anything writes to it,
 * and the refusal leaves the file and its sidecars byte-identical.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CORRUPT_REMEDIES, CorruptDatabaseError } from '../../electron/main/db/inspect'
import { DB_FILENAME, openWorkspace } from '../../electron/main/workspace'
import { fileSet, tempDir, workspaceWithPendingWal } from '../helpers/workspace'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
const keep = (d: string) => (dirs.push(d), d)

/** A seeded workspace, closed cleanly (WAL checkpointed, no -wal or -shm left). */
function closedWorkspace(): string {
  const dir = keep(tempDir())
  openWorkspace(dir).close()
  return dir
}

/** Zeroes one table b-tree leaf page from the middle of the file; returns its page number. */
function zeroTablePage(file: string): number {
  const buf = readFileSync(file)
  const rawSize = buf.readUInt16BE(16)
  const pageSize = rawSize === 1 ? 65536 : rawSize
  // With no free pages, a page starting with 0x0D (table b-tree leaf) is live table data.
  expect(buf.readUInt32BE(36)).toBe(0)
  const pages = buf.length / pageSize
  for (let i = Math.floor(pages / 2); i < pages; i++) {
    if (buf[i * pageSize] !== 0x0d) continue
    buf.fill(0, i * pageSize, (i + 1) * pageSize)
    writeFileSync(file, buf)
    return i + 1
  }
  throw new Error('no table leaf page in the second half of the file')
}

function refusal(dir: string): CorruptDatabaseError {
  try {
    openWorkspace(dir).close()
  } catch (e) {
    expect(e).toBeInstanceOf(CorruptDatabaseError)
    return e as CorruptDatabaseError
  }
  throw new Error('the damaged workspace was opened')
}

describe('integrity check at open', () => {
  it('opens a healthy workspace, reports how long the check took, and configures the connection', () => {
    const dir = closedWorkspace()
    const ws = openWorkspace(dir)
    try {
      expect(ws.openStats.quickCheckMs).toBeGreaterThan(0)
      expect(ws.openStats.openMs).toBeGreaterThanOrEqual(ws.openStats.quickCheckMs)
      expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(ws.db.pragma('synchronous', { simple: true })).toBe(2) // FULL
      expect(ws.db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(ws.db.pragma('busy_timeout', { simple: true })).toBe(5000)
    } finally {
      ws.close()
    }
  })

  it('refuses a workspace with a zeroed table page, says what to do, and leaves it byte-identical', () => {
    const dir = closedWorkspace()
    const file = join(dir, DB_FILENAME)
    zeroTablePage(file)
    const before = fileSet(file)
    expect(before.wal).toBeNull()
    const e = refusal(dir)
    expect(e.message).toContain(file)
    expect(e.message).toMatch(/Restore it from a backup, or choose another data directory/)
    expect(e.message).toMatch(/integrity check/)
    expect(e.remedies).toEqual(CORRUPT_REMEDIES)
    expect(fileSet(file)).toEqual(before) // no -wal or -shm created either
  })

  it('refuses damage under a pending WAL without replaying it: db, -wal and -shm byte-identical', () => {
    const dir = keep(workspaceWithPendingWal((db) => db.prepare("UPDATE report SET title = 'pending' WHERE id = 'r000'").run()))
    const file = join(dir, DB_FILENAME)
    zeroTablePage(file)
    const before = fileSet(file)
    expect(before.wal!.length).toBeGreaterThan(0)
    expect(refusal(dir).message).toContain(file)
    expect(fileSet(file)).toEqual(before)
  })

  it('still refuses a file that is not a database with the same error, unchanged', () => {
    const dir = keep(tempDir())
    const file = join(dir, DB_FILENAME)
    writeFileSync(file, 'this is not a database '.repeat(100))
    const before = fileSet(file)
    expect(refusal(dir).message).toMatch(/not a database/)
    expect(fileSet(file)).toEqual(before)
  })
})
