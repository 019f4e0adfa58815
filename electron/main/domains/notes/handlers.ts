/**
 * Notes handlers. Saves go through the engine's write path without history (notes keep their
 * own revisions); a save returns only after COMMIT, i.e. once it is durable.
 */
import type { DomainHandlers } from '../../engine/app'
import { mutate } from '../../engine/mutate'
import { indexNote } from '../search/index'
import { exportMarkdown, importNotes, parseFiles } from './markdown'
import { allFlags, getNote, listNotes, noteCounts, revisions } from './queries'
import { emptyTrash, requireNote, revisionRow, saveNote, setDeleted } from './store'
import { refreshThesisFlags } from './thesis'

type NotesMethods =
  | 'notes.save'
  | 'notes.get'
  | 'notes.list'
  | 'notes.revisions'
  | 'notes.revision'
  | 'notes.restoreRevision'
  | 'notes.delete'
  | 'notes.restore'
  | 'notes.emptyTrash'
  | 'notes.counts'
  | 'notes.flags'
  | 'prices.set'
  | 'notes.exportMarkdown'
  | 'notes.importMarkdown'

const NOTE = ['note']

export const notesHandlers: DomainHandlers<NotesMethods> = {
  'notes.save': (n, ctx) => {
    const now = ctx.now()
    const { result } = mutate(
      ctx,
      'notes.save',
      () => {
        const saved = saveNote(ctx.db, n, now)
        indexNote(ctx.db, saved)
        if (n.subject.kind === 'security' && n.scenarios !== undefined) refreshThesisFlags(ctx.db, [n.subject.id!], 'notes.save', saved.savedAt)
        return saved
      },
      { record: false, entities: NOTE },
    )
    return { id: result.id, revision: result.revision, savedAt: result.savedAt }
  },
  'notes.get': ({ id }, { db }) => getNote(db, id),
  'notes.list': (f, { db }) => listNotes(db, f),
  'notes.revisions': ({ id }, { db }) => revisions(db, id),
  'notes.revision': ({ id, revision }, { db }) => {
    const r = revisionRow(db, id, revision)
    return { revision: r.revision, savedAt: r.saved_at, title: r.title, body: r.body, tags: JSON.parse(r.tags), scenarios: r.scenarios ? JSON.parse(r.scenarios) : null }
  },
  'notes.restoreRevision': ({ id, revision }, ctx) => {
    const now = ctx.now()
    const { result } = mutate(
      ctx,
      'notes.restoreRevision',
      () => {
        const cur = requireNote(ctx.db, id)
        const r = revisionRow(ctx.db, id, revision)
        const subject = cur.subject_kind === 'theme' ? { kind: 'theme' as const } : { kind: cur.subject_kind, id: cur.subject_id }
        // The text comes back; scenarios stay as they are now (restoring a paragraph must not
        // silently drop a thesis added since). A revision's scenarios can still be read there.
        const saved = saveNote(ctx.db, { id, subject, title: r.title, body: r.body, tags: JSON.parse(r.tags) }, now)
        indexNote(ctx.db, saved)
        return saved
      },
      { record: false, entities: NOTE },
    )
    return { id, revision: result.revision, savedAt: result.savedAt }
  },
  'notes.delete': ({ id }, ctx) => {
    mutate(ctx, 'notes.delete', () => {
      setDeleted(ctx.db, id, true, ctx.now())
      indexNote(ctx.db, { ...noteText(ctx, id), deleted: true })
    }, { record: false, entities: NOTE })
    return { ok: true }
  },
  'notes.restore': ({ id }, ctx) => {
    mutate(ctx, 'notes.restore', () => {
      setDeleted(ctx.db, id, false, ctx.now())
      indexNote(ctx.db, { ...noteText(ctx, id), deleted: false })
    }, { record: false, entities: NOTE })
    return { ok: true }
  },
  'notes.emptyTrash': (_i, ctx) => {
    const { result } = mutate(ctx, 'notes.emptyTrash', () => {
      const ids = emptyTrash(ctx.db)
      for (const id of ids) indexNote(ctx.db, { id, title: '', body: '', tags: [], deleted: true })
      return ids.length
    }, { record: false, entities: NOTE })
    return { deleted: result }
  },
  'notes.exportMarkdown': ({ ids, includeTrash }, { db }) => ({ files: exportMarkdown(db, ids, includeTrash) }),
  'notes.importMarkdown': ({ files }, ctx) => {
    const parsed = parseFiles(files)
    const now = ctx.now()
    const { result } = mutate(ctx, 'notes.importMarkdown', () => importNotes(ctx.db, parsed, now), { record: false, entities: NOTE })
    return { ...result, warnings: parsed.warnings }
  },
  'notes.counts': (_i, { db }) => ({ bySubject: noteCounts(db) }),
  'notes.flags': (_i, { db }) => ({ flags: allFlags(db) }),
  'prices.set': (p, ctx) => {
    mutate(
      ctx,
      'prices.set',
      () => {
        ctx.db
          .prepare('INSERT INTO user_price(security_id, as_of, price, currency, source) VALUES (?, ?, ?, ?, ?) ON CONFLICT(security_id, as_of) DO UPDATE SET price = excluded.price, currency = excluded.currency, source = excluded.source')
          .run(p.securityId, p.asOf, p.price, p.currency, p.source)
        refreshThesisFlags(ctx.db, [p.securityId], `prices.set ${p.securityId} ${p.asOf} ${p.price} ${p.currency}`, ctx.now().toISOString())
      },
      { record: false, entities: ['user_price', 'note'] },
    )
    return { ok: true }
  },
}

function noteText(ctx: { db: Parameters<typeof requireNote>[0] }, id: string) {
  const r = requireNote(ctx.db, id)
  return { id, title: r.title as string, body: r.body as string, tags: JSON.parse(r.tags) as string[] }
}
