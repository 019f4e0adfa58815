/**
 * The 100,000-row CSV import (issue 9: "≥ 100k rows/s and ≤ 3× the raw loop"), run in a child
 * process (lib/importInproc.ts) that the parent abandons after `timeoutMs`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInprocChild } from './child'
import { info, type Entry } from './measure'
import type { ImportInprocOptions } from './importInproc'

const root = join(__dirname, '../..')

export async function importBench(o: ImportInprocOptions & { timeoutMs: number; record: (e: Entry | Entry[]) => void; log: (s: string) => void }): Promise<void> {
  const { record, log, timeoutMs, ...opts } = o
  log(`import: ${opts.securities} securities × ${opts.dates} dates, ${opts.runs} runs`)
  const r = await runInprocChild(root, 'bench/lib/importInproc.ts', opts, timeoutMs, { prefix: '[import] ', log: (s) => log(`import: ${s}`) })
  if (r.ok) record(r.entries)
  else record({ ...info(`import: ${opts.securities * opts.dates}-row CSV`, null), pass: false, notes: r.why })
}

/** Replaces (or adds) these entries in a results file, keeping every other entry as it was. */
export function mergeInto(file: string, fresh: Entry[]): void {
  const old = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Entry[]) : []
  const names = new Set(fresh.map((e) => e.name.split(':')[0]))
  const kept = old.filter((e) => !names.has(e.name.split(':')[0]))
  writeFileSync(file, `${JSON.stringify([...kept, ...fresh], null, 2)}\n`)
}
