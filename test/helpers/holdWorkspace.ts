/**
 * The "other process" of the instance-lock tests: opens a workspace and holds it until killed.
 * Run with tsx: `node --expose-gc --import tsx test/helpers/holdWorkspace.ts DIR MODE [--keep-db-only]`.
 * Prints one JSON line: {"held":true,"pid":…} once the lock is held, or {"error":"…"}.
 * --keep-db-only keeps just `ws.db` and forces garbage collection, as a caller that drops the
 * Workspace object would: the lock must survive that.
 */
import type { InstanceMode } from '../../electron/main/db/instanceLock'
import { openWorkspace } from '../../electron/main/workspace'

const [dir, mode = 'desktop', flag] = process.argv.slice(2)
const keepDbOnly = flag === '--keep-db-only'
const gc = () => (globalThis as { gc?: () => void }).gc?.()

/** Returns what the process keeps; the Workspace itself is unreachable once this returns. */
function open(): unknown {
  const ws = openWorkspace(dir!, { mode: mode as InstanceMode })
  return keepDbOnly ? ws.db : ws
}

try {
  const kept = open()
  setInterval(() => kept, 60_000) // keep the process (and what it holds) alive until killed
  if (keepDbOnly) gc()
  setTimeout(() => {
    if (keepDbOnly) gc() // a second pass, after the finalizers of the first have run
    process.stdout.write(JSON.stringify({ held: true, pid: process.pid }) + '\n')
  }, 50)
} catch (e) {
  process.stdout.write(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }) + '\n')
  process.exitCode = 1
}
