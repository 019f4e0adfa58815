/**
 * History domain: list, undo, redo, revert. Undo/redo/revert are change sets of their own
 * (kinds undo / redo / revert) written through mutate(), so nothing in history is rewritten
 * except the undone_by pointer that says which set an undo consumed.
 */
import type { ChangeSetView } from '../../../../shared/api/history'
import { conflict, notFound } from '../../../../shared/errors'
import type { DomainHandlers } from '../../engine/app'
import type { EngineContext } from '../../engine/context'
import { mutate } from '../../engine/mutate'
import { invertSets } from './invert'
import { barrierId, changesOf, getSet, listSets, nextRedo, nextUndo } from './queries'

function applied(ctx: EngineContext, setId: number): ChangeSetView {
  return getSet(ctx.db, setId)!
}

/**
 * The edit an undo/redo is ultimately about: an undo of a redo of an edit is still "about" that
 * edit, so its label and params travel along and the history panel can say what it did.
 */
function original(target: ChangeSetView): { label: string; params: ChangeSetView['params'] } {
  if (target.kind === 'undo' || target.kind === 'redo') {
    const { of: _of, label, ...rest } = target.params
    return { label: String(label), params: rest }
  }
  return { label: target.label, params: target.params }
}

function invertOne(ctx: EngineContext, target: ChangeSetView, kind: 'undo' | 'redo'): ChangeSetView {
  const about = original(target)
  const { setId } = mutate(
    ctx,
    `history.${kind}`,
    () => {
      invertSets(ctx.db, [target.id], ctx.now().toISOString())
      // consumed: the next undo/redo looks past it (inside the same transaction as the inverse)
      ctx.db.prepare('UPDATE change_set SET undone_by = (SELECT max(id) FROM change_set) WHERE id = ?').run(target.id)
    },
    { kind, targetId: target.id, params: { ...about.params, label: about.label, of: target.id }, entities: target.entities },
  )
  return applied(ctx, setId)
}

export const historyHandlers: DomainHandlers<'history.list' | 'history.get' | 'history.undo' | 'history.redo' | 'history.revert'> = {
  'history.list': ({ limit, beforeId }, { db }) => ({ sets: listSets(db, limit, beforeId), nextUndo: nextUndo(db), nextRedo: nextRedo(db) }),
  'history.get': ({ id }, { db }) => {
    const set = getSet(db, id)
    if (!set) throw notFound('history.notFound', `change set ${id} not found`, { id })
    return { set, changes: changesOf(db, id) }
  },
  'history.undo': (_i, ctx) => {
    const target = nextUndo(ctx.db)
    if (!target) throw conflict('history.nothingToUndo', 'nothing to undo')
    return { applied: invertOne(ctx, target, 'undo') }
  },
  'history.redo': (_i, ctx) => {
    const target = nextRedo(ctx.db)
    if (!target) throw conflict('history.nothingToRedo', 'nothing to redo')
    return { applied: invertOne(ctx, target, 'redo') }
  },
  'history.revert': ({ to }, ctx) => {
    const { db } = ctx
    if (to > 0 && !getSet(db, to)) throw notFound('history.notFound', `change set ${to} not found`, { id: to })
    const barrier = barrierId(db)
    if (to < barrier) {
      throw conflict('history.revertPastBulk', `change set ${to} is older than a bulk load (#${barrier}) that cannot be undone; revert to #${barrier} or later`, { to, barrier })
    }
    const later = db.prepare('SELECT id FROM change_set WHERE id > ? ORDER BY id').pluck().all(to) as number[]
    if (!later.length) throw conflict('history.nothingToRevert', `nothing changed after #${to}`, { to })
    const { setId } = mutate(ctx, 'history.revert', () => invertSets(db, later, ctx.now().toISOString()), { kind: 'revert', targetId: to, params: { to } })
    if (!setId) throw conflict('history.nothingToRevert', `nothing changed after #${to}`, { to })
    return { applied: applied(ctx, setId) }
  },
}
