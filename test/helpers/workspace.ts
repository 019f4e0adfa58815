import { mkdtempSync, rmSync } from 'node:fs'
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
        ws.db.close()
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
