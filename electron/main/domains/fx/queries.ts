/** FX rates: reads and writes (writes run inside mutate()). */
import { invalid } from '../../../../shared/errors'
import type { FxRate } from '../../../../shared/fx'
import type { Db } from '../../db/connection'

type Row = Record<string, any>

export function listFx(db: Db): FxRate[] {
  return (db.prepare('SELECT * FROM fx_rate ORDER BY currency, as_of').all() as Row[]).map((r) => ({
    currency: r.currency,
    asOf: r.as_of,
    perUsd: r.per_usd,
    source: r.source,
  }))
}

export function upsertFx(db: Db, r: FxRate): void {
  db.prepare(
    `INSERT INTO fx_rate(currency, as_of, per_usd, source) VALUES (?, ?, ?, ?)
     ON CONFLICT(currency, as_of) DO UPDATE SET per_usd = excluded.per_usd, source = excluded.source`,
  ).run(r.currency, r.asOf, r.perUsd, r.source)
}

/** Returns false when there was no such rate. */
export function deleteFx(db: Db, currency: string, asOf: string): boolean {
  return db.prepare('DELETE FROM fx_rate WHERE currency = ? AND as_of = ?').run(currency, asOf).changes > 0
}

/**
 * A reporting currency must be convertible: USD, or a currency with at least one rate. Anything
 * else is refused up front (every market cap would otherwise come back "no rate").
 */
export function requireReportingCurrency(db: Db, currency: string): void {
  if (currency === 'USD') return
  if (db.prepare('SELECT 1 FROM fx_rate WHERE currency = ? AND per_usd > 0 LIMIT 1').get(currency)) return
  throw invalid('currency.noRate', `currency: no FX rate for ${currency}; add one (Compare → FX) to report in it`, { currency }, 'currency')
}
