/**
 * Chain domain: the canonical chain (layers → segments), the crosswalk from each report's own
 * labels, and edits to both. Ids are minted in main; create, rename, move and delete are
 * distinct, undoable operations, and nothing cascades silently.
 */
import { z } from 'zod'
import type { ChainMap } from '../chainMap'
import type { ChainNode } from '../compare'
import type { CrosswalkRow, SecurityNodes } from '../domain'
import { currency, distinct, fyKey, label, noInput, nodeId, reportId } from './common'
import { securityFilter } from './scope'

const position = z.number().int().min(1).max(1000)

export const chainApi = {
  /** Canonical chain nodes, every report label with its mapping, every security's nodes. */
  'chain.get': { input: noInput },
  /**
   * The chain map: lanes → segments → cards with roll-ups computed by the comparison's code on
   * the same rules and filter (compare.run with the same input gives the same statistics).
   * lens: a report taxonomy id draws the chain as that report does; null = canonical chain.
   */
  'chain.map': {
    input: z
      .object({
        metric: z.enum(['pe', 'ps', 'marketCap']),
        fyKey: fyKey.nullable(),
        currency,
        nmRule: z.boolean().default(true),
        nmCap: z.number().positive().max(10_000).default(100),
        excludeFlagged: z.boolean().default(true),
        primaryOnly: z.boolean().default(false),
        excludedRowIds: z.array(z.number().int().positive()).max(10_000).default([]),
        ...securityFilter,
        lens: z.number().int().positive().nullable().default(null),
      })
      .strict()
      .refine((o) => o.metric === 'marketCap' || o.fyKey !== null, {
        message: 'fyKey: required for P/E and P/S',
        path: ['fyKey'],
        params: { code: 'compare.fyRequired' },
      }),
  },
  /** Maps one report label to canonical nodes (empty list = unmapped); derived assignments rebuild. */
  'chain.setCrosswalk': { input: z.object({ reportId, label: label(200), nodeIds: distinct(nodeId, 10) }).strict() },
  /** Adds a layer (parentId null) or a segment; the id is minted here. A sibling with the same name is refused. */
  'chain.createNode': {
    input: z.object({ parentId: nodeId.nullable(), nameZh: label(60), nameEn: label(60), position: position.optional() }).strict(),
  },
  /** Renames a node; its position and members stay. */
  'chain.renameNode': { input: z.object({ id: nodeId, nameZh: label(60), nameEn: label(60) }).strict() },
  /** Moves a node to a position among its siblings (and, for a segment, optionally to another layer). */
  'chain.moveNode': { input: z.object({ id: nodeId, parentId: nodeId.nullable().optional(), position }).strict() },
  /**
   * Deletes a node. A node with members, segments or crosswalk mappings is refused unless
   * moveTo names where they go.
   */
  'chain.deleteNode': { input: z.object({ id: nodeId, moveTo: nodeId.optional() }).strict() },
  /**
   * Older API kept for scripts: renames an existing node (position kept unless given), or
   * creates one with this id. Prefer createNode / renameNode / moveNode.
   */
  'chain.saveNode': {
    input: z.object({ id: nodeId, parentId: nodeId.nullable(), nameZh: label(60), nameEn: label(60), position: position.optional() }).strict(),
  },
} as const

export interface ChainResults {
  'chain.get': { nodes: ChainNode[]; crosswalk: CrosswalkRow[]; assignments: SecurityNodes[] }
  'chain.map': ChainMap
  'chain.setCrosswalk': { ok: true }
  'chain.createNode': { id: string }
  'chain.renameNode': { ok: true }
  'chain.moveNode': { ok: true }
  'chain.deleteNode': { ok: true; moved: number }
  'chain.saveNode': { ok: true }
}
