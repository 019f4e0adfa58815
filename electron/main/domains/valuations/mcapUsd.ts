/**
 * valuation_row.mcap_usd: the row's market cap in USD at the rate nearest its table's as-of
 * date — a cache of shared/fx.ts convert(), never a figure of its own. Recomputed for the
 * currencies whose rates changed (FX edits, their undo) and for newly written tables.
 * Runs inside mutate().
 */
import { convert } from '../../../../shared/fx'
import type { Db } from '../../db/connection'
import { listFx } from '../fx/queries'

const READY_KEY = 'mcap_usd.version'

export function mcapUsdReady(db: Db): boolean {
  return db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(READY_KEY) === '1'
}

/** Recomputes for these currencies (default: every currency present) in these tables (default: all). */
export function refreshMcapUsd(db: Db, opts: { currencies?: readonly string[]; tableIds?: readonly number[] } = {}): void {
  const rates = listFx(db)
  const tables = (db.prepare('SELECT id, as_of_date FROM valuation_table').all() as { id: number; as_of_date: string | null }[]).filter(
    (t) => !opts.tableIds || opts.tableIds.includes(t.id),
  )
  const ccys = opts.currencies ?? (db.prepare('SELECT DISTINCT mcap_ccy FROM valuation_row WHERE mcap_ccy IS NOT NULL').pluck().all() as string[])
  const upd = db.prepare('UPDATE valuation_row SET mcap_usd = mcap_mn * ? WHERE table_id = ? AND mcap_ccy = ?')
  for (const ccy of ccys) {
    for (const t of tables) upd.run(convert(1, ccy, 'USD', t.as_of_date, rates).value, t.id, ccy)
  }
  if (!opts.currencies && !opts.tableIds) {
    db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(READY_KEY, '1')
  }
}
