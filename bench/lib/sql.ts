/**
 * The hand-written SQL each API call is compared with: what a developer would write against
 * the same file for the same answer, with no app code in between (no zod, no shared/ logic).
 */
import type { Db } from '../../electron/main/db/connection'

/**
 * Conversion factor to `to` per (currency, as-of date): the rate nearest the date (the latest
 * when the date is unknown), USD = 1 — the rule of shared/fx.ts, written in SQL.
 */
export const FX_CTE = `WITH dates(d) AS (SELECT DISTINCT as_of_date FROM valuation_table),
ccys(c) AS (SELECT DISTINCT currency FROM fx_rate),
rate(ccy, d, per_usd) AS (
  SELECT c, d, (SELECT per_usd FROM fx_rate r WHERE r.currency = c
                ORDER BY CASE WHEN d IS NULL THEN -julianday(r.as_of) ELSE abs(julianday(r.as_of) - julianday(d)) END, r.as_of LIMIT 1)
  FROM ccys, dates
  UNION ALL SELECT 'USD', d, 1.0 FROM dates),
fx(ccy, d, factor) AS MATERIALIZED (SELECT a.ccy, a.d, b.per_usd / a.per_usd FROM rate a JOIN rate b ON b.ccy = @to AND b.d IS a.d)`

/** The latest row per security having @metric for @fy (the app's rule: newest as-of, ties to report/table/row order). */
export const LATEST_CTE = `latest AS (
  SELECT id, security_id, mcap_mn, mcap_ccy, as_of_date FROM (
    SELECT v.id, v.security_id, v.mcap_mn, v.mcap_ccy, t.as_of_date,
           row_number() OVER (PARTITION BY v.security_id ORDER BY t.as_of_date DESC NULLS LAST, t.report_id, t.id, v.row_no) AS k
    FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id
    WHERE v.is_aggregate = 0 AND v.security_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM valuation_figure f WHERE f.row_id = v.id AND f.metric = @metric AND f.fy_key IS @fy))
  WHERE k = 1)`

/** Latest row per security having the metric, its value, its market cap in `to`, and its group. */
function compareSql(level: 'layer' | 'segment'): string {
  const groups =
    level === 'layer'
      ? `SELECT DISTINCT p.security_id, coalesce(n.parent_id, n.id) AS grp FROM security_node p JOIN chain_node n ON n.id = p.node_id`
      : `SELECT p.security_id, p.node_id AS grp FROM security_node p JOIN chain_node n ON n.id = p.node_id WHERE n.kind = 'segment'`
  return `${FX_CTE},
${LATEST_CTE},
m AS (
  SELECT l.security_id, f.value, l.mcap_mn * fx.factor AS mcap
  FROM latest l
  JOIN valuation_figure f ON f.row_id = l.id AND f.metric = @metric AND f.fy_key IS @fy
  LEFT JOIN fx ON fx.ccy = l.mcap_ccy AND fx.d IS l.as_of_date),
x AS (SELECT g.grp, m.value, m.mcap, (m.value > 0 AND m.value <= @cap) AS ok FROM m JOIN (${groups}) g ON g.security_id = m.security_id),
r AS (SELECT *, row_number() OVER (PARTITION BY grp, ok ORDER BY value) AS rn, count(*) OVER (PARTITION BY grp, ok) AS cnt FROM x)
SELECT grp, count(*) AS members, sum(ok) AS included,
       avg(CASE WHEN ok THEN value END) AS mean, min(CASE WHEN ok THEN value END) AS lo, max(CASE WHEN ok THEN value END) AS hi,
       sum(CASE WHEN ok AND mcap IS NOT NULL THEN mcap END) / sum(CASE WHEN ok AND mcap IS NOT NULL THEN mcap / value END) AS aggregate,
       avg(CASE WHEN ok AND rn IN ((cnt + 1) / 2, (cnt + 2) / 2) THEN value END) AS median
FROM r GROUP BY grp ORDER BY grp`
}

export interface HandSql {
  compare(level: 'layer' | 'segment', metric: string, fy: string | null, to: string): unknown[]
  /** first page sorted by market cap in `to`: ids, total, then the page's rows and figures */
  pageByMcap(to: string, limit: number): { ids: number[]; total: number; rows: unknown[]; figures: unknown[] }
  security(id: string): unknown
  qualityPage(limit: number, code?: string): { flags: unknown[]; counts: unknown[] }
  sql: { compareLayer: string; compareSegment: string; page: string }
}

export function handSql(db: Db): HandSql {
  const cmp = { layer: db.prepare(compareSql('layer')), segment: db.prepare(compareSql('segment')) }
  const pageSql = `${FX_CTE}
SELECT v.id FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id
LEFT JOIN fx ON fx.ccy = v.mcap_ccy AND fx.d IS t.as_of_date
WHERE v.is_aggregate = 0
ORDER BY v.mcap_mn * fx.factor DESC NULLS LAST, t.report_id, v.table_id, v.row_no LIMIT @limit`
  const page = db.prepare(pageSql).pluck()
  const total = db.prepare('SELECT count(*) FROM valuation_row WHERE is_aggregate = 0').pluck()
  const rowsById = db.prepare(
    `SELECT v.*, t.report_id, t.label AS table_label, t.as_of_date, r.institution, s.name_zh, s.name_en, s.market
     FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id JOIN report r ON r.id = t.report_id LEFT JOIN security s ON s.id = v.security_id
     WHERE v.id IN (SELECT value FROM json_each(?))`,
  )
  const figsById = db.prepare('SELECT * FROM valuation_figure WHERE row_id IN (SELECT value FROM json_each(?)) ORDER BY id')
  const sec = {
    one: db.prepare('SELECT * FROM security WHERE id = ?'),
    aliases: db.prepare('SELECT alias FROM security_alias WHERE security_id = ? ORDER BY alias').pluck(),
    nodes: db.prepare('SELECT node_id FROM security_node WHERE security_id = ? ORDER BY is_primary DESC, node_id').pluck(),
    coverage: db.prepare('SELECT c.*, r.institution FROM coverage c JOIN report r ON r.id = c.report_id WHERE c.security_id = ? ORDER BY c.report_id, c.id'),
    rows: db.prepare(
      `SELECT v.*, t.report_id, t.label AS table_label, t.as_of_date, r.institution FROM valuation_row v
       JOIN valuation_table t ON t.id = v.table_id JOIN report r ON r.id = t.report_id WHERE v.security_id = ? ORDER BY t.report_id, t.id, v.row_no`,
    ),
    figures: db.prepare('SELECT f.* FROM valuation_row v JOIN valuation_figure f ON f.row_id = v.id WHERE v.security_id = ? ORDER BY f.id'),
    flags: db.prepare('SELECT e.* FROM valuation_row v JOIN extraction_flag e ON e.row_id = v.id WHERE v.security_id = ?'),
  }
  const flagSelect = `SELECT q.code, q.row_id, q.security_id, q.report_id, q.fy_key, q.detail, v.company_printed, t.label AS table_label, s.name_zh, s.name_en
  FROM quality_flag q JOIN valuation_row v ON v.id = q.row_id JOIN valuation_table t ON t.id = v.table_id LEFT JOIN security s ON s.id = q.security_id`
  const qPage = db.prepare(`${flagSelect} ORDER BY q.severity, q.id LIMIT ?`)
  const qPageCode = db.prepare(`${flagSelect} WHERE q.code = ? ORDER BY q.severity, q.id LIMIT ?`)
  const qCounts = db.prepare('SELECT code, count(*) AS n FROM quality_flag GROUP BY code')
  return {
    compare: (level, metric, fy, to) => cmp[level].all({ metric, fy, to, cap: 100 }),
    pageByMcap(to, limit) {
      const ids = page.all({ to, limit }) as number[]
      const json = JSON.stringify(ids)
      return { ids, total: total.get() as number, rows: rowsById.all(json), figures: figsById.all(json) }
    },
    security: (id) => ({
      security: sec.one.get(id),
      aliases: sec.aliases.all(id),
      nodes: sec.nodes.all(id),
      coverage: sec.coverage.all(id),
      rows: sec.rows.all(id),
      figures: sec.figures.all(id),
      flags: sec.flags.all(id),
    }),
    qualityPage: (limit, code) => ({ flags: code ? qPageCode.all(code, limit) : qPage.all(limit), counts: qCounts.all() }),
    sql: { compareLayer: compareSql('layer'), compareSegment: compareSql('segment'), page: pageSql },
  }
}
