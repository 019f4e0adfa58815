/**
 * chain.map: the comparison's analysis (shared/compare.ts) on the filtered rows, drawn as
 * lanes → segments → cards (shared/chainMapBuild.ts), in the canonical chain or a report's lens.
 */
import type { ChainMap } from '../../../../shared/chainMap'
import { buildMap } from '../../../../shared/chainMapBuild'
import { analyseChain, type CompareOptions } from '../../../../shared/compare'
import type { ApiParsed } from '../../../../shared/contract'
import type { Db } from '../../db/connection'
import { securityScope } from '../compare/filter'
import { fyKeysInScope, latestRowIds } from '../compare/scope'
import { listFx } from '../fx/queries'
import { rowsByIds } from '../valuations/rows'
import { placementsElsewhere, securityFacts } from './facts'
import { CANONICAL_LENS, lensChain, listLenses } from './lens'
import { assignmentMap, listNodes } from './queries'

export function chainMap(db: Db, o: ApiParsed<'chain.map'>): ChainMap {
  const lenses = listLenses(db)
  const canonicalNodes = listNodes(db)
  const lens = o.lens == null ? null : lensChain(db, o.lens)
  const nodes = lens?.nodes ?? canonicalNodes
  const placements = lens?.assignments ?? assignmentMap(db)
  const scope = securityScope(db, o)
  const options: CompareOptions = { ...o, level: 'layer', securities: scope ?? undefined }
  const rows = rowsByIds(db, latestRowIds(db, o, scope))
  const analysis = analyseChain(rows, placements, nodes, listFx(db), options)
  const facts = securityFacts(db, scope, o.reportIds)
  // A report's lens draws that report's companies only.
  if (lens) for (const id of [...facts.keys()]) if (!lens.securities.has(id)) facts.delete(id)
  const built = buildMap({ analysis, options, placements, facts, elsewhere: placementsElsewhere(db, canonicalNodes) })
  return {
    lens: lenses.find((l) => l.taxonomyId === o.lens) ?? CANONICAL_LENS,
    lenses,
    lanes: built.lanes,
    unplaced: built.unplaced,
    fyKeys: fyKeysInScope(db, o),
    currency: o.currency,
    securities: facts.size,
    cards: built.cards,
  }
}
