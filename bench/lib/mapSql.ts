/**
 * The hand-written SQL the chain map is compared with: the same information in raw form, on the
 * same file, with no app code in between. Two statements:
 *
 *   cards  one row per placement (security × canonical node, its layer): name, market, primary
 *          flag, and the latest row in the workspace with the metric (row id, as-of date, value,
 *          market cap converted with the FX rate nearest the row's as-of date), heaviest first;
 *   groups per layer and per segment (GROUP BY): members with a value, included by a plain NM
 *          rule (0 ≤ value < cap), Σ market cap, aggregate (Σ mcap ÷ Σ mcap/value) and median.
 *
 * What it does not do (the app does): the basis of each roll-up (sources, shared members,
 * heaviest member, warnings), the app's exclusion of flagged rows and of rows excluded by hand,
 * unweighted-row bookkeeping, per-card weights and premiums to the lane / segment, stances,
 * report and flag counts per card, placements where the reports disagree, lenses, fiscal-year
 * list, and the filter (markets / stances / reports / search). FX rule: as lib/sql.ts (the rate
 * nearest the as-of date, shared/fx.ts's rule written in SQL).
 */
import type { Db } from '../../electron/main/db/connection'
import { FX_CTE, LATEST_CTE } from './sql'


/** latest row per security having the metric (the app's rule: newest as-of, ties to report/table/row order), value and mcap in @to */
const LATEST = `${FX_CTE},
${LATEST_CTE},
m AS (
  SELECT l.security_id, l.id AS row_id, l.as_of_date, f.value, l.mcap_mn * fx.factor AS mcap
  FROM latest l
  JOIN valuation_figure f ON f.row_id = l.id AND f.metric = @metric AND f.fy_key IS @fy
  LEFT JOIN fx ON fx.ccy = l.mcap_ccy AND fx.d IS l.as_of_date)`

export const MAP_CARDS_SQL = `${LATEST}
SELECT coalesce(n.parent_id, n.id) AS layer, p.node_id, s.id AS security_id, s.name_zh, s.name_en, s.market, p.is_primary,
       m.row_id, m.as_of_date, m.value, m.mcap
FROM security_node p JOIN chain_node n ON n.id = p.node_id JOIN security s ON s.id = p.security_id
LEFT JOIN m ON m.security_id = s.id
ORDER BY layer, p.node_id, m.mcap DESC NULLS LAST, s.id`

export const MAP_GROUPS_SQL = `${LATEST},
g(level, grp, security_id) AS (
  SELECT DISTINCT 'layer', coalesce(n.parent_id, n.id), p.security_id FROM security_node p JOIN chain_node n ON n.id = p.node_id
  UNION ALL
  SELECT 'segment', p.node_id, p.security_id FROM security_node p JOIN chain_node n ON n.id = p.node_id WHERE n.kind = 'segment'),
x AS (SELECT g.level, g.grp, m.value, m.mcap, (m.value >= 0 AND m.value < @cap) AS ok FROM g JOIN m ON m.security_id = g.security_id),
r AS (SELECT *, row_number() OVER (PARTITION BY level, grp, ok ORDER BY value) AS rn, count(*) OVER (PARTITION BY level, grp, ok) AS cnt FROM x)
SELECT level, grp, count(*) AS members, sum(ok) AS included,
       sum(CASE WHEN ok THEN mcap END) AS total_mcap,
       sum(CASE WHEN ok AND mcap IS NOT NULL THEN mcap END) / sum(CASE WHEN ok AND mcap IS NOT NULL THEN mcap / value END) AS aggregate,
       avg(CASE WHEN ok AND rn IN ((cnt + 1) / 2, (cnt + 2) / 2) THEN value END) AS median
FROM r GROUP BY level, grp ORDER BY level, grp`

export interface MapSqlResult {
  cards: { layer: string; node_id: string; security_id: string; value: number | null; mcap: number | null }[]
  groups: { level: 'layer' | 'segment'; grp: string; members: number; included: number; total_mcap: number | null; aggregate: number | null; median: number | null }[]
}

export function mapSql(db: Db): { run(metric: string, fy: string, to: string, cap?: number): MapSqlResult; sql: { cards: string; groups: string } } {
  const cards = db.prepare(MAP_CARDS_SQL)
  const groups = db.prepare(MAP_GROUPS_SQL)
  return {
    run(metric, fy, to, cap = 100) {
      return {
        cards: cards.all({ metric, fy, to }) as MapSqlResult['cards'],
        groups: groups.all({ metric, fy, to, cap }) as MapSqlResult['groups'],
      }
    },
    sql: { cards: MAP_CARDS_SQL, groups: MAP_GROUPS_SQL },
  }
}
