/**
 * Notes at scale (issue 8: "50,000 notes of mixed Chinese and English text: autosave p95 ≤ 10 ms,
 * search p95 ≤ 30 ms for two- and three-character Chinese and English queries, thesis re-check
 * after a 100k-row data change ≤ 1 s"), in the main bench workspace (its universe gives the
 * theses their securities and the data change its rows). Everything runs in a child process
 * (lib/notesInproc.ts) that the parent abandons after `timeoutMs`; its progress lines are logged.
 */
import { runInprocChild } from './child'
import { join } from 'node:path'
import { info, type Entry } from './measure'
import type { NotesInprocOptions } from './notesInproc'

const root = join(__dirname, '../..')

export interface NotesBenchOptions extends NotesInprocOptions {
  timeoutMs: number
  record: (e: Entry | Entry[]) => void
  log: (s: string) => void
}

export async function notesBench(o: NotesBenchOptions): Promise<{ plans: string[] }> {
  const { record, log, timeoutMs, ...opts } = o
  log(`notes: ${opts.count} notes (${opts.thesis} theses), ${opts.saves} autosaves, ${opts.searchRuns} runs per search term, ${opts.changeRows} rows changed; data dir ${opts.dataDir}`)
  const r = await runInprocChild(root, 'bench/lib/notesInproc.ts', opts, timeoutMs, { prefix: '[notes] ', log: (s) => log(`notes: ${s}`) })
  if (r.ok) {
    record(r.entries)
    return { plans: r.plans }
  }
  record({ ...info(`notes: ${opts.count} notes`, null), pass: false, notes: r.why })
  return { plans: [] }
}

