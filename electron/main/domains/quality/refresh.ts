/**
 * Materialised quality flags. shared/quality.ts stays the one definition; this runs it on
 * exactly the rows a write touched (all rows of the touched securities, since cross-report
 * flags need them together) and stores the result so screens page through it. Inside mutate().
 */
import { QUALITY_CODES, qualityFlags, type QualityFlag } from '../../../../shared/quality'
import type { Db } from '../../db/connection'
import type { ValuationRowView } from '../../../../shared/domain'
import { rowsByIds } from '../valuations/rows'

const READY_KEY = 'quality.version'
const VERSION = '1'
const BATCH = 500

export function qualityReady(db: Db): boolean {
  return db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(READY_KEY) === VERSION
}

function store(db: Db, flags: QualityFlag[]): void {
  const ins = db.prepare('INSERT INTO quality_flag(code, row_id, security_id, report_id, severity, fy_key, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
  for (const f of flags) ins.run(f.code, f.rowId, f.securityId, f.reportId, QUALITY_CODES.indexOf(f.code), f.fyKey, JSON.stringify(f.detail))
}

/** Recomputes the flags of these securities' rows. */
export function refreshQualityFor(db: Db, securityIds: readonly string[]): void {
  const del = db.prepare('DELETE FROM quality_flag WHERE security_id = ?')
  const ids = db.prepare('SELECT id FROM valuation_row WHERE security_id = ?').pluck()
  for (let i = 0; i < securityIds.length; i += BATCH) {
    const batch = securityIds.slice(i, i + BATCH)
    for (const s of batch) del.run(s)
    store(db, qualityFlags(rowsByIds(db, batch.flatMap((s) => ids.all(s) as number[]))))
  }
}

/**
 * refreshQualityFor() when the caller has just written some of these securities' rows and holds
 * them in memory (an import of 100k rows): only the securities' other rows are read back, which
 * is most of the cost of a large import otherwise.
 */
export function refreshQualityWith(db: Db, securityIds: readonly string[], fresh: readonly ValuationRowView[]): void {
  const del = db.prepare('DELETE FROM quality_flag WHERE security_id = ?')
  const ids = db.prepare('SELECT id FROM valuation_row WHERE security_id = ?').pluck()
  const known = new Set(fresh.map((r) => r.id))
  const bySecurity = new Map<string, ValuationRowView[]>()
  for (const r of fresh) {
    const list = bySecurity.get(r.securityId!)
    if (list) list.push(r)
    else bySecurity.set(r.securityId!, [r])
  }
  for (let i = 0; i < securityIds.length; i += BATCH) {
    const batch = securityIds.slice(i, i + BATCH)
    for (const s of batch) del.run(s)
    const others = batch.flatMap((s) => (ids.all(s) as number[]).filter((id) => !known.has(id)))
    store(db, qualityFlags([...batch.flatMap((s) => bySecurity.get(s) ?? []), ...rowsByIds(db, others)]))
  }
}

/** Recomputes the flags of aggregate rows (no security) in these tables. */
export function refreshQualityForTables(db: Db, tableIds: readonly number[]): void {
  for (const t of tableIds) {
    const rows = db.prepare('SELECT id FROM valuation_row WHERE table_id = ? AND security_id IS NULL').pluck().all(t) as number[]
    db.prepare('DELETE FROM quality_flag WHERE row_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(rows))
    store(db, qualityFlags(rowsByIds(db, rows)))
  }
}

export function refreshAllQuality(db: Db): void {
  db.prepare('DELETE FROM quality_flag').run()
  refreshQualityFor(db, db.prepare('SELECT DISTINCT security_id FROM valuation_row WHERE security_id IS NOT NULL ORDER BY security_id').pluck().all() as string[])
  refreshQualityForTables(db, db.prepare('SELECT id FROM valuation_table ORDER BY id').pluck().all() as number[])
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(READY_KEY, VERSION)
}
