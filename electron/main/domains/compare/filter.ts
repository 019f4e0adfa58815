/**
 * The security filter (shared/api/scope.ts) in SQL: the set of security ids a page shows. The map
 * and the comparison both call this, so "the same filter" means the same set on both pages.
 */
import type { SecurityFilter } from '../../../../shared/api/scope'
import type { Db } from '../../db/connection'

const inList = (n: number) => `(${Array.from({ length: n }, () => '?').join(', ')})`
/** LIKE with the user's text taken literally: %, _ and \ in a search are characters, not patterns. */
const likeText = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export function hasFilter(f: SecurityFilter): boolean {
  return !!(f.reportIds?.length || f.markets?.length || f.stances?.length || f.search?.trim())
}

/** Security ids passing the filter; null when there is no filter (every security). */
export function securityScope(db: Db, f: SecurityFilter): Set<string> | null {
  if (!hasFilter(f)) return null
  const where: string[] = []
  const params: unknown[] = []
  const reports = f.reportIds?.length ? f.reportIds : null
  const inReports = (col: string) => (reports ? ` AND ${col} IN ${inList(reports.length)}` : '')
  if (reports) {
    where.push(`(EXISTS (SELECT 1 FROM coverage c WHERE c.security_id = s.id${inReports('c.report_id')})
      OR EXISTS (SELECT 1 FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id WHERE v.security_id = s.id${inReports('t.report_id')}))`)
    params.push(...reports, ...reports)
  }
  if (f.markets?.length) {
    where.push(`s.market IN ${inList(f.markets.length)}`)
    params.push(...f.markets)
  }
  if (f.stances?.length) {
    const printed = f.stances.filter((x) => x !== 'none')
    const alt: string[] = []
    if (printed.length) {
      alt.push(`EXISTS (SELECT 1 FROM coverage c WHERE c.security_id = s.id AND c.stance IN ${inList(printed.length)}${inReports('c.report_id')})`)
      params.push(...printed, ...(reports ?? []))
    }
    if (f.stances.includes('none')) {
      alt.push(`NOT EXISTS (SELECT 1 FROM coverage c WHERE c.security_id = s.id AND c.stance IS NOT NULL${inReports('c.report_id')})`)
      params.push(...(reports ?? []))
    }
    where.push(`(${alt.join(' OR ')})`)
  }
  const q = f.search?.trim()
  if (q) {
    where.push(`(s.id LIKE ? ESCAPE '\\' OR s.name_zh LIKE ? ESCAPE '\\' OR s.name_en LIKE ? ESCAPE '\\'
      OR EXISTS (SELECT 1 FROM security_alias a WHERE a.security_id = s.id AND a.alias LIKE ? ESCAPE '\\'))`)
    params.push(...Array(4).fill(likeText(q)))
  }
  return new Set(db.prepare(`SELECT s.id FROM security s WHERE ${where.join(' AND ')}`).pluck().all(...params) as string[])
}
