/**
 * search.query: one ranked list over securities (any alias, either language), chain segments
 * and layers, reports, and notes (full text, note_fts).
 *
 * Rank: entities first — exact (3) > prefix (2) > contains (1); at equal strength securities,
 * then segments/layers, then reports; then notes by bm25. A match is case-insensitive on the
 * NFKC form of the query; an alias also matches on its alias key (shared/tickers.ts aliasKey:
 * 002230 CH = 002230ch), a security id also by its code (NVDA → NVDA.US, 002230 → 002230.SZ)
 * and by ticker normalisation (700 HK → 0700.HK). Snippets are made for the returned hits only.
 */
import { queryParts, snippetAround, textRuns, type QueryPart } from '../../../../shared/searchTerms'
import { aliasKey, normalizeTicker } from '../../../../shared/tickers'
import type { SearchHit } from '../../../../shared/api/notes'
import type { Db } from '../../db/connection'

type Strength = 1 | 2 | 3
interface Ranked {
  hit: SearchHit
  strength: Strength
  /** securities 0, segments 1, reports 2 */
  order: number
}

interface Needle {
  /** NFKC, lower case, whitespace collapsed */
  lq: string
  /** aliasKey(q) */
  key: string
  /** canonical id if q reads as a ticker */
  ticker: string | null
  pat: string
  prefix: string
  keyPrefix: string
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

function needle(q: string): Needle {
  const lq = q.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
  const key = aliasKey(q)
  return { lq, key, ticker: normalizeTicker(q), pat: `%${likeEscape(lq)}%`, prefix: `${likeEscape(lq)}%`, keyPrefix: `${likeEscape(key)}%` }
}

/** exact / prefix / contains of the needle in one text (JS side, for the few rows returned) */
function strengthIn(text: string | null | undefined, lq: string): Strength | 0 {
  if (!text) return 0
  const t = text.normalize('NFKC').toLowerCase()
  return t === lq ? 3 : t.startsWith(lq) ? 2 : t.includes(lq) ? 1 : 0
}

const joinNames = (...names: (string | null | undefined)[]) => [...new Set(names.filter((n): n is string => !!n && n.trim() !== ''))].join(' · ')

/** CASE expression: 3 exact, 2 prefix, 1 contains, 0 none, for one text column (ASCII case-insensitive) */
const fieldStrength = (col: string) =>
  `CASE WHEN ${col} IS NULL THEN 0 WHEN lower(${col}) = :lq THEN 3 WHEN ${col} LIKE :prefix ESCAPE '\\' THEN 2 WHEN ${col} LIKE :pat ESCAPE '\\' THEN 1 ELSE 0 END`

const SECURITIES_SQL = `
WITH candidate(id) AS (
  SELECT id FROM security WHERE id LIKE :pat ESCAPE '\\' OR name_zh LIKE :pat ESCAPE '\\' OR name_en LIKE :pat ESCAPE '\\'
  UNION SELECT security_id FROM security_alias WHERE (:key <> '' AND instr(alias_key, :key) > 0) OR alias LIKE :pat ESCAPE '\\'
  UNION SELECT :ticker WHERE :ticker IS NOT NULL
)
SELECT id, name_zh, name_en, strength FROM (
  SELECT s.id, s.name_zh, s.name_en, max(
      CASE WHEN lower(s.id) = :lq OR s.id = :ticker OR lower(substr(s.id, 1, instr(s.id, '.') - 1)) = :lq THEN 3
           WHEN s.id LIKE :prefix ESCAPE '\\' THEN 2 WHEN s.id LIKE :pat ESCAPE '\\' THEN 1 ELSE 0 END,
      ${fieldStrength('s.name_zh')},
      ${fieldStrength('s.name_en')},
      coalesce((SELECT max(CASE WHEN a.alias_key = :key OR lower(a.alias) = :lq THEN 3
                                WHEN (:key <> '' AND a.alias_key LIKE :keyPrefix ESCAPE '\\') OR a.alias LIKE :prefix ESCAPE '\\' THEN 2
                                WHEN (:key <> '' AND instr(a.alias_key, :key) > 0) OR a.alias LIKE :pat ESCAPE '\\' THEN 1 ELSE 0 END)
                FROM security_alias a WHERE a.security_id = s.id), 0)) AS strength
  FROM candidate c JOIN security s ON s.id = c.id
)
WHERE strength > 0
ORDER BY strength DESC, length(coalesce(name_zh, name_en, id)), id
LIMIT :limit`

function securities(db: Db, n: Needle, limit: number): Ranked[] {
  const rows = db.prepare(SECURITIES_SQL).all({ ...n, limit }) as { id: string; name_zh: string | null; name_en: string | null; strength: Strength }[]
  if (rows.length === 0) return []
  const aliasesOf = db.prepare('SELECT alias FROM security_alias WHERE security_id = ? ORDER BY length(alias), alias').pluck()
  return rows.map((r) => {
    // what matched, for the snippet: a name or the id speaks for itself; otherwise the best alias
    let matched: string | null = null
    if (strengthIn(r.name_zh, n.lq) < r.strength && strengthIn(r.name_en, n.lq) < r.strength && strengthIn(r.id, n.lq) < r.strength) {
      const aliases = aliasesOf.all(r.id) as string[]
      let best = 0
      for (const a of aliases) {
        const s = Math.max(strengthIn(a, n.lq), n.key && aliasKey(a) === n.key ? 3 : 0)
        if (s > best) [best, matched] = [s, a]
      }
    }
    const snippet = matched && matched !== r.id ? `${r.id} · ${matched}` : r.id
    return { hit: { kind: 'security', id: r.id, title: joinNames(r.name_zh, r.name_en) || r.id, snippet }, strength: r.strength, order: 0 }
  })
}

function chainNodes(db: Db, n: Needle, limit: number): Ranked[] {
  const rows = db
    .prepare(
      `SELECT c.id, c.kind, c.name_zh, c.name_en, p.name_zh AS layer_zh, p.name_en AS layer_en,
              max(${fieldStrength('c.name_zh')}, ${fieldStrength('c.name_en')}) AS strength
       FROM chain_node c LEFT JOIN chain_node p ON p.id = c.parent_id
       WHERE c.name_zh LIKE :pat ESCAPE '\\' OR c.name_en LIKE :pat ESCAPE '\\'
       ORDER BY strength DESC, c.kind = 'segment', length(c.name_zh), c.id
       LIMIT :limit`,
    )
    .all({ lq: n.lq, pat: n.pat, prefix: n.prefix, limit }) as { id: string; kind: string; name_zh: string; name_en: string; layer_zh: string | null; layer_en: string | null; strength: Strength }[]
  return rows
    .filter((r) => r.strength > 0)
    .map((r) => {
      const zh = strengthIn(r.name_zh, n.lq) >= strengthIn(r.name_en, n.lq)
      const name = zh ? r.name_zh : r.name_en
      const layer = zh ? r.layer_zh : r.layer_en
      return { hit: { kind: 'segment', id: r.id, title: joinNames(r.name_zh, r.name_en), snippet: layer ? `${layer} › ${name}` : name }, strength: r.strength, order: 1 }
    })
}

function reports(db: Db, n: Needle, parts: QueryPart[], limit: number): Ranked[] {
  const rows = db
    .prepare(
      `SELECT id, institution, title, report_date, max(${fieldStrength('institution')}, ${fieldStrength('title')}) AS strength
       FROM report WHERE institution LIKE :pat ESCAPE '\\' OR title LIKE :pat ESCAPE '\\'
       ORDER BY strength DESC, report_date DESC, id LIMIT :limit`,
    )
    .all({ lq: n.lq, pat: n.pat, prefix: n.prefix, limit }) as { id: string; institution: string; title: string | null; report_date: string | null; strength: Strength }[]
  return rows
    .filter((r) => r.strength > 0)
    .map((r) => {
      const inTitle = strengthIn(r.title, n.lq) > 0
      const context = inTitle ? snippetAround(r.title!, parts) : joinNames(r.institution, r.report_date)
      return {
        hit: { kind: 'report', id: r.id, title: r.title ? `${r.institution}: ${r.title}` : r.institution, snippet: inTitle ? `${r.institution} · ${context}` : context },
        strength: r.strength,
        order: 2,
      }
    })
}

/**
 * Above this many matching notes, bm25 is not computed: its idf pass alone walks every match
 * (≈ 0.7 µs each; 25 ms at 35,000), which would break the 30 ms budget. Such a query (a word in
 * most notes) lists the most recently saved matches first instead.
 */
export const BM25_MAX_MATCHES = 5000

/**
 * Note ids matching an FTS5 expression (queryTerms().fts), best first: by bm25 when at most
 * BM25_MAX_MATCHES notes match, otherwise most recently saved first. The trash is not indexed.
 */
export function searchNoteIds(db: Db, fts: string, limit: number): { id: string; score: number | null }[] {
  if (!fts) return []
  // probing the (BM25_MAX_MATCHES+1)-th newest match costs in proportion to the cap, not to the matches
  const many = db.prepare('SELECT rowid FROM note_fts WHERE note_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?').pluck().get(fts, BM25_MAX_MATCHES) != null
  const top = many ? 'SELECT rowid, NULL AS score FROM note_fts WHERE note_fts MATCH ? ORDER BY rowid DESC LIMIT ?' : 'SELECT rowid, rank AS score FROM note_fts WHERE note_fts MATCH ? ORDER BY rank LIMIT ?'
  return db
    .prepare(`SELECT s.note_id AS id, f.score FROM (${top}) f JOIN note_search s ON s.rowid = f.rowid ORDER BY ${many ? 'f.rowid DESC' : 'f.score, f.rowid DESC'}`)
    .all(fts, limit) as { id: string; score: number | null }[]
}

function notes(db: Db, parts: QueryPart[], limit: number): SearchHit[] {
  const fts = parts.map((p) => p.fts).join(' AND ')
  return searchNoteIds(db, fts, limit).map(({ id }) => ({ kind: 'note', id, title: '', snippet: '' }))
}

/**
 * Everything matching q, best first, at most `limit` hits. A query without a letter or digit
 * matches nothing. Never throws on user input: it reaches SQL only as bound parameters and
 * FTS5 only as quoted terms.
 */
export function searchAll(db: Db, q: string, limit = 20): SearchHit[] {
  if (textRuns(q).length === 0) return []
  const n = needle(q)
  const parts = queryParts(q)
  const ranked = [...securities(db, n, limit), ...chainNodes(db, n, limit), ...reports(db, n, parts, limit)]
  ranked.sort((a, b) => b.strength - a.strength || a.order - b.order)
  const hits = ranked.slice(0, limit).map((r) => r.hit)
  if (hits.length < limit) {
    const noteHits = notes(db, parts, limit - hits.length)
    if (noteHits.length) {
      // title and body for these hits only; a row deleted or trashed since it was indexed is dropped
      const get = db.prepare('SELECT title, body FROM note WHERE id = ? AND deleted_at IS NULL')
      for (const h of noteHits) {
        const row = get.get(h.id) as { title: string; body: string } | undefined
        if (!row) continue
        hits.push({ ...h, title: row.title, snippet: snippetAround(row.body, parts) })
      }
    }
  }
  return hits
}
