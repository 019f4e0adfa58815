/**
 * A damaged workspace is found at open by PRAGMA quick_check, before anything writes to it. The
 * app (onCorrupt: 'quarantine') moves it and its sidecars aside byte-identical and opens a fresh
 * workspace; tools (the default, onCorrupt: 'refuse') refuse and leave it byte-identical.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CORRUPT_REMEDIES, CorruptDatabaseError } from '../../electron/main/db/inspect'
import { DB_FILENAME, openWorkspace, type Workspace } from '../../electron/main/workspace'
import { fileSet, tempDir, workspaceWithPendingWal, zeroTablePage } from '../helpers/workspace'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
const keep = (d: string) => (dirs.push(d), d)

/** A seeded workspace, closed cleanly (WAL checkpointed, no -wal or -shm left). */
function closedWorkspace(): string {
  const dir = keep(tempDir())
  openWorkspace(dir).close()
  return dir
}

function refusal(dir: string): CorruptDatabaseError {
  try {
    openWorkspace(dir, { onCorrupt: 'refuse' }).close()
  } catch (e) {
    expect(e).toBeInstanceOf(CorruptDatabaseError)
    return e as CorruptDatabaseError
  }
  throw new Error('the damaged workspace was opened')
}

/** The app's open: quarantine, then check what was moved and what opened. */
function quarantined(dir: string, check: (ws: Workspace) => void): void {
  const ws = openWorkspace(dir, { onCorrupt: 'quarantine' })
  try {
    expect(ws.recovery).toBeTruthy()
    expect(ws.db.prepare('SELECT count(*) FROM report').pluck().get()).toBe(5) // fresh, seeded
    expect(ws.db.pragma('quick_check', { simple: true })).toBe('ok')
    check(ws)
  } finally {
    ws.close()
  }
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

  it('the app moves a workspace with a zeroed table page aside, byte-identical, and opens a fresh one', () => {
    const dir = closedWorkspace()
    const file = join(dir, DB_FILENAME)
    zeroTablePage(file)
    const before = fileSet(file)
    expect(before.wal).toBeNull()
    quarantined(dir, (ws) => {
      const q = ws.recovery!.quarantinedTo
      expect(q.startsWith(join(dir, 'quarantine') + '/')).toBe(true)
      expect(fileSet(q)).toEqual(before) // no -wal or -shm created beside it either
      expect(ws.recovery!.reason).toMatch(/integrity check/)
      expect(readdirSync(join(dir, 'quarantine'))).toEqual([q.split('/').pop()])
    })
  })

  it('moves damage under a pending WAL without replaying it: db, -wal and -shm byte-identical', () => {
    const dir = keep(workspaceWithPendingWal((db) => db.prepare("UPDATE report SET title = 'pending' WHERE id = 'r000'").run()))
    const file = join(dir, DB_FILENAME)
    zeroTablePage(file)
    const before = fileSet(file)
    expect(before.wal!.length).toBeGreaterThan(0)
    quarantined(dir, (ws) => {
      expect(fileSet(ws.recovery!.quarantinedTo)).toEqual(before)
      expect(ws.db.prepare("SELECT count(*) FROM report WHERE title = 'pending'").pluck().get()).toBe(0)
    })
  })

  it('moves a file that is not a database aside the same way', () => {
    const dir = keep(tempDir())
    const file = join(dir, DB_FILENAME)
    writeFileSync(file, 'this is not a database '.repeat(100))
    const before = fileSet(file)
    quarantined(dir, (ws) => {
      expect(ws.recovery!.reason).toMatch(/not a database/)
      expect(fileSet(ws.recovery!.quarantinedTo)).toEqual(before)
    })
  })

  it("onCorrupt: 'refuse' (the default, for tools) refuses with a message naming the file and what to do, and changes nothing", () => {
    const dir = keep(workspaceWithPendingWal((db) => db.prepare("UPDATE report SET title = 'pending' WHERE id = 'r000'").run()))
    const file = join(dir, DB_FILENAME)
    zeroTablePage(file)
    const before = fileSet(file)
    const e = refusal(dir)
    expect(e.message).toContain(file)
    expect(e.message).toMatch(/Restore it from a backup, or choose another data directory/)
    expect(e.message).toMatch(/integrity check/)
    expect(e.remedies).toEqual(CORRUPT_REMEDIES)
    expect(() => openWorkspace(dir)).toThrow(CorruptDatabaseError) // the default
    expect(fileSet(file)).toEqual(before)
    expect(existsSync(join(dir, 'quarantine'))).toBe(false)
  })
})
