/**
 * Loads the bundled reports into a workspace. Runs on first open of an empty workspace;
 * loading twice changes nothing; resetToBundled replaces bundled rows in one transaction
 * (user rows are left alone).
 */
import type { Db } from '../db/connection'
import type { SeedReport } from '../../../shared/seedSchema'
import { buildSecurityMaster, type SecurityMaster } from '../../../shared/securityMaster'
import { resolveSecurity } from '../../../shared/tickers'
import { parseFigure, parseFiscalYear, toMillions, type Currency } from '../../../shared/units'
import { bundledReports } from './bundled'
import { insertBundledCrosswalk, rebuildDerivedAssignments, seedChainIfNeeded } from './chain'
import { bundledReportId } from './ids'

const SEEDED_KEY = 'bundled.seeded'

export class UnresolvedSecurityError extends Error {}


/**
 * Seeds what the workspace has never had: the bundled reports (once), then the chain taxonomy,
 * crosswalk, default assignments and FX rates (once, also for workspaces created before they
 * existed). Returns true if it loaded anything.
 */
export function seedIfNeeded(db: Db, reports: SeedReport[] = bundledReports()): boolean {
  let loaded = false
  if (!db.prepare('SELECT value FROM meta WHERE key = ?').get(SEEDED_KEY)) {
    db.transaction(() => {
      loadAll(db, reports)
      db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)').run(SEEDED_KEY, new Date().toISOString())
    })()
    loaded = true
  }
  return seedChainIfNeeded(db) || loaded
}

/** Deletes bundled reports (cascading to their rows) and loads them again, atomically. */
export function resetToBundled(db: Db, reports: SeedReport[] = bundledReports()): void {
  db.transaction(() => {
    db.prepare("DELETE FROM report WHERE origin = 'bundled'").run()
    loadAll(db, reports)
    insertBundledCrosswalk(db)
    rebuildDerivedAssignments(db)
    db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(SEEDED_KEY, new Date().toISOString())
  })()
}

function loadAll(db: Db, reports: SeedReport[]): void {
  const master = buildSecurityMaster(reports.map((r) => r.securities))
  upsertSecurities(db, master)
  const known = new Set(master.securities.map((s) => s.id))
  const currencyOf = new Map(master.securities.map((s) => [s.id, s.currency]))
  for (const r of reports) insertReport(db, r, master, known, currencyOf)
}

function upsertSecurities(db: Db, master: SecurityMaster): void {
  const ins = db.prepare(
    `INSERT INTO security(id, name_zh, name_en, market, currency, listed) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO NOTHING`,
  )
  for (const s of master.securities) ins.run(s.id, s.nameZh, s.nameEn, s.market, s.currency, s.listed ? 1 : 0)
  const alias = db.prepare('INSERT OR IGNORE INTO security_alias(alias_key, alias, security_id) VALUES (?, ?, ?)')
  for (const [key, id] of master.aliases) alias.run(key, master.aliasText.get(key)!, id)
}

function resolveOrThrow(
  master: SecurityMaster,
  known: Set<string>,
  company: string,
  ticker: string | null,
  where: string,
): string {
  const id = resolveSecurity(company, ticker, master.aliases, known)
  if (!id) throw new UnresolvedSecurityError(`${where}: "${company}" (${ticker ?? 'no ticker'}) matches no security`)
  return id
}

function insertReport(
  db: Db,
  seed: SeedReport,
  master: SecurityMaster,
  known: Set<string>,
  currencyOf: Map<string, Currency | null>,
): void {
  const r = seed.report
  const reportId = bundledReportId(r.key)
  db.prepare(
    `INSERT INTO report(id, origin, seed_file, institution, title, report_date, date_inferred, date_note, industry_rating)
     VALUES (?, 'bundled', ?, ?, ?, ?, ?, ?, ?)`,
  ).run(reportId, r.seedFile, r.institution, r.title, r.date, r.dateInferred ? 1 : 0, r.dateNote, r.industryRating)

  insertTaxonomies(db, reportId, seed)

  const cov = db.prepare(
    `INSERT INTO coverage(report_id, security_id, company_printed, ticker_printed, stance, layer_label, role, role_zh, source, line)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  seed.coverage.forEach((c, i) => {
    const id = resolveOrThrow(master, known, c.company, c.tickerPrinted, `data/reports/${r.key}.json coverage[${i}]`)
    cov.run(reportId, id, c.company, c.tickerPrinted, c.stance, c.layerLabel, c.role, c.roleZh ?? null, c.source, c.line)
  })

  for (const [ti, t] of seed.valuationTables.entries()) {
    const tableId = db
      .prepare(
        `INSERT INTO valuation_table(report_id, label, line, source, as_of_note, as_of_date, as_of_inferred, header_printed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(reportId, t.label, t.line, t.source, t.asOfNote, t.asOfDate, t.asOfInferred ? 1 : 0, t.headerPrinted ?? null)
      .lastInsertRowid
    for (const row of t.rows) {
      const where = `data/reports/${r.key}.json valuationTables[${ti}] row ${row.row}`
      const secId = row.aggregate ? null : resolveOrThrow(master, known, row.company, row.tickerPrinted, where)
      insertRow(db, Number(tableId), row, secId, secId ? (currencyOf.get(secId) ?? null) : null)
    }
  }
}

function insertTaxonomies(db: Db, reportId: string, seed: SeedReport): void {
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

type SeedRow = SeedReport['valuationTables'][number]['rows'][number]

function insertRow(db: Db, tableId: number, row: SeedRow, securityId: string | null, listingCcy: Currency | null): void {
  const rowId = db
    .prepare(
      `INSERT INTO valuation_row(table_id, row_no, line, security_id, company_printed, ticker_printed, is_aggregate, layer_label)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(tableId, row.row, row.line, securityId, row.company, row.tickerPrinted, row.aggregate ? 1 : 0, row.layerLabel ?? null)
    .lastInsertRowid
  const fig = db.prepare(
    `INSERT INTO valuation_figure(row_id, metric, label, fy, fy_key, printed, value, unit, currency, value_mn)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  for (const f of row.figures) {
    const { value, unit } = parseFigure(f.printed, f.unit)
    // "LC" (local currency) and bare 元-less amounts take the listing's currency; multiples have none.
    const perShare = f.metric === 'price' || f.metric === 'eps'
    const currency = unit.currency ?? (unit.isMoney || perShare ? listingCcy : null)
    const valueMn = unit.isMoney && !perShare ? toMillions(value, unit) : null
    fig.run(rowId, f.metric, f.label ?? null, f.fy, parseFiscalYear(f.fy)?.key ?? null, f.printed, value, f.unit, currency, valueMn)
  }
  const flag = db.prepare('INSERT INTO extraction_flag(row_id, code, note) VALUES (?, ?, ?)')
  for (const fl of row.flags) flag.run(rowId, fl.code, fl.note)
}
