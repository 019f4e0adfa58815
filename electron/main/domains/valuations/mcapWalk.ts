/**
 * The grid's default order — market cap in the reporting currency, largest (or smallest) first —
 * without converting and sorting every row: walk valuation_row.mcap_usd (indexed) from that end.
 *  - USD: the index order is the answer; read offset+limit rows.
 *  - another currency X: converted = mcap_usd × X-per-USD at the table's date. That factor
 *    differs a little between dates, so keep reading until no remaining row, even at the
 *    largest factor, can beat the k-th best found so far (a threshold walk), then sort those.
 * Rows with no converted cap come last, in report/table/row order, as in the SQL path.
 * Ties in market cap are broken by row id here (by report/table/row in the SQL path).
 */
import { findRate, type FxRate } from '../../../../shared/fx'
import type { Db } from '../../db/connection'

export interface WalkQuery {
  /** FROM … WHERE … (no ORDER BY), with its parameters */
  fromWhere: string
  params: unknown[]
  currency: string
  dir: 'asc' | 'desc'
  offset: number
  limit: number
}

export function mcapWalk(db: Db, q: WalkQuery, rates: readonly FxRate[]): number[] | null {
  const k = q.offset + q.limit
  const ranked = q.currency === 'USD' ? walkUsd(db, q, k) : walkConverted(db, q, k, rates)
  if (!ranked) return null
  if (ranked.length >= k) return ranked.slice(q.offset, k)
  // every row with a converted cap has been read: the rest of the page comes from the others
  const skip = Math.max(0, q.offset - ranked.length)
  const rest = db
    .prepare(`SELECT v.id ${q.fromWhere} AND v.mcap_usd IS NULL ORDER BY t.report_id, v.table_id, v.row_no LIMIT ? OFFSET ?`)
    .pluck()
    .all(...q.params, k - Math.max(ranked.length, q.offset), skip) as number[]
  return [...ranked.slice(q.offset), ...rest]
}

function walkUsd(db: Db, q: WalkQuery, k: number): number[] {
  return db
    .prepare(`SELECT v.id ${q.fromWhere} AND v.mcap_usd IS NOT NULL ORDER BY v.mcap_usd ${q.dir === 'asc' ? 'ASC' : 'DESC'} LIMIT ?`)
    .pluck()
    .all(...q.params, k) as number[]
}

function walkConverted(db: Db, q: WalkQuery, k: number, rates: readonly FxRate[]): number[] | null {
  const factor = new Map<number, number>()
  for (const t of db.prepare('SELECT id, as_of_date FROM valuation_table').all() as { id: number; as_of_date: string | null }[]) {
    const r = findRate(rates, q.currency, t.as_of_date)
    if (!r) return null // no rate for the reporting currency at all: the SQL path says so row by row
    factor.set(t.id, r.perUsd)
  }
  // sign turns "smallest first" into "largest first", so one walk serves both directions
  const sign = q.dir === 'asc' ? -1 : 1
  const bestF = sign > 0 ? Math.max(...factor.values()) : Math.min(...factor.values())
  const found: { id: number; key: number }[] = []
  let kth = -Infinity
  let checkpoint = k
  const it = db
    .prepare(`SELECT v.id, v.mcap_usd AS usd, v.table_id AS tid ${q.fromWhere} AND v.mcap_usd IS NOT NULL ORDER BY v.mcap_usd ${sign > 0 ? 'DESC' : 'ASC'}`)
    .iterate(...q.params) as Iterable<{ id: number; usd: number; tid: number }>
  for (const r of it) {
    // market caps are ≥ 0, so the best factor bounds every row still to come
    if (found.length >= k && sign * r.usd * bestF < kth) break // nothing further on can enter the top k
    found.push({ id: r.id, key: sign * r.usd * factor.get(r.tid)! })
    if (found.length === checkpoint) {
      kth = found.map((f) => f.key).sort((a, b) => b - a)[k - 1]!
      checkpoint *= 2
    }
  }
  return found.sort((a, b) => b.key - a.key || a.id - b.id).map((f) => f.id)
}
