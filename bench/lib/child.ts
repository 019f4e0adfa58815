/**
 * Runs one in-process measure (a bench/lib/*Inproc.ts script) in a child process with a time
 * limit: the child prints its entries as one JSON line on stdout; stderr lines with `prefix`
 * are progress for the log, the rest kept as the reason if it fails.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Entry } from './measure'

export type ChildResult = { ok: true; entries: Entry[]; plans: string[] } | { ok: false; why: string }

export function runInprocChild(root: string, script: string, opts: unknown, timeoutMs: number, progress?: { prefix: string; log: (s: string) => void }): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, script), JSON.stringify(opts)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let killed = false
    const timer = setTimeout(() => {
      killed = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()))
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (progress && line.startsWith(progress.prefix)) progress.log(line.slice(progress.prefix.length))
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
