import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openWorkspace, type Workspace } from '../../electron/main/workspace'

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
  return tables.map((t) => `${t}:${JSON.stringify(db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all())}`).join('\n')
}

/** The database file and its sidecars as bytes (null when absent), to prove a refusal changed nothing. */
export function fileSet(dbFile: string): Record<'db' | 'wal' | 'shm', Buffer | null> {
  const read = (f: string) => (existsSync(f) ? readFileSync(f) : null)
  return { db: read(dbFile), wal: read(dbFile + '-wal'), shm: read(dbFile + '-shm') }
}
