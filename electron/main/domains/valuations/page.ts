/**
 * One page of the valuations grid. Filter, sort and grouping are SQL; the SQL text is assembled
 * only from fixed fragments chosen by validated input (column names never come from the
 * payload), and every value is a bound parameter.
 */
import type { ApiParsed } from '../../../../shared/contract'
import type { ValuationGridRow, ValuationPage } from '../../../../shared/api/valuations'
import { convert, type FxRate } from '../../../../shared/fx'
import type { Db } from '../../db/connection'
import { listFx } from '../fx/queries'
import { rowsByIds } from './rows'

type PageInput = ApiParsed<'valuations.page'>

/** Conversion factors per (currency, as-of date) for the reporting currency, via shared/fx.ts. */
function fxFactors(db: Db, to: string, rates: FxRate[]): { ccy: string; d: string | null; factor: number | null; stale: number }[] {
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

const LAYER_SQL = `(SELECT coalesce(n.parent_id, n.id) FROM security_node p JOIN chain_node n ON n.id = p.node_id
                    WHERE p.security_id = v.security_id AND p.is_primary = 1 LIMIT 1)`
const LAYER_POS = `(SELECT position FROM chain_node l WHERE l.id = ${LAYER_SQL})`
const MCAP_SQL = `(v.mcap_mn * (SELECT factor FROM fx WHERE fx.ccy = v.mcap_ccy AND fx.d IS t.as_of_date))`

/** A SQL fragment with the parameters its placeholders take, in order. */
interface Expr {
  sql: string
  params: unknown[]
}

const FIGURE = `(SELECT value FROM valuation_figure f WHERE f.row_id = v.id AND f.metric = ? AND f.fy_key IS ? ORDER BY f.id LIMIT 1)`

function columnExpr(col: string): Expr {
  const fixed: Record<string, string> = {
    company: 'coalesce(s.name_zh, s.name_en, v.company_printed)',
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
    add(
      "(s.name_zh LIKE ? ESCAPE '\\' OR s.name_en LIKE ? ESCAPE '\\' OR v.company_printed LIKE ? ESCAPE '\\' OR v.security_id LIKE ? ESCAPE '\\')",
      like, like, like, like,
    )
  }
  if (i.latestOnly) {
    add(`t.as_of_date IS (SELECT max(t2.as_of_date) FROM valuation_row v2 JOIN valuation_table t2 ON t2.id = v2.table_id WHERE v2.security_id = v.security_id)`)
  }
  for (const r of i.ranges) {
    const e = columnExpr(r.col)
    if (r.min != null) add(`${e.sql} >= ?`, ...e.params, r.min)
    if (r.max != null) add(`${e.sql} <= ?`, ...e.params, r.max)
  }
  return { sql: `WHERE ${w.join(' AND ')}`, params }
}

const FROM = 'FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id LEFT JOIN security s ON s.id = v.security_id'

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
  const ids = pageIds(db, i, factors)
  const total = count(db, i, factors)
  const groups = i.groupByLayer ? layerGroups(db, i, factors) : null
  const rows = rowsByIds(db, ids)
  return { rows: decorate(db, rows, i.currency, rates), total, groups }
}

function pageIds(db: Db, i: PageInput, factors: Factors): number[] {
  const cte = fxCte(factors)
  const where = whereClause(i)
  const order: Expr[] = []
  if (i.groupByLayer) order.push({ sql: `${LAYER_POS} ASC NULLS LAST`, params: [] })
  for (const s of i.sort) {
    const e = columnExpr(s.col)
    order.push({ sql: `${e.sql} ${s.dir === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`, params: e.params })
  }
  order.push({ sql: 't.report_id, v.table_id, v.row_no', params: [] })
  const sql = `${cte.sql} SELECT v.id ${FROM} ${where.sql} ORDER BY ${order.map((o) => o.sql).join(', ')} LIMIT ? OFFSET ?`
  return db.prepare(sql).pluck().all(...cte.params, ...where.params, ...order.flatMap((o) => o.params), i.limit, i.offset) as number[]
}

function count(db: Db, i: PageInput, factors: Factors): number {
  const cte = fxCte(factors)
  const where = whereClause(i)
  return db.prepare(`${cte.sql} SELECT count(*) ${FROM} ${where.sql}`).pluck().get(...cte.params, ...where.params) as number
}

function layerGroups(db: Db, i: PageInput, factors: Factors): ValuationPage['groups'] {
  const cte = fxCte(factors)
  const where = whereClause(i)
  const rows = db
    .prepare(`${cte.sql} SELECT ${LAYER_SQL} AS layer, count(*) AS n ${FROM} ${where.sql} GROUP BY layer`)
    .all(...cte.params, ...where.params) as { layer: string | null; n: number }[]
  const pos = new Map((db.prepare("SELECT id, position FROM chain_node WHERE kind = 'layer'").all() as { id: string; position: number }[]).map((r) => [r.id, r.position]))
  const rank = (id: string | null) => (id ? (pos.get(id) ?? 1e9) : 2e9)
  return rows.map((r) => ({ layerId: r.layer, count: r.n })).sort((a, b) => rank(a.layerId) - rank(b.layerId))
}

/** Adds layer and converted market cap to the page's rows, with the same shared/fx.ts rule. */
function decorate(db: Db, rows: ReturnType<typeof rowsByIds>, to: string, rates: FxRate[]): ValuationGridRow[] {
  const layerOf = db.prepare(
    `SELECT coalesce(n.parent_id, n.id) FROM security_node p JOIN chain_node n ON n.id = p.node_id WHERE p.security_id = ? AND p.is_primary = 1 LIMIT 1`,
  ).pluck()
  return rows.map((r) => {
    const mc = r.figures.find((f) => f.metric === 'marketCap' && !f.fyKey) ?? null
    const c = convert(mc?.valueMn ?? null, mc?.currency ?? null, to, r.asOfDate, rates)
    return { ...r, layerId: r.securityId ? ((layerOf.get(r.securityId) as string | undefined) ?? null) : null, mcapReporting: c.value, fxStale: c.stale }
  })
}
