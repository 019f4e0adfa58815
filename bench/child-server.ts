/**
 * Child process of `npm run bench`: the browser-mode server exactly as `npm run serve` runs it
 * (engine worker + HTTP server), plus a sampler of this process's event loop, which the parent
 * starts and stops around each measure. A separate process, so the bench's own client work
 * (Playwright, HTTP client) is not counted, and so a runaway query can be ended by killing it.
 */
import { setPriority } from 'node:os'
import { performance, PerformanceObserver } from 'node:perf_hooks'
import { startEngine } from '../electron/main/engine/host'
import { startServer } from '../electron/main/http/server'
import { LoopSampler } from './lib/measure'
import type { ServerCmd, ServerMsg } from './lib/proto'

const [dataDir, staticDir] = process.argv.slice(2) as [string, string]
const send = (m: ServerMsg) => process.send!(m)
const loop = new LoopSampler(5)
// garbage-collection pauses of this thread, to tell a GC pause from work in a block
let gcMax = 0
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMax = Math.max(gcMax, e.duration)
}).observe({ entryTypes: ['gc'] })

async function main(): Promise<void> {
  const t0 = performance.now()
  const engine = await startEngine({ dataDir, mode: 'browser' })
  // The engine as the server sees it, plus a note of each call: its round trip to the worker and
  // the main-thread time after the reply arrived (the server's JSON.stringify and write).
  const calls: { method: string; ms: number; mainMs: number }[] = []
  const note = <R>(method: string, run: () => Promise<R>) => async (): Promise<R> => {
    const t0 = performance.now()
    const r = await run()
    const t1 = performance.now()
    setImmediate(() => calls.push({ method, ms: t1 - t0, mainMs: performance.now() - t1 }))
    return r
  }
  // the same backend `npm run serve` passes (the engine itself), each method wrapped as it is
  const e = engine as typeof engine & { callJson?: (m: string, p: unknown) => Promise<{ json: string; status: number }> }
  const backend = {
    call: (method: string, payload: unknown) => note(method, () => engine.call(method, payload))(),
    ...(e.callJson ? { callJson: (method: string, payload: unknown) => note(method, () => e.callJson!(method, payload))() } : {}),
    onPush: engine.onPush,
    cancel: engine.cancel,
  }
  const srv = await startServer({ backend, staticDir })
  // On a shared machine other processes' load shows up as event-loop "blocks" that are only
  // waits for a CPU. Raising this thread's priority (Linux: the calling thread only; the engine
  // worker started above keeps the normal one, so queries are not sped up) keeps that noise out.
  const nice = Number(process.env.BENCH_SERVER_NICE ?? -10)
  let priority = 'normal priority'
  if (nice) {
    try {
      setPriority(nice)
      priority = `event-loop thread at nice ${nice} (engine worker at normal priority)`
    } catch (e) {
      priority = `normal priority (renice refused: ${(e as Error).message})`
    }
  }
  send({ type: 'ready', url: srv.url, port: srv.port, token: srv.token, startMs: performance.now() - t0, openStats: engine.openStats, priority })
  process.on('message', (m: ServerCmd) => {
    if (m.cmd === 'loopStart') {
      calls.length = 0
      gcMax = 0
      loop.start()
      send({ type: 'ack' })
    } else if (m.cmd === 'loopStop') {
      const ms = loop.stop()
      send({ type: 'loop', ms, calls: `${describe(calls) || 'no API call'}; longest GC pause ${gcMax.toFixed(1)} ms` })
    }
    else if (m.cmd === 'close') void srv.close().then(() => engine.close()).finally(() => process.exit(0))
  })
  process.on('disconnect', () => process.exit(0))
}

/** "valuations.page ×2 (worker 120 ms, main 3 ms)": per method, count and the slowest of each. */
function describe(list: { method: string; ms: number; mainMs: number }[]): string {
  const by = new Map<string, { n: number; ms: number; mainMs: number }>()
  for (const c of list) {
    const g = by.get(c.method) ?? { n: 0, ms: 0, mainMs: 0 }
    by.set(c.method, { n: g.n + 1, ms: Math.max(g.ms, c.ms), mainMs: Math.max(g.mainMs, c.mainMs) })
  }
  return [...by].map(([m, g]) => `${m}${g.n > 1 ? ` ×${g.n}` : ''} (max: engine ${g.ms.toFixed(0)} ms, main thread after reply ${g.mainMs.toFixed(0)} ms)`).join(', ')
}

main().catch((e) => {
  send({ type: 'failed', message: e instanceof Error ? e.message : String(e) })
  process.exit(1)
})
