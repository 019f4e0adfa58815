/** Coverage domain handlers. */
import type { DomainHandlers } from '../../engine/app'
import { listCoverage } from './queries'

export const coverageHandlers: DomainHandlers<'coverage.list'> = {
  'coverage.list': (i, { db }) => listCoverage(db, i),
}
