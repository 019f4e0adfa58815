/**
 * One page of the valuations grid. Filter, sort and grouping are SQL; the SQL text is assembled
 * only from fixed fragments chosen by validated input (column names never come from the
 * payload), and every value is a bound parameter.
 */
import type { ApiParsed } from '../../../../shared/contract'
import type { ValuationGridRow, ValuationPage, ValuationPageStats } from '../../../../shared/api/valuations'
import { convert, type FxRate } from '../../../../shared/fx'
import { IMPLAUSIBLE_MARGIN } from '../../../../shared/quality'
import { groupStats, impliedNetMargin, type StatRow } from '../../../../shared/stats'
import type { Db } from '../../db/connection'
import { listFx } from '../fx/queries'
import { mcapWalk } from './mcapWalk'
import { rowsByIds } from './rows'
import { flagsOfRows as qualityOf } from '../quality/queries'
import { pageColumns, type FilterSql } from './columns'

type PageInput = ApiParsed<'valuations.page'>

/** Conversion factors per (currency, as-of date) for the reporting currency, via shared/fx.ts. */
export function fxFactors(db: Db, to: string, rates: FxRate[]): { ccy: string; d: string | null; factor: number | null; stale: number }[] {
  const dates = db.prepare('SELECT DISTINCT as_of_date FROM valuation_table').pluck().all() as (string | null)[]
  const ccys = [...new Set(['USD', to, ...rates.map((r) => r.currency)])]
  const out = []
  for (const ccy of ccys) {
    for (const d of dates) {
      const c = convert(1, ccy, to, d, rates)
      out.push({ ccy, d, factor: c.value, stale: c.stale ? 1 : 0 })
    }
  }
  return out
}

// `+p.is_primary`: without the unary plus SQLite takes the (is_primary, node_id) index and reads
// every primary placement of the workspace for EACH valuation row (minutes at 200k rows); with
// it the lookup goes through the primary key (security_id, node_id).
const PRIMARY_NODE = `FROM security_node p JOIN chain_node n ON n.id = p.node_id WHERE p.security_id = v.security_id AND +p.is_primary = 1 LIMIT 1`
const LAYER_SQL = `(SELECT coalesce(n.parent_id, n.id) ${PRIMARY_NODE})`
const LAYER_POS = `(SELECT position FROM chain_node l WHERE l.id = ${LAYER_SQL})`
const MCAP_SQL = `(v.mcap_mn * (SELECT factor FROM fx WHERE fx.ccy = v.mcap_ccy AND fx.d IS t.as_of_date))`

/** A SQL fragment with the parameters its placeholders take, in order. */
interface Expr {
  sql: string
  params: unknown[]
}

const FIGURE = `(SELECT value FROM valuation_figure f WHERE f.row_id = v.id AND f.metric = ? AND f.fy_key IS ? ORDER BY f.id LIMIT 1)`

function columnExpr(col: string, lang: 'zh' | 'en'): Expr {
  const fixed: Record<string, string> = {
    // the name the analyst reads: sorting by the Chinese name under an English UI looks random
    company: lang === 'en' ? 'coalesce(s.name_en, s.name_zh, v.company_printed)' : 'coalesce(s.name_zh, s.name_en, v.company_printed)',
    market: 's.market',
    report: 't.report_id',
    asOf: 't.as_of_date',
    layer: LAYER_POS,
    marketCap: MCAP_SQL,
  }
  if (fixed[col]) return { sql: fixed[col]!, params: [] }
  if (col === 'price') return { sql: FIGURE, params: ['price', null] }
  const [metric, fy] = col.split(':')
  return { sql: FIGURE, params: [metric, fy] }
}

function whereClause(i: PageInput): Expr {
  const w: string[] = ['v.is_aggregate = 0']
  const params: unknown[] = []
  const add = (sql: string, ...p: unknown[]) => (w.push(sql), params.push(...p))
  if (i.reportId) add('t.report_id = ?', i.reportId)
  if (i.tableId) add('v.table_id = ?', i.tableId)
  if (i.market) add('s.market = ?', i.market)
  if (i.layerId) add(`${LAYER_SQL} = ?`, i.layerId)
  if (i.search) {
    const like = `%${i.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    // Securities first (names, ids, and every printed form via the alias table), then their rows
    // through the security index: LIKE on each of 200k rows was the whole cost of a search.
    add(
      `v.security_id IN (SELECT id FROM security WHERE name_zh LIKE ? ESCAPE '\\' OR name_en LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\'
         UNION SELECT security_id FROM security_alias WHERE alias LIKE ? ESCAPE '\\')`,
      like, like, like, like,
    )
  }
  if (i.latestOnly) {
    add(`t.as_of_date IS (SELECT max(t2.as_of_date) FROM valuation_row v2 JOIN valuation_table t2 ON t2.id = v2.table_id WHERE v2.security_id = v.security_id)`)
  }
  for (const r of i.ranges) {
    const e = columnExpr(r.col, i.lang)
    if (r.min != null) add(`${e.sql} >= ?`, ...e.params, r.min)
    if (r.max != null) add(`${e.sql} <= ?`, ...e.params, r.max)
  }
  return { sql: `WHERE ${w.join(' AND ')}`, params }
}

const JOINS = 'JOIN valuation_table t ON t.id = v.table_id LEFT JOIN security s ON s.id = v.security_id'
const FROM = `FROM valuation_row v ${JOINS}`

type Factors = ReturnType<typeof fxFactors>

/** The factors as a CTE; json_each keeps the statement text fixed whatever the number of rates. */
function fxCte(factors: Factors): Expr {
  return {
    sql: `WITH fx(ccy, d, factor, stale) AS MATERIALIZED (SELECT value ->> 'ccy', value ->> 'd', value ->> 'factor', value ->> 'stale' FROM json_each(?))`,
    params: [JSON.stringify(factors)],
  }
}

export function valuationPage(db: Db, i: PageInput): ValuationPage {
  const rates = listFx(db)
  const factors = fxFactors(db, i.currency, rates)
  const ids = i.limit > 0 ? (fastPage(db, i, rates) ?? groupedFastPage(db, i, rates, factors) ?? pageIds(db, i, factors)) : []
  const total = i.counts ? count(db, i, factors) : -1
  const groups = i.counts && i.groupByLayer ? layerGroups(db, i, factors) : null
  const rows = rowsByIds(db, ids)
  const page: ValuationPage = { rows: decorate(db, rows, i.currency, rates), total, groups }
  if (i.stats) page.stats = filterStats(db, i, factors, i.stats)
  if (i.columns) Object.assign(page, pageColumns(db, i, filterSql(i, factors)))
  return page
}

/** The filter for columns.ts: the same conditions as the page's, in pieces. */
export function filterSql(i: PageInput, factors: Factors): FilterSql {
  const cte = fxCte(factors)
  const where = whereClause(i)
  return {
    cte: cte.sql,
    cteParams: cte.params,
    joins: JOINS,
    where: where.sql.replace(/^WHERE /, ''),
    params: where.params,
    whole: where.params.length === 0 && !i.latestOnly && i.ranges.length === 0,
  }
}

/** Largest market cap first, not grouped: the indexed walk of mcapWalk.ts (null: use the SQL path). */
export function fastPage(db: Db, i: PageInput, rates: FxRate[]): number[] | null {
  const first = i.sort[0]
  if (!first || first.col !== 'marketCap' || i.groupByLayer) return null
  if (i.ranges.some((r) => r.col === 'marketCap')) return null // that filter needs the SQL path's conversion
  const where = whereClause(i)
  return mcapWalk(db, { fromWhere: `${FROM} ${where.sql}`, params: where.params, currency: i.currency, dir: first.dir, offset: i.offset, limit: i.limit }, rates)
}

/**
 * Grouped by layer, by market cap: layer after layer in chain order (unplaced last), each one
 * walked by mcapWalk with its layer as one more condition, instead of sorting every row of the
 * filter by (layer, converted cap). The rows of the layers before are counted only when the page
 * starts past the first layer's. The same order as pageIds (layer positions are unique).
 */
export function groupedFastPage(db: Db, i: PageInput, rates: FxRate[], factors: Factors): number[] | null {
  if (!i.groupByLayer) return null
  // deep in the list the ids before the page cost more than the SQL path's one sort
  if (i.sort.length === 0) return i.offset <= PRINTED_WALK_MAX_OFFSET ? groupedPrintedPage(db, i) : null
  const first = i.sort[0]!
  if (first.col !== 'marketCap') return null
  if (i.ranges.some((r) => r.col === 'marketCap')) return null
  const where = whereClause(i)
  // segments sit directly under a layer (chain/nodes.ts), so a row's layer is a root node
  const layers = db.prepare('SELECT position FROM chain_node WHERE parent_id IS NULL ORDER BY position').pluck().all() as number[]
  let counts: Map<number | null, number> | null = null
  let skip = i.offset
  const out: number[] = []
  for (const pos of [...layers, null]) {
    if (skip > 0) {
      counts ??= positionCounts(db, i, factors)
      const n = counts.get(pos) ?? 0
      if (n <= skip) {
        skip -= n
        continue
      }
    }
    const walk = { fromWhere: `${FROM} ${where.sql} AND ${LAYER_POS} IS ?`, params: [...where.params, pos], currency: i.currency, dir: first.dir, offset: skip, limit: i.limit - out.length }
    const ids = mcapWalk(db, walk, rates)
    if (!ids) return null
    out.push(...ids)
    skip = 0
    if (out.length >= i.limit) break
  }
  return out
}

export function pageIds(db: Db, i: PageInput, factors: Factors): number[] {
  const cte = fxCte(factors)
  const where = whereClause(i)
  const order: Expr[] = []
  // layer positions are unique (chain/nodes.ts renumbers siblings), so a layer's rows stay together
  if (i.groupByLayer) order.push({ sql: `${LAYER_POS} ASC NULLS LAST`, params: [] })
  for (const s of i.sort) {
    const e = columnExpr(s.col, i.lang)
    order.push({ sql: `${e.sql} ${s.dir === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`, params: e.params })
  }
  order.push({ sql: 't.report_id, v.table_id, v.row_no', params: [] })
  const sql = `${cte.sql} SELECT v.id ${FROM} ${where.sql} ORDER BY ${order.map((o) => o.sql).join(', ')} LIMIT ? OFFSET ?`
  return db.prepare(sql).pluck().all(...cte.params, ...where.params, ...order.flatMap((o) => o.params), i.limit, i.offset) as number[]
}

function count(db: Db, i: PageInput, factors: Factors): number {
  const cte = fxCte(factors)
  const where = whereClause(i)
  if (unfiltered(i, where)) {
    // no filter: every printed row but the aggregates, from two index counts instead of a join
    const all = db.prepare('SELECT count(*) FROM valuation_row').pluck().get() as number
    return all - (db.prepare('SELECT count(*) FROM valuation_row WHERE is_aggregate = 1').pluck().get() as number)
  }
  return db.prepare(`${cte.sql} SELECT count(*) ${FROM} ${where.sql}`).pluck().get(...cte.params, ...where.params) as number
}

function layerGroups(db: Db, i: PageInput, factors: Factors): ValuationPage['groups'] {
  const pos = layerPositions(db)
  const rank = (id: string | null) => (id ? (pos.get(id) ?? 1e9) : 2e9)
  return layerCounts(db, i, factors)
    .map((r) => ({ layerId: r.layer, count: r.n }))
    .sort((a, b) => rank(a.layerId) - rank(b.layerId) || String(a.layerId).localeCompare(String(b.layerId)))
}

const layerPositions = (db: Db) =>
  new Map((db.prepare("SELECT id, position FROM chain_node WHERE kind = 'layer'").all() as { id: string; position: number }[]).map((r) => [r.id, r.position]))

/** A security's layer (its primary placement's), once per security instead of once per row. */
const SECURITY_LAYER = `sl(security_id, layer) AS MATERIALIZED (SELECT s.id, (SELECT coalesce(n.parent_id, n.id) ${PRIMARY_NODE.replace('v.security_id', 's.id')}) FROM security s)`

/**
 * Grouped by layer, no sort (printed order: report, table, row): layer after layer, table after
 * table through the (table_id, row_no) index, stopping once the page is full — the SQL path sorts
 * every row of the filter. Rows before the page are read as ids only (never more than the SQL
 * path reads), as a table's count in a layer is not known before.
 */
const PRINTED_WALK_MAX_OFFSET = 5000

function groupedPrintedPage(db: Db, i: PageInput): number[] {
  const where = whereClause(i)
  const layers = db.prepare('SELECT position FROM chain_node WHERE parent_id IS NULL ORDER BY position').pluck().all() as number[]
  const tables = db.prepare('SELECT id FROM valuation_table ORDER BY report_id, id').pluck().all() as number[]
  const inTable = db.prepare(`SELECT v.id ${FROM} ${where.sql} AND v.table_id = ? AND ${LAYER_POS} IS ? ORDER BY v.row_no LIMIT ?`).pluck()
  let skip = i.offset
  const out: number[] = []
  for (const pos of [...layers, null]) {
    for (const table of tables) {
      const ids = inTable.all(...where.params, table, pos, skip + i.limit - out.length) as number[]
      if (ids.length <= skip) {
        skip -= ids.length
        continue
      }
      out.push(...ids.slice(skip))
      skip = 0
      if (out.length >= i.limit) return out
    }
  }
  return out
}

/** Rows of the filter per layer position (null: not placed, as LAYER_POS says). */
function positionCounts(db: Db, i: PageInput, factors: Factors): Map<number | null, number> {
  const pos = layerPositions(db)
  const out = new Map<number | null, number>()
  for (const r of layerCounts(db, i, factors)) {
    const p = r.layer == null ? null : (pos.get(r.layer) ?? null)
    out.set(p, (out.get(p) ?? 0) + r.n)
  }
  return out
}

/** Rows of the filter per layer (null: not placed). */
function layerCounts(db: Db, i: PageInput, factors: Factors): { layer: string | null; n: number }[] {
  const where = whereClause(i)
  if (unfiltered(i, where)) {
    // every row per security from the covering security index, less the aggregate rows (a partial
    // index): no pass over the rows' table (690 → 70 ms at 200k rows)
    const all = db
      .prepare(`WITH ${SECURITY_LAYER} SELECT sl.layer AS layer, sum(c.n) AS n FROM (SELECT security_id, count(*) AS n FROM valuation_row GROUP BY security_id) c LEFT JOIN sl ON sl.security_id = c.security_id GROUP BY sl.layer`)
      .all() as { layer: string | null; n: number }[]
    const aggregates = db
      .prepare(`SELECT ${LAYER_SQL} AS layer, count(*) AS n FROM valuation_row v WHERE v.is_aggregate = 1 GROUP BY layer`)
      .all() as { layer: string | null; n: number }[]
    const less = new Map(aggregates.map((r) => [r.layer, r.n]))
    return all.map((r) => ({ layer: r.layer, n: r.n - (less.get(r.layer) ?? 0) })).filter((r) => r.n > 0)
  }
  const cte = fxCte(factors)
  return db.prepare(`${cte.sql} SELECT ${LAYER_SQL} AS layer, count(*) AS n ${FROM} ${where.sql} GROUP BY layer`).all(...cte.params, ...where.params) as { layer: string | null; n: number }[]
}

/** No condition but "not an aggregate row": counts can come from indexes alone. */
const unfiltered = (i: PageInput, where: Expr) => where.params.length === 0 && !i.latestOnly && i.ranges.length === 0

/**
 * Group statistics of one multiple over every row of the filter (not just the page), with the
 * same shared/stats.ts rules as the Compare page: NM rule on, multiples whose P/E–P/S pair is
 * implausible left out, market caps in the reporting currency as weights.
 */
function filterStats(db: Db, i: PageInput, factors: Factors, s: NonNullable<PageInput['stats']>): ValuationPageStats {
  const cte = fxCte(factors)
  const where = whereClause(i)
  const fig = (metric: string) => ({ sql: FIGURE, params: [metric, s.fyKey] })
  const pe = fig('pe')
  const ps = fig('ps')
  const rows = db
    .prepare(`${cte.sql} SELECT v.id, v.mcap_mn AS local, ${MCAP_SQL} AS mcap, ${pe.sql} AS pe, ${ps.sql} AS ps ${FROM} ${where.sql}`)
    .all(...cte.params, ...pe.params, ...ps.params, ...where.params) as { id: number; local: number | null; mcap: number | null; pe: number | null; ps: number | null }[]
  const statRows: StatRow[] = rows.map((r) => ({
    key: String(r.id),
    value: s.metric === 'pe' ? r.pe : r.ps,
    mcap: r.mcap,
    mcapMissing: r.mcap == null && r.local != null ? 'fx-missing' : 'no-mcap',
    flagged: (impliedNetMargin(r.pe, r.ps) ?? 0) >= IMPLAUSIBLE_MARGIN,
  }))
  const g = groupStats(statRows)
  return {
    metric: s.metric,
    fyKey: s.fyKey,
    currency: i.currency,
    rows: rows.length,
    count: g.count,
    excludedCounts: g.excludedCounts,
    unweighted: g.unweighted.length,
    totalMcap: g.totalMcap,
    mean: g.mean,
    median: g.median,
    weightedMean: g.weightedMean,
    aggregate: g.aggregate,
    min: g.min,
    max: g.max,
  }
}

/** Adds layer, converted market cap and quality flags to the page's rows, with the same shared/fx.ts rule. */
function decorate(db: Db, rows: ReturnType<typeof rowsByIds>, to: string, rates: FxRate[]): ValuationGridRow[] {
  const layerOf = db.prepare(`SELECT coalesce(n.parent_id, n.id) ${PRIMARY_NODE.replace('v.security_id', '?')}`).pluck()
  const quality = qualityOf(db, rows.map((r) => r.id))
  const notesOf = db.prepare(
    `SELECT count(*) AS notes, (SELECT count(*) FROM thesis_flag f WHERE f.note_id IN (SELECT id FROM note WHERE subject_kind = 'security' AND subject_id = @id AND deleted_at IS NULL)) AS flags
     FROM note WHERE subject_kind = 'security' AND subject_id = @id AND deleted_at IS NULL`,
  )
  const notes = new Map<string, { notes: number; flags: number }>()
  for (const id of new Set(rows.map((r) => r.securityId).filter((x): x is string => !!x))) notes.set(id, notesOf.get({ id }) as { notes: number; flags: number })
  return rows.map((r) => {
    const mc = r.figures.find((f) => f.metric === 'marketCap' && !f.fyKey) ?? null
    const c = convert(mc?.valueMn ?? null, mc?.currency ?? null, to, r.asOfDate, rates)
    return {
      ...r,
      layerId: r.securityId ? ((layerOf.get(r.securityId) as string | undefined) ?? null) : null,
      mcapReporting: c.value,
      fxStale: c.stale,
      quality: quality.get(r.id) ?? [],
      notes: (r.securityId && notes.get(r.securityId)?.notes) || 0,
      thesisFlags: (r.securityId && notes.get(r.securityId)?.flags) || 0,
    }
  })
}
