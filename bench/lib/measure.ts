/** Timing, event-loop sampling, result entries and the printed table. */
import { performance } from 'node:perf_hooks'
import type { Db } from '../../electron/main/db/connection'

/** One line of bench/results/latest.json: the fields the issue names, plus n and notes. */
export interface Entry {
  name: string
  /** the app's median (ms); null when nothing could be measured */
  ms: number | null
  /** what the app is compared with (raw SQL, a fixed budget) */
  limitName: string | null
  limitMs: number | null
  /** ms ÷ the raw baseline's ms, when there is one */
  ratio: number | null
  /** the budget as the issue states it; null = reported, no budget */
  budget: string | null
  /** null = reported only */
  pass: boolean | null
  /** timed runs behind the median */
  n?: number
  notes?: string
  bytes?: number
  /** the call was abandoned after ms: ms is a lower bound */
  timedOut?: boolean
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[(s.length - 1) >> 1]!
}

export interface Timing {
  median: number
  min: number
  max: number
  n: number
}

const summary = (t: number[]): Timing => ({ median: median(t), min: Math.min(...t), max: Math.max(...t), n: t.length })

/** Warm medians of two functions run alternately (same cache state, same drift). */
export function sideBySide(app: () => unknown, raw: () => unknown, runs: number, warm = 2): { app: Timing; raw: Timing } {
  for (let i = 0; i < warm; i++) (app(), raw())
  const a: number[] = []
  const r: number[] = []
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now()
    app()
    a.push(performance.now() - t0)
    t0 = performance.now()
    raw()
    r.push(performance.now() - t0)
  }
  return { app: summary(a), raw: summary(r) }
}

export function timeOnly(fn: () => unknown, runs: number, warm = 2): Timing {
  for (let i = 0; i < warm; i++) fn()
  const t: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    t.push(performance.now() - t0)
  }
  return summary(t)
}

export async function timeAsync(fn: () => Promise<unknown>, runs: number, warm = 1): Promise<Timing> {
  for (let i = 0; i < warm; i++) await fn()
  const t: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    t.push(performance.now() - t0)
  }
  return summary(t)
}

/**
 * The longest time this thread's event loop could not run a timer: a 5 ms timer chain, each
 * tick's lateness is a block. What a user feels as a frozen UI when this is the serving process.
 */
export class LoopSampler {
  private timer: NodeJS.Timeout | null = null
  private last = 0
  private worst = 0
  constructor(private readonly every = 5) {}
  start(): void {
    this.worst = 0
    this.last = performance.now()
    const tick = () => {
      const now = performance.now()
      this.worst = Math.max(this.worst, now - this.last - this.every)
      this.last = now
      this.timer = setTimeout(tick, this.every)
    }
    this.timer = setTimeout(tick, this.every)
  }
  /** max block (ms) since start(), including the time since the last tick */
  stop(): number {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    return Math.max(this.worst, performance.now() - this.last - this.every, 0)
  }
}

/** Statements a call ran (sql, params, ms), captured by wrapping db.prepare for one call. */
export interface Traced {
  sql: string
  params: unknown[]
  ms: number
  rows: number
}

export interface TraceHooks {
  /** before a statement runs (a statement that never finishes is the slow one) */
  start?(sql: string, params: unknown[]): void
  end?(t: Traced): void
}

export function traceStatements(db: Db, fn: () => unknown, hooks: TraceHooks = {}): { total: number; statements: Traced[] } {
  const out: Traced[] = []
  const original = db.prepare.bind(db)
  const wrap = (sql: string) => {
    const stmt = original(sql)
    const proxy: unknown = new Proxy(stmt, {
      get(target, prop) {
        const v = (target as any)[prop]
        if (typeof v !== 'function') return v
        return (...args: unknown[]) => {
          const timed = prop === 'all' || prop === 'get' || prop === 'run' || prop === 'iterate'
          if (timed) hooks.start?.(sql, args)
          const t0 = performance.now()
          const r = v.apply(target, args)
          if (timed) {
            const t: Traced = { sql, params: args, ms: performance.now() - t0, rows: Array.isArray(r) ? r.length : r == null ? 0 : 1 }
            out.push(t)
            hooks.end?.(t)
          }
          return r === target ? proxy : r
        }
      },
    })
    return proxy
  }
  ;(db as any).prepare = wrap
  const t0 = performance.now()
  try {
    fn()
  } finally {
    delete (db as any).prepare
  }
  return { total: performance.now() - t0, statements: out }
}

/** Parameters as text for a report (long JSON lists cut). */
export function shortParams(params: unknown[]): string {
  const s = JSON.stringify(params).replace(/"\[\{\\"ccy.*?\}\]"/, '"<fx factors json>"')
  return s.length > 300 ? `${s.slice(0, 300)}…` : s
}

/** Markdown for one traced call: totals, then the slowest statements with their plans. */
export function planMarkdown(db: Db, name: string, t: { total: number; statements: Traced[] }): string {
  const sqlMs = t.statements.reduce((a, s) => a + s.ms, 0)
  const lines = [`## ${name}`, '', `total ${t.total.toFixed(1)} ms: SQL ${sqlMs.toFixed(1)} ms in ${t.statements.length} statements, JavaScript ${(t.total - sqlMs).toFixed(1)} ms`, '']
  // the same statement run per row (N+1) is summed: that is where its time goes
  const bySql = new Map<string, { sql: string; params: unknown[]; ms: number; rows: number; runs: number }>()
  for (const s of t.statements) {
    const g = bySql.get(s.sql)
    if (g) (g.ms += s.ms, g.rows += s.rows, g.runs++)
    else bySql.set(s.sql, { sql: s.sql, params: s.params, ms: s.ms, rows: s.rows, runs: 1 })
  }
  for (const s of [...bySql.values()].sort((a, b) => b.ms - a.ms).slice(0, 4)) {
    if (s.ms < 0.5) break
    lines.push(`### ${s.ms.toFixed(1)} ms${s.runs > 1 ? ` in ${s.runs} runs (one per row)` : ''}, ${s.rows} rows`, '```sql', s.sql.replace(/\s+/g, ' ').trim(), '```', `params: ${shortParams(s.params)}`, '```', explain(db, s.sql, s.params), '```', '')
  }
  return lines.join('\n')
}

export function explain(db: Db, sql: string, params: unknown[]): string {
  try {
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as never[])) as { id: number; parent: number; detail: string }[]
    const depth = new Map<number, number>([[0, -1]])
    return rows
      .map((r) => {
        const d = (depth.get(r.parent) ?? -1) + 1
        depth.set(r.id, d)
        return `${'  '.repeat(d)}${r.detail}`
      })
      .join('\n')
  } catch (e) {
    return `(EXPLAIN failed: ${(e as Error).message})`
  }
}

const f = (x: number | null | undefined, digits = 1) => (x == null ? '—' : x >= 1000 ? x.toFixed(0) : x.toFixed(digits))

export function printTable(entries: readonly Entry[]): string {
  const head = ['measure', 'ms', 'limit', 'limit ms', 'ratio', 'budget', 'pass']
  const rows = entries.map((e) => [
    e.name,
    e.bytes != null ? `${(e.bytes / 2 ** 20).toFixed(1)} MiB` : `${e.timedOut ? '>' : ''}${f(e.ms, e.ms != null && e.ms < 10 ? 2 : 1)}`,
    e.limitName ?? '—',
    f(e.limitMs, e.limitMs != null && e.limitMs < 10 ? 2 : 1),
    e.ratio == null ? '—' : `${e.ratio.toFixed(2)}×`,
    e.budget ?? 'reported',
    e.pass == null ? '·' : e.pass ? 'PASS' : 'FAIL',
  ])
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 || i === 2 || i === 5 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join(' | ')} |`
  return [line(head), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

/** Entry against a raw baseline with a ratio budget. */
export function vsRaw(name: string, app: Timing, rawName: string, raw: Timing, maxRatio: number, notes?: string): Entry {
  const ratio = app.median / raw.median
  return { name, ms: app.median, limitName: rawName, limitMs: raw.median, ratio, budget: `ratio ≤ ${maxRatio}`, pass: ratio <= maxRatio, n: app.n, notes }
}

/** Entry with an absolute budget (and the raw baseline's time beside it, when there is one). */
export function absolute(name: string, ms: number | null, limitMs: number, opts: { rawName?: string; raw?: Timing; n?: number; notes?: string } = {}): Entry {
  return {
    name,
    ms,
    limitName: opts.raw ? (opts.rawName ?? 'raw') : 'budget',
    limitMs: opts.raw ? opts.raw.median : limitMs,
    ratio: opts.raw && ms != null ? ms / opts.raw.median : null,
    budget: `≤ ${limitMs} ms`,
    pass: ms != null && ms <= limitMs,
    n: opts.n,
    notes: opts.notes,
  }
}

export function info(name: string, ms: number | null, notes?: string, extra: Partial<Entry> = {}): Entry {
  return { name, ms, limitName: null, limitMs: null, ratio: null, budget: null, pass: null, notes, ...extra }
}
