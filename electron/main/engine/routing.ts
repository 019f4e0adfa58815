/**
 * Methods that only read: the host may answer them from the reader worker, so a long read (a
 * whole-market comparison, filter statistics) never queues an edit or another screen's page, and
 * a long write never stalls reads. Everything else goes to the writer. A test runs every method
 * listed here on a query_only connection (a read that writes would fail there).
 */
export const READ_METHODS: ReadonlySet<string> = new Set([
  'reports.list',
  'taxonomies.list',
  'coverage.list',
  'valuations.list',
  'valuations.page',
  'valuations.facets',
  'securities.get',
  'chain.get',
  'chain.map',
  'fx.list',
  'compare.run',
  'compare.reproduce',
  'quality.flags',
  'quality.page',
  'history.list',
  'history.get',
  'prefs.get',
  'notes.get',
  'notes.list',
  'notes.revisions',
  'notes.revision',
  'notes.counts',
  'notes.flags',
  'search.query',
  'notes.exportMarkdown',
  // parsing a large file is CPU work: on the reader it never queues an edit
  'import.preview',
  'import.list',
  'import.presets',
])

/**
 * Methods that replace the database under the writer's connection (restore): calls that arrive
 * while one runs wait for it, so no write lands on the file being replaced.
 */
export const EXCLUSIVE_METHODS: ReadonlySet<string> = new Set(['backup.restore'])
