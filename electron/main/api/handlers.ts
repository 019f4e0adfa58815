/** The one handler table: IPC (desktop) and HTTP (browser mode) both dispatch into it. */
import type { Handlers } from '../../../shared/contract'
import { compareLayers } from '../../../shared/compare'
import { countByCode, qualityFlags } from '../../../shared/quality'
import { reproduceAggregate } from '../../../shared/reproduce'
import * as cq from '../db/chainQueries'
import { SCHEMA_VERSION } from '../db/migrations'
import * as q from '../db/queries'
import * as chain from '../services/chain'
import { resetToBundled } from '../services/seed'
import type { Workspace } from '../workspace'
import { NotFoundError } from './errors'

const OK = { ok: true } as const

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
      return {
        ...s,
        nodeIds: cq.assignmentMap(db).get(id) ?? [],
        coverage: q.listCoverage(db, { securityId: id }),
        valuations: q.listValuations(db, { securityId: id }),
      }
    },
    'taxonomies.list': () => q.listTaxonomies(db),
    'prefs.get': ({ key }) => ({ value: q.getPref(db, key) }),
    'prefs.set': ({ key, value }) => {
      q.setPref(db, key, value)
      return OK
    },
    'chain.get': () => ({ nodes: cq.listNodes(db), crosswalk: cq.listCrosswalk(db), assignments: cq.listAssignments(db) }),
    'chain.setCrosswalk': ({ reportId, label, nodeIds }) => {
      chain.setCrosswalk(db, reportId, label, nodeIds)
      return OK
    },
    'chain.saveNode': (n) => {
      chain.saveNode(db, n)
      return OK
    },
    'securities.setNodes': ({ securityId, nodeIds }) => {
      chain.setSecurityNodes(db, securityId, nodeIds)
      return OK
    },
    'securities.resetNodes': ({ securityId }) => {
      chain.unlockSecurityNodes(db, securityId)
      return OK
    },
    'fx.list': () => cq.listFx(db),
    'fx.set': (r) => {
      chain.setFxRate(db, r)
      return OK
    },
    'fx.delete': ({ currency, asOf }) => {
      chain.deleteFxRate(db, currency, asOf)
      return OK
    },
    'compare.run': (o) => compareLayers(q.listValuations(db, {}), cq.assignmentMap(db), cq.listNodes(db), cq.listFx(db), o),
    'compare.reproduce': () => {
      const rows = q.listValuations(db, {})
      const rates = cq.listFx(db)
      const tables = [...new Set(rows.filter((r) => r.isAggregate).map((r) => r.tableId))]
      return tables.map((tableId) => {
        const tr = rows.filter((r) => r.tableId === tableId)
        const first = tr[0]!
        return { tableId, reportId: first.reportId, institution: first.institution, tableLabel: first.tableLabel, columns: reproduceAggregate(tr, rates) }
      })
    },
    'quality.flags': () => {
      const flags = qualityFlags(q.listValuations(db, {}))
      return { flags, counts: countByCode(flags) }
    },
  }
}
