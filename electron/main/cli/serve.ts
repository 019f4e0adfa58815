/**
 * Browser mode: `npm run serve [-- --port N] [--data-dir DIR]`.
 * The workspace lives in a worker (engine/worker.ts); this process only serves HTTP, so its
 * event loop never waits on a query. Binds 127.0.0.1 with a per-launch token.
 */
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { startServer } from '../http/server'
import { startEngine } from '../engine/host'
import { dataDirFromArgs } from '../workspace'
import { launchView, viewQuery } from '../launchView'

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const pi = argv.indexOf('--port')
  const port = pi >= 0 ? Number(argv[pi + 1]) : Number(process.env.WORKBENCH_PORT || 0)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${argv[pi + 1]}`)
  const dataDir = dataDirFromArgs(argv, process.env, join(homedir(), '.aigc-workbench'))
  const engine = await startEngine({ dataDir, mode: 'browser' })
  const staticDir = resolve(__dirname, '../../../out/renderer')
  const srv = await startServer({ backend: engine, staticDir, port })
  console.log(`Data directory: ${engine.dataDir}`)
  console.log(`Open checks: quick_check ${engine.openStats.quickCheckMs.toFixed(0)} ms, open ${engine.openStats.openMs.toFixed(0)} ms`)
  // the workspace's theme, density and language ride on the URL: a new port has no cached view
  const view = await launchView((m, p) => engine.call(m, p))
  console.log(`Workbench ready: ${srv.url}${viewQuery(view)}`)
  const stop = () => {
    srv
      .close()
      .then(() => engine.close())
      .finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e) => {
  console.error(`Workbench could not start: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
