/**
 * Search terms for the notes full-text index (note_fts, migration 0005) and the matching query.
 * Pure: the same function makes what is indexed and what is searched, so they always agree.
 *
 * Text is NFKC-normalised (full-width ＡＢＣ１２３ → ABC123) and lower-cased, then cut into runs:
 *  - a run of CJK characters (Han, kana, Hangul) c1…cn becomes its overlapping bigrams
 *    c1c2 c2c3 … c(n-1)cn followed by the run's last character cn alone (a one-character run is
 *    just that character). So every character of the run starts exactly one term, which gives:
 *      · two-character words (算力) = one term; longer words (光模块) = a phrase of bigrams
 *        ("光模 模块") that matches only where the word is contiguous;
 *      · the closing unigram sits between two runs, so a phrase never bridges punctuation or a
 *        Latin word (光模，模块 does not match 光模块);
 *      · a one-character query (光) is the prefix query 光* — every occurrence of the character
 *        starts some term — without indexing every character twice.
 *  - a run of other letters and digits is one word: nvidia, h100, 002230, 0700 (0700.HK → 0700 hk).
 *    Words are not split further (OpenAI stays openai).
 * The FTS5 table tokenizes the terms with unicode61 on spaces; terms never contain anything
 * the tokenizer would split, and queries are built only from quoted terms, so user input can
 * never reach FTS5 syntax (quotes, *, NEAR, AND/OR/NOT, parentheses, column filters).
 */

const CJK_CLASS = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]'
const CJK_CHAR = new RegExp(`^${CJK_CLASS}$`, 'u')
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u

const SEP = 1
const WORD = 2
const CJK = 3
/** class of each BMP code point, filled on first sight (0 = not yet known) */
const bmpClass = new Uint8Array(0x10000)

/** separator, word character (letters and digits: what unicode61 keeps), or CJK character */
function classOf(cp: number): number {
  if (cp < 0x80) return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) ? WORD : SEP
  if (cp < 0x10000) {
    const known = bmpClass[cp]!
    if (known) return known
    const c = String.fromCharCode(cp)
    return (bmpClass[cp] = CJK_CHAR.test(c) ? CJK : LETTER_OR_DIGIT.test(c) ? WORD : SEP)
  }
  const c = String.fromCodePoint(cp)
  return CJK_CHAR.test(c) ? CJK : LETTER_OR_DIGIT.test(c) ? WORD : SEP
}

export interface TextRun {
  /** the run, normalised (NFKC, lower case) */
  text: string
  cjk: boolean
}

/** NFKC + lower case: the form both the index and the query see. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/**
 * Walks the runs of a text (normalised): onWord(start, end) for a letter/digit run,
 * onCjk(starts, end) for a CJK run given the UTF-16 start of each of its characters.
 */
function scan(norm: string, onWord: (start: number, end: number) => void, onCjk: (starts: number[], end: number) => void): void {
  const n = norm.length
  let i = 0
  const starts: number[] = []
  while (i < n) {
    let cp = norm.charCodeAt(i)
    let w = 1
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const lo = norm.charCodeAt(i + 1)
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000
        w = 2
      }
    }
    const k = classOf(cp)
    if (k === SEP) {
      i += w
      continue
    }
    const start = i
    starts.length = 0
    for (;;) {
      if (k === CJK) starts.push(i)
      i += w
      if (i >= n) break
      cp = norm.charCodeAt(i)
      w = 1
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
        const lo = norm.charCodeAt(i + 1)
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000
          w = 2
        }
      }
      if (classOf(cp) !== k) break
    }
    if (k === CJK) onCjk(starts, i)
    else onWord(start, i)
  }
}

/** The CJK and letter/digit runs of a text, normalised, in order. */
export function textRuns(text: string): TextRun[] {
  const norm = normalizeSearchText(text)
  const out: TextRun[] = []
  scan(
    norm,
    (a, b) => out.push({ text: norm.slice(a, b), cjk: false }),
    (starts, end) => out.push({ text: norm.slice(starts[0]!, end), cjk: true }),
  )
  return out
}

/** The space-separated terms to index for a text. */
export function searchTerms(text: string): string {
  const norm = normalizeSearchText(text)
  const out: string[] = []
  const add = (t: string) => {
    out.push(t)
  }
  scan(
    norm,
    (a, b) => add(norm.slice(a, b)),
    (starts, end) => {
      // bigrams c1c2 … c(n-1)cn, then cn alone
      for (let j = 0; j + 1 < starts.length; j++) add(norm.slice(starts[j]!, j + 2 < starts.length ? starts[j + 2]! : end))
      add(norm.slice(starts[starts.length - 1]!, end))
    },
  )
  return out.join(' ')
}

/** One part of a query: every part must match (AND). */
export interface QueryPart {
  /** the normalised run as typed (光模块, nvid) — what a snippet looks for */
  text: string
  cjk: boolean
  /** the FTS5 expression of this part */
  fts: string
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`

/** The parts of a user query (see queryTerms). */
export function queryParts(q: string): QueryPart[] {
  const parts: QueryPart[] = []
  const seen = new Set<string>()
  for (const r of textRuns(q)) {
    let fts: string
    if (r.cjk) {
      const chars = Array.from(r.text)
      if (chars.length === 1) fts = `${quote(r.text)}*` // starts a bigram or is a run's last character
      else {
        const bigrams: string[] = []
        for (let i = 0; i + 1 < chars.length; i++) bigrams.push(chars[i]! + chars[i + 1]!)
        fts = quote(bigrams.join(' '))
      }
    } else {
      // a one-letter word as a prefix would expand to most of the vocabulary: exact instead
      fts = Array.from(r.text).length === 1 ? quote(r.text) : `${quote(r.text)}*`
    }
    if (seen.has(fts)) continue
    seen.add(fts)
    parts.push({ text: r.text, cjk: r.cjk, fts })
  }
  return parts
}

/**
 * The FTS5 MATCH expression for a user query: each CJK run a quoted phrase of its bigrams
 * (a single character: its prefix query), each other word a quoted prefix term (one letter or
 * digit: exact), all ANDed. terms: the normalised runs. No terms → fts is '' (match nothing).
 */
export function queryTerms(q: string): { terms: string[]; fts: string } {
  const parts = queryParts(q)
  return { terms: parts.map((p) => p.text), fts: parts.map((p) => p.fts).join(' AND ') }
}

/** a letter or digit that is part of a word (a CJK character is not: 算力AIGC has the word aigc) */
const isWordChar = (c: string) => classOf(c.codePointAt(0)!) === WORD

/** Text in the normalised form, with each of its UTF-16 positions mapped back to the original. */
function normalizedWithMap(text: string): { norm: string; at: (i: number) => number } {
  const whole = normalizeSearchText(text)
  if (whole.length === text.length) return { norm: whole, at: (i) => i } // full-width ASCII, case: 1:1
  let norm = ''
  const map: number[] = []
  let i = 0
  for (const ch of text) {
    const n = normalizeSearchText(ch)
    norm += n
    for (let k = 0; k < n.length; k++) map.push(i)
    i += ch.length
  }
  map.push(text.length)
  return { norm, at: (k) => map[k] ?? text.length }
}

/** First occurrence of a query part in normalised text: a CJK run anywhere, a word at a word start. */
function findPart(norm: string, part: Pick<QueryPart, 'text' | 'cjk'>): number {
  let from = 0
  for (;;) {
    const k = norm.indexOf(part.text, from)
    if (k < 0 || part.cjk) return k
    const prev = k >= 2 && /[\udc00-\udfff]/.test(norm[k - 1]!) ? norm.slice(k - 2, k) : k > 0 ? norm[k - 1]! : ''
    if (!prev || !isWordChar(prev)) return k
    from = k + 1
  }
}

/** Moves a UTF-16 index off the middle of a surrogate pair. */
function onCodePoint(text: string, i: number): number {
  return i > 0 && i < text.length && /[\udc00-\udfff]/.test(text[i]!) && /[\ud800-\udbff]/.test(text[i - 1]!) ? i - 1 : i
}

/** Only this much of a text is scanned for a snippet (a huge note's hit further on shows its start). */
export const SNIPPET_SCAN_CHARS = 200_000

/**
 * The hit in context: about `radius` characters either side of the first occurrence of any
 * query part in `text`, whitespace collapsed, with … where the text was cut. No occurrence
 * (the hit was in the title or tags): the start of the text. Empty text → ''.
 */
export function snippetAround(text: string, q: string | QueryPart[], radius = 30): string {
  const parts = typeof q === 'string' ? queryParts(q) : q
  const scanned = text.length > SNIPPET_SCAN_CHARS ? text.slice(0, onCodePoint(text, SNIPPET_SCAN_CHARS)) : text
  const { norm, at } = normalizedWithMap(scanned)
  let best = -1
  let bestLen = 0
  for (const p of parts) {
    const k = findPart(norm, p)
    if (k >= 0 && (best < 0 || k < best)) {
      best = k
      bestLen = p.text.length
    }
  }
  let start: number
  let end: number
  if (best < 0) {
    start = 0
    end = radius * 2
  } else {
    const from = at(best)
    const to = at(best + bestLen)
    start = from - radius
    end = to + radius
  }
  start = onCodePoint(text, Math.max(0, start))
  end = onCodePoint(text, Math.min(text.length, end))
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim()
  if (!body) return ''
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`
}
