/** The one handler table: IPC (desktop) and HTTP (browser mode) both dispatch into it. */
import type { Handlers } from '../../../shared/contract'
import { SCHEMA_VERSION } from '../db/migrations'
import * as q from '../db/queries'
import { resetToBundled } from '../services/seed'
import type { Workspace } from '../workspace'
import { NotFoundError } from './errors'

export function createHandlers(ws: Workspace): Handlers {
  const { db } = ws
  return {
    'workspace.info': () => ({ schemaVersion: SCHEMA_VERSION, dataDir: ws.dataDir, counts: q.counts(db) }),
    'workspace.resetToBundled': () => {
      resetToBundled(db)
      const c = q.counts(db)
      return { reports: c.reports, coverage: c.coverage, valuationRows: c.valuationRows }
    },
    'reports.list': () => q.listReports(db),
    'coverage.list': (i) => q.listCoverage(db, i),
    'valuations.list': (i) => q.listValuations(db, i),
    'securities.get': ({ id }) => {
      const s = q.getSecurity(db, id)
      if (!s) throw new NotFoundError(`security ${id} not found`)
      return { ...s, coverage: q.listCoverage(db, { securityId: id }), valuations: q.listValuations(db, { securityId: id }) }
    },
    'taxonomies.list': () => q.listTaxonomies(db),
    'prefs.get': ({ key }) => ({ value: q.getPref(db, key) }),
    'prefs.set': ({ key, value }) => {
      q.setPref(db, key, value)
      return { ok: true }
    },
  }
}
