/**
 * Loading the bundled reports — on first open, and again on "reset to bundled data". Both are
 * the same in-place load: every row is upserted by its natural key (report id; table and
 * coverage position within the report; printed row number within the table), so ids survive
 * and everything the analyst made (crosswalk edits, placements, FX edits, hand exclusions)
 * stays. Rows the bundle no longer has are removed. Runs inside mutate().
 */
import type { SeedReport } from '../../../../shared/seedSchema'
import { buildSecurityMaster, type SecurityMaster } from '../../../../shared/securityMaster'
import { resolveSecurity } from '../../../../shared/tickers'
import type { Currency } from '../../../../shared/units'
import type { Db } from '../../db/connection'
import { coverageUpsert } from '../coverage/write'
import { bundledReportId } from '../../services/ids'
import { rowWriter, type RowWriter } from '../valuations/write'

export class UnresolvedSecurityError extends Error {}

export function loadBundled(db: Db, reports: SeedReport[]): void {
  const master = buildSecurityMaster(reports.map((r) => r.securities))
  upsertSecurities(db, master)
  const known = new Set(master.securities.map((s) => s.id))
  const currencyOf = new Map(master.securities.map((s) => [s.id, s.currency]))
  const writer = rowWriter(db)
  for (const r of reports) upsertReport(db, r, { master, known, currencyOf, writer })
}

interface Env {
  master: SecurityMaster
  known: Set<string>
  currencyOf: Map<string, Currency | null>
  writer: RowWriter
}

function upsertSecurities(db: Db, master: SecurityMaster): void {
  // A corrected name or market in a newer bundle reaches existing workspaces on reset.
  const ins = db.prepare(
    `INSERT INTO security(id, name_zh, name_en, market, currency, listed) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, market = excluded.market,
       currency = excluded.currency, listed = excluded.listed`,
  )
  for (const s of master.securities) ins.run(s.id, s.nameZh, s.nameEn, s.market, s.currency, s.listed ? 1 : 0)
  const alias = db.prepare('INSERT OR IGNORE INTO security_alias(alias_key, alias, security_id) VALUES (?, ?, ?)')
  for (const [key, id] of master.aliases) alias.run(key, master.aliasText.get(key)!, id)
}

function resolveOrThrow(env: Env, company: string, ticker: string | null, where: string): string {
  const id = resolveSecurity(company, ticker, env.master.aliases, env.known)
  if (!id) throw new UnresolvedSecurityError(`${where}: "${company}" (${ticker ?? 'no ticker'}) matches no security`)
  return id
}

function upsertReport(db: Db, seed: SeedReport, env: Env): void {
  const r = seed.report
  const reportId = bundledReportId(r.key)
  db.prepare(
    `INSERT INTO report(id, origin, seed_file, institution, title, report_date, date_inferred, date_note, industry_rating)
     VALUES (?, 'bundled', ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET seed_file = excluded.seed_file, institution = excluded.institution, title = excluded.title,
       report_date = excluded.report_date, date_inferred = excluded.date_inferred, date_note = excluded.date_note,
       industry_rating = excluded.industry_rating`,
  ).run(reportId, r.seedFile, r.institution, r.title, r.date, r.dateInferred ? 1 : 0, r.dateNote, r.industryRating)
  replaceTaxonomies(db, reportId, seed)
  upsertCoverage(db, reportId, seed, env)
  upsertTables(db, reportId, seed, env)
}

/** Taxonomies are the report's own drawing; nothing points at their ids, so they are rewritten. */
function replaceTaxonomies(db: Db, reportId: string, seed: SeedReport): void {
  db.prepare('DELETE FROM taxonomy WHERE report_id = ?').run(reportId)
  const tax = db.prepare('INSERT INTO taxonomy(report_id, label, line) VALUES (?, ?, ?)')
  const layer = db.prepare('INSERT INTO taxonomy_layer(taxonomy_id, position, label) VALUES (?, ?, ?)')
  const seg = db.prepare('INSERT INTO taxonomy_segment(layer_id, position, label) VALUES (?, ?, ?)')
  for (const t of seed.taxonomies) {
    const tid = tax.run(reportId, t.label, t.line).lastInsertRowid
    t.layers.forEach((l, li) => {
      const lid = layer.run(tid, li + 1, l.label).lastInsertRowid
      l.segments.forEach((s, si) => seg.run(lid, si + 1, s))
    })
  }
}

function upsertCoverage(db: Db, reportId: string, seed: SeedReport, env: Env): void {
  const up = coverageUpsert(db)
  seed.coverage.forEach((c, i) => {
    const id = resolveOrThrow(env, c.company, c.tickerPrinted, `data/reports/${seed.report.key}.json coverage[${i}]`)
    up.run(reportId, i + 1, id, c.company, c.tickerPrinted, c.stance, c.layerLabel, c.role, c.roleZh ?? null, c.source, c.line)
  })
  db.prepare('DELETE FROM coverage WHERE report_id = ? AND (seq > ? OR seq IS NULL)').run(reportId, seed.coverage.length)
}

function upsertTables(db: Db, reportId: string, seed: SeedReport, env: Env): void {
  const up = db.prepare(
    `INSERT INTO valuation_table(report_id, seq, label, line, source, as_of_note, as_of_date, as_of_inferred, header_printed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(report_id, seq) DO UPDATE SET label = excluded.label, line = excluded.line, source = excluded.source,
       as_of_note = excluded.as_of_note, as_of_date = excluded.as_of_date, as_of_inferred = excluded.as_of_inferred,
       header_printed = excluded.header_printed
     RETURNING id`,
  )
  for (const [ti, t] of seed.valuationTables.entries()) {
    const { id: tableId } = up.get(reportId, ti + 1, t.label, t.line, t.source, t.asOfNote, t.asOfDate, t.asOfInferred ? 1 : 0, t.headerPrinted ?? null) as { id: number }
    for (const row of t.rows) {
      const where = `data/reports/${seed.report.key}.json valuationTables[${ti}] row ${row.row}`
      const secId = row.aggregate ? null : resolveOrThrow(env, row.company, row.tickerPrinted, where)
      env.writer.write(tableId, row, secId, secId ? (env.currencyOf.get(secId) ?? null) : null)
    }
    db.prepare('DELETE FROM valuation_row WHERE table_id = ? AND row_no NOT IN (SELECT value FROM json_each(?))').run(tableId, JSON.stringify(t.rows.map((r) => r.row)))
  }
  db.prepare('DELETE FROM valuation_table WHERE report_id = ? AND (seq > ? OR seq IS NULL)').run(reportId, seed.valuationTables.length)
}
