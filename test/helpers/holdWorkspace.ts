/**
 * The "other process" of the instance-lock tests: opens a workspace and holds it until killed.
 * Run with tsx: `node --import tsx test/helpers/holdWorkspace.ts DIR MODE`. Prints one JSON line:
 * {"held":true,"pid":…} once the lock is held, or {"error":"…"} if the open was refused.
 */
import type { InstanceMode } from '../../electron/main/db/instanceLock'
import { openWorkspace } from '../../electron/main/workspace'

const [dir, mode = 'desktop'] = process.argv.slice(2)
try {
  openWorkspace(dir!, { mode: mode as InstanceMode })
  process.stdout.write(JSON.stringify({ held: true, pid: process.pid }) + '\n')
  setInterval(() => {}, 60_000) // keep the process, and so the lock, alive until killed
} catch (e) {
  process.stdout.write(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }) + '\n')
  process.exitCode = 1
}
