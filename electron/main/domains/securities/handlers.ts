/** Securities domain: one company's page (indexed lookups only) and hand placement. */
import { notFound } from '../../../../shared/errors'
import type { Security } from '../../../../shared/domain'
import type { DomainHandlers } from '../../engine/app'
import { mutate } from '../../engine/mutate'
import type { Db } from '../../db/connection'
import { placeSecurity, unplaceSecurity } from '../chain/placements'
import { nodesOf } from '../chain/queries'
import { listCoverage } from '../coverage/queries'
import { listValuations } from '../valuations/rows'

type Row = Record<string, any>

export function getSecurity(db: Db, id: string): { security: Security; aliases: string[] } | null {
  const s = db.prepare('SELECT * FROM security WHERE id = ?').get(id) as Row | undefined
  if (!s) return null
  const aliases = db.prepare('SELECT alias FROM security_alias WHERE security_id = ? ORDER BY alias').pluck().all(id) as string[]
  return { security: { id: s.id, nameZh: s.name_zh, nameEn: s.name_en, market: s.market, currency: s.currency, listed: !!s.listed }, aliases }
}

export const securitiesHandlers: DomainHandlers<'securities.get' | 'securities.setNodes' | 'securities.resetNodes'> = {
  'securities.get': ({ id }, { db }) => {
    const s = getSecurity(db, id)
    if (!s) throw notFound('security.notFound', `security ${id} not found`, { id })
    return { ...s, nodeIds: nodesOf(db, id), coverage: listCoverage(db, { securityId: id }), valuations: listValuations(db, { securityId: id }) }
  },
  'securities.setNodes': ({ securityId, nodeIds }, ctx) => {
    mutate(ctx, 'securities.setNodes', () => placeSecurity(ctx.db, securityId, nodeIds), { params: { securityId, nodes: nodeIds.join(', ') } })
    return { ok: true }
  },
  'securities.resetNodes': ({ securityId }, ctx) => {
    mutate(ctx, 'securities.resetNodes', () => unplaceSecurity(ctx.db, securityId), { params: { securityId } })
    return { ok: true }
  },
}
