/**
 * Notes domain: theses, themes and memos attached to a security, segment, layer, report or
 * nothing; every save a revision; a trash; scenarios with thesis checks; one search.
 * notes.save, notes.get and search.query are public (scripts use them): keep them stable.
 */
import { z } from 'zod'
import { scenarioSet } from './scenarioSchema'
import type { ScenarioSet } from '../scenario'
import type { MarketFacts } from '../scenarioMath'
import { distinct, isoDate, label, noInput, securityId, text } from './common'

export const SUBJECT_KINDS = ['security', 'segment', 'layer', 'report', 'theme'] as const
export type SubjectKind = (typeof SUBJECT_KINDS)[number]

const noteId = z.string().regex(/^n[0-9a-z]{6,40}$/, 'note id: n followed by letters and digits')
const tag = label(40)
export const NOTE_BODY_MAX = 1_000_000

const subject = z
  .object({ kind: z.enum(SUBJECT_KINDS), id: z.string().min(1).max(80).optional() })
  .strict()
  .refine((s) => (s.kind === 'theme') === (s.id == null), { message: 'subject: a theme has no id; every other subject needs one', params: { code: 'notes.subject' } })

export const notesApi = {
  /**
   * Creates (no id) or saves a note; every save is a new revision, acknowledged only once
   * durable (committed with synchronous=FULL). baseRevision, when given, must be the current
   * revision: a save from a stale copy is refused (notes.conflict), never silently merged.
   */
  'notes.save': {
    input: z
      .object({
        id: noteId.optional(),
        subject,
        title: text(200),
        body: text(NOTE_BODY_MAX),
        tags: distinct(tag, 50).optional(),
        scenarios: scenarioSet.nullable().optional(),
        baseRevision: z.number().int().min(1).optional(),
      })
      .strict(),
  },
  /** One note with its current body, scenarios (computed) and breached thesis checks. */
  'notes.get': { input: z.object({ id: noteId }).strict() },
  /** Notes, newest first, filtered by subject, layer (its segments and securities), tag, date, trash. */
  'notes.list': {
    input: z
      .object({
        subjectKind: z.enum(SUBJECT_KINDS).optional(),
        subjectId: z.string().min(1).max(80).optional(),
        layerId: z.string().min(1).max(80).optional(),
        tag: tag.optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        trash: z.boolean().default(false),
        flagged: z.boolean().default(false),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
  },
  /** Every revision of a note, newest first (without bodies). */
  'notes.revisions': { input: z.object({ id: noteId }).strict() },
  /** One revision with its body. */
  'notes.revision': { input: z.object({ id: noteId, revision: z.number().int().min(1) }).strict() },
  /** Makes an older revision's title, body and tags current again, as a new revision (nothing is overwritten; scenarios stay as they are). */
  'notes.restoreRevision': { input: z.object({ id: noteId, revision: z.number().int().min(1) }).strict() },
  /** Moves a note to the trash. */
  'notes.delete': { input: z.object({ id: noteId }).strict() },
  /** Brings a note back from the trash. */
  'notes.restore': { input: z.object({ id: noteId }).strict() },
  /** Deletes every note in the trash for good (with its revisions). confirm must be true. */
  'notes.emptyTrash': { input: z.object({ confirm: z.literal(true) }).strict() },
  /** Note counts per subject, for badges (grid rows, company panel, map cards). */
  'notes.counts': { input: noInput },
  /** Every breached thesis check, with the reason and the data change that found it. */
  'notes.flags': { input: noInput },
  /** A price the analyst enters (thesis checks and upside use the newest price). */
  'prices.set': {
    input: z
      .object({
        securityId,
        asOf: isoDate,
        price: z.number().positive().finite(),
        currency: z.string().regex(/^[A-Z]{3}$/),
        source: label(80),
      })
      .strict(),
  },
  /** Every note (or these) as Markdown files with front-matter (subject, tags, dates, scenarios). */
  'notes.exportMarkdown': { input: z.object({ ids: z.array(noteId).max(100_000).optional(), includeTrash: z.boolean().default(false) }).strict() },
  /**
   * Markdown files back into notes: a file whose id exists becomes a new revision of that note,
   * otherwise a note with that id (or a new one). All or nothing: one bad file refuses the
   * import, naming each file, line and problem, and nothing is written.
   */
  'notes.importMarkdown': {
    input: z
      .object({ files: z.array(z.object({ name: z.string().min(1).max(300), content: z.string().max(NOTE_BODY_MAX + 200_000) }).strict()).min(1).max(10_000) })
      .strict(),
  },
  /** Securities, reports, segments and notes matching q (any alias, either language), best first. */
  'search.query': { input: z.object({ q: z.string().min(1).max(200), limit: z.number().int().min(1).max(200).default(20) }).strict() },
} as const

export interface NoteSubject {
  kind: SubjectKind
  id?: string
}

export interface NoteSummary {
  id: string
  subject: NoteSubject
  /** display name of the subject (security / node / report), null for a theme */
  subjectName: { zh: string | null; en: string | null } | null
  title: string
  tags: string[]
  revision: number
  createdAt: string
  updatedAt: string
  deletedAt: string | null
  scenarios: number
  flags: number
  /** first characters of the body, plain */
  excerpt: string
}

export interface ThesisFlagView {
  noteId: string
  noteTitle: string
  subject: NoteSubject
  scenario: string
  rule: string
  detail: Record<string, string | number | null>
  trigger: string
  since: string
}

export interface NoteView extends Omit<NoteSummary, 'excerpt' | 'scenarios' | 'flags'> {
  body: string
  scenarios: ScenarioSet | null
  flags: ThesisFlagView[]
  /** for a note about a security: the price and market cap its thesis checks are measured against */
  market: MarketFacts | null
}

export interface SearchHit {
  kind: 'security' | 'report' | 'segment' | 'note'
  id: string
  title: string
  snippet: string
}

export interface NotesResults {
  'notes.save': { id: string; revision: number; savedAt: string }
  'notes.get': NoteView
  'notes.list': { notes: NoteSummary[]; total: number }
  'notes.revisions': { revisions: { revision: number; savedAt: string; title: string; chars: number }[] }
  'notes.revision': { revision: number; savedAt: string; title: string; body: string; tags: string[]; scenarios: ScenarioSet | null }
  'notes.restoreRevision': { id: string; revision: number; savedAt: string }
  'notes.delete': { ok: true }
  'notes.restore': { ok: true }
  'notes.emptyTrash': { deleted: number }
  'notes.counts': { bySubject: Record<string, number> }
  'notes.flags': { flags: ThesisFlagView[] }
  'prices.set': { ok: true }
  'search.query': { hits: SearchHit[] }
  'notes.exportMarkdown': { files: { name: string; content: string }[] }
  'notes.importMarkdown': { created: number; updated: number; warnings: { name: string; warning: string }[] }
}
