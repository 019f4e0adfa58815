/** FX domain: rates per 1 USD with as-of date and source, for the reporting currency. */
import { z } from 'zod'
import type { FxRate } from '../fx'
import { currency, isoDate, label, noInput } from './common'

export const fxApi = {
  'fx.list': { input: noInput },
  /**
   * Adds or changes one rate. Undoable. A rate more than 20% from the currency's neighbouring
   * rate (nearest earlier as-of, else nearest later) is refused as conflict `fx.jump` unless
   * `confirmJump: true` says the analyst meant it.
   */
  'fx.set': {
    input: z
      .object({
        currency: currency.refine((c) => c !== 'USD', { message: 'currency: USD is the base (always 1)', params: { code: 'fx.usdBase' } }),
        asOf: isoDate,
        perUsd: z.number().positive('perUsd: must be > 0').finite().max(1e6),
        source: label(200),
        confirmJump: z.literal(true).optional(),
      })
      .strict(),
  },
  /** Deletes one rate; a rate that does not exist answers not-found. Undoable. */
  'fx.delete': { input: z.object({ currency, asOf: isoDate }).strict() },
} as const

export interface FxResults {
  'fx.list': FxRate[]
  'fx.set': { ok: true }
  'fx.delete': { ok: true }
}
