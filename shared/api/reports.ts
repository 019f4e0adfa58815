/** Reports domain: the reports in the workspace and their own chain taxonomies. */
import type { ReportSummary, TaxonomyView } from '../domain'
import { noInput } from './common'

export const reportsApi = {
  /** Every report with counts of coverage entries and valuation rows. */
  'reports.list': { input: noInput },
  /** Each report's own chain taxonomy (layers upstream → downstream, segments). */
  'taxonomies.list': { input: noInput },
} as const

export interface ReportsResults {
  'reports.list': ReportSummary[]
  'taxonomies.list': TaxonomyView[]
}
