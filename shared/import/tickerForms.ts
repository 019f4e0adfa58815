/**
 * Ticker forms as terminals, data libraries and reports print them → the canonical id of
 * shared/tickers.ts (`002230.SZ`, `0700.HK`, `NVDA.US`, `PRIVATE:…`). An id is returned only when
 * the form is certain; otherwise id null with a warning, and the engine resolves the row by name.
 *
 * Decisions (see also the tests):
 * - Excel strips leading zeros from codes stored as numbers (`002230` → `2230`, `00700` → `700`).
 *   A bare 1–5 digit number is restored only when the market is known: in an A-share context it is
 *   padded to 6 digits (always a Shenzhen `0…` code; warning 'code.zeroRestored'), in an HK context
 *   to 4 (warning 'code.zeroRestored' when padded). Otherwise id null, 'code.ambiguous'.
 * - A 4–5 digit code that still has its leading zero (`0700`, `00700`, `09988`) is text, not an
 *   Excel-stripped number, and no A-share code is 4–5 digits: it is Hong Kong in any context.
 * - A bare alphabetic code (`NVDA`, `BRK.B`) can only be a US listing among the markets covered
 *   (A-share and HK codes are numeric), so it becomes `NVDA.US`. It carries 'code.assumedUS' so
 *   the analyst sees the assumption, except in a US context or from Yahoo and iFinD, whose files
 *   print every non-US listing with a suffix.
 * - Wind, iFinD and Choice write AMEX listings as `XYZ.A`; elsewhere `BRK.A` is a class-A share
 *   (`BRK-A.US`). With no preset the two readings differ, so the id is null ('code.ambiguous').
 */
import { isMissingMarker, normalizeCell } from './cells'
import { aShareExchange, normalizeTicker } from '../tickers'

export type MarketHint = 'CN-A' | 'HK' | 'US' | null

export interface TickerContext {
  preset?: string | null
  marketHint?: MarketHint
}

export interface TickerForm {
  id: string | null
  warnings: string[]
}

/** Presets whose files print AMEX listings as `.A` (Wind's exchange suffixes). */
const WIND_STYLE = new Set(['wind', 'ifind', 'choice'])

const A_SUFFIXED = /^(\d{6})[ .](CH|CN|C1|C2|SH|SZ|SS|BJ|SHA|SHE|CG|CS)$/
const A_PREFIXED = /^(SH|SZ|BJ)\.?(\d{6})$/ // baostock sh.600000, iFinD/eastmoney SH600000
const HK_SUFFIXED = /^(\d{1,5})[ .](HK|HKG)$/
const HK_PREFIXED = /^HK\.?(\d{1,5})$/ // iFinD HK0700, Futu HK.00700
const US_AKSHARE = /^10[567]\.([A-Z][A-Z0-9]*(?:[._-][A-Z])?)$/ // eastmoney market prefixes
const US_PREFIXED = /^US\.([A-Z][A-Z0-9]*(?:[._-][A-Z])?)$/
/** symbol, optional class letter (`BRK.B`, `BRK/B`, `BRK-B`, `BRK_B`), exchange suffix */
const US_SUFFIXED = /^([A-Z][A-Z0-9]{0,5})(?:[./_-]([A-Z]))?[ .](US|UW|UN|UQ|UA|UP|UR|O|N|OQ|A|NASDAQ|NYSE|AMEX)$/
const US_BARE = /^([A-Z][A-Z0-9]{0,5})(?:[./_-]([A-Z]))?$/
const BLOOMBERG_KEY = / (?:EQUITY|EQ)$/
const DIGITS = /^\d{1,6}$/
const WIND_A = /^\d{6}\.(?:SZ|SH|BJ)$/

const ok = (id: string, ...warnings: string[]): TickerForm => ({ id, warnings })
const fail = (warning: string): TickerForm => ({ id: null, warnings: [warning] })

const hk = (digits: string) => `${String(Number(digits)).padStart(4, '0')}.HK`
const us = (symbol: string, cls: string | undefined) => `${symbol}${cls ? `-${cls}` : ''}.US`

function aShare(code: string, exchange: string): string | null {
  if (exchange === 'SH' || exchange === 'SS' || exchange === 'SHA' || exchange === 'CG') return `${code}.SH`
  if (exchange === 'SZ' || exchange === 'SHE' || exchange === 'CS') return `${code}.SZ`
  if (exchange === 'BJ') return `${code}.BJ`
  const ex = aShareExchange(code) // Bloomberg's CH/C1/C2 name China, not the exchange
  return ex ? `${code}.${ex}` : null
}

/** A bare number: certain only for 6 digits or a kept leading zero; else the market decides. */
function fromDigits(s: string, ctx: TickerContext): TickerForm {
  if (s.length === 6) {
    const id = aShare(s, '')
    return id ? ok(id) : fail('code.unrecognised')
  }
  if (s[0] === '0' && s.length >= 4) return ok(hk(s))
  const market = ctx.marketHint ?? null
  if (market === 'CN-A') {
    const id = aShare(s.padStart(6, '0'), '')
    return id ? ok(id, 'code.zeroRestored') : fail('code.unrecognised')
  }
  if (market === 'HK') return s.length < 4 ? ok(hk(s), 'code.zeroRestored') : ok(hk(s))
  return fail(market === 'US' ? 'code.unrecognised' : 'code.ambiguous')
}

/** Sources whose only bare alphabetic codes are US listings (others carry a suffix: `0700.HK`, `9988 HK`). */
const BARE_IS_US = new Set(['yahoo', 'ifind'])
const assumed = (ctx: TickerContext): string[] => (ctx.marketHint === 'US' || BARE_IS_US.has(ctx.preset ?? '') ? [] : ['code.assumedUS'])

/**
 * The canonical id for a printed code, or null with a warning ('code.ambiguous',
 * 'code.unrecognised'). `ctx.marketHint` is the market the file is known to be about (an
 * A-share screen, an HK list); `ctx.preset` the source, for forms that differ between sources.
 */
export function canonicalFromForm(printed: string, ctx: TickerContext = {}): TickerForm {
  const raw = normalizeCell(printed)
  if (isMissingMarker(raw)) return { id: null, warnings: [] }
  if (WIND_A.test(raw)) return ok(raw) // the most common form, already canonical
  if (/^private:/i.test(raw)) return ok(normalizeTicker(raw) ?? `PRIVATE:${raw.slice(8).trim()}`)
  const s = raw.toUpperCase().replace(/\s+/g, ' ').replace(BLOOMBERG_KEY, '')
  if (WIND_A.test(s)) return ok(s)
  if (DIGITS.test(s)) return fromDigits(s, ctx)
  let m: RegExpExecArray | null
  if ((m = A_SUFFIXED.exec(s))) {
    const id = aShare(m[1]!, m[2]!)
    return id ? ok(id) : fail('code.unrecognised')
  }
  if ((m = A_PREFIXED.exec(s))) return ok(aShare(m[2]!, m[1]!)!)
  if ((m = HK_SUFFIXED.exec(s)) || (m = HK_PREFIXED.exec(s))) return ok(hk(m[1]!))
  if ((m = US_AKSHARE.exec(s)) || (m = US_PREFIXED.exec(s))) {
    const [symbol, cls] = m[1]!.split(/[._-]/)
    return ok(us(symbol!, cls))
  }
  if ((m = US_SUFFIXED.exec(s))) {
    if (m[3] === 'A' && !m[2] && !WIND_STYLE.has(ctx.preset ?? '')) {
      // `XYZ.A`: AMEX in Wind's convention, class A elsewhere
      return ctx.preset ? ok(us(m[1]!, 'A'), ...assumed(ctx)) : fail('code.ambiguous')
    }
    return ok(us(m[1]!, m[2]))
  }
  if ((m = US_BARE.exec(s))) return ok(us(m[1]!, m[2]), ...assumed(ctx))
  return fail('code.unrecognised')
}
