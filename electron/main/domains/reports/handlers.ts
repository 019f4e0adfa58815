/** Reports domain handlers. */
import type { DomainHandlers } from '../../engine/app'
import { listReports, listTaxonomies } from './queries'

export const reportsHandlers: DomainHandlers<'reports.list' | 'taxonomies.list'> = {
  'reports.list': (_i, { db }) => listReports(db),
  'taxonomies.list': (_i, { db }) => listTaxonomies(db),
}
