/** Securities domain: one company's page, and where it sits in the chain. */
import { z } from 'zod'
import type { SecurityDetail } from '../domain'
import { distinct, nodeId, securityId } from './common'

export const securitiesApi = {
  /** One security: aliases, nodes, all coverage, all valuation rows. */
  'securities.get': { input: z.object({ id: securityId }).strict() },
  /** Places a security in exactly these nodes, by hand (first = primary). Undoable. */
  'securities.setNodes': { input: z.object({ securityId, nodeIds: distinct(nodeId, 20) }).strict() },
  /** Returns a hand-placed security to the derived assignments. Undoable. */
  'securities.resetNodes': { input: z.object({ securityId }).strict() },
} as const

export interface SecuritiesResults {
  'securities.get': SecurityDetail
  'securities.setNodes': { ok: true }
  'securities.resetNodes': { ok: true }
}
