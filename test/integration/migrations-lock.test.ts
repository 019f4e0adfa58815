import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Migration } from '../../electron/main/db/migrate'
import { MIGRATIONS } from '../../electron/main/db/migrations'

/*
 * Shipped migrations are frozen: users' databases already ran them, so an edit never reaches
 * those databases and forks the schema. lock.json lists every shipped migration in order. It is
 * written comma-first so that shipping a migration is ONE appended line and the diff touches no
 * line already shipped.
 */
const LOCK_FILE = join(__dirname, '../../electron/main/db/migrations/lock.json')

interface LockEntry {
  version: number
  name: string
  sha256: string
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')
const entryOf = (m: Migration): LockEntry => ({ version: m.version, name: m.name, sha256: sha256(m.sql) })
const lockLine = (e: LockEntry): string => `, { "version": ${e.version}, "name": "${e.name}", "sha256": "${e.sha256}" }`
const readLock = (): LockEntry[] => JSON.parse(readFileSync(LOCK_FILE, 'utf8')) as LockEntry[]

/** Every way MIGRATIONS and the lock disagree, each with what to do about it. */
function lockProblems(migrations: readonly Migration[], lock: readonly LockEntry[]): string[] {
  const problems: string[] = []
  for (let i = 0; i < Math.max(migrations.length, lock.length); i++) {
    const m = migrations[i] && entryOf(migrations[i]!)
    const l = lock[i]
    if (!l) problems.push(`${m!.name} is not in ${LOCK_FILE}. When it ships, append this line before the closing "]":\n${lockLine(m!)}`)
    else if (!m) problems.push(`${l.name} (version ${l.version}) is locked but no longer in MIGRATIONS: a shipped migration is never removed.`)
    else if (m.version !== l.version || m.name !== l.name)
      problems.push(`position ${i + 1}: locked ${l.version} ${l.name}, MIGRATIONS has ${m.version} ${m.name}: shipped migrations are never renamed, renumbered or reordered.`)
    else if (m.sha256 !== l.sha256)
      problems.push(`${m.name} was edited after it shipped (sha256 ${m.sha256}, locked ${l.sha256}). Revert the edit and add a new numbered migration.`)
  }
  return problems
}

const fake = (version: number, sql = 'SELECT 1'): Migration => ({ version, name: `${String(version).padStart(4, '0')}_fake`, sql })

describe('migration lock', () => {
  it('lists exactly the shipped migrations, in order, unedited', () => {
    const problems = lockProblems(MIGRATIONS, readLock())
    expect(problems, problems.join('\n\n')).toEqual([])
  })

  it('is one entry per line, in the format the failure message prints', () => {
    const lines = readFileSync(LOCK_FILE, 'utf8').trimEnd().split('\n')
    const entries = readLock()
    expect(lines[0]).toBe('[')
    expect(lines.at(-1)).toBe(']')
    expect(lines.slice(1, -1)).toEqual(entries.map((e, i) => (i === 0 ? lockLine(e).replace(/^,/, ' ') : lockLine(e))))
  })

  // Checked against a lock made from MIGRATIONS, so these hold whatever state lock.json is in.
  const lock = MIGRATIONS.map(entryOf)

  it('reports a new migration with the exact line to append', () => {
    const added = [...MIGRATIONS, fake(MIGRATIONS.length + 1)]
    expect(lockProblems(added, lock).join('\n')).toContain(`not in ${LOCK_FILE}. When it ships, append this line before the closing "]":\n${lockLine(entryOf(added.at(-1)!))}`)
  })

  it('reports an edited, a removed and a reordered migration', () => {
    const edited = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, sql: m.sql + '\n' } : m))
    expect(lockProblems(edited, lock).join()).toMatch(/0001_foundation was edited after it shipped/)
    expect(lockProblems(MIGRATIONS.slice(0, -1), lock).join()).toMatch(/no longer in MIGRATIONS/)
    const swapped = [MIGRATIONS[1]!, MIGRATIONS[0]!, ...MIGRATIONS.slice(2)]
    expect(lockProblems(swapped, lock).join()).toMatch(/never renamed, renumbered or reordered/)
  })
})
