/**
 * The data a scenario is measured against: the latest price (an analyst-entered price when it
 * is newer than the reports'), market cap, printed multiples per report, stances. Statements
 * are prepared once per connection: a re-check of 2,000 theses spent half its time preparing.
 */
import type { MarketFacts } from '../../../../shared/scenarioMath'
import type { ThesisFacts } from '../../../../shared/thesis'
import type { Db } from '../../db/connection'

type Row = Record<string, any>

const LATEST = `SELECT v.id, t.as_of_date, t.report_id, r.institution FROM valuation_row v
  JOIN valuation_table t ON t.id = v.table_id JOIN report r ON r.id = t.report_id
  WHERE v.security_id = ? AND v.is_aggregate = 0 AND EXISTS (SELECT 1 FROM valuation_figure f WHERE f.row_id = v.id AND f.metric = ? AND f.value IS NOT NULL)
  ORDER BY t.as_of_date DESC NULLS LAST, t.report_id, t.id, v.row_no`

function prepare(db: Db) {
  return {
    latest: db.prepare(LATEST),
    latestOne: db.prepare(`${LATEST} LIMIT 1`),
    figure: db.prepare('SELECT * FROM valuation_figure WHERE row_id = ? AND metric = ? AND fy_key IS ? AND value IS NOT NULL ORDER BY id LIMIT 1'),
    mine: db.prepare('SELECT * FROM user_price WHERE security_id = ? ORDER BY as_of DESC LIMIT 1'),
    // newest report first: a thesis's stance baseline is the stance printed most recently
    stances: db
      .prepare('SELECT c.stance FROM coverage c JOIN report r ON r.id = c.report_id WHERE c.security_id = ? AND c.stance IS NOT NULL GROUP BY c.stance ORDER BY max(r.report_date) DESC NULLS LAST, c.stance')
      .pluck(),
  }
}
const cache = new WeakMap<Db, ReturnType<typeof prepare>>()
function statements(db: Db) {
  let s = cache.get(db)
  if (!s) cache.set(db, (s = prepare(db)))
  return s
}

export function marketFacts(db: Db, securityId: string): MarketFacts {
  const q = statements(db)
  const row = q.latestOne.get(securityId, 'price') as Row | undefined
  const printed = row ? (q.figure.get(row.id, 'price', null) as Row | undefined) : undefined
  const mcap = row ? (q.figure.get(row.id, 'marketCap', null) as Row | undefined) : undefined
  const mine = q.mine.get(securityId) as Row | undefined
  const useMine = mine && (!row?.as_of_date || mine.as_of >= row.as_of_date)
  // An entered price moves the market cap with it (same shares), when both are in one currency.
  const ratio = useMine && printed && mine.currency === (printed.currency ?? mine.currency) ? mine.price / printed.value : null
  return {
    price: useMine ? mine.price : (printed?.value ?? null),
    priceCurrency: useMine ? mine.currency : (printed?.currency ?? null),
    priceAsOf: useMine ? mine.as_of : (row?.as_of_date ?? null),
    priceSource: useMine ? mine.source : (row?.institution ?? null),
    mcapMn: mcap?.value_mn != null ? (ratio != null ? mcap.value_mn * ratio : useMine ? null : mcap.value_mn) : null,
    mcapCurrency: mcap?.currency ?? null,
  }
}

export function thesisFacts(db: Db, securityId: string, m: MarketFacts): ThesisFacts {
  const q = statements(db)
  const latestOf = (metric: string, fyKey: string) => {
    for (const r of q.latest.all(securityId, metric) as Row[]) {
      const f = q.figure.get(r.id, metric, fyKey) as Row | undefined
      if (f) return { row: r, value: f.value as number }
    }
    return null
  }
  return {
    price: m.price,
    priceCurrency: m.priceCurrency,
    marketMultiple: (kind, fyKey) => latestOf(kind, fyKey)?.value ?? null,
    reportPe: (fyKey) => {
      const seen = new Set<string>()
      const out: { value: number; reportId: string; institution: string; asOf: string | null }[] = []
      for (const r of q.latest.all(securityId, 'pe') as Row[]) {
        if (seen.has(r.report_id)) continue
        const f = q.figure.get(r.id, 'pe', fyKey) as Row | undefined
        if (!f) continue
        seen.add(r.report_id)
        out.push({ value: f.value, reportId: r.report_id, institution: r.institution, asOf: r.as_of_date })
      }
      return out
    },
    stances: q.stances.all(securityId) as string[],
  }
}
