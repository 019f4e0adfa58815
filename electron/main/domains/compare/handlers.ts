/** Compare domain: statistics from shared/ (the one definition) on exactly the rows in scope. */
import { compareLayers, type CompareResult } from '../../../../shared/compare'
import { reproduceAggregate } from '../../../../shared/reproduce'
import type { DomainHandlers } from '../../engine/app'
import { assignmentMap, listNodes } from '../chain/queries'
import { listFx, requireReportingCurrency } from '../fx/queries'
import { listValuations, rowsByIds } from '../valuations/rows'
import { securityScope } from './filter'
import { fyKeysInScope, latestRowIds } from './scope'

/** Lists at most `limit` members per group, heaviest first; the statistics already used them all. */
function limitMembers(r: CompareResult, limit: number): CompareResult {
  return {
    ...r,
    groups: r.groups.map((g) => {
      if (g.members.length <= limit) return { ...g, memberTotal: g.members.length }
      const members = [...g.members].sort((a, b) => (b.mcap ?? -1) - (a.mcap ?? -1)).slice(0, limit)
      return { ...g, members, memberTotal: g.members.length }
    }),
  }
}

export const compareHandlers: DomainHandlers<'compare.run' | 'compare.reproduce'> = {
  'compare.run': (o, { db }) => {
    requireReportingCurrency(db, o.currency)
    const securities = securityScope(db, o)
    const rows = rowsByIds(db, latestRowIds(db, o, securities))
    const result = compareLayers(rows, assignmentMap(db), listNodes(db), listFx(db), { ...o, securities: securities ?? undefined })
    return limitMembers({ ...result, fyKeys: fyKeysInScope(db, o) }, o.memberLimit)
  },
  'compare.reproduce': (_i, { db }) => {
    const rates = listFx(db)
    const tables = db
      .prepare('SELECT DISTINCT table_id FROM valuation_row WHERE is_aggregate = 1 ORDER BY table_id')
      .pluck()
      .all() as number[]
    return tables.map((tableId) => {
      const tr = listValuations(db, { tableId })
      const first = tr[0]!
      return { tableId, reportId: first.reportId, institution: first.institution, tableLabel: first.tableLabel, columns: reproduceAggregate(tr, rates) }
    })
  },
}
