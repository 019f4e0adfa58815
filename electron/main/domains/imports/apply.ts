/**
 * Writing an import's payload into the workspace, and taking it out again. Both run inside
 * mutate() (commit, undo, redo), so either everything is written or nothing is. The batch's
 * tables carry its id (valuation_table.import_id); securities it created carry it too and leave
 * with it unless something else (another report, a placement, a note, a price) uses them.
 */
import { convert } from '../../../../shared/fx'
import { AppError } from '../../../../shared/errors'
import { aliasKey as aliasKeyOf } from '../../../../shared/tickers'
import type { Db } from '../../db/connection'
import { listFx } from '../fx/queries'
import { refreshThesisFlags } from '../notes/thesis'
import type { Market } from '../../../../shared/tickers'
import type { ValuationRowView } from '../../../../shared/domain'
import { refreshQualityFor, refreshQualityWith } from '../quality/refresh'
import type { ImportPayload } from './payload'

export interface ApplyHooks {
  /** called every CHUNK rows: progress, and a chance to stop (throw) before COMMIT */
  step?: (done: number, total: number) => void
  /** when the data changed (thesis flags record it) */
  at: string
  label: string
}

const CHUNK = 5000

export const cancelledError = () => new AppError('cancelled', 'import.cancelled', 'the import was cancelled; nothing was written')

function writeSecurities(db: Db, importId: number, p: ImportPayload): void {
  const sec = db.prepare('INSERT OR IGNORE INTO security(id, name_zh, name_en, market, currency, listed, import_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const alias = db.prepare('INSERT OR IGNORE INTO security_alias(alias_key, alias, security_id) VALUES (?, ?, ?)')
  for (const s of p.securities) {
    sec.run(s.id, s.nameZh, s.nameEn, s.market, s.currency, s.listed ? 1 : 0, importId)
    for (const a of s.aliases) alias.run(aliasKeyOf(a), a, s.id)
  }
}

function writeTables(db: Db, importId: number, p: ImportPayload): number[] {
  const seq = db.prepare('SELECT coalesce(max(seq), 0) FROM valuation_table WHERE report_id = ?').pluck()
  const ins = db.prepare(
    `INSERT INTO valuation_table(report_id, seq, label, line, source, as_of_note, as_of_date, as_of_inferred, header_printed, import_id)
     VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
  )
  return p.tables.map((t) => {
    const n = (seq.get(p.report.id) as number) + 1
    return Number(ins.run(p.report.id, n, t.label, t.source, t.asOf, t.asOf, t.asOfInferred ? 1 : 0, t.header, importId).lastInsertRowid)
  })
}

/** Writes the payload as import `importId`; returns the number of figures written. */
export function applyPayload(db: Db, importId: number, p: ImportPayload, hooks: ApplyHooks): number {
  if (p.report.created) {
    db.prepare(`INSERT OR IGNORE INTO report(id, origin, institution, title, report_date, date_inferred) VALUES (?, 'user', ?, ?, ?, 0)`).run(
      p.report.id,
      p.report.institution,
      p.report.title,
      p.report.date,
    )
  }
  writeSecurities(db, importId, p)
  const tableIds = writeTables(db, importId, p)
  const row = db.prepare(
    `INSERT INTO valuation_row(table_id, row_no, line, security_id, company_printed, ticker_printed, is_aggregate, layer_label, mcap_mn, mcap_ccy, mcap_usd)
     VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)`,
  )
  const fig = db.prepare(
    `INSERT INTO valuation_figure(row_id, metric, label, fy, fy_key, printed, value, unit, currency, value_mn, source_col)
     VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const usd = usdFactors(db, p)
  const names = securityNames(db, touched(p))
  const fresh: ValuationRowView[] = []
  let figures = 0
  const total = p.rows.length
  for (let i = 0; i < total; i++) {
    if (i % CHUNK === 0) hooks.step?.(i, total)
    const r = p.rows[i]!
    const cap = r.figures.find((f) => f[0] === 'marketCap')
    const mn = cap?.[7] ?? null
    const ccy = cap?.[6] ?? null
    const f = mn != null && ccy ? usd(ccy, r.t) : null
    const rowId = row.run(tableIds[r.t]!, i + 1, r.sourceRow, r.securityId, r.company, r.ticker, mn, ccy, f == null || mn == null ? null : mn * f).lastInsertRowid
    for (const x of r.figures) fig.run(rowId, x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8])
    figures += r.figures.length
    fresh.push(viewOf(p, Number(rowId), i + 1, tableIds[r.t]!, r, names.get(r.securityId)))
  }
  hooks.step?.(total, total)
  // the quality rules run on the rows just written (held here) plus the securities' other rows
  const ids = touched(p)
  refreshQualityWith(db, ids, fresh)
  refreshThesisFlags(db, ids, hooks.label, hooks.at)
  return figures
}

type Names = { name_zh: string | null; name_en: string | null; market: Market }

function securityNames(db: Db, ids: string[]): Map<string, Names> {
  const rows = db.prepare('SELECT id, name_zh, name_en, market FROM security WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as (Names & { id: string })[]
  return new Map(rows.map((r) => [r.id, r]))
}

/** The row as rowsByIds() would read it back (the shape shared/quality.ts checks). */
function viewOf(p: ImportPayload, id: number, rowNo: number, tableId: number, r: ImportPayload['rows'][number], n: Names | undefined): ValuationRowView {
  const t = p.tables[r.t]!
  return {
    id,
    reportId: p.report.id,
    institution: p.report.institution,
    tableId,
    tableLabel: t.label,
    tableSource: t.source,
    tableLine: null,
    rowNo,
    line: r.sourceRow,
    securityId: r.securityId,
    nameZh: n?.name_zh ?? null,
    nameEn: n?.name_en ?? null,
    market: n?.market ?? null,
    companyPrinted: r.company,
    tickerPrinted: r.ticker,
    isAggregate: false,
    layerLabel: null,
    asOfDate: t.asOf,
    asOfInferred: t.asOfInferred,
    asOfNote: t.asOf,
    figures: r.figures.map((x) => ({ metric: x[0] as ValuationRowView['figures'][number]['metric'], label: null, fy: x[1], fyKey: x[2], printed: x[3], value: x[4], unit: x[5], currency: x[6], valueMn: x[7] })),
    flags: [],
  }
}

/** USD per unit of a currency at each table's as-of date (the rule of shared/fx.ts), read once. */
function usdFactors(db: Db, p: ImportPayload): (ccy: string, t: number) => number | null {
  const rates = listFx(db)
  const memo = new Map<string, number | null>()
  return (ccy, t) => {
    const k = `${ccy}\u0000${t}`
    if (!memo.has(k)) memo.set(k, convert(1, ccy, 'USD', p.tables[t]?.asOf ?? null, rates).value)
    return memo.get(k)!
  }
}

const touched = (p: ImportPayload) => [...new Set(p.rows.map((r) => r.securityId))]

function refreshDerived(db: Db, securityIds: string[], hooks: ApplyHooks): void {
  refreshQualityFor(db, securityIds)
  // new or removed figures can breach (or clear) a thesis about these companies: same commit
  refreshThesisFlags(db, securityIds, hooks.label, hooks.at)
}

/** Takes import `importId` out: its tables (rows, figures, flags cascade), then what only it used. */
export function removePayload(db: Db, importId: number, p: ImportPayload, hooks: ApplyHooks): void {
  db.prepare('DELETE FROM valuation_table WHERE import_id = ?').run(importId)
  db.prepare(
    `DELETE FROM security WHERE import_id = ?
       AND NOT EXISTS (SELECT 1 FROM valuation_row v WHERE v.security_id = security.id)
       AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.security_id = security.id)
       AND NOT EXISTS (SELECT 1 FROM security_node n WHERE n.security_id = security.id)
       AND NOT EXISTS (SELECT 1 FROM user_price u WHERE u.security_id = security.id)
       AND NOT EXISTS (SELECT 1 FROM note WHERE note.subject_kind = 'security' AND note.subject_id = security.id)`,
  ).run(importId)
  if (p.report.created) {
    db.prepare(
      `DELETE FROM report WHERE id = ? AND origin = 'user'
         AND NOT EXISTS (SELECT 1 FROM valuation_table t WHERE t.report_id = report.id)
         AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.report_id = report.id)`,
    ).run(p.report.id)
  }
  const left = db.prepare('SELECT id FROM security WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(touched(p))) as string[]
  refreshDerived(db, left, hooks)
}
