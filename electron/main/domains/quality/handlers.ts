/** Quality domain handlers. */
import type { DomainHandlers } from '../../engine/app'
import { allFlags, flagCounts, flagPage } from './queries'

export const qualityHandlers: DomainHandlers<'quality.flags' | 'quality.page'> = {
  'quality.flags': (_i, { db }) => ({ flags: allFlags(db), counts: flagCounts(db, {}) }),
  'quality.page': ({ code, reportId, offset, limit }, { db }) => {
    const counts = flagCounts(db, { reportId })
    const total = code ? counts[code] : Object.values(counts).reduce((a, b) => a + b, 0)
    return { flags: flagPage(db, { code, reportId }, offset, limit), total, counts }
  },
}
