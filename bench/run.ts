/**
 * `npm run bench`: builds a synthetic market through the app's own write path, then measures
 * the hot paths side by side with hand-written SQL on the same file in the same run, the event
 * loop of the process that serves the UI, and the UI itself in headless Chromium.
 *
 *   npm run bench                       20,000 securities × 10 snapshots (BENCH_SECURITIES, BENCH_SNAPSHOTS)
 *   npm run bench -- --quick            2,000 × 10, fewer runs; writes bench/results/latest-quick.json
 *   npm run bench -- --no-browser       skip Chromium
 *   npm run bench -- --data-dir DIR     build into (or reuse the universe already in) DIR and keep it
 *   npm run bench -- --keep             keep the temp data dir
 *   npm run bench -- --no-map           skip the chain map (2,000 securities in a data dir of its own)
 *   npm run bench -- --map-only         only the chain map; writes bench/results/latest-map.json
 *   npm run bench -- --map-data-dir DIR build the map's universe into (or reuse it from) DIR and keep it
 *   npm run bench -- --no-notes         skip the notes (50,000 notes in the main workspace; --quick 5,000)
 *   npm run bench -- --notes-only       only the universe and the notes; writes bench/results/latest-notes.json
 *   npm run bench -- --no-import        skip the 100,000-row CSV import (lib/importBench.ts, a temp workspace of its own)
 *   npm run bench -- --import-only      only the import; writes bench/results/latest-import.json and updates
 *                                       the import entries of bench/results/latest.json (the others are kept as they were)
 *   BENCH_RUNS, BENCH_BROWSER_RUNS, BENCH_BATCH, BENCH_CALL_TIMEOUT_S, BENCH_MAP, BENCH_NOTES, BENCH_NOTES_COUNT,
 *   BENCH_NOTES_THESIS, BENCH_NOTES_SAVES, BENCH_NOTES_CHANGE_ROWS, CHROMIUM_PATH, BENCH_OUT
 *
 * Writes bench/results/latest.json (an array of {name, ms, limitName, limitMs, ratio, budget, pass},
 * plus n and notes) and bench/results/latest-plans.md (where each call's time goes, with
 * EXPLAIN QUERY PLAN of its statements). Never part of `npm test`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildUniverse, universeReady } from '../electron/main/domains/valuations/bulk'
import { engineContext } from '../electron/main/engine/context'
import { mutate } from '../electron/main/engine/mutate'
import { DB_FILENAME, openWorkspace, type Workspace } from '../electron/main/workspace'
import { browserMeasures } from './lib/browser'
import { post } from './lib/http'
import { MAP_SECURITIES, MAP_SNAPSHOTS, mapBench } from './lib/mapBench'
import { absolute, info, median, printTable, type Entry } from './lib/measure'
import { notesBench } from './lib/notesBench'
import { importBench, mergeInto } from './lib/importBench'
import { runInproc, Server } from './lib/proc'

const root = resolve(__dirname, '..')
const argv = process.argv.slice(2)
const flag = (name: string) => argv.includes(name)
const option = (name: string) => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1)
}
const QUICK = flag('--quick')
const N = Number(process.env.BENCH_SECURITIES ?? (QUICK ? 2000 : 20_000))
const SNAPSHOTS = Number(process.env.BENCH_SNAPSHOTS ?? 10)
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 7 : 15))
const BROWSER_RUNS = Number(process.env.BENCH_BROWSER_RUNS ?? 3)
const BATCH = Number(process.env.BENCH_BATCH ?? 2000)
const BROWSER = !flag('--no-browser') && process.env.BENCH_BROWSER !== '0'
/** the chain map at 2,000 securities (lib/mapBench.ts), in its own data dir */
const MAP_ONLY = flag('--map-only')
/** the 100k-row CSV import (lib/importBench.ts), in a temp workspace of its own */
const IMPORT_ONLY = flag('--import-only')
const IMPORT = IMPORT_ONLY || (!flag('--no-import') && process.env.BENCH_IMPORT !== '0')
/** notes at scale in the main workspace (lib/notesBench.ts) */
const NOTES_ONLY = flag('--notes-only')
const MAP = !IMPORT_ONLY && (MAP_ONLY || (!NOTES_ONLY && !flag('--no-map') && process.env.BENCH_MAP !== '0'))
const NOTES = !IMPORT_ONLY && (NOTES_ONLY || (!MAP_ONLY && !flag('--no-notes') && process.env.BENCH_NOTES !== '0'))
const NOTES_COUNT = Number(process.env.BENCH_NOTES_COUNT ?? (QUICK ? 5000 : 50_000))
const NOTES_THESIS = Number(process.env.BENCH_NOTES_THESIS ?? 2000)
const NOTES_SAVES = Number(process.env.BENCH_NOTES_SAVES ?? 500)
const NOTES_CHANGE_ROWS = Number(process.env.BENCH_NOTES_CHANGE_ROWS ?? 100_000)
/** the main phases (open time, API, server, UI): not with --map-only or --notes-only */
const MAIN = !MAP_ONLY && !NOTES_ONLY && !IMPORT_ONLY
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const OUT = process.env.BENCH_OUT ?? join(root, 'bench/results', IMPORT_ONLY ? 'latest-import.json' : MAP_ONLY ? 'latest-map.json' : NOTES_ONLY ? 'latest-notes.json' : QUICK ? 'latest-quick.json' : 'latest.json')
const PLANS = OUT.replace(/\.json$/, '-plans.md')
const fy = 'FY25E'
/** one API call slower than this is abandoned (the process running it is killed) */
const CALL_TIMEOUT_MS = Number(process.env.BENCH_CALL_TIMEOUT_S ?? (QUICK ? 60 : 120)) * 1000

const entries: Entry[] = []
const plans: string[] = []
const log = (s: string) => console.error(`[bench ${(performance.now() / 1000).toFixed(0).padStart(4)} s] ${s}`)

function record(e: Entry | Entry[]): void {
  for (const x of Array.isArray(e) ? e : [e]) {
    entries.push(x)
    log(`${x.name}: ${x.bytes != null ? `${x.bytes} B` : x.ms == null ? '—' : `${x.ms.toFixed(2)} ms`}${x.ratio != null ? ` (${x.ratio.toFixed(2)}× ${x.limitName})` : ''}${x.pass == null ? '' : x.pass ? ' PASS' : ' FAIL'}`)
  }
}

const CMP = (level: 'layer' | 'segment') => ({ metric: 'pe', fyKey: fy, currency: 'USD', nmRule: true, level })
const PAGE = { currency: 'USD', sort: [{ col: 'marketCap', dir: 'desc' }], limit: 100 }

/** The API through the browser-mode server, with the serving process's event loop sampled. */
async function throughServer(server: Server, sampleId: string, abandoned: Set<string>): Promise<void> {
  let p = await server.get()
  await p.loopStart()
  await new Promise((r) => setTimeout(r, 3000))
  record(info('event-loop max block (server): idle 3 s, sampler floor', (await p.loopStop()).ms, `5 ms timer chain with nothing to do: the noise floor on this machine (${p.ready.priority})`))
  const calls: [string, string, string, unknown][] = [
    ['compare.run by layer', `compare.run by layer (P/E ${fy}, USD)`, 'compare.run', CMP('layer')],
    ['compare.run by segment', `compare.run by segment (P/E ${fy}, USD)`, 'compare.run', CMP('segment')],
    ['valuations.page first page by market cap', 'valuations.page first page by market cap (USD)', 'valuations.page', PAGE],
    ['valuations.page grouped by layer', 'valuations.page grouped by layer, by market cap', 'valuations.page', { ...PAGE, groupByLayer: true }],
    ['valuations.page filtered to one layer', 'valuations.page filtered to one layer, by market cap', 'valuations.page', { ...PAGE, layerId: 'infra' }],
    ['valuations.page summary (counts + stats)', `valuations.page summary (limit 0, counts, P/E ${fy} stats)`, 'valuations.page', { currency: 'USD', limit: 0, counts: true, stats: { metric: 'pe', fyKey: fy } }],
    ['chain.get', 'chain.get (asked on navigation to the valuations page)', 'chain.get', {}],
    ['securities.get', `securities.get (synthetic ${sampleId})`, 'securities.get', { id: sampleId }],
    ['quality.page first page + counts', 'quality.page first page + counts', 'quality.page', { limit: 100 }],
  ]
  const runs = Math.max(3, Math.ceil(RUNS / 2))
  for (const [name, inprocName, method, payload] of calls) {
    const label = `event-loop max block (server): ${name}`
    if (abandoned.has(inprocName)) {
      record({ ...absolute(label, null, 50), notes: 'not called: the same call was abandoned in-process (it would hold the engine for minutes)' })
      continue
    }
    p = await server.get()
    let bytes = 0
    const times: number[] = []
    await p.loopStart()
    try {
      for (let i = 0; i < runs + 1; i++) {
        const t0 = performance.now()
        bytes = await post(p.ready, method, payload, CALL_TIMEOUT_MS)
        if (i > 0) times.push(performance.now() - t0)
      }
      const block = await p.loopStop()
      record(absolute(label, block.ms, 50, { n: runs, notes: `HTTP round trip median ${median(times).toFixed(1)} ms, ${bytes} bytes; ${block.calls}` }))
    } catch (e) {
      const block = await p.loopStop()
      record({ ...absolute(label, block.ms, 50, { n: times.length }), notes: `${(e as Error).message}; server restarted` })
      await server.restart()
    }
  }
}

function fileBytes(file: string): number {
  return ['', '-wal', '-shm'].reduce((a, s) => a + (existsSync(file + s) ? statSync(file + s).size : 0), 0)
}

function cancelCheck(): Entry {
  const dir = mkdtempSync(join(tmpdir(), 'wb-bench-cancel-'))
  const ws = openWorkspace(dir)
  try {
    let stop = false
    const ctx = engineContext(ws, { emit: (e) => e.type === 'progress' && e.done > 0 && (stop = true), cancelled: () => stop })
    const t0 = performance.now()
    const a = buildUniverse(ctx, { securities: 300, snapshots: 2, batchSize: 100 })
    const partial = ws.db.prepare("SELECT count(*) FROM security WHERE name_en LIKE 'Bench Co %'").pluck().get() as number
    const b = buildUniverse(engineContext(ws), { securities: 300, snapshots: 2, batchSize: 100 })
    const full = ws.db.prepare("SELECT count(*) FROM security WHERE name_en LIKE 'Bench Co %'").pluck().get() as number
    const ready = universeReady(ws.db, { securities: 300, snapshots: 2 })
    const pass = a.cancelled && a.changeSets === 2 && partial === 100 && !b.cancelled && full === 300 && ready
    return {
      ...info('bulk write: cancel between batches, then resume', performance.now() - t0),
      budget: 'stops after the running batch; resumes to the same universe',
      pass,
      notes: `cancelled after ${a.changeSets - 1} batch (${partial} securities committed), resumed to ${full}`,
    }
  } finally {
    ws.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The renderer, built once into a temp dir the browser-mode server serves. */
function buildRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-bench-renderer-'))
  log('building the renderer')
  const b = spawnSync(join(root, 'node_modules/.bin/vite'), ['build', '--config', 'renderer/vite.config.ts', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: root,
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    encoding: 'utf8',
  })
  if (b.status !== 0) throw new Error(`renderer build failed:\n${b.stdout}\n${b.stderr}`)
  return dir
}

async function main(): Promise<void> {
  const given = option('--data-dir')
  const dataDir = (MAP_ONLY && !NOTES_ONLY) || IMPORT_ONLY ? null : given ? resolve(given) : mkdtempSync(join(tmpdir(), 'wb-bench-'))
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const keep = !!given || flag('--keep')
  // the chain map's own data dir: --map-data-dir, else beside --data-dir (kept), else a temp dir
  const mapGiven = option('--map-data-dir')
  const mapDir = !MAP ? null : mapGiven ? resolve(mapGiven) : given ? `${resolve(given)}-map` : mkdtempSync(join(tmpdir(), 'wb-bench-map-'))
  if (mapDir) mkdirSync(mapDir, { recursive: true })
  const keepMap = !!mapGiven || !!given || flag('--keep')
  const load0 = loadavg()
  log(`${MAP_ONLY ? 'chain map only' : `${N} securities × ${SNAPSHOTS} snapshots`}${NOTES_ONLY ? ', notes only' : ''}, ${RUNS} runs per median, data dir ${dataDir ?? '—'}, map data dir ${mapDir ?? '— (--no-map)'}, notes ${NOTES ? NOTES_COUNT : '— (--no-notes)'}; node ${process.version}, ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${load0.map((x) => x.toFixed(1)).join(' ')}`)
  let server: Server | null = null
  let staticDir: string | null = null
  let counts = { securities: 0, rows: 0, figures: 0, flags: 0 }
  let sampleId = ''
  try {
    if (dataDir) {
      // 1. the universe, through mutate(), in change sets of BATCH securities
      let ws: Workspace = openWorkspace(dataDir)
      record(info('workspace first open (bundled seed)', ws.openStats.openMs))
      const ctx = engineContext(ws, { emit: (e) => e.type === 'progress' && e.total > 0 && log(`universe ${e.done}/${e.total}`) })
      const built = buildUniverse(ctx, { securities: N, snapshots: SNAPSHOTS, batchSize: BATCH })
      if (built.reused) record(info(`build universe ${N} × ${SNAPSHOTS}`, null, `reused the universe already in ${dataDir}`))
      else
        record({
          ...absolute(`build universe ${N} × ${SNAPSHOTS} through mutate()`, built.ms, 3_600_000),
          budget: 'minutes, not hours (< 60 min)',
          notes: `${built.rows} rows, ${built.figures} figures, ${built.changeSets} change sets of ≤ ${BATCH} securities (+1 for the snapshots); ${Math.round(built.rows / (built.ms / 1000))} rows/s`,
        })
      if (MAIN) record(cancelCheck())
      // view state the browser part changes (a reused data dir keeps it between runs)
      mutate(ctx, 'bench.resetViewState', () => ws.db.prepare("DELETE FROM meta WHERE key GLOB 'pref:grid:valuations*' OR key GLOB 'pref:valuations*'").run(), { record: false, entities: ['meta'] })
      counts = ws.db
        .prepare('SELECT (SELECT count(*) FROM security) AS securities, (SELECT count(*) FROM valuation_row) AS rows, (SELECT count(*) FROM valuation_figure) AS figures, (SELECT count(*) FROM quality_flag) AS flags')
        .get() as { securities: number; rows: number; figures: number; flags: number }
      log(`workspace: ${JSON.stringify(counts)}`)
      sampleId = ws.db.prepare("SELECT v.security_id FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id WHERE t.report_id = 'bench-01' AND v.row_no = ?").pluck().get(Math.ceil(N / 2)) as string
      ws.close()
    }

    if (dataDir && MAIN) {
      const file = join(dataDir, DB_FILENAME)
      let ws: Workspace

      // 2. open time (instance lock, copy + quick_check, migrations check) and file size
      record(info('workspace file size', null, `${counts.securities} securities, ${counts.rows} valuation rows, ${counts.figures} figures, ${counts.flags} quality flags; ${(fileBytes(file) / counts.rows) | 0} bytes per row`, { bytes: fileBytes(file) }))
      const opens: { openMs: number; quickCheckMs: number }[] = []
      for (let i = 0; i < 3; i++) {
        ws = openWorkspace(dataDir)
        opens.push(ws.openStats)
        ws.close()
      }
      const om = [...opens].sort((a, b) => a.openMs - b.openMs)[1]!
      record(info('workspace open incl. quick_check (median of 3)', om.openMs, `quick_check ${om.quickCheckMs.toFixed(0)} ms of it; runs ${opens.map((o) => o.openMs.toFixed(0)).join(', ')} ms`, { n: 3 }))

      // 3. the API in-process beside hand-written SQL on the same connection (in a child process,
      //    so that a runaway call can be abandoned)
      const inproc = await runInproc({ dataDir, runs: RUNS, fy, sampleId, bundledId: 'NVDA.US', callTimeoutMs: CALL_TIMEOUT_MS, measureBudgetMs: QUICK ? 20_000 : 60_000 }, log)
      record(inproc.entries)
      plans.push(...inproc.plans)

      // 4. the real engine behind the browser-mode server, in its own process: its event loop
      staticDir = BROWSER ? buildRenderer() : join(root, 'out/renderer')
      server = new Server(dataDir, staticDir)
      const t0 = performance.now()
      const p = await server.get()
      record(info('server start: engine worker open incl. quick_check + HTTP', performance.now() - t0, `worker openStats: open ${p.ready.openStats.openMs.toFixed(0)} ms, quick_check ${p.ready.openStats.quickCheckMs.toFixed(0)} ms; ${p.ready.priority}`))
      await throughServer(server, sampleId, new Set(inproc.abandoned))

      // 5. the UI in headless Chromium
      if (BROWSER && existsSync(CHROMIUM)) {
        log('browser measures')
        record(await browserMeasures({ server, chromiumPath: CHROMIUM, runs: BROWSER_RUNS, navTimeoutMs: QUICK ? 60_000 : 180_000, actionTimeoutMs: 20_000, filterTerms: ['0012', '0034'] }))
      } else if (BROWSER) record({ ...info('browser measures', null, `no Chromium at ${CHROMIUM}`), pass: false })
    }

    // 6. notes at scale, in the main workspace (lib/notesBench.ts): the server holds its lock
    if (dataDir && NOTES) {
      await server?.close()
      server = null
      const notes = await notesBench({
        dataDir,
        count: NOTES_COUNT,
        thesis: NOTES_THESIS,
        seed: 8,
        saves: NOTES_SAVES,
        searchRuns: QUICK ? 6 : 10,
        changeRows: NOTES_CHANGE_ROWS,
        factor: 0.75,
        timeoutMs: CALL_TIMEOUT_MS * 10,
        record,
        log,
      })
      plans.push(...notes.plans)
    }

    // 7. a 100,000-row CSV import end to end beside a raw insert loop (lib/importBench.ts)
    if (IMPORT) {
      await server?.close()
      server = null
      await importBench({ securities: QUICK ? 2000 : 20_000, dates: QUICK ? 50 : 5, runs: QUICK ? 3 : 5, timeoutMs: CALL_TIMEOUT_MS * 10, record, log })
    }

    // 8. the chain map at 2,000 securities, in its own data dir (lib/mapBench.ts)
    if (mapDir) {
      await server?.close()
      server = null
      if (BROWSER && !staticDir) staticDir = buildRenderer()
      const chromiumPath = BROWSER && existsSync(CHROMIUM) ? CHROMIUM : null
      if (BROWSER && !chromiumPath && MAP_ONLY) record({ ...info('browser measures', null, `no Chromium at ${CHROMIUM}`), pass: false })
      const map = await mapBench({
        dataDir: mapDir,
        staticDir: BROWSER ? staticDir : null,
        chromiumPath,
        fy,
        runs: RUNS,
        browserRuns: BROWSER_RUNS,
        callTimeoutMs: CALL_TIMEOUT_MS,
        navTimeoutMs: QUICK ? 60_000 : 180_000,
        actionTimeoutMs: 20_000,
        record,
        log,
      })
      plans.push(...map.plans)
    }
  } finally {
    await server?.close()
    if (staticDir && BROWSER) rmSync(staticDir, { recursive: true, force: true })
    if (dataDir && !keep) rmSync(dataDir, { recursive: true, force: true })
    if (mapDir && !keepMap) rmSync(mapDir, { recursive: true, force: true })
  }
  const load1 = loadavg()
  record(info('machine load average (1 min) at start / end', null, `${load0[0]!.toFixed(1)} / ${load1[0]!.toFixed(1)} on ${cpus().length} CPUs: timings and event-loop blocks are inflated when this exceeds the CPU count`))

  mkdirSync(join(root, 'bench/results'), { recursive: true })
  writeFileSync(OUT, `${JSON.stringify(entries, null, 2)}\n`)
  if (IMPORT_ONLY && !QUICK) mergeInto(join(root, 'bench/results/latest.json'), entries.filter((e) => e.name.startsWith('import:')))
  const scale = [MAP_ONLY ? '' : `${N} securities × ${SNAPSHOTS} snapshots`, NOTES ? `${NOTES_COUNT} notes` : '', MAP ? `chain map ${MAP_SECURITIES} × ${MAP_SNAPSHOTS}` : ''].filter(Boolean).join(', ')
  writeFileSync(PLANS, `# Where the time goes — ${scale}, ${new Date().toISOString()}\n\n${plans.join('\n')}\n`)
  const failed = entries.filter((e) => e.pass === false)
  console.log(`\n# Bench — ${scale}, node ${process.version}, ${cpus().length} CPUs, ${new Date().toISOString()}\n`)
  console.log(printTable(entries))
  console.log(`\n${entries.filter((e) => e.pass === true).length} pass, ${failed.length} fail, ${entries.filter((e) => e.pass == null).length} reported. Written: ${OUT}, ${PLANS}`)
  for (const e of entries.filter((x) => x.notes)) console.log(`- ${e.name}: ${e.notes}`)
  if (dataDir && keep) console.log(`Data dir kept: ${dataDir}`)
  if (mapDir && keepMap) console.log(`Map data dir kept: ${mapDir}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
