/** Note reads: one note, lists for the notes page, badge counts, the flagged-thesis list. */
import type { NoteSubject, NoteSummary, NoteView, ThesisFlagView } from '../../../../shared/api/notes'
import type { ApiParsed } from '../../../../shared/contract'
import type { Db } from '../../db/connection'
import { marketFacts } from './market'
import { requireNote, type Row } from './store'

const EXCERPT = 160

function subjectOf(r: Row): NoteSubject {
  return r.subject_kind === 'theme' ? { kind: 'theme' } : { kind: r.subject_kind, id: r.subject_id }
}

/** Display names of subjects, both languages. */
function subjectName(db: Db, s: NoteSubject): NoteSummary['subjectName'] {
  if (!s.id) return null
  if (s.kind === 'security') {
    const r = db.prepare('SELECT name_zh, name_en FROM security WHERE id = ?').get(s.id) as Row | undefined
    return r ? { zh: r.name_zh, en: r.name_en } : null
  }
  if (s.kind === 'report') {
    const r = db.prepare('SELECT institution, title FROM report WHERE id = ?').get(s.id) as Row | undefined
    return r ? { zh: r.institution, en: r.institution } : null
  }
  const r = db.prepare('SELECT name_zh, name_en FROM chain_node WHERE id = ?').get(s.id) as Row | undefined
  return r ? { zh: r.name_zh, en: r.name_en } : null
}

function flagsOf(db: Db, noteId: string): ThesisFlagView[] {
  const rows = db
    .prepare('SELECT f.*, n.title, n.subject_kind, n.subject_id FROM thesis_flag f JOIN note n ON n.id = f.note_id WHERE f.note_id = ? ORDER BY f.id')
    .all(noteId) as Row[]
  return rows.map(toFlag)
}

function toFlag(r: Row): ThesisFlagView {
  return {
    noteId: r.note_id,
    noteTitle: r.title,
    subject: subjectOf(r),
    scenario: r.scenario,
    rule: r.rule,
    detail: JSON.parse(r.detail),
    trigger: r.trigger,
    since: r.since,
  }
}

export function getNote(db: Db, id: string): NoteView {
  const r = requireNote(db, id)
  const subject = subjectOf(r)
  return {
    id: r.id,
    subject,
    subjectName: subjectName(db, subject),
    title: r.title,
    body: r.body,
    tags: JSON.parse(r.tags),
    scenarios: r.scenarios ? JSON.parse(r.scenarios) : null,
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
    flags: flagsOf(db, id),
    market: subject.kind === 'security' && subject.id ? marketFacts(db, subject.id) : null,
  }
}

type ListInput = ApiParsed<'notes.list'>

export function listNotes(db: Db, f: ListInput): { notes: NoteSummary[]; total: number } {
  const where: string[] = [f.trash ? 'n.deleted_at IS NOT NULL' : 'n.deleted_at IS NULL']
  const p: unknown[] = []
  if (f.subjectKind) (where.push('n.subject_kind = ?'), p.push(f.subjectKind))
  if (f.subjectId) (where.push('n.subject_id = ?'), p.push(f.subjectId))
  if (f.tag) (where.push('EXISTS (SELECT 1 FROM note_tag t WHERE t.note_id = n.id AND t.tag = ?)'), p.push(f.tag))
  if (f.from) (where.push('n.updated_at >= ?'), p.push(f.from))
  if (f.to) (where.push('n.updated_at < date(?, "+1 day")'), p.push(f.to))
  if (f.flagged) where.push('EXISTS (SELECT 1 FROM thesis_flag x WHERE x.note_id = n.id)')
  if (f.layerId) {
    // the layer itself, its segments, and securities placed in either
    where.push(`((n.subject_kind IN ('layer', 'segment') AND (n.subject_id = ? OR n.subject_id IN (SELECT id FROM chain_node WHERE parent_id = ?)))
      OR (n.subject_kind = 'security' AND n.subject_id IN (SELECT security_id FROM security_node WHERE node_id = ? OR node_id IN (SELECT id FROM chain_node WHERE parent_id = ?))))`)
    p.push(f.layerId, f.layerId, f.layerId, f.layerId)
  }
  const w = where.join(' AND ')
  const total = db.prepare(`SELECT count(*) FROM note n WHERE ${w}`).pluck().get(...p) as number
  const rows = db
    .prepare(
      `SELECT n.id, n.subject_kind, n.subject_id, n.title, n.tags, n.revision, n.created_at, n.updated_at, n.deleted_at, substr(n.body, 1, ${EXCERPT}) AS excerpt,
              json_array_length(coalesce(json_extract(n.scenarios, '$.scenarios'), '[]')) AS scenarios,
              (SELECT count(*) FROM thesis_flag x WHERE x.note_id = n.id) AS flags
       FROM note n WHERE ${w} ORDER BY n.updated_at DESC, n.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...p, f.limit, f.offset) as Row[]
  return {
    total,
    notes: rows.map((r) => {
      const subject = subjectOf(r)
      return {
        id: r.id,
        subject,
        subjectName: subjectName(db, subject),
        title: r.title,
        tags: JSON.parse(r.tags),
        revision: r.revision,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        deletedAt: r.deleted_at,
        scenarios: r.scenarios,
        flags: r.flags,
        excerpt: r.excerpt.replace(/[#>*_`[\]]/g, '').replace(/\s+/g, ' ').trim(),
      }
    }),
  }
}

/** Notes (not in the trash) per subject key "kind:id", for badges. */
export function noteCounts(db: Db): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of db.prepare("SELECT subject_kind, subject_id, count(*) AS n FROM note WHERE deleted_at IS NULL AND subject_kind <> 'theme' GROUP BY 1, 2").all() as Row[]) {
    out[`${r.subject_kind}:${r.subject_id}`] = r.n
  }
  return out
}

export function allFlags(db: Db): ThesisFlagView[] {
  const rows = db
    .prepare('SELECT f.*, n.title, n.subject_kind, n.subject_id FROM thesis_flag f JOIN note n ON n.id = f.note_id WHERE n.deleted_at IS NULL ORDER BY f.since DESC, f.id')
    .all() as Row[]
  return rows.map(toFlag)
}

export function revisions(db: Db, id: string) {
  requireNote(db, id)
  const rows = db.prepare('SELECT revision, saved_at, title, length(body) AS chars FROM note_revision WHERE note_id = ? ORDER BY revision DESC').all(id) as Row[]
  return { revisions: rows.map((r) => ({ revision: r.revision, savedAt: r.saved_at, title: r.title, chars: r.chars })) }
}
