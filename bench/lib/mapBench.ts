/**
 * The chain map at 2,000 securities (issue: "render ≤ 1 s, no long task over 200 ms"), in a data
 * dir of its own: the universe through buildUniverse() (≈ 2,500 cards), then
 *   1. chain.map in-process (lib/mapInproc.ts, a child process) beside hand-written SQL;
 *   2. chain.map over HTTP through the browser-mode server, with its event loop sampled;
 *   3. the map page in headless Chromium (lib/mapBrowser.ts): navigation cold and warm,
 *      re-colour, market filter — time, longest long task, server event-loop block.
 */
import { runInprocChild } from './child'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import { buildUniverse } from '../../electron/main/domains/valuations/bulk'
import { engineContext } from '../../electron/main/engine/context'
import { openWorkspace } from '../../electron/main/workspace'
import { post } from './http'
import { mapBrowserMeasures } from './mapBrowser'
import type { MapInprocOptions } from './mapInproc'
import { absolute, info, median, type Entry } from './measure'
import { Server } from './proc'

const root = join(__dirname, '../..')

export const MAP_SECURITIES = 2000
export const MAP_SNAPSHOTS = 10

export interface MapBenchOptions {
  dataDir: string
  /** built renderer for the browser-mode server; null = no browser part */
  staticDir: string | null
  chromiumPath: string | null
  fy: string
  runs: number
  browserRuns: number
  callTimeoutMs: number
  navTimeoutMs: number
  actionTimeoutMs: number
  record: (e: Entry | Entry[]) => void
  log: (s: string) => void
}

/** What the page sends for the saved options {fyKey} (chainMap/options.ts defaults, compare rules unset). */
const mapInput = (fy: string) => ({
  metric: 'pe',
  fyKey: fy,
  currency: 'USD',
  nmRule: true,
  nmCap: 100,
  excludeFlagged: true,
  primaryOnly: false,
  excludedRowIds: [],
  lens: null,
})

export async function mapBench(o: MapBenchOptions): Promise<{ plans: string[] }> {
  const { record, log } = o
  const plans: string[] = []
  const name = `${MAP_SECURITIES} × ${MAP_SNAPSHOTS}`

  // the universe (reused when already there), and the map's saved options: FY25E (the synthetic
  // universe prints P/E FY24E–FY26E; the page's default FY23E would draw an empty map), every
  // other option at its default — through prefs.set, as the page saves them
  const ws = openWorkspace(o.dataDir)
  try {
    const ctx = engineContext(ws, { emit: (e) => e.type === 'progress' && e.total > 0 && log(`map universe ${e.done}/${e.total}`) })
    const built = buildUniverse(ctx, { securities: MAP_SECURITIES, snapshots: MAP_SNAPSHOTS, batchSize: 500 })
    if (built.reused) record(info(`map: build universe ${name}`, null, `reused the universe already in ${o.dataDir}`))
    else record(info(`map: build universe ${name} through mutate()`, built.ms, `${built.rows} rows, ${built.figures} figures, ${built.changeSets} change sets of ≤ 500 securities; data dir ${o.dataDir}`))
    const h = createHandlers(ws)
    const set = dispatch(h, 'prefs.set', { key: 'map:options', value: JSON.stringify({ fyKey: o.fy }) })
    if (!set.ok) throw new Error(`prefs.set map:options: ${set.error.message}`)
  } finally {
    ws.close()
  }

  // 1. in-process, beside the hand-written SQL (a child, so a runaway call can be abandoned)
  const input = mapInput(o.fy)
  const inName = `chain.map ${name} (P/E ${o.fy}, USD, every market)`
  log(`in-process: ${inName}`)
  const childOpts: MapInprocOptions = { dataDir: o.dataDir, runs: o.runs, fy: o.fy, input, name: inName }
  const child = await runInprocChild(root, 'bench/lib/mapInproc.ts', childOpts, o.callTimeoutMs * 3)
  if (child.ok) {
    record(child.entries)
    plans.push(...child.plans)
  } else record({ ...info(inName, null), pass: false, notes: child.why })

  // 2. over HTTP through the browser-mode server, its event loop sampled
  const server = new Server(o.dataDir, o.staticDir ?? join(root, 'out/renderer'))
  try {
    const t0 = performance.now()
    const p = await server.get()
    log(`map server up in ${(performance.now() - t0).toFixed(0)} ms`)
    const runs = Math.max(3, Math.ceil(o.runs / 2))
    const times: number[] = []
    let bytes = 0
    await p.loopStart()
    try {
      for (let i = 0; i < runs + 1; i++) {
        const t = performance.now()
        bytes = await post(p.ready, 'chain.map', input, o.callTimeoutMs)
        if (i > 0) times.push(performance.now() - t)
      }
      const block = await p.loopStop()
      record(
        absolute(`event-loop max block (server): ${inName}`, block.ms, 50, {
          n: runs,
          notes: `HTTP round trip median ${median(times).toFixed(1)} ms (first call not counted), ${bytes} bytes; ${block.calls}`,
        }),
      )
    } catch (e) {
      const block = await p.loopStop()
      record({ ...absolute(`event-loop max block (server): ${inName}`, block.ms, 50, { n: times.length }), notes: `${(e as Error).message}; server restarted` })
      await server.restart()
    }

    // 3. the page
    if (o.staticDir && o.chromiumPath) {
      log('browser: chain map')
      record(await mapBrowserMeasures({ server, chromiumPath: o.chromiumPath, runs: o.browserRuns, navTimeoutMs: o.navTimeoutMs, actionTimeoutMs: o.actionTimeoutMs, fy: o.fy }))
    }
  } finally {
    await server.close()
  }
  return { plans }
}

