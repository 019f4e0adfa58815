/**
 * The API's method names, without the schemas: the preload imports this small list so the
 * sandboxed bridge stays tiny. contract.ts checks at compile time that both lists agree.
 */
export const METHOD_NAMES = [
  'workspace.info',
  'workspace.resetToBundled',
  'reports.list',
  'coverage.list',
  'valuations.list',
  'securities.get',
  'taxonomies.list',
  'prefs.get',
  'prefs.set',
  'chain.get',
  'chain.setCrosswalk',
  'chain.saveNode',
  'securities.setNodes',
  'securities.resetNodes',
  'fx.list',
  'fx.set',
  'fx.delete',
  'compare.run',
  'compare.reproduce',
  'quality.flags',
] as const

export type MethodName = (typeof METHOD_NAMES)[number]

/** One IPC channel per method: the main process registers exactly these and nothing generic. */
export const channelOf = (m: MethodName): string => `api:${m}`
