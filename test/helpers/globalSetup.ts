import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

/** Builds the renderer once before the browser tests, so no two test files build at once. */
export default function setup(): void {
  if (process.env.WORKBENCH_E2E === 'skip') return
  // a hand run against a renderer built just before (npm test never sets it)
  if (process.env.WORKBENCH_SKIP_BUILD === '1') return
  const root = join(__dirname, '../..')
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  })
}
