/**
 * Moving a damaged workspace aside. The file and its sidecars are renamed, never copied or
 * opened, so what lands in the quarantine folder is byte-identical to what was found, and the
 * data directory is free for a fresh workspace.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { basename, join } from 'node:path'

/** Every file that belongs to a database: a -wal or -journal can hold committed pages. */
const SIDECARS = ['-wal', '-shm', '-journal'] as const

export interface Quarantined {
  /** the main file's new path */
  file: string
  /** every path that was moved (main file first) */
  moved: string[]
}

/**
 * Moves `dbFile` and its sidecars to `target` (+ the same suffixes) in `dir`. Sidecars go first:
 * a stale -wal left beside a new, empty database would be replayed into it. If a move fails,
 * what was moved is put back and the error is thrown: the workspace stays as it was.
 */
export function quarantineDatabase(dbFile: string, dir: string, targetName: string): Quarantined {
  mkdirSync(dir, { recursive: true })
  const target = join(dir, targetName)
  const done: [from: string, to: string][] = []
  try {
    for (const s of [...SIDECARS, ''] as const) {
      const from = dbFile + s
      if (!existsSync(from)) continue
      const to = target + s
      if (existsSync(to)) throw new Error(`${basename(to)} already exists in ${dir}`)
      renameSync(from, to)
      done.push([from, to])
    }
  } catch (e) {
    for (const [from, to] of done.reverse()) {
      try {
        renameSync(to, from)
      } catch {
        // leave it where it is: it is still intact, just in the quarantine folder
      }
    }
    throw e
  }
  return { file: target, moved: [...done].reverse().map(([, to]) => to) }
}
