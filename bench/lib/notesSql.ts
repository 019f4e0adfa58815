/**
 * The hand-written SQL the notes measures are compared with, on the same connection, with no
 * app code in between:
 *
 *   save    one autosave as plain SQL: UPDATE the note row (body, revision, updated_at) and
 *           INSERT its revision, in one IMMEDIATE transaction (same durability: the workspace's
 *           synchronous=FULL). It does not do what notes.save does besides: input validation,
 *           the stale-copy check (baseRevision), tags, links, and the full-text index
 *           (indexNote: delete the note's old terms from note_fts, insert the new ones).
 *   search  one FTS5 MATCH on note_fts, with the expression written by hand per term (a CJK
 *           word as the phrase of its bigrams, an English word as a prefix term), best 20 by
 *           bm25 (ORDER BY rank), joined to the note for title and body. It does not search
 *           securities, aliases, segments or reports, does not cap bm25 for words in most notes
 *           (the app lists those newest first), and makes no snippets.
 */
import type { Db } from '../../electron/main/db/connection'

/** FTS5 expressions written by hand (shared/searchTerms.ts makes the same ones for the app). */
export const HAND_FTS: Record<string, string> = {
  算力: '"算力"',
  估值: '"估值"',
  芯片: '"芯片"',
  订单: '"订单"',
  光模块: '"光模 模块"',
  服务器: '"服务 务器"',
  大模型: '"大模 模型"',
  云厂商: '"云厂 厂商"',
  Nvidia: '"nvidia"*',
  capex: '"capex"*',
  inference: '"inference"*',
  GPU: '"gpu"*',
  hyperscaler: '"hyperscaler"*',
  NVDA: '"nvda"*',
  '002230': '"002230"*',
  iFlytek: '"iflytek"*',
  英伟达: '"英伟 伟达"',
}

export const NOTE_SAVE_SQL = {
  update: 'UPDATE note SET body = ?, revision = ?, updated_at = ? WHERE id = ?',
  revision: 'INSERT INTO note_revision(note_id, revision, title, body, tags, scenarios, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
}

export const NOTE_SEARCH_SQL = `SELECT n.id, n.title, n.body
FROM (SELECT rowid, rank FROM note_fts WHERE note_fts MATCH ? ORDER BY rank LIMIT ?) f
JOIN note_search s ON s.rowid = f.rowid JOIN note n ON n.id = s.note_id
ORDER BY f.rank`

export interface NotesSql {
  /** one autosave of a note whose current revision is `revision`; returns the new revision */
  save(note: { id: string; title: string; tags: string; scenarios: string | null }, body: string, revision: number, at: string): number
  search(fts: string, limit?: number): { id: string; title: string; body: string }[]
  /** notes matching an expression (for the report, not timed) */
  matches(fts: string): number
  sql: { save: string; search: string }
}

export function notesSql(db: Db): NotesSql {
  const update = db.prepare(NOTE_SAVE_SQL.update)
  const revision = db.prepare(NOTE_SAVE_SQL.revision)
  const search = db.prepare(NOTE_SEARCH_SQL)
  const count = db.prepare('SELECT count(*) FROM note_fts WHERE note_fts MATCH ?').pluck()
  const save = db.transaction((n: { id: string; title: string; tags: string; scenarios: string | null }, body: string, rev: number, at: string) => {
    update.run(body, rev + 1, at, n.id)
    revision.run(n.id, rev + 1, n.title, body, n.tags, n.scenarios, at)
    return rev + 1
  })
  return {
    save: (n, body, rev, at) => save.immediate(n, body, rev, at),
    search: (fts, limit = 20) => search.all(fts, limit) as { id: string; title: string; body: string }[],
    matches: (fts) => count.get(fts) as number,
    sql: { save: `${NOTE_SAVE_SQL.update};\n${NOTE_SAVE_SQL.revision}`, search: NOTE_SEARCH_SQL },
  }
}
