/**
 * Number formatting the way analysts read it: 亿/万 in Chinese, M/B/T in English.
 * Amounts arrive in millions of their currency (the workspace's common scale).
 */
export type Lang = 'zh' | 'en'

const CCY_SYMBOL: Record<string, { zh: string; en: string }> = {
  CNY: { zh: '元', en: 'CNY' },
  HKD: { zh: '港元', en: 'HKD' },
  USD: { zh: '美元', en: 'USD' },
}

// One formatter per digit count: toLocaleString builds a new one per call, which cost ~0.4 s
// when the chain map drew 2,500 cards.
const FORMATTERS = new Map<number, Intl.NumberFormat>()
function fixed(n: number, digits: number): string {
  let f = FORMATTERS.get(digits)
  if (!f) FORMATTERS.set(digits, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })))
  return f.format(n)
}

/** 1,985,486 (millions) → zh "19,854.86亿", en "1.99T". Null → "—". */
export function formatMillions(mn: number | null | undefined, lang: Lang, currency?: string | null): string {
  if (mn == null || !Number.isFinite(mn)) return '—'
  const abs = Math.abs(mn)
  let text: string
  if (lang === 'zh') {
    if (abs >= 1_000_000) text = `${fixed(mn / 1_000_000, 2)}万亿`
    else if (abs >= 100) text = `${fixed(mn / 100, abs >= 100_000 ? 0 : 1)}亿`
    else text = `${fixed(mn * 100, 0)}万`
    if (!currency) return text
    // A currency without a Chinese unit name here (GBP, JPY…) is named by its ISO code.
    const c = CCY_SYMBOL[currency]?.zh
    return c ? `${text}${c}` : `${text} ${currency}`
  }
  if (abs >= 1_000_000) text = `${fixed(mn / 1_000_000, 2)}T`
  else if (abs >= 1_000) text = `${fixed(mn / 1_000, 1)}B`
  else text = `${fixed(mn, 1)}M`
  if (!currency) return text
  return `${CCY_SYMBOL[currency]?.en ?? currency} ${text}`
}

/** A multiple such as P/E: one decimal, "x" suffix in English, "倍" omitted in grids. */
export function formatMultiple(v: number | null | undefined, lang: Lang): string {
  if (v == null || !Number.isFinite(v)) return '—'
  return lang === 'en' ? `${fixed(v, 1)}x` : fixed(v, 1)
}

export function formatNumber(v: number | null | undefined, digits = 1): string {
  if (v == null || !Number.isFinite(v)) return '—'
  return fixed(v, digits)
}

export function formatPercent(v: number | null | undefined, digits = 1): string {
  if (v == null || !Number.isFinite(v)) return '—'
  return `${fixed(v * 100, digits)}%`
}
