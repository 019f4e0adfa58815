/**
 * Canonical security identifiers.
 *   A-shares  NNNNNN.SH (6xxxxx, 9xxxxx) · NNNNNN.SZ (0xxxxx, 2xxxxx, 3xxxxx) · NNNNNN.BJ (4xxxxx, 8xxxxx)
 *   Hong Kong NNNN.HK (zero-padded to 4 digits, 5 for 5-digit codes)
 *   US        SYMBOL.US
 *   Unlisted  PRIVATE:<slug>
 * Reports print tickers many ways (`002230 CH`, `002230.SZ`, `002230`, `700 HK`, `MSFT US`,
 * `MSFT.O`); all of them normalise here so one company is one security.
 */

export type Market = 'CN-A' | 'HK' | 'US' | 'unlisted' | 'other'

export function aShareExchange(code: string): 'SH' | 'SZ' | 'BJ' | null {
  if (!/^\d{6}$/.test(code)) return null
  const c = code[0]
  // 920xxx: the Beijing exchange's codes since 2024 (900xxx stay Shanghai B shares)
  if (code.startsWith('920')) return 'BJ'
  if (c === '6' || c === '9') return 'SH'
  if (c === '0' || c === '2' || c === '3') return 'SZ'
  if (c === '4' || c === '8') return 'BJ'
  return null
}

function hk(code: string): string {
  const n = String(Number(code))
  return `${n.padStart(4, '0')}.HK`
}

/** Returns the canonical id for a printed ticker, or null when it is not a recognisable ticker. */
export function normalizeTicker(printed: string | null | undefined): string | null {
  if (!printed) return null
  const s = printed.trim().toUpperCase().replace(/\s+/g, ' ')
  let m: RegExpMatchArray | null
  if ((m = s.match(/^(\d{6})(?:[ .](CH|CN|C1|C2|SH|SZ|SS|BJ|SHA|SHE))?$/))) {
    const code = m[1]!
    const suffix = m[2]
    const ex = suffix === 'SH' || suffix === 'SS' || suffix === 'SHA' ? 'SH' : suffix === 'SZ' || suffix === 'SHE' ? 'SZ' : suffix === 'BJ' ? 'BJ' : aShareExchange(code)
    return ex ? `${code}.${ex}` : null
  }
  if ((m = s.match(/^(\d{1,5})[ .](HK|HKG)$/))) return hk(m[1]!)
  if ((m = s.match(/^([A-Z][A-Z0-9]{0,5}(?:\.[A-Z])?)[ .](US|UW|UN|UQ|O|N|OQ|NASDAQ|NYSE)$/))) {
    return `${m[1]!.replace('.', '-')}.US`
  }
  if ((m = s.match(/^([A-Z0-9]{1,6})\.(HK)$/))) return hk(m[1]!)
  if ((m = s.match(/^PRIVATE:([A-Z0-9-]+)$/))) return `PRIVATE:${m[1]!.toLowerCase()}`
  return null
}

/** Key used to look up aliases: case-folded, whitespace and common punctuation removed. */
export function aliasKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u00a0·.,，。()（）'’"-]/g, '')
}

export interface AliasEntry {
  alias: string
  securityId: string
}

/**
 * Resolves a printed company name / ticker to a security id: ticker normalisation first
 * (`002230 CH` → `002230.SZ`, if that id is known), then the alias table by name or raw ticker.
 */
export function resolveSecurity(
  company: string | null | undefined,
  tickerPrinted: string | null | undefined,
  aliases: ReadonlyMap<string, string>,
  knownIds: ReadonlySet<string>,
): string | null {
  const canon = normalizeTicker(tickerPrinted)
  if (canon && knownIds.has(canon)) return canon
  for (const text of [tickerPrinted, company]) {
    if (!text) continue
    const hit = aliases.get(aliasKey(text))
    if (hit) return hit
  }
  return null
}

export function marketOf(id: string): Market {
  if (id.startsWith('PRIVATE:')) return 'unlisted'
  if (/\.(SH|SZ|BJ)$/.test(id)) return 'CN-A'
  if (id.endsWith('.HK')) return 'HK'
  if (id.endsWith('.US')) return 'US'
  return 'other'
}
