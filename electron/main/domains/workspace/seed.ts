/**
 * What the workspace has never had is loaded at open: the bundled reports (once), then the
 * canonical chain, crosswalk, default assignments and FX rates (once, also for workspaces made
 * before they existed), then derived data (quality flags) a migration added. Each step is one
 * bulk change set through the write path.
 */
import { refreshThesisFlags } from '../notes/thesis'
import type { SeedReport } from '../../../../shared/seedSchema'
import type { Db } from '../../db/connection'
import { mutate, type WriteContext } from '../../engine/mutate'
import { bundledReports } from '../../services/bundled'
import { rebuildDerivedAssignments } from '../chain/assignments'
import { chainSeeded, seedChain } from '../chain/seed'
import { qualityReady, refreshAllQuality } from '../quality/refresh'
import { mcapUsdReady, refreshMcapUsd } from '../valuations/mcapUsd'
import { loadBundled } from './bundled'

const SEEDED_KEY = 'bundled.seeded'
const BUNDLED_ENTITIES = ['report', 'security', 'coverage', 'valuation_row'] as const

const quiet = (db: Db): WriteContext => ({ db, now: () => new Date(), emit: () => {} })

/** Returns true if it loaded anything. */
export function seedIfNeeded(db: Db, reports: SeedReport[] = bundledReports(), ctx: WriteContext = quiet(db)): boolean {
  let loaded = false
  if (!db.prepare('SELECT 1 FROM meta WHERE key = ?').get(SEEDED_KEY)) {
    mutate(ctx, 'workspace.seed', () => {
      loadBundled(db, reports)
      db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)').run(SEEDED_KEY, ctx.now().toISOString())
    }, { kind: 'bulk', undoable: false, entities: BUNDLED_ENTITIES })
    loaded = true
  }
  if (!chainSeeded(db)) {
    mutate(ctx, 'chain.seed', () => seedChain(db, ctx.now()), { kind: 'bulk', undoable: false })
    loaded = true
  }
  if (!mcapUsdReady(db)) {
    mutate(ctx, 'valuations.mcapUsd', () => refreshMcapUsd(db), { kind: 'bulk', undoable: false, record: false, entities: ['valuation_row'] })
  }
  if (!qualityReady(db)) {
    mutate(ctx, 'quality.refresh', () => refreshAllQuality(db), { kind: 'bulk', undoable: false, entities: ['quality_flag'] })
  }
  return loaded
}

/** Reloads the bundled reports in place (see bundled.ts): ids and the analyst's edits survive. */
export function resetToBundled(ctx: WriteContext, reports: SeedReport[] = bundledReports()): void {
  const { db } = ctx
  mutate(ctx, 'workspace.resetToBundled', () => {
    loadBundled(db, reports)
    rebuildDerivedAssignments(db)
    refreshAllQuality(db)
    refreshThesisFlags(db, null, 'workspace.resetToBundled', ctx.now().toISOString())
    db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(SEEDED_KEY, ctx.now().toISOString())
  }, { kind: 'bulk', undoable: false, entities: [...BUNDLED_ENTITIES, 'note'] })
}
