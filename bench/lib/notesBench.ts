/**
 * Notes at scale (issue 8: "50,000 notes of mixed Chinese and English text: autosave p95 ≤ 10 ms,
 * search p95 ≤ 30 ms for two- and three-character Chinese and English queries, thesis re-check
 * after a 100k-row data change ≤ 1 s"), in the main bench workspace (its universe gives the
 * theses their securities and the data change its rows). Everything runs in a child process
 * (lib/notesInproc.ts) that the parent abandons after `timeoutMs`; its progress lines are logged.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
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
  const r = await runChild(opts, timeoutMs, log)
  if (r.ok) {
    record(r.entries)
    return { plans: r.plans }
  }
  record({ ...info(`notes: ${opts.count} notes`, null), pass: false, notes: r.why })
  return { plans: [] }
}

type ChildResult = { ok: true; entries: Entry[]; plans: string[] } | { ok: false; why: string }

function runChild(opts: NotesInprocOptions, timeoutMs: number, log: (s: string) => void): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/lib/notesInproc.ts'), JSON.stringify(opts)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let killed = false
    const timer = setTimeout(() => {
      killed = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()))
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (line.startsWith('[notes] ')) log(`notes: ${line.slice(8)}`)
      else err = `${err}${line}\n`.slice(-4000)
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const line = out.trim().split('\n').pop() ?? ''
      try {
        if (code === 0) return resolve({ ok: true, ...(JSON.parse(line) as { entries: Entry[]; plans: string[] }) })
      } catch {
        // falls through
      }
      resolve({ ok: false, why: killed ? `abandoned: not done within ${(timeoutMs / 1000).toFixed(0)} s` : `the child failed (${code ?? signal}): ${err.trim().split('\n').slice(-3).join(' ')}` })
    })
  })
}
