/**
 * The public dry-run shape (`npm run import -- --dry-run --json`, docs/import.md):
 * {format, encoding, preset, rows: [{sourceRow, security, name, currency, price, marketCapMn,
 * marketCapCurrency, multiples: [{metric, basis, value}], warnings}], rejected: [{sourceRow, reason}]}
 * plus `column`, `value`, `message` on rejections and the count of skipped rows with reasons.
 */
import type { Run } from './pipeline'

export function dryRunJson(run: Run) {
  const it = run.interpretation
  return {
    format: run.src.format,
    encoding: run.src.encoding,
    preset: it.preset,
    sheet: run.sheet,
    rows: it.rows.map((r, i) => {
      const res = run.resolutions[i]!
      return {
        sourceRow: r.sourceRow,
        security: res.status === 'unresolved' ? r.security : res.securityId,
        resolution: res.status,
        name: r.name,
        currency: r.currency,
        price: r.price,
        marketCapMn: r.marketCapMn,
        marketCapCurrency: r.marketCapCurrency,
        multiples: r.multiples.map((m) => ({ metric: m.metric, basis: m.basis, value: m.value })),
        date: r.date,
        warnings: r.warnings,
      }
    }),
    rejected: it.rejected.map((r) => ({ sourceRow: r.sourceRow, reason: r.reason, column: r.column, value: r.value, message: r.message })),
    skipped: it.skipped.length,
    skippedRows: it.skipped.map((s) => ({ sourceRow: s.sourceRow, reason: s.reason })),
  }
}
