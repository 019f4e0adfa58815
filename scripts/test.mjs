#!/usr/bin/env node
// `npm test`: unit + integration + end-to-end (real Chromium via playwright-core).
// Without Chromium the browser tests are skipped LOUDLY — except under CI=true, where a
// missing browser fails the run (CI must prove the UI, not skip it).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const env = { ...process.env, CHROMIUM_PATH: chromium, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }
if (!existsSync(chromium)) {
  const banner = `\n${'!'.repeat(78)}\n!! No Chromium at ${chromium}: END-TO-END BROWSER TESTS ARE SKIPPED.\n!! Install it with: apt-get install -y chromium   (or set CHROMIUM_PATH)\n${'!'.repeat(78)}\n`
  console.error(banner)
  if (process.env.CI === 'true') {
    console.error('CI=true: a missing browser fails the run.')
    process.exit(1)
  }
  env.WORKBENCH_E2E = 'skip'
}
const args = ['run', '--config', 'test/vitest.config.ts', ...process.argv.slice(2)]
const r = spawnSync(join(root, 'node_modules/.bin/vitest'), args, { cwd: root, stdio: 'inherit', env })
if (env.WORKBENCH_E2E === 'skip') console.error('\n!! Reminder: browser tests were SKIPPED (no Chromium).\n')
process.exit(r.status ?? 1)
