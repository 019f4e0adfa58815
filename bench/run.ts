/**
 * `npm run bench`: medians of the hot paths, each beside the raw better-sqlite3 work it wraps,
 * measured in the same process on the same machine. Two workspaces: the bundled five reports,
 * and the same plus a synthetic market of N securities (one valuation row each, P/E and P/S for
 * three years) to see how the API scales.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dispatch } from '../electron/main/api/dispatch'
import { createHandlers } from '../electron/main/api/handlers'
import { openWorkspace, type Workspace } from '../electron/main/workspace'
import { groupStats } from '../shared/stats'

const N = Number(process.env.BENCH_SECURITIES ?? 5000)

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]!
}

function time(fn: () => unknown, runs = 25): number {
  fn() // warm-up (statement cache, JIT)
  const t: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    fn()
    t.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  return median(t)
}

function addSyntheticMarket(ws: Workspace, n: number): void {
  const db = ws.db
  db.transaction(() => {
    db.prepare("INSERT INTO report(id, origin, institution, title) VALUES ('bench', 'user', 'bench', 'synthetic market')").run()
    const tableId = db.prepare("INSERT INTO valuation_table(report_id, label, as_of_date) VALUES ('bench', 'synthetic', '2023-02-08')").run().lastInsertRowid
    const sec = db.prepare("INSERT INTO security(id, name_zh, name_en, market, currency, listed) VALUES (?, ?, ?, 'US', 'USD', 1)")
    const node = db.prepare("INSERT INTO security_node(security_id, node_id, source, is_primary) VALUES (?, ?, 'user', 1)")
    const row = db.prepare('INSERT INTO valuation_row(table_id, row_no, security_id, company_printed, is_aggregate) VALUES (?, ?, ?, ?, 0)')
    const fig = db.prepare('INSERT INTO valuation_figure(row_id, metric, fy, fy_key, printed, value, unit, currency, value_mn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    const nodes = ['infra.chips', 'infra.servers', 'model.foundation', 'model.nlp', 'app.office', 'app.media', 'app.games']
    let seed = 42
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let i = 0; i < n; i++) {
      const id = `SYN${i}.US`
      sec.run(id, `合成${i}`, `Synthetic ${i}`)
      node.run(id, nodes[i % nodes.length])
      const rid = row.run(tableId, i + 1, id, `Synthetic ${i}`).lastInsertRowid
      const mcap = Math.round(100 + rnd() * 100000)
      fig.run(rid, 'marketCap', null, null, String(mcap), mcap, '百万美元', 'USD', mcap)
      for (const fy of ['FY22E', 'FY23E', 'FY24E']) {
        const pe = Math.round((rnd() * 150 - 20) * 10) / 10
        fig.run(rid, 'pe', fy, fy, String(pe), pe, 'x', null, null)
        fig.run(rid, 'ps', fy, fy, String(pe / 5), pe / 5, 'x', null, null)
      }
    }
  })()
}

function row(name: string, app: number, raw: number | null): string {
  const ratio = raw ? `${(app / raw).toFixed(1)}×` : '—'
  return `| ${name} | ${app.toFixed(3)} | ${raw == null ? '—' : raw.toFixed(3)} | ${ratio} |`
}

function bench(label: string, ws: Workspace): string[] {
  const h = createHandlers(ws)
  const call = (m: string, input: unknown) => {
    const r = dispatch(h, m, input)
    if (!r.ok) throw new Error(r.error.message)
  }
  const rawFigures = ws.db.prepare('SELECT * FROM valuation_figure')
  const rawRows = ws.db.prepare('SELECT * FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id')
  const rawBoth = () => (rawRows.all(), rawFigures.all())
  const cmp = { metric: 'pe', fyKey: 'FY23E', currency: 'CNY', nmRule: true, level: 'layer' }
  const rows = ws.db.prepare('SELECT count(*) AS n FROM valuation_row').get() as { n: number }
  return [
    `\n### ${label} (${rows.n} valuation rows)\n`,
    '| operation | app median ms | raw better-sqlite3 ms | ratio |',
    '|---|---|---|---|',
    row('valuations.list (validated, shaped rows + figures + flags)', time(() => call('valuations.list', {})), time(rawBoth)),
    row('compare.run P/E FY23E by layer, CNY', time(() => call('compare.run', cmp)), time(rawBoth)),
    row('compare.run market cap by segment, HKD', time(() => call('compare.run', { ...cmp, metric: 'marketCap', fyKey: null, currency: 'HKD', level: 'segment' })), time(rawBoth)),
    row('quality.flags', time(() => call('quality.flags', {})), time(rawBoth)),
    row('coverage.list', time(() => call('coverage.list', {})), time(() => ws.db.prepare('SELECT * FROM coverage').all())),
  ]
}

function main(): void {
  const dirs: string[] = []
  const temp = () => {
    const d = mkdtempSync(join(tmpdir(), 'wb-bench-'))
    dirs.push(d)
    return d
  }
  const out: string[] = [`# Benchmarks — node ${process.version}, ${new Date().toISOString()}`]
  out.push('\n### Opening an empty workspace (migrations + seeding the bundled data)\n')
  const seedTimes: number[] = []
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint()
    openWorkspace(temp()).db.close()
    seedTimes.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  out.push(`median ${median(seedTimes).toFixed(1)} ms over 5 runs`)

  const small = openWorkspace(temp())
  out.push(...bench('bundled five reports', small))
  const big = openWorkspace(temp())
  addSyntheticMarket(big, N)
  out.push(...bench(`bundled + synthetic market of ${N} securities`, big))

  const statRows = Array.from({ length: 100_000 }, (_, i) => ({ key: String(i), value: (i % 120) - 10, mcap: 100 + (i % 997) }))
  out.push('\n### groupStats (pure) on 100,000 rows\n')
  out.push(`median ${time(() => groupStats(statRows), 15).toFixed(2)} ms`)
  small.db.close()
  big.db.close()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  console.log(out.join('\n'))
}

main()
