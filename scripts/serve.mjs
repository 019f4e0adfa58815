#!/usr/bin/env node
// Browser mode: build the renderer, then serve it and the API on 127.0.0.1.
// Usage: npm run serve [-- --port N] [--data-dir DIR]   (set WORKBENCH_SKIP_BUILD=1 to reuse out/renderer)
import { spawnSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true'

if (!(process.env.WORKBENCH_SKIP_BUILD && existsSync(join(root, 'out/renderer/index.html')))) {
  const b = spawnSync(bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
  if (b.status !== 0) process.exit(b.status ?? 1)
}
const child = spawn(bin('tsx'), ['electron/main/cli/serve.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
