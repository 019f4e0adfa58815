/**
 * The one statement that writes a coverage entry. A report's coverage is numbered (seq) in file
 * order, so re-loading the same report (bundled reset, workspace JSON) updates entries in place
 * and the analyst's references to them survive.
 */
import type { Db } from '../../db/connection'

export function coverageUpsert(db: Db) {
  return db.prepare(
    `INSERT INTO coverage(report_id, seq, security_id, company_printed, ticker_printed, stance, layer_label, role, role_zh, source, line)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(report_id, seq) DO UPDATE SET security_id = excluded.security_id, company_printed = excluded.company_printed,
       ticker_printed = excluded.ticker_printed, stance = excluded.stance, layer_label = excluded.layer_label, role = excluded.role,
       role_zh = excluded.role_zh, source = excluded.source, line = excluded.line`,
  )
}
