/** Chain domain handlers: each edit is one undoable change set with a label the history panel shows. */
import type { DomainHandlers } from '../../engine/app'
import { mutate } from '../../engine/mutate'
import { requireReportingCurrency } from '../fx/queries'
import { chainMap } from './map'
import { createNode, deleteNode, moveNode, renameNode } from './nodes'
import { setCrosswalk } from './placements'
import { getNode, listAssignments, listCrosswalk, listNodes } from './queries'

type ChainMethods = 'chain.get' | 'chain.map' | 'chain.setCrosswalk' | 'chain.createNode' | 'chain.renameNode' | 'chain.moveNode' | 'chain.deleteNode' | 'chain.saveNode'

export const chainHandlers: DomainHandlers<ChainMethods> = {
  'chain.get': (_i, { db }) => ({ nodes: listNodes(db), crosswalk: listCrosswalk(db), assignments: listAssignments(db) }),
  'chain.map': (o, { db }) => {
    requireReportingCurrency(db, o.currency)
    return chainMap(db, o)
  },
  'chain.setCrosswalk': ({ reportId, label, nodeIds }, ctx) => {
    mutate(ctx, 'chain.setCrosswalk', () => setCrosswalk(ctx.db, reportId, label, nodeIds), { params: { reportId, label } })
    return { ok: true }
  },
  'chain.createNode': (n, ctx) => {
    const { result } = mutate(ctx, 'chain.createNode', () => createNode(ctx.db, n), { params: { nameZh: n.nameZh, nameEn: n.nameEn } })
    return { id: result }
  },
  'chain.renameNode': ({ id, nameZh, nameEn }, ctx) => {
    const old = getNode(ctx.db, id)
    mutate(ctx, 'chain.renameNode', () => renameNode(ctx.db, id, nameZh, nameEn), {
      params: { id, fromZh: old?.nameZh ?? null, fromEn: old?.nameEn ?? null, nameZh, nameEn },
    })
    return { ok: true }
  },
  'chain.moveNode': ({ id, parentId, position }, ctx) => {
    const n = getNode(ctx.db, id)
    mutate(ctx, 'chain.moveNode', () => moveNode(ctx.db, id, position, parentId), { params: { id, nameZh: n?.nameZh ?? null, nameEn: n?.nameEn ?? null, position } })
    return { ok: true }
  },
  'chain.deleteNode': ({ id, moveTo }, ctx) => {
    const n = getNode(ctx.db, id)
    const { result } = mutate(ctx, 'chain.deleteNode', () => deleteNode(ctx.db, id, moveTo), {
      params: { id, nameZh: n?.nameZh ?? null, nameEn: n?.nameEn ?? null, moveTo: moveTo ?? null },
    })
    return { ok: true, moved: result }
  },
  'chain.saveNode': (n, ctx) => {
    const existing = getNode(ctx.db, n.id)
    if (!existing) {
      mutate(ctx, 'chain.createNode', () => createNode(ctx.db, n), { params: { nameZh: n.nameZh, nameEn: n.nameEn } })
      return { ok: true }
    }
    mutate(ctx, 'chain.renameNode', () => {
      if (n.parentId !== existing.parentId) moveNode(ctx.db, n.id, n.position ?? 1000, n.parentId)
      renameNode(ctx.db, n.id, n.nameZh, n.nameEn)
      if (n.position != null && n.parentId === existing.parentId) moveNode(ctx.db, n.id, n.position)
    }, { params: { id: n.id, fromZh: existing.nameZh, fromEn: existing.nameEn, nameZh: n.nameZh, nameEn: n.nameEn } })
    return { ok: true }
  },
}
