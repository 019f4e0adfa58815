/** Coverage reads: one statement per filter shape, so each uses its index. */
import type { CoverageView } from '../../../../shared/domain'
import type { Db } from '../../db/connection'

type Row = Record<string, any>

const SELECT = `SELECT c.*, r.institution, r.report_date, s.name_zh, s.name_en, s.market
  FROM coverage c JOIN report r ON r.id = c.report_id JOIN security s ON s.id = c.security_id`

export function listCoverage(db: Db, f: { reportId?: string; securityId?: string }): CoverageView[] {
  const order = 'ORDER BY c.report_id, c.id'
  let rows: Row[]
  if (f.reportId && f.securityId) rows = db.prepare(`${SELECT} WHERE c.report_id = ? AND c.security_id = ? ${order}`).all(f.reportId, f.securityId) as Row[]
  else if (f.securityId) rows = db.prepare(`${SELECT} WHERE c.security_id = ? ${order}`).all(f.securityId) as Row[]
  else if (f.reportId) rows = db.prepare(`${SELECT} WHERE c.report_id = ? ${order}`).all(f.reportId) as Row[]
  else rows = db.prepare(`${SELECT} ${order}`).all() as Row[]
  return rows.map((c) => ({
    id: c.id,
    reportId: c.report_id,
    institution: c.institution,
    reportDate: c.report_date,
    securityId: c.security_id,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    market: c.market,
    companyPrinted: c.company_printed,
    tickerPrinted: c.ticker_printed,
    stance: c.stance,
    layerLabel: c.layer_label,
    role: c.role,
    roleZh: c.role_zh,
    source: c.source,
    line: c.line,
  }))
}
