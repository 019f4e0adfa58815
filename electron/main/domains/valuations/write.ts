/**
 * Writing printed valuation rows (bundled seed, reset, bulk loads). Callers run inside mutate().
 * A row is upserted by its natural key (table, printed row number) so its id survives a reload;
 * its figures are replaced, and its market cap is copied onto the row for sorting in SQL.
 */
import type { SeedReport } from '../../../../shared/seedSchema'
import { convert } from '../../../../shared/fx'
import { parseFigure, parseFiscalYear, toMillions, type Currency } from '../../../../shared/units'
import { listFx } from '../fx/queries'
import type { Db } from '../../db/connection'

export type RowInput = SeedReport['valuationTables'][number]['rows'][number]

export interface RowWriter {
  write(tableId: number, row: RowInput, securityId: string | null, listingCcy: Currency | null): number
}

export function rowWriter(db: Db): RowWriter {
  const upsert = db.prepare(
    `INSERT INTO valuation_row(table_id, row_no, line, security_id, company_printed, ticker_printed, is_aggregate, layer_label)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(table_id, row_no) DO UPDATE SET line = excluded.line, security_id = excluded.security_id,
       company_printed = excluded.company_printed, ticker_printed = excluded.ticker_printed,
       is_aggregate = excluded.is_aggregate, layer_label = excluded.layer_label
     RETURNING id`,
  )
  const clearFigures = db.prepare('DELETE FROM valuation_figure WHERE row_id = ?')
  const clearFlags = db.prepare('DELETE FROM extraction_flag WHERE row_id = ?')
  const fig = db.prepare(
    `INSERT INTO valuation_figure(row_id, metric, label, fy, fy_key, printed, value, unit, currency, value_mn)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const flag = db.prepare('INSERT INTO extraction_flag(row_id, code, note) VALUES (?, ?, ?)')
  const mcap = db.prepare('UPDATE valuation_row SET mcap_mn = ?, mcap_ccy = ?, mcap_usd = ? WHERE id = ?')
  // USD factor per (currency, table): the as-of date is the table's; the rates are read once
  const rates = listFx(db)
  const asOf = db.prepare('SELECT as_of_date FROM valuation_table WHERE id = ?').pluck()
  const factors = new Map<string, number | null>()
  const toUsd = (mn: number | null, ccy: string | null, tableId: number): number | null => {
    if (mn == null || !ccy) return null
    const k = `${ccy}\u0000${tableId}`
    if (!factors.has(k)) factors.set(k, convert(1, ccy, 'USD', (asOf.get(tableId) as string | null) ?? null, rates).value)
    const f = factors.get(k)
    return f == null ? null : mn * f
  }
  return {
    write(tableId, row, securityId, listingCcy) {
      const { id } = upsert.get(tableId, row.row, row.line, securityId, row.company, row.tickerPrinted, row.aggregate ? 1 : 0, row.layerLabel ?? null) as { id: number }
      clearFigures.run(id)
      clearFlags.run(id)
      let cap: { mn: number | null; ccy: string | null } | null = null
      for (const f of row.figures) {
        const { value, unit } = parseFigure(f.printed, f.unit)
        // "LC" (local currency) and bare 元-less amounts take the listing's currency; multiples have none.
        const perShare = f.metric === 'price' || f.metric === 'eps'
        const currency = unit.currency ?? (unit.isMoney || perShare ? listingCcy : null)
        const valueMn = unit.isMoney && !perShare ? toMillions(value, unit) : null
        fig.run(id, f.metric, f.label ?? null, f.fy, parseFiscalYear(f.fy)?.key ?? null, f.printed, value, f.unit, currency, valueMn)
        // the same figure shared/compare.ts uses: the first market cap without a fiscal year
        if (!cap && f.metric === 'marketCap' && !parseFiscalYear(f.fy)) cap = { mn: valueMn, ccy: currency }
      }
      mcap.run(cap?.mn ?? null, cap?.ccy ?? null, toUsd(cap?.mn ?? null, cap?.ccy ?? null, tableId), id)
      for (const fl of row.flags) flag.run(id, fl.code, fl.note)
      return id
    },
  }
}
