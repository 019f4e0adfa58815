/**
 * Notes as Markdown files and back (shared/noteMarkdown.ts does the format). Import checks every
 * file before writing any: one bad file refuses the whole import, naming file, line and problem.
 */
import { invalid } from '../../../../shared/errors'
import { markdownToNote, noteToMarkdown, uniqueNames, type NoteFile, type PortableNote } from '../../../../shared/noteMarkdown'
import type { Db } from '../../db/connection'
import { indexNote } from '../search/index'
import { getNoteRow, saveNote, type Row } from './store'

export function exportMarkdown(db: Db, ids: readonly string[] | undefined, includeTrash: boolean): NoteFile[] {
  const rows = (
    ids
      ? db.prepare('SELECT * FROM note WHERE id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id').all(JSON.stringify(ids))
      : db.prepare(`SELECT * FROM note ${includeTrash ? '' : 'WHERE deleted_at IS NULL'} ORDER BY created_at, id`).all()
  ) as Row[]
  return uniqueNames(rows.map((r) => noteToMarkdown(portable(r))))
}

function portable(r: Row): PortableNote {
  return {
    id: r.id,
    subject: r.subject_kind === 'theme' ? { kind: 'theme' } : { kind: r.subject_kind, id: r.subject_id },
    title: r.title,
    tags: JSON.parse(r.tags),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    scenarios: r.scenarios ? JSON.parse(r.scenarios) : null,
    body: r.body,
  }
}

export interface ParsedFiles {
  notes: { name: string; note: PortableNote }[]
  warnings: { name: string; warning: string }[]
}

/** Parses every file; throws one input error listing every bad file. */
export function parseFiles(files: readonly { name: string; content: string }[]): ParsedFiles {
  const notes: ParsedFiles['notes'] = []
  const warnings: ParsedFiles['warnings'] = []
  const problems: string[] = []
  for (const f of files) {
    const r = markdownToNote(f.content, f.name)
    if (!r.ok) problems.push(`${f.name}${r.error.line ? `:${r.error.line}` : ''}: ${r.error.message}`)
    else {
      notes.push({ name: f.name, note: r.note })
      for (const w of r.warnings) warnings.push({ name: f.name, warning: w })
    }
  }
  if (problems.length)
    throw invalid('notes.importInvalid', `import refused, nothing was written — ${problems.length} file(s) cannot be read: ${problems.slice(0, 20).join('; ')}`, {
      files: problems.length,
      first: problems[0]!,
    })
  return { notes, warnings }
}

/** Writes parsed notes (inside the caller's transaction); returns how many were created / updated. */
export function importNotes(db: Db, parsed: ParsedFiles, now: Date): { created: number; updated: number } {
  let created = 0
  let updated = 0
  for (const { note } of parsed.notes) {
    const exists = note.id ? !!getNoteRow(db, note.id) : false
    const saved = saveNote(
      db,
      { id: exists ? note.id! : undefined, createWithId: exists ? undefined : (note.id ?? undefined), subject: note.subject, title: note.title, body: note.body, tags: note.tags, scenarios: note.scenarios },
      now,
    )
    if (!exists && note.createdAt) db.prepare('UPDATE note SET created_at = ? WHERE id = ?').run(note.createdAt, saved.id)
    indexNote(db, saved)
    if (exists) updated++
    else created++
  }
  return { created, updated }
}
