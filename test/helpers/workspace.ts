import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DB_FILENAME, openWorkspace, type Workspace } from '../../electron/main/workspace'

/** A real workspace (real SQLite file, real migrations, bundled data) in a fresh temp dir. */
export function tempWorkspace(): Workspace & { cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'wb-test-'))
  const ws = openWorkspace(dir)
  return {
    ...ws,
    cleanup: () => {
      try {
        ws.close() // also releases the instance lock; safe if the test already closed the db
      } catch {}
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'wb-test-'))
}

/** Stable text dump of every user table, to prove "nothing changed". */
export function dumpDb(db: Workspace['db']): string {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[]).map((t) => t.name)
  // WITHOUT ROWID tables (full-text index internals, revisions) are ordered by every column instead.
  const rows = (t: string) => {
    try {
      return db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()
    } catch {
      const n = (db.prepare(`SELECT count(*) FROM pragma_table_info(?)`).pluck().get(t) as number) || 1
      return db.prepare(`SELECT * FROM "${t}" ORDER BY ${Array.from({ length: n }, (_, i) => i + 1).join(', ')}`).all()
    }
  }
  return tables.map((t) => `${t}:${JSON.stringify(rows(t))}`).join('\n')
}

/** The database file and its sidecars as bytes (null when absent), to prove a refusal changed nothing. */
export function fileSet(dbFile: string): Record<'db' | 'wal' | 'shm', Buffer | null> {
  const read = (f: string) => (existsSync(f) ? readFileSync(f) : null)
  return { db: read(dbFile), wal: read(dbFile + '-wal'), shm: read(dbFile + '-shm') }
}

/** A seeded workspace, then `write` done through a connection whose WAL is never checkpointed. */
export function workspaceWithPendingWal(write: (db: Database.Database) => void): string {
  const src = tempDir()
  openWorkspace(src).close()
  const raw = new Database(join(src, DB_FILENAME))
  raw.pragma('wal_autocheckpoint = 0')
  write(raw)
  // Copied while the writer is still open: the copy is what a crash would leave behind.
  const dst = tempDir()
  for (const s of ['', '-wal', '-shm']) copyFileSync(join(src, DB_FILENAME) + s, join(dst, DB_FILENAME) + s)
  raw.close()
  rmSync(src, { recursive: true, force: true })
  return dst
}

/**
 * Zeroes one table b-tree leaf page from the second half of the file; returns its page number.
 * With no free pages (asserted), a page starting with 0x0D (table b-tree leaf) is live table data.
 */
export function zeroTablePage(file: string): number {
  const buf = readFileSync(file)
  const rawSize = buf.readUInt16BE(16)
  const pageSize = rawSize === 1 ? 65536 : rawSize
  if (buf.readUInt32BE(36) !== 0) throw new Error(`${file} has free pages: a 0x0D page may not be live data`)
  const pages = buf.length / pageSize
  for (let i = Math.floor(pages / 2); i < pages; i++) {
    if (buf[i * pageSize] !== 0x0d) continue
    buf.fill(0, i * pageSize, (i + 1) * pageSize)
    writeFileSync(file, buf)
    return i + 1
  }
  throw new Error('no table leaf page in the second half of the file')
}
