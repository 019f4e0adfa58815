/** Valuations domain handlers. */
import type { DomainHandlers } from '../../engine/app'
import { requireReportingCurrency } from '../fx/queries'
import { valuationPage } from './page'
import { listValuations } from './rows'
import type { Db } from '../../db/connection'
import type { ValuationFacets } from '../../../../shared/api/valuations'
import { distinctFyKeys } from '../compare/scope'

export const valuationsHandlers: DomainHandlers<'valuations.list' | 'valuations.page' | 'valuations.facets'> = {
  'valuations.list': (i, { db }) => listValuations(db, i),
  'valuations.page': (i, { db }) => {
    requireReportingCurrency(db, i.currency)
    return valuationPage(db, i)
  },
  'valuations.facets': (_i, { db }) => facets(db),
}

function facets(db: Db): ValuationFacets {
  const tables = db
    .prepare(
      `SELECT t.id, t.report_id, t.label, r.institution, r.title, r.report_date, (SELECT count(*) FROM valuation_row v WHERE v.table_id = t.id) AS n,
              (SELECT count(*) FROM valuation_row v WHERE v.table_id = t.id AND v.is_aggregate = 0) AS grid
       FROM valuation_table t JOIN report r ON r.id = t.report_id ORDER BY t.report_id, t.seq`,
    )
    .all() as { id: number; report_id: string; label: string; institution: string; title: string | null; report_date: string | null; n: number; grid: number }[]
  const reports = new Map<string, ValuationFacets['reports'][number]>()
  for (const t of tables) {
    const r = reports.get(t.report_id) ?? { id: t.report_id, institution: t.institution, title: t.title, date: t.report_date, tables: [] }
    r.tables.push({ id: t.id, label: t.label, rows: t.n, gridRows: t.grid })
    reports.set(t.report_id, r)
  }
  // A real skip-scan (see distinctFyKeys): the DISTINCT over the index read every P/E and P/S figure.
  const fyKeys = distinctFyKeys(db, { withValue: false })
  return { reports: [...reports.values()], fyKeys }
}
