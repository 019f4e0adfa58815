/**
 * Push events from the engine to every open view: what changed (so caches refetch exactly the
 * affected queries) and progress of long operations.
 */
export type PushEvent =
  | { type: 'changed'; setId: number; label: string; kind: string; entities: string[] }
  | { type: 'progress'; opId: string; label: string; done: number; total: number }

/**
 * Which API domains read which tables: a change to an entity invalidates cached results of
 * these method prefixes. One table here keeps the renderer from refetching the world.
 */
/** Entity name of view-state prefs (language, grid columns): saved, but never history. */
export const VIEW_STATE = 'meta:view'
/** The whole workspace was replaced (a restore from backup): every cached result is stale. */
export const WORKSPACE = 'workspace'
/** The backup files changed (a backup taken, rotated, or an automatic one failed): not data, not history. */
export const BACKUPS = 'backup'

const READS: Record<string, readonly string[]> = {
  [VIEW_STATE]: ['prefs.'],
  chain_node: ['chain.', 'compare.', 'securities.', 'valuations.page', 'search.'],
  chain_crosswalk: ['chain.', 'compare.', 'securities.', 'valuations.page'],
  security_node: ['chain.', 'compare.', 'securities.', 'valuations.page'],
  security_node_lock: ['chain.', 'securities.'],
  fx_rate: ['fx.', 'compare.', 'valuations.page', 'chain.map', 'notes.'],
  meta: ['prefs.'],
  report: ['reports.', 'coverage.', 'valuations.', 'securities.', 'compare.', 'quality.', 'chain.', 'taxonomies.', 'search.'],
  security: ['reports.', 'coverage.', 'valuations.', 'securities.', 'compare.', 'quality.', 'chain.', 'search.'],
  valuation_row: ['reports.', 'valuations.', 'securities.', 'compare.', 'quality.', 'chain.', 'notes.'],
  coverage: ['reports.', 'coverage.', 'securities.', 'chain.', 'notes.'],
  note: ['notes.', 'search.', 'chain.map', 'valuations.page', 'securities.'],
  user_price: ['notes.', 'securities.'],
  import_batch: ['import.'],
  import_preset: ['import.'],
  [BACKUPS]: ['backup.'],
}

/** The entity of one view-state pref: `meta:view:<key>`, so only that pref's readers refetch. */
export const viewStateOf = (key: string) => `${VIEW_STATE}:${key}`
const isViewState = (e: string) => e === VIEW_STATE || e.startsWith(`${VIEW_STATE}:`)

/** The pref keys named by view-state entities, or null when some entity is not view state. */
export function viewKeys(entities: readonly string[]): Set<string> | null {
  if (!entities.length || !entities.every((e) => e.startsWith(`${VIEW_STATE}:`))) return null
  return new Set(entities.map((e) => e.slice(VIEW_STATE.length + 1)))
}

/** True if a cached result of `method` may be stale after a change to `entities`. */
export function isAffected(method: string, entities: readonly string[]): boolean {
  if (entities.includes(WORKSPACE)) return true
  // workspace.info also names the latest backup
  if (method === 'workspace.info') return entities.some((e) => !isViewState(e))
  // a column resize, a language switch or a new backup records no history: the history panel need not refetch
  if (method.startsWith('history.')) return entities.some((e) => !isViewState(e) && e !== BACKUPS)
  return entities.some((e) => (READS[isViewState(e) ? VIEW_STATE : e] ?? ['']).some((p) => method.startsWith(p)))
}
