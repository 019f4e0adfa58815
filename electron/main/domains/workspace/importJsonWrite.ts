/**
 * The writes of a workspace JSON load (importJson.ts), each a small step inside its one
 * mutate(). Facts are upserted by natural key — report id, (report, seq) for coverage and
 * tables, (table, printed row number) for rows — so ids survive where the file and the
 * workspace agree: hand exclusions (prefs hold row ids) keep pointing at the same rows, and a
 * file loaded into the workspace it came from changes almost nothing. The history-tracked
 * tables (chain, placements, FX) are written as a diff, so the change set records real changes.
 */
import type { ExportDoc, LoadTable } from '../../../../shared/exportSchema'
import { aliasKey } from '../../../../shared/tickers'
import type { Db } from '../../db/connection'
import { coverageUpsert } from '../coverage/write'

type Value = string | number | null

const json = (xs: readonly unknown[]) => JSON.stringify(xs)

export function writeReports(db: Db, doc: ExportDoc): void {
  const up = db.prepare(
    `INSERT INTO report(id, origin, seed_file, institution, title, report_date, date_inferred, date_note, industry_rating)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET origin = excluded.origin, seed_file = excluded.seed_file, institution = excluded.institution,
       title = excluded.title, report_date = excluded.report_date, date_inferred = excluded.date_inferred,
       date_note = excluded.date_note, industry_rating = excluded.industry_rating`,
  )
  for (const r of doc.reports) up.run(r.id, r.origin, r.seedFile, r.institution, r.title, r.date, r.dateInferred ? 1 : 0, r.dateNote, r.industryRating)
  // A report the file lacks takes its taxonomies, coverage, tables and crosswalk with it (FK cascade).
  db.prepare('DELETE FROM report WHERE id NOT IN (SELECT value FROM json_each(?))').run(json(doc.reports.map((r) => r.id)))
}

/** The file's securities with exactly its aliases; a kept security loses only an alias the file gives to another. */
export function writeSecurities(db: Db, doc: ExportDoc): void {
  const up = db.prepare(
    `INSERT INTO security(id, name_zh, name_en, market, currency, listed, import_id) VALUES (?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT(id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, market = excluded.market,
       currency = excluded.currency, listed = excluded.listed, import_id = NULL`,
  )
  for (const s of doc.securities) up.run(s.id, s.nameZh, s.nameEn, s.market, s.currency, s.listed ? 1 : 0)
  const aliases = doc.securities.flatMap((s) => s.aliases.map((a) => ({ key: aliasKey(a), alias: a, id: s.id })))
  db.prepare('DELETE FROM security_alias WHERE security_id IN (SELECT value FROM json_each(?))').run(json(doc.securities.map((s) => s.id)))
  db.prepare('DELETE FROM security_alias WHERE alias_key IN (SELECT value FROM json_each(?))').run(json(aliases.map((a) => a.key)))
  // Two spellings with one key ("AB", "A B") are one alias: the first is kept.
  const ins = db.prepare('INSERT OR IGNORE INTO security_alias(alias_key, alias, security_id) VALUES (?, ?, ?)')
  for (const a of aliases) ins.run(a.key, a.alias, a.id)
}

/** Runs after coverage and rows moved to the file's securities, so nothing still points at the ones removed. */
export function dropSecurities(db: Db, doc: ExportDoc, kept: readonly string[]): void {
  db.prepare('DELETE FROM security WHERE id NOT IN (SELECT value FROM json_each(?))').run(json([...doc.securities.map((s) => s.id), ...kept]))
}

/** Taxonomies are the reports' own drawings; nothing points at their ids, so they are rewritten. */
export function writeTaxonomies(db: Db, doc: ExportDoc): void {
  db.prepare('DELETE FROM taxonomy').run()
  const tax = db.prepare('INSERT INTO taxonomy(report_id, label, line) VALUES (?, ?, ?)')
  const layer = db.prepare('INSERT INTO taxonomy_layer(taxonomy_id, position, label) VALUES (?, ?, ?)')
  const seg = db.prepare('INSERT INTO taxonomy_segment(layer_id, position, label) VALUES (?, ?, ?)')
  for (const t of doc.taxonomies) {
    const tid = tax.run(t.reportId, t.label, t.line).lastInsertRowid
    for (const l of t.layers) {
      const lid = layer.run(tid, l.position, l.label).lastInsertRowid
      l.segments.forEach((s, si) => seg.run(lid, si + 1, s))
    }
  }
}

/** Coverage of a report is numbered in file order (the export lists it in that order). */
export function writeCoverage(db: Db, doc: ExportDoc): void {
  const up = coverageUpsert(db)
  const seq = new Map<string, number>(doc.reports.map((r) => [r.id, 0]))
  for (const c of doc.coverage) {
    const n = seq.get(c.reportId)! + 1
    seq.set(c.reportId, n)
    up.run(c.reportId, n, c.securityId, c.companyPrinted, c.tickerPrinted, c.stance, c.layerLabel, c.role, c.roleZh, c.provenance.source, c.provenance.line)
  }
  const trim = db.prepare('DELETE FROM coverage WHERE report_id = ? AND (seq > ? OR seq IS NULL)')
  for (const [reportId, n] of seq) trim.run(reportId, n)
}

/**
 * Tables with their rows, figures (verbatim: printed, parsed value, unit, source column) and
 * extraction flags. The market cap is copied onto the row by valuations/write.ts's rule (the
 * first market-cap figure without a fiscal year); its USD value is left to refreshMcapUsd().
 */
export function writeTables(db: Db, doc: ExportDoc, tables: readonly LoadTable[], importIdOf: (t: LoadTable) => number | null): void {
  // A version 2 file does not know a table's header or import: the workspace's stay.
  const upTable = db.prepare(
    `INSERT INTO valuation_table(report_id, seq, label, line, source, as_of_note, as_of_date, as_of_inferred, header_printed, import_id)
     VALUES (@reportId, @seq, @label, @line, @source, @asOfNote, @asOfDate, @asOfInferred, @header, @importId)
     ON CONFLICT(report_id, seq) DO UPDATE SET label = excluded.label, line = excluded.line, source = excluded.source,
       as_of_note = excluded.as_of_note, as_of_date = excluded.as_of_date, as_of_inferred = excluded.as_of_inferred,
       header_printed = CASE WHEN @known THEN excluded.header_printed ELSE valuation_table.header_printed END,
       import_id = CASE WHEN @known THEN excluded.import_id ELSE valuation_table.import_id END
     RETURNING id`,
  )
  const rows = rowWriter(db)
  const trimRows = db.prepare('DELETE FROM valuation_row WHERE table_id = ? AND row_no NOT IN (SELECT value FROM json_each(?))')
  for (const t of tables) {
    const { id } = upTable.get({
      reportId: t.reportId,
      seq: t.seq,
      label: t.label,
      line: t.line,
      source: t.source,
      asOfNote: t.asOfNote,
      asOfDate: t.asOfDate,
      asOfInferred: t.asOfInferred ? 1 : 0,
      header: t.headerPrinted,
      importId: importIdOf(t),
      known: t.provenanceKnown ? 1 : 0,
    }) as { id: number }
    for (const r of t.rows) rows(id, r)
    trimRows.run(id, json(t.rows.map((r) => r.rowNo)))
  }
  const trimTables = db.prepare('DELETE FROM valuation_table WHERE report_id = ? AND (seq IS NULL OR seq NOT IN (SELECT value FROM json_each(?)))')
  for (const r of doc.reports) trimTables.run(r.id, json(tables.filter((t) => t.reportId === r.id).map((t) => t.seq)))
}

function rowWriter(db: Db): (tableId: number, r: LoadTable['rows'][number]) => void {
  const upsert = db.prepare(
    `INSERT INTO valuation_row(table_id, row_no, line, security_id, company_printed, ticker_printed, is_aggregate, layer_label, mcap_mn, mcap_ccy, mcap_usd)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT(table_id, row_no) DO UPDATE SET line = excluded.line, security_id = excluded.security_id,
       company_printed = excluded.company_printed, ticker_printed = excluded.ticker_printed, is_aggregate = excluded.is_aggregate,
       layer_label = excluded.layer_label, mcap_mn = excluded.mcap_mn, mcap_ccy = excluded.mcap_ccy, mcap_usd = NULL
     RETURNING id`,
  )
  const clearFigures = db.prepare('DELETE FROM valuation_figure WHERE row_id = ?')
  const clearFlags = db.prepare('DELETE FROM extraction_flag WHERE row_id = ?')
  const fig = db.prepare(
    `INSERT INTO valuation_figure(row_id, metric, label, fy, fy_key, printed, value, unit, currency, value_mn, source_col)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const flag = db.prepare('INSERT INTO extraction_flag(row_id, code, note) VALUES (?, ?, ?)')
  return (tableId, r) => {
    const cap = r.figures.find((f) => f.metric === 'marketCap' && f.fyKey == null)
    const { id } = upsert.get(tableId, r.rowNo, r.line, r.securityId, r.companyPrinted, r.tickerPrinted, r.aggregate ? 1 : 0, r.layerLabel, cap?.valueMn ?? null, cap?.currency ?? null) as { id: number }
    clearFigures.run(id)
    clearFlags.run(id)
    for (const f of r.figures) fig.run(id, f.metric, f.label, f.fy, f.fyKey, f.printed, f.value, f.unit, f.currency, f.valueMn, f.sourceCol)
    for (const fl of r.flags) flag.run(id, fl.code, fl.note)
  }
}

interface Spec {
  table: string
  key: readonly string[]
  /** the other columns, compared and updated */
  cols: readonly string[]
}

/**
 * Makes a history-tracked table hold exactly `want` (each row: key values, then cols): inserts
 * and updates in the order given (layers before their segments), then deletes the rest.
 */
function syncTable(db: Db, spec: Spec, want: readonly Value[][]): void {
  const all = [...spec.key, ...spec.cols]
  const nk = spec.key.length
  const keyOf = (r: readonly Value[]) => JSON.stringify(r.slice(0, nk))
  const match = spec.key.map((k) => `${k} = ?`).join(' AND ')
  const have = new Map((db.prepare(`SELECT ${all.join(', ')} FROM ${spec.table}`).raw().all() as Value[][]).map((r) => [keyOf(r), r]))
  const ins = db.prepare(`INSERT INTO ${spec.table}(${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})`)
  const upd = spec.cols.length ? db.prepare(`UPDATE ${spec.table} SET ${spec.cols.map((c) => `${c} = ?`).join(', ')} WHERE ${match}`) : null
  const del = db.prepare(`DELETE FROM ${spec.table} WHERE ${match}`)
  const wanted = new Set<string>()
  for (const w of want) {
    const k = keyOf(w)
    wanted.add(k)
    const h = have.get(k)
    if (!h) ins.run(...w)
    else if (upd && JSON.stringify(h) !== JSON.stringify(w)) upd.run(...w.slice(nk), ...w.slice(0, nk))
  }
  for (const [k, h] of have) if (!wanted.has(k)) del.run(...h.slice(0, nk))
}

/** The canonical chain, crosswalk and placements (+ locks for hand placements), as in the file. */
export function syncChain(db: Db, doc: ExportDoc, sourcesOf: (a: ExportDoc['chain']['assignments'][number]) => string[]): void {
  const layers = doc.chain.layers.map((l): Value[] => [l.id, null, 'layer', l.position, l.nameZh, l.nameEn])
  const segments = doc.chain.layers.flatMap((l) => l.segments.map((s): Value[] => [s.id, l.id, 'segment', s.position, s.nameZh, s.nameEn]))
  syncTable(db, { table: 'chain_node', key: ['id'], cols: ['parent_id', 'kind', 'position', 'name_zh', 'name_en'] }, [...layers, ...segments])
  const crosswalk = doc.chain.crosswalk.flatMap((c) => c.nodeIds.map((n): Value[] => [c.reportId, c.label, n]))
  syncTable(db, { table: 'chain_crosswalk', key: ['report_id', 'label', 'node_id'], cols: [] }, crosswalk)
  const unplaced = doc.version === 3 ? doc.chain.unplacedByHand : []
  const locks = [...doc.chain.assignments.filter((a) => a.manual).map((a) => a.securityId), ...unplaced].map((sec): Value[] => [sec])
  syncTable(db, { table: 'security_node_lock', key: ['security_id'], cols: [] }, locks)
  const placed = doc.chain.assignments.flatMap((a) => {
    const sources = sourcesOf(a)
    return a.nodeIds.map((n, i): Value[] => [a.securityId, n, sources[i]!, i === 0 ? 1 : 0])
  })
  syncTable(db, { table: 'security_node', key: ['security_id', 'node_id'], cols: ['source', 'is_primary'] }, placed)
}

export function syncFx(db: Db, doc: ExportDoc): void {
  const rates = doc.fxRates.map((r): Value[] => [r.currency, r.asOf, r.perUsd, r.source])
  syncTable(db, { table: 'fx_rate', key: ['currency', 'as_of'], cols: ['per_usd', 'source'] }, rates)
}
