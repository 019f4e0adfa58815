/**
 * Notes in SQLite: every save is the note row plus a revision row, in the caller's transaction
 * (mutate), so an acknowledged save is a committed one. Restoring a revision or the trash never
 * overwrites: it is another save.
 */
import { randomBytes } from 'node:crypto'
import type { NoteSubject } from '../../../../shared/api/notes'
import { conflict, notFound } from '../../../../shared/errors'
import type { ScenarioSet } from '../../../../shared/scenario'
import type { Db } from '../../db/connection'
import { noteLinks } from './links'

export type Row = Record<string, any>

export interface NoteInput {
  id?: string
  /** a new note keeps this id (an import of an exported note) */
  createWithId?: string
  subject: NoteSubject
  title: string
  body: string
  tags?: string[]
  scenarios?: ScenarioSet | null
  baseRevision?: number
}

export interface SavedNote {
  id: string
  revision: number
  savedAt: string
  title: string
  body: string
  tags: string[]
  deleted: boolean
}

/** Time-ordered ids: 'n' + base-36 milliseconds + random, so ids sort by creation. */
export function mintNoteId(now: Date): string {
  return `n${now.getTime().toString(36)}${randomBytes(5).toString('hex')}`
}

export function getNoteRow(db: Db, id: string): Row | undefined {
  return db.prepare('SELECT * FROM note WHERE id = ?').get(id) as Row | undefined
}

export function requireNote(db: Db, id: string): Row {
  const n = getNoteRow(db, id)
  if (!n) throw notFound('notes.notFound', `note ${id} does not exist`, { id })
  return n
}

/** Writes one save: the note row (insert or update), its revision, tags and links. */
export function saveNote(db: Db, n: NoteInput, now: Date): SavedNote {
  const at = now.toISOString()
  const tags = [...new Set(n.tags ?? [])]
  const existing = n.id ? getNoteRow(db, n.id) : undefined
  if (n.id && !existing) throw notFound('notes.notFound', `note ${n.id} does not exist`, { id: n.id })
  if (existing && n.baseRevision != null && n.baseRevision !== existing.revision)
    throw conflict('notes.conflict', `note ${n.id} was saved elsewhere (revision ${existing.revision}, this copy is ${n.baseRevision})`, {
      id: n.id!,
      revision: existing.revision,
      base: n.baseRevision,
    })
  // Scenarios are kept when a save does not mention them (a body-only autosave).
  const scenarios = n.scenarios === undefined ? (existing?.scenarios ?? null) : n.scenarios ? JSON.stringify(n.scenarios) : null
  const id = existing?.id ?? n.createWithId ?? mintNoteId(now)
  const revision = (existing?.revision ?? 0) + 1
  const tagJson = JSON.stringify(tags)
  // One statement for a new note and a new save of an existing one: created_at stays as first written.
  db.prepare(
    `INSERT INTO note(id, subject_kind, subject_id, title, body, tags, scenarios, revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET subject_kind = excluded.subject_kind, subject_id = excluded.subject_id, title = excluded.title, body = excluded.body,
       tags = excluded.tags, scenarios = excluded.scenarios, revision = excluded.revision, updated_at = excluded.updated_at`,
  ).run(id, n.subject.kind, n.subject.id ?? null, n.title, n.body, tagJson, scenarios, revision, at, at)
  db.prepare('INSERT INTO note_revision(note_id, revision, title, body, tags, scenarios, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(id, revision, n.title, n.body, tagJson, scenarios, at)
  db.prepare('DELETE FROM note_tag WHERE note_id = ?').run(id)
  const insTag = db.prepare('INSERT INTO note_tag(tag, note_id) VALUES (?, ?)')
  for (const t of tags) insTag.run(t, id)
  db.prepare('DELETE FROM note_link WHERE note_id = ?').run(id)
  const insLink = db.prepare('INSERT OR IGNORE INTO note_link(note_id, target_kind, target_id) VALUES (?, ?, ?)')
  for (const l of noteLinks(db, n.body)) insLink.run(id, l.kind, l.id)
  return { id, revision, savedAt: at, title: n.title, body: n.body, tags, deleted: !!existing?.deleted_at }
}

/** Moves a note to the trash (or back); returns false when it was already there. */
export function setDeleted(db: Db, id: string, deleted: boolean, now: Date): boolean {
  requireNote(db, id)
  const r = deleted
    ? db.prepare('UPDATE note SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(now.toISOString(), id)
    : db.prepare('UPDATE note SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL').run(id)
  return r.changes > 0
}

/** Deletes the trash for good; revisions, tags, links and flags go with their notes (FK cascade). */
export function emptyTrash(db: Db): string[] {
  const ids = db.prepare('SELECT id FROM note WHERE deleted_at IS NOT NULL').pluck().all() as string[]
  db.prepare('DELETE FROM note WHERE deleted_at IS NOT NULL').run()
  return ids
}

export function revisionRow(db: Db, id: string, revision: number): Row {
  const r = db.prepare('SELECT * FROM note_revision WHERE note_id = ? AND revision = ?').get(id, revision) as Row | undefined
  if (!r) throw notFound('notes.revisionNotFound', `note ${id} has no revision ${revision}`, { id, revision })
  return r
}
