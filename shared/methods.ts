/**
 * The API's method names, without the schemas: the preload imports this small list so the
 * sandboxed bridge stays tiny. contract.ts checks at compile time that both lists agree.
 */
export const METHOD_NAMES = [
  'workspace.info',
  'workspace.resetToBundled',
  'prefs.get',
  'prefs.set',
  'reports.list',
  'taxonomies.list',
  'coverage.list',
  'valuations.list',
  'valuations.page',
  'valuations.facets',
  'securities.get',
  'securities.setNodes',
  'securities.resetNodes',
  'chain.get',
  'chain.map',
  'chain.setCrosswalk',
  'chain.createNode',
  'chain.renameNode',
  'chain.moveNode',
  'chain.deleteNode',
  'chain.saveNode',
  'fx.list',
  'fx.set',
  'fx.delete',
  'compare.run',
  'compare.reproduce',
  'quality.flags',
  'quality.page',
  'history.list',
  'history.get',
  'history.undo',
  'history.redo',
  'history.revert',
  'notes.save',
  'notes.get',
  'notes.list',
  'notes.revisions',
  'notes.revision',
  'notes.restoreRevision',
  'notes.delete',
  'notes.restore',
  'notes.emptyTrash',
  'notes.counts',
  'notes.flags',
  'prices.set',
  'search.query',
  'notes.exportMarkdown',
  'notes.importMarkdown',
  'import.presets',
  'import.savePreset',
  'import.preview',
  'import.commit',
  'import.list',
  'backup.list',
  'backup.create',
  'backup.restore',
] as const

export type MethodName = (typeof METHOD_NAMES)[number]

/** One IPC channel per method: the main process registers exactly these and nothing generic. */
export const channelOf = (m: MethodName): string => `api:${m}`

/** The one push channel main → renderer: change notifications and progress of long operations. */
export const PUSH_CHANNEL = 'push'

/** Transport-level control, not an API method: stop the running long operation. */
export const CANCEL_CHANNEL = 'control:cancel'
/** The same over HTTP (browser mode). */
export const CANCEL_PATH = '/api/control/cancel'
