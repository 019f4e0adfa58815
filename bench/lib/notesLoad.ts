/**
 * The notes the bench measures against: `count` notes of mixed Chinese and English research text
 * (test/helpers/noteCorpus.ts), of which `thesis` are theses about universe securities with
 * bear / base / bull scenarios and thesis checks.
 *
 *  - the corpus notes through the app's own bulk path: saveNote (note row, revision 1, tags,
 *    links) + indexNote (full-text terms), 1,000 per transaction — what notes.save does, without
 *    one transaction per note. 80% themes, 10% about a chain segment, 10% about a universe
 *    security (no scenarios);
 *  - the theses one by one through `notes.save` (dispatch: the contract's schema validates the
 *    scenario set; the handler re-checks the thesis of that security in the same commit): P/E
 *    on EPS FY25E in the security's currency, probabilities 25/50/25, targets set from the
 *    latest price and P/E in the data so that the bear target is 60–90% of today's price
 *    (check: priceBelowTarget) and the bull multiple 0.9–1.6× today's P/E (check:
 *    multipleAboveTarget: about one in seven is already breached when written).
 *
 * Reused when meta 'bench.notes' says the same notes are there (a kept --data-dir); notes of a
 * different load are deleted first.
 */
import { performance } from 'node:perf_hooks'
import type { Handlers } from '../../shared/contract'
import type { Scenario, ScenarioSet } from '../../shared/scenario'
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { UNIVERSE_REPORT_ORIGIN } from '../../electron/main/domains/valuations/bulk'
import { indexNote } from '../../electron/main/domains/search/index'
import { saveNote } from '../../electron/main/domains/notes/store'
import type { Db } from '../../electron/main/db/connection'
import { mulberry32, noteCorpus } from '../../test/helpers/noteCorpus'

const META_KEY = 'bench.notes'
export const THESIS_FY = 'FY25E'

export interface NotesLoadOptions {
  count: number
  thesis: number
  seed: number
}

export interface NotesLoad {
  reused: boolean
  /** notes in the workspace (not in the trash) */
  notes: number
  thesisNotes: number
  /** ms: corpus generation, bulk write of the corpus notes, theses through notes.save */
  genMs: number
  writeMs: number
  thesisMs: number
  /** notes.save of one thesis (3 scenarios): median and max */
  thesisSaveMedian: number
  thesisSaveMax: number
  chars: number
  checkpointMs: number
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1] ?? NaN

/** Universe securities with a usable latest price and P/E FY25E (0 < P/E < 100) in their own currency. */
export function thesisCandidates(db: Db): { id: string; currency: string; price: number; pe: number }[] {
  return db
    .prepare(
      `SELECT v.security_id AS id, s.currency, p.value AS price, e.value AS pe
       FROM (SELECT t.id FROM valuation_table t JOIN report r ON r.id = t.report_id WHERE r.origin = @origin
             AND t.as_of_date = (SELECT max(t2.as_of_date) FROM valuation_table t2 JOIN report r2 ON r2.id = t2.report_id WHERE r2.origin = @origin)) lt
       JOIN valuation_row v ON v.table_id = lt.id
       JOIN security s ON s.id = v.security_id
       -- by row: the planner would otherwise walk every price figure of the workspace per row
       JOIN valuation_figure p INDEXED BY valuation_figure_row ON p.row_id = v.id AND p.metric = 'price' AND p.fy_key IS NULL
       JOIN valuation_figure e INDEXED BY valuation_figure_row ON e.row_id = v.id AND e.metric = 'pe' AND e.fy_key = @fy
       WHERE v.is_aggregate = 0 AND p.value > 0 AND p.currency = s.currency AND e.value > 0 AND e.value < 100
       ORDER BY v.security_id`,
    )
    .all({ origin: UNIVERSE_REPORT_ORIGIN, fy: THESIS_FY }) as { id: string; currency: string; price: number; pe: number }[]
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits

/** A three-scenario thesis set from today's price and P/E (see the file comment). */
export function thesisSet(rnd: () => number, c: { currency: string; price: number; pe: number }, writtenAt: string): ScenarioSet {
  const eps = c.price / c.pe
  const sc = (name: string, probability: number, epsFactor: number, multiple: number, checks: Scenario['checks']): Scenario => ({
    name,
    probability,
    driver: { kind: 'eps', value: round(eps * epsFactor, 4), fyKey: THESIS_FY, currency: c.currency },
    multiple: { kind: 'pe', value: Math.max(0.1, round(multiple, 1)) },
    horizon: '12m',
    rationale: `${name}: 算力需求与 capex 周期`,
    assumptions: '订单兑现，毛利率稳定',
    disproof: '云厂商资本开支下修',
    checks,
  })
  // bear target price = eps × 0.9 × multiple = u × price
  const u = 0.6 + 0.3 * rnd()
  return {
    writtenAt,
    scenarios: [
      sc('bear', 25, 0.9, (u * c.pe) / 0.9, [{ rule: 'priceBelowTarget' }]),
      sc('base', 50, 1, c.pe * (1 + 0.3 * rnd()), []),
      sc('bull', 25, 1.15, c.pe * (0.9 + 0.7 * rnd()), [{ rule: 'multipleAboveTarget' }]),
    ],
  }
}

function clearNotes(db: Db): void {
  db.transaction(() => {
    db.exec(`INSERT INTO note_fts(note_fts) VALUES ('delete-all'); DELETE FROM note_search; DELETE FROM note; DELETE FROM meta WHERE key = '${META_KEY}'`)
  }).immediate()
}

export function loadNotes(db: Db, h: Handlers, o: NotesLoadOptions, log: (s: string) => void): NotesLoad {
  const key = JSON.stringify(o)
  const countNotes = () => db.prepare('SELECT count(*) FROM note WHERE deleted_at IS NULL').pluck().get() as number
  const countThesis = () => db.prepare("SELECT count(*) FROM note WHERE subject_kind = 'security' AND scenarios IS NOT NULL AND deleted_at IS NULL").pluck().get() as number
  const have = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(META_KEY) as string | undefined
  if (have === key) {
    return { reused: true, notes: countNotes(), thesisNotes: countThesis(), genMs: 0, writeMs: 0, thesisMs: 0, thesisSaveMedian: NaN, thesisSaveMax: NaN, chars: 0, checkpointMs: 0 }
  }
  if (have != null || countNotes() > 0) {
    log(`deleting the notes of another load (${have ?? 'no meta'})`)
    clearNotes(db)
  }
  const rnd = mulberry32(o.seed ^ 0x2545f491)
  const candidates = thesisCandidates(db)
  if (candidates.length === 0) throw new Error('notes: the universe has no security with a usable price and P/E FY25E')
  const thesisCount = Math.min(o.thesis, candidates.length)
  // spread over the universe: every k-th candidate
  const step = candidates.length / thesisCount
  const theses = Array.from({ length: thesisCount }, (_, i) => candidates[Math.floor(i * step)]!)
  const universe = candidates.map((c) => c.id)
  const segments = db.prepare("SELECT id FROM chain_node WHERE kind = 'segment' ORDER BY id").pluck().all() as string[]

  let t = performance.now()
  const corpus = noteCorpus(o.count, o.seed)
  const genMs = performance.now() - t
  const chars = corpus.reduce((a, n) => a + n.title.length + n.body.length, 0)
  log(`corpus: ${o.count} notes, ${(chars / 1e6).toFixed(1)} M characters, generated in ${(genMs / 1000).toFixed(1)} s`)

  // 1. corpus notes (all but the last thesisCount): saveNote + indexNote, 1,000 per transaction
  const plain = corpus.length - thesisCount
  const base = Date.UTC(2024, 0, 1)
  t = performance.now()
  for (let from = 0; from < plain; from += 1000) {
    db.transaction(() => {
      for (let i = from; i < Math.min(plain, from + 1000); i++) {
        const n = corpus[i]!
        const r = rnd()
        const subject =
          r < 0.8 ? { kind: 'theme' as const } : r < 0.9 ? { kind: 'segment' as const, id: segments[Math.floor(rnd() * segments.length)]! } : { kind: 'security' as const, id: universe[Math.floor(rnd() * universe.length)]! }
        const saved = saveNote(db, { subject, title: n.title, body: n.body, tags: n.tags }, new Date(base + i * 60_000))
        indexNote(db, saved)
      }
    }).immediate()
    if ((from / 1000) % 10 === 9) log(`notes ${Math.min(plain, from + 1000)}/${plain}`)
  }
  const writeMs = performance.now() - t

  // 2. theses through notes.save (validated, flags re-checked for that security in the same commit)
  const times: number[] = []
  t = performance.now()
  theses.forEach((c, k) => {
    const n = corpus[plain + k]!
    const writtenAt = new Date(base + (plain + k) * 60_000).toISOString()
    const input = { subject: { kind: 'security', id: c.id }, title: n.title, body: `@${c.id} ${n.body}`, tags: [...new Set([...n.tags, '论点'])], scenarios: thesisSet(rnd, c, writtenAt) }
    const t0 = performance.now()
    const r = dispatch(h, 'notes.save', input)
    times.push(performance.now() - t0)
    if (!r.ok) throw new Error(`notes.save (thesis on ${c.id}): ${r.error.code} ${r.error.message}`)
  })
  const thesisMs = performance.now() - t
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(META_KEY, key)
  // the load happened "earlier": the measures start from a checkpointed WAL
  t = performance.now()
  db.pragma('wal_checkpoint(TRUNCATE)')
  const checkpointMs = performance.now() - t
  return { reused: false, notes: countNotes(), thesisNotes: countThesis(), genMs, writeMs, thesisMs, thesisSaveMedian: median(times), thesisSaveMax: Math.max(...times), chars, checkpointMs }
}
