/**
 * The notes full-text index (migration 0005): note_fts is a contentless FTS5 table over one
 * column of derived terms (shared/searchTerms.ts: CJK bigrams + words); note_search maps its
 * rowid to the note. Only notes outside the trash are indexed, so a search never sees the trash.
 * Called inside the caller's transaction (notes.save / delete / restore / emptyTrash).
 */
import { searchTerms } from '../../../../shared/searchTerms'
import type { Db } from '../../db/connection'

export interface IndexableNote {
  id: string
  title: string
  body: string
  tags: string[]
  deleted: boolean
  /** names of what the note is about (a company's names and aliases…): "iFlytek" finds a note on 科大讯飞 */
  subject?: string
}

/** The indexed text of a note: title, tags, subject names, body (each cut into terms on its own). */
export function noteTerms(note: Pick<IndexableNote, 'title' | 'body' | 'tags' | 'subject'>): string {
  return [searchTerms(note.title), searchTerms(note.tags.join(' ')), searchTerms(note.subject ?? ''), searchTerms(note.body)].filter((t) => t !== '').join(' ')
}

/** A note's subject in words: a security's id, names and aliases; a node's or report's names. */
export function subjectText(db: Db, noteId: string): string {
  const s = statements(db)
  const n = s.subject.get(noteId) as { kind: string; id: string | null } | undefined
  if (!n?.id) return ''
  const values = (r: unknown) => (Array.isArray(r) ? (r as (string | null)[]) : [])
  if (n.kind === 'security') return [...values(s.security.raw().get(n.id)), ...(s.aliases.all(n.id) as string[])].filter(Boolean).join(' ')
  if (n.kind === 'report') return values(s.report.raw().get(n.id)).filter(Boolean).join(' ')
  return values(s.node.raw().get(n.id)).filter(Boolean).join(' ')
}

const stmts = new WeakMap<Db, ReturnType<typeof prepare>>()

function prepare(db: Db) {
  return {
    rowid: db.prepare('SELECT rowid FROM note_search WHERE note_id = ?').pluck(),
    mint: db.prepare('INSERT INTO note_search(note_id) VALUES (?) RETURNING rowid').pluck(),
    forget: db.prepare('DELETE FROM note_search WHERE rowid = ?'),
    unindex: db.prepare('DELETE FROM note_fts WHERE rowid = ?'),
    index: db.prepare('INSERT INTO note_fts(rowid, terms) VALUES (?, ?)'),
    subject: db.prepare('SELECT subject_kind AS kind, subject_id AS id FROM note WHERE id = ?'),
    security: db.prepare('SELECT id, name_zh, name_en FROM security WHERE id = ?'),
    aliases: db.prepare('SELECT alias FROM security_alias WHERE security_id = ?').pluck(),
    report: db.prepare('SELECT institution, title FROM report WHERE id = ?'),
    node: db.prepare('SELECT name_zh, name_en FROM chain_node WHERE id = ?'),
  }
}

function statements(db: Db) {
  let s = stmts.get(db)
  if (!s) stmts.set(db, (s = prepare(db)))
  return s
}

/**
 * Brings one note's index entry up to date: removes what was indexed for it, then (unless it
 * is deleted, i.e. in the trash or gone) indexes title + tags + body under a new rowid, so
 * rowid order is the order notes were last saved (search ranks huge match sets by recency).
 */
export function indexNote(db: Db, note: IndexableNote): void {
  const s = statements(db)
  const old = s.rowid.get(note.id) as number | undefined
  if (old != null) {
    s.unindex.run(old)
    s.forget.run(old)
  }
  if (note.deleted) return
  s.index.run(s.mint.get(note.id) as number, noteTerms({ ...note, subject: note.subject ?? subjectText(db, note.id) }))
}

/**
 * Rebuilds the whole index from the note table (e.g. after the term rules change, or to
 * repair). Run it inside a write transaction. Returns the number of notes indexed.
 */
export function reindexAllNotes(db: Db): number {
  db.exec(`INSERT INTO note_fts(note_fts) VALUES ('delete-all'); DELETE FROM note_search;`)
  const s = statements(db)
  const page = db.prepare('SELECT rowid AS r, id, title, body, tags FROM note WHERE deleted_at IS NULL AND rowid > ? ORDER BY rowid LIMIT 500')
  let n = 0
  let after = -Infinity
  for (;;) {
    // in pages: better-sqlite3 allows no other statement while an iterator is open
    const rows = page.all(after) as { r: number; id: string; title: string; body: string; tags: string }[]
    if (rows.length === 0) break
    for (const r of rows) s.index.run(s.mint.get(r.id) as number, noteTerms({ title: r.title, body: r.body, tags: parseTags(r.tags), subject: subjectText(db, r.id) }))
    n += rows.length
    after = rows[rows.length - 1]!.r
  }
  db.exec(`INSERT INTO note_fts(note_fts) VALUES ('optimize')`)
  return n
}

function parseTags(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
}
