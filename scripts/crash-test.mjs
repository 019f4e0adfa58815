#!/usr/bin/env node
// Crash test: `npm run crash-test [-- --rounds N] [--seed S] [--data-dir DIR] [--keep]`.
// Each round SIGKILLs the real browser-mode server in the middle of a burst of HTTP edits,
// checks the file (integrity, acknowledged writes on disk), restarts the server on the same
// data directory and checks every acknowledged write and its history entry through the API.
// See test/helpers/crash.mjs. Prints "N passed, M failed"; exits 1 on any failure.
import { runCrashRounds } from '../test/helpers/crash.mjs'

const argv = process.argv.slice(2)
const opt = (name) => {
  const i = argv.indexOf(`--${name}`)
  if (i >= 0) return argv[i + 1]
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
}
const rounds = Number(opt('rounds') ?? 100)
const seed = opt('seed') != null ? Number(opt('seed')) : Math.floor(Math.random() * 1e9)
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`--rounds must be a positive whole number, got ${opt('rounds')}`)
  process.exit(2)
}
if (!Number.isInteger(seed)) {
  console.error(`--seed must be a whole number, got ${opt('seed')}`)
  process.exit(2)
}

console.log(`crash test: ${rounds} rounds, seed ${seed} (replay with --seed ${seed})`)
const started = Date.now()
try {
  const r = await runCrashRounds({ rounds, seed, dataDir: opt('data-dir'), keep: argv.includes('--keep'), log: (l) => console.log(l) })
  console.log(`data directory: ${r.dataDir}${argv.includes('--keep') || opt('data-dir') ? '' : ' (removed)'}; ${((Date.now() - started) / 1000).toFixed(0)} s`)
  console.log(`${r.passed} passed, ${r.failed} failed`)
  process.exit(r.failed ? 1 : 0)
} catch (e) {
  console.error(`crash test could not run: ${e instanceof Error ? e.stack : String(e)}`)
  console.log(`0 passed, ${rounds} failed`)
  process.exit(1)
}
