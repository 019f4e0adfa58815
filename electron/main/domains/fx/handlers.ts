/** FX domain handlers: every write is one undoable change set. */
import { conflict, notFound } from '../../../../shared/errors'
import { fxJump, JUMP_PCT } from '../../../../shared/fx'
import type { DomainHandlers } from '../../engine/app'
import { mutate } from '../../engine/mutate'
import { refreshMcapUsd } from '../valuations/mcapUsd'
import { deleteFx, listFx, upsertFx } from './queries'

export const fxHandlers: DomainHandlers<'fx.list' | 'fx.set' | 'fx.delete'> = {
  'fx.list': (_i, { db }) => listFx(db),
  'fx.set': ({ confirmJump, ...r }, ctx) => {
    mutate(ctx, 'fx.set', () => {
      const jump = confirmJump ? null : fxJump(listFx(ctx.db), r)
      if (jump) {
        throw conflict(
          'fx.jump',
          `${r.currency} ${r.perUsd} is ${jump.changePct > 0 ? '+' : ''}${jump.changePct}% from ${jump.previous} (${jump.previousAsOf}), more than ${JUMP_PCT}%: send confirmJump: true to keep it`,
          { ...jump },
          'perUsd',
        )
      }
      upsertFx(ctx.db, r)
      refreshMcapUsd(ctx.db, { currencies: [r.currency] })
    }, { params: { currency: r.currency, asOf: r.asOf, perUsd: r.perUsd } })
    return { ok: true }
  },
  'fx.delete': ({ currency, asOf }, ctx) => {
    mutate(ctx, 'fx.delete', () => {
      if (!deleteFx(ctx.db, currency, asOf)) throw notFound('fx.notFound', `no ${currency} rate dated ${asOf}`, { currency, asOf })
      refreshMcapUsd(ctx.db, { currencies: [currency] })
    }, { params: { currency, asOf } })
    return { ok: true }
  },
}
