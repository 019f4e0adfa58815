/**
 * Bulk write of a synthetic market ("the bench universe") through the app's own write path:
 * every batch of securities is one change set (mutate, kind 'bulk', not undoable) that writes
 * the securities, their placements in the canonical chain, one valuation row per snapshot
 * through rowWriter (which parses the printed figures and copies the market cap onto the row),
 * and the batch's materialised quality flags. Deterministic: each security's figures come from a
 * PRNG seeded by (seed, index), so the same options give the same file whatever the batch size,
 * and a cancelled build resumes where it stopped (every write is an upsert by natural key).
 *
 * Used by `npm run bench`; nothing in the app calls it, so `npm test` never builds a universe.
 */
import { refreshThesisFlags } from '../notes/thesis'
import type { EngineContext } from '../../engine/context'
import { mutate } from '../../engine/mutate'
import type { Db } from '../../db/connection'
import { refreshQualityFor } from '../quality/refresh'
import { rowWriter, type RowInput } from './write'

export type BulkContext = Pick<EngineContext, 'db' | 'now' | 'emit' | 'cancelled'>

export interface UniverseOptions {
  securities: number
  snapshots: number
  seed?: number
  /** securities per change set */
  batchSize?: number
  /** id carried by the progress events */
  opId?: string
}

export interface UniverseResult {
  /** the universe was already complete (same options): nothing was written */
  reused: boolean
  cancelled: boolean
  securities: number
  rows: number
  figures: number
  changeSets: number
  snapshotDates: string[]
  ms: number
}

export const UNIVERSE_LABEL = 'bench.universe'
export const UNIVERSE_REPORT_ORIGIN = 'bench'
const META_KEY = 'bench.universe'
const ENTITIES = ['security', 'report', 'valuation_row'] as const

/** mulberry32: small, fast, good enough for synthetic data; 32-bit state. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A 32-bit mix of two integers (seeding one PRNG per security). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)
  h ^= h >>> 16
  h = Math.imul(h, 0x45d9f3b)
  return (h ^ (h >>> 16)) >>> 0
}

function normal(rnd: () => number): number {
  const u = Math.max(rnd(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd())
}

/** Month-ends from January 2024: 2024-01-31, 2024-02-29, … */
export function snapshotDates(n: number): string[] {
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, i + 1, 0)).toISOString().slice(0, 10))
}

export const UNIVERSE_FY = ['FY24E', 'FY25E', 'FY26E'] as const

type Market = 'CN-A' | 'HK' | 'US'
const CCY: Record<Market, string> = { 'CN-A': 'CNY', HK: 'HKD', US: 'USD' }
/** how the market cap is printed per listing: unit as a sell-side table prints it, and its scale in millions */
const MCAP_UNIT: Record<Market, { unit: string; perMn: number }> = {
  'CN-A': { unit: '亿元', perMn: 100 },
  HK: { unit: '亿港元', perMn: 100 },
  US: { unit: '百万美元', perMn: 1 },
}
const PRICE_UNIT: Record<Market, string> = { 'CN-A': '元', HK: '港元', US: '美元' }

/** 1234.5 → '1,234.5' (toLocaleString is far too slow for a million cells) */
function fmt(x: number, digits: number): string {
  const [int, frac] = Math.abs(x).toFixed(digits).split('.') as [string, string | undefined]
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${x < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`
}

/** Security ids per market, skipping every id the workspace already has (bundled or user). */
class IdMaker {
  private sh = 0
  private sz = 0
  private hk = 0
  private us = 0
  constructor(private readonly taken: Set<string>) {}
  next(m: Market, i: number): string {
    for (;;) {
      let id: string
      if (m === 'CN-A') id = i % 2 === 0 ? `${600000 + this.sh++}.SH` : `${String(1 + this.sz++).padStart(6, '0')}.SZ`
      else if (m === 'HK') id = `${String(1 + this.hk++).padStart(4, '0')}.HK`
      else id = `${letters(this.us++)}.US`
      if (!this.taken.has(id)) {
        this.taken.add(id)
        return id
      }
    }
  }
}

/** 0 → BAAA, 1 → BAAB, … (four letters; five after 25×26³) */
function letters(n: number): string {
  let s = ''
  let x = n + 26 ** 3 // start at BAAA so no id is shorter than four letters
  while (x > 0) {
    s = String.fromCharCode(65 + (x % 26)) + s
    x = Math.floor(x / 26)
  }
  return s
}

interface SyntheticSecurity {
  index: number
  id: string
  market: Market
  currency: string
  nameZh: string
  nameEn: string
  /** canonical segments: primary first */
  nodes: string[]
  rows: RowInput[]
}

/** One security with its row per snapshot; figures drift from snapshot to snapshot. */
function synthesize(seed: number, index: number, id: string, market: Market, segments: string[], snapshots: number): SyntheticSecurity {
  const rnd = mulberry32(mix(seed, index))
  const tag = String(index).padStart(5, '0')
  const primary = segments[Math.floor(rnd() * segments.length)]!
  const nodes = [primary]
  if (rnd() < 0.15) {
    const other = segments[Math.floor(rnd() * segments.length)]!
    if (other !== primary) nodes.push(other)
  }
  // market cap in millions of the listing currency, lognormal (a few giants, a long tail)
  const fxToLocal = market === 'US' ? 1 : market === 'HK' ? 7.8 : 7.2
  let mcapMn = Math.exp(Math.log(800) + 1.6 * normal(rnd)) * fxToLocal
  let price = Math.exp(Math.log(25) + 1.0 * normal(rnd))
  const pe0 = Math.exp(Math.log(28) + 0.7 * normal(rnd))
  const growth = 0.05 + 0.35 * rnd()
  const margin = rnd() < 0.01 ? 0.5 + rnd() * 0.6 : 0.02 + 0.3 * rnd() // ~1% imply a net margin ≥ 50%
  const lossMaker = rnd() < 0.06
  const noEstimates = rnd() < 0.04
  const flagged = rnd() < 0.005
  const rows: RowInput[] = []
  let level = 1
  for (let s = 0; s < snapshots; s++) {
    const move = Math.exp(0.08 * normal(rnd))
    level *= move
    price *= move
    mcapMn *= move
    const figures: RowInput['figures'] = [
      { metric: 'price', fy: null, printed: fmt(price, 2), unit: PRICE_UNIT[market] },
      { metric: 'marketCap', fy: null, printed: rnd() < 0.01 ? 'NA' : fmt(mcapMn / MCAP_UNIT[market].perMn, 1), unit: MCAP_UNIT[market].unit },
    ]
    UNIVERSE_FY.forEach((fy, k) => {
      let pe: string
      let ps: string
      const base = (pe0 * level) / (1 + growth) ** k
      if (noEstimates || rnd() < 0.02) {
        pe = 'NA'
        ps = rnd() < 0.5 ? 'NA' : '-'
      } else if (lossMaker && k < 2) {
        pe = rnd() < 0.5 ? `-${fmt(base, 1)}` : `(${fmt(base, 1)})`
        ps = fmt(base * 0.08, 1)
      } else {
        const v = rnd() < 0.05 ? base * (4 + rnd() * 6) : base // some ≥ 100×
        pe = fmt(v, 1)
        ps = fmt(v * margin, 1)
      }
      figures.push({ metric: 'pe', fy, printed: pe, unit: 'x' }, { metric: 'ps', fy, printed: ps, unit: 'x' })
    })
    rows.push({
      row: index + 1,
      line: null,
      company: `Bench Co ${tag}`,
      tickerPrinted: id,
      aggregate: false,
      layerLabel: null,
      figures,
      flags: flagged && s === snapshots - 1 ? [{ code: 'bench', note: 'synthetic extraction flag' }] : [],
    })
  }
  return { index, id, market, currency: CCY[market], nameZh: `基准公司${tag}`, nameEn: `Bench Co ${tag}`, nodes, rows }
}

function marketOf(seed: number, index: number): Market {
  const r = mulberry32(mix(seed ^ 0x5bd1e995, index))()
  return r < 0.4 ? 'CN-A' : r < 0.65 ? 'HK' : 'US'
}

function universeKey(o: Required<Pick<UniverseOptions, 'securities' | 'snapshots' | 'seed'>>): string {
  return JSON.stringify({ securities: o.securities, snapshots: o.snapshots, seed: o.seed })
}

/** Is the universe with these options already complete in this workspace? */
export function universeReady(db: Db, o: UniverseOptions): boolean {
  const key = universeKey({ securities: o.securities, snapshots: o.snapshots, seed: o.seed ?? 42 })
  return (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(META_KEY) as string | undefined) === key
}

/** Reports, one valuation table per snapshot, and an FX rate per snapshot date: one change set. */
function ensureSnapshots(ctx: BulkContext, dates: string[], seed: number): number[] {
  const { db } = ctx
  return mutate(
    ctx,
    UNIVERSE_LABEL,
    () => {
      const rep = db.prepare(
        `INSERT INTO report(id, origin, institution, title, report_date) VALUES (?, ?, 'Bench', ?, ?)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, report_date = excluded.report_date`,
      )
      const tab = db.prepare(
        `INSERT INTO valuation_table(report_id, seq, label, as_of_date, as_of_inferred, as_of_note) VALUES (?, 1, ?, ?, 0, ?)
         ON CONFLICT(report_id, seq) DO UPDATE SET label = excluded.label, as_of_date = excluded.as_of_date
         RETURNING id`,
      )
      const fx = db.prepare(`INSERT OR IGNORE INTO fx_rate(currency, as_of, per_usd, source) VALUES (?, ?, ?, 'bench (synthetic)')`)
      const rnd = mulberry32(mix(seed, 0x7fffffff))
      return dates.map((d, s) => {
        const id = `bench-${String(s + 1).padStart(2, '0')}`
        rep.run(id, UNIVERSE_REPORT_ORIGIN, `Synthetic market snapshot ${d}`, d)
        fx.run('CNY', d, Math.round((7.1 + 0.2 * rnd()) * 1e4) / 1e4)
        fx.run('HKD', d, Math.round((7.8 + 0.03 * rnd()) * 1e4) / 1e4)
        return (tab.get(id, `Synthetic market (as of ${d})`, d, `截至${d}`) as { id: number }).id
      })
    },
    { kind: 'bulk', undoable: false, entities: ENTITIES, params: { step: 'snapshots', snapshots: dates.length } },
  ).result
}

/**
 * Builds (or completes) the universe. Between batches it reports progress and stops if the user
 * cancelled; batches already written stay (each was committed as its own change set).
 */
export function buildUniverse(ctx: BulkContext, opts: UniverseOptions): UniverseResult {
  const started = performance.now()
  const { db } = ctx
  const seed = opts.seed ?? 42
  const batchSize = Math.max(1, opts.batchSize ?? 2000)
  const opId = opts.opId ?? UNIVERSE_LABEL
  const dates = snapshotDates(opts.snapshots)
  const key = universeKey({ securities: opts.securities, snapshots: opts.snapshots, seed })
  const result = (p: Partial<UniverseResult>): UniverseResult => ({
    reused: false,
    cancelled: false,
    securities: 0,
    rows: 0,
    figures: 0,
    changeSets: 0,
    snapshotDates: dates,
    ms: performance.now() - started,
    ...p,
  })
  if (universeReady(db, opts)) return result({ reused: true, securities: opts.securities, rows: opts.securities * opts.snapshots })

  const segments = db.prepare("SELECT id FROM chain_node WHERE kind = 'segment' ORDER BY parent_id, position, id").pluck().all() as string[]
  if (segments.length === 0) throw new Error('bench universe: the canonical chain has no segments')
  const tables = ensureSnapshots(ctx, dates, seed)
  let changeSets = 1

  // Ids are assigned in index order, skipping ids that are not ours (bundled or user securities).
  const ours = new Set(
    db.prepare('SELECT DISTINCT security_id FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id JOIN report r ON r.id = t.report_id WHERE r.origin = ?').pluck().all(UNIVERSE_REPORT_ORIGIN) as string[],
  )
  const taken = new Set((db.prepare('SELECT id FROM security').pluck().all() as string[]).filter((id) => !ours.has(id)))
  const ids = new IdMaker(taken)
  const plan = Array.from({ length: opts.securities }, (_, i) => {
    const market = marketOf(seed, i)
    return { index: i, market, id: ids.next(market, i) }
  })

  const insSec = db.prepare(
    `INSERT INTO security(id, name_zh, name_en, market, currency, listed) VALUES (?, ?, ?, ?, ?, 1)
     ON CONFLICT(id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, market = excluded.market, currency = excluded.currency`,
  )
  const insNode = db.prepare(`INSERT OR IGNORE INTO security_node(security_id, node_id, source, is_primary) VALUES (?, ?, 'import', ?)`)
  const writer = rowWriter(db)
  let rows = 0
  let figures = 0
  let cancelled = false
  ctx.emit({ type: 'progress', opId, label: UNIVERSE_LABEL, done: 0, total: opts.securities })
  for (let from = 0; from < plan.length; from += batchSize) {
    if (ctx.cancelled()) {
      cancelled = true
      break
    }
    const batch = plan.slice(from, from + batchSize)
    const last = from + batchSize >= plan.length
    mutate(
      ctx,
      UNIVERSE_LABEL,
      () => {
        const secs = batch.map((p) => synthesize(seed, p.index, p.id, p.market, segments, dates.length))
        for (const s of secs) {
          insSec.run(s.id, s.nameZh, s.nameEn, s.market, s.currency)
          s.nodes.forEach((n, k) => insNode.run(s.id, n, k === 0 ? 1 : 0))
        }
        for (let t = 0; t < tables.length; t++) {
          for (const s of secs) {
            const row = s.rows[t]!
            writer.write(tables[t]!, row, s.id, s.currency)
            rows++
            figures += row.figures.length
          }
        }
        refreshQualityFor(db, secs.map((s) => s.id))
        // new rows can breach a thesis written about these companies: flagged in the same commit
        refreshThesisFlags(db, secs.map((s) => s.id), UNIVERSE_LABEL, ctx.now().toISOString())
        if (last) db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(META_KEY, key)
      },
      { kind: 'bulk', undoable: false, entities: ENTITIES, params: { from, to: from + batch.length, total: plan.length } },
    )
    changeSets++
    ctx.emit({ type: 'progress', opId, label: UNIVERSE_LABEL, done: from + batch.length, total: opts.securities })
  }
  return result({ cancelled, securities: cancelled ? Math.min(plan.length, (changeSets - 1) * batchSize) : plan.length, rows, figures, changeSets })
}
