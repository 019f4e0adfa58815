/** Types for test/helpers/crash.mjs (plain JS so scripts/crash-test.mjs runs it without tsx). */
import type { ChildProcess } from 'node:child_process'

export const ROOT: string

export interface ServeProcess {
  child: ChildProcess
  ready: Promise<{ url: string; base: string; token: string }>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  output(): string
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export function startServe(dataDir: string, opts?: { timeoutMs?: number }): ServeProcess

export interface CrashResult {
  passed: number
  failed: number
  failures: { round: number; problems: string[] }[]
  dataDir: string
  seed: number
}

export function runCrashRounds(opts?: {
  rounds?: number
  seed?: number
  dataDir?: string
  keep?: boolean
  log?: (line: string) => void
  killAfterMs?: [number, number]
}): Promise<CrashResult>
