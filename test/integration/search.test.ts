import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { performance } from 'node:perf_hooks'
import { indexNote, reindexAllNotes } from '../../electron/main/domains/search/index'
import { BM25_MAX_MATCHES, searchAll, searchNoteIds } from '../../electron/main/domains/search/query'
import { queryTerms } from '../../shared/searchTerms'
import { noteCorpus } from '../helpers/noteCorpus'
import { tempWorkspace } from '../helpers/workspace'

type Ws = ReturnType<typeof tempWorkspace>
type Db = Ws['db']

interface TestNote {
  id: string
  title: string
  body: string
  tags?: string[]
  deleted?: boolean
}

/** What notes.save does: the row, then indexNote in the same transaction. */
function putNote(db: Db, n: TestNote): void {
  const now = '2025-01-01T00:00:00.000Z'
  db.transaction(() => {
    db.prepare(
      `INSERT INTO note(id, subject_kind, subject_id, title, body, tags, revision, created_at, updated_at, deleted_at)
       VALUES (?, 'theme', NULL, ?, ?, ?, 1, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET title = excluded.title, body = excluded.body, tags = excluded.tags, revision = revision + 1, deleted_at = excluded.deleted_at`,
    ).run(n.id, n.title, n.body, JSON.stringify(n.tags ?? []), now, now, n.deleted ? now : null)
    indexNote(db, { id: n.id, title: n.title, body: n.body, tags: n.tags ?? [], deleted: !!n.deleted })
  })()
}

const noteIds = (db: Db, q: string) => searchAll(db, q, 50).filter((h) => h.kind === 'note').map((h) => h.id).sort()

describe('search.query', () => {
  let ws: Ws
  beforeAll(() => {
    ws = tempWorkspace()
    const notes: TestNote[] = [
      { id: 'nsuanli01', title: '算力需求展望', body: '我们认为明年算力需求继续上行，主要来自云厂商的资本开支。' },
      { id: 'nguzhi001', title: '估值框架', body: 'AIGC 应用公司的估值应当参考 P/S 而不是 P/E。', tags: ['估值'] },
      { id: 'noptical1', title: '光模块景气度', body: '800G 光模块出货超预期，NVIDIA GB200 带动需求。' },
      { id: 'nsplit001', title: '拆开的词', body: '这里只有光模，模块分开写，以及模块化设计。' },
      { id: 'nenglish1', title: 'Hyperscaler capex tracker', body: 'Microsoft and Google raised CapEx guidance; inference demand drives GPU orders.' },
      { id: 'nticker01', title: '科大讯飞跟踪', body: '002230.SZ 星火大模型更新；对比 0700.HK 混元。' },
      { id: 'nmixed001', title: '专题', body: '看好AIGC算力方向，尤其是推理侧。' },
      { id: 'ntrash001', title: '已删除的算力笔记', body: '算力 光模块 capex 002230', deleted: true },
      { id: 'nfullw001', title: '全角', body: 'ＮＶＤＡ　ＧＰＵ　１２３４' },
    ]
    for (const n of notes) putNote(ws.db, n)
  })
  afterAll(() => ws.cleanup())

  it('two-character Chinese words find their notes and no others', () => {
    expect(noteIds(ws.db, '算力')).toEqual(['nmixed001', 'nsuanli01'])
    expect(noteIds(ws.db, '估值')).toEqual(['nguzhi001'])
    expect(noteIds(ws.db, '推理')).toEqual(['nmixed001'])
  })
  it('three-character words match only where they are contiguous', () => {
    expect(noteIds(ws.db, '光模块')).toEqual(['noptical1'])
    expect(noteIds(ws.db, '云厂商')).toEqual(['nsuanli01'])
    // 模块 alone is in the split note too
    expect(noteIds(ws.db, '模块')).toEqual(['noptical1', 'nsplit001'])
  })
  it('a single character finds every note containing it', () => {
    expect(noteIds(ws.db, '飞')).toEqual(['nticker01'])
    expect(noteIds(ws.db, '块')).toEqual(['noptical1', 'nsplit001'])
  })
  it('English is case-insensitive, by word prefix', () => {
    expect(noteIds(ws.db, 'capex')).toEqual(['nenglish1'])
    expect(noteIds(ws.db, 'CAPEX')).toEqual(['nenglish1'])
    expect(noteIds(ws.db, 'Nvid')).toEqual(['noptical1'])
    expect(noteIds(ws.db, 'hyperscaler Capex')).toEqual(['nenglish1'])
    expect(noteIds(ws.db, 'aigc')).toEqual(['nguzhi001', 'nmixed001'])
    expect(noteIds(ws.db, 'AIGC算力')).toEqual(['nmixed001'])
  })
  it('tickers and full-width text', () => {
    expect(noteIds(ws.db, '002230')).toEqual(['nticker01'])
    expect(noteIds(ws.db, '0700.HK')).toEqual(['nticker01'])
    expect(noteIds(ws.db, 'NVDA')).toEqual(['nfullw001'])
    expect(noteIds(ws.db, 'ＧＰＵ')).toEqual(['nenglish1', 'nfullw001'])
  })
  it('tags are searchable', () => {
    putNote(ws.db, { id: 'ntagged01', title: 'Memo', body: 'nothing here', tags: ['液冷'] })
    expect(noteIds(ws.db, '液冷')).toEqual(['ntagged01'])
  })
  it('the trash is excluded; restoring brings the note back; a save replaces the old text', () => {
    expect(noteIds(ws.db, '已删除')).toEqual([])
    putNote(ws.db, { id: 'ntrash001', title: '已删除的算力笔记', body: '算力 光模块 capex 002230', deleted: false })
    expect(noteIds(ws.db, '已删除')).toEqual(['ntrash001'])
    putNote(ws.db, { id: 'ntrash001', title: '已删除的算力笔记', body: '算力 光模块 capex 002230', deleted: true })
    expect(noteIds(ws.db, '已删除')).toEqual([])
    putNote(ws.db, { id: 'nsplit001', title: '改写', body: '全新的内容' })
    expect(noteIds(ws.db, '模块')).toEqual(['noptical1'])
    expect(noteIds(ws.db, '全新')).toEqual(['nsplit001'])
    // a trashed note indexed again as deleted, or one never indexed: nothing to do, no error
    indexNote(ws.db, { id: 'ntrash001', title: '', body: '', tags: [], deleted: true })
    indexNote(ws.db, { id: 'nnever001', title: '', body: '', tags: [], deleted: true })
  })
  it('a hard-deleted note (empty trash) leaves no index entry', () => {
    putNote(ws.db, { id: 'ngone0001', title: '即将清空', body: '清空回收站' })
    expect(noteIds(ws.db, '清空')).toEqual(['ngone0001'])
    ws.db.transaction(() => {
      indexNote(ws.db, { id: 'ngone0001', title: '', body: '', tags: [], deleted: true })
      ws.db.prepare("DELETE FROM note WHERE id = 'ngone0001'").run()
    })()
    expect(noteIds(ws.db, '清空')).toEqual([])
    expect(ws.db.prepare("SELECT count(*) FROM note_search WHERE note_id = 'ngone0001'").pluck().get()).toBe(0)
  })
  it('re-saving the newest note (its rowid is reused) replaces its text', () => {
    putNote(ws.db, { id: 'nnewest01', title: '最新', body: '旧词汇 oldword' })
    putNote(ws.db, { id: 'nnewest01', title: '最新', body: '新词汇 newword' })
    expect(noteIds(ws.db, '旧词汇')).toEqual([])
    expect(noteIds(ws.db, 'oldword')).toEqual([])
    expect(noteIds(ws.db, '新词汇')).toEqual(['nnewest01'])
    expect(noteIds(ws.db, 'newword')).toEqual(['nnewest01'])
  })
  it('ranks notes by bm25; above BM25_MAX_MATCHES matches, most recently saved first', () => {
    putNote(ws.db, { id: 'nbm25low1', title: '排序', body: '稀有词 出现一次，后面很多别的文字' + '其他内容'.repeat(30) })
    putNote(ws.db, { id: 'nbm25hi01', title: '排序', body: '稀有词 稀有词 稀有词' })
    putNote(ws.db, { id: 'nbm25mid1', title: '排序', body: '稀有词 和 一些 其他 文字 稀有词' })
    expect(searchNoteIds(ws.db, queryTerms('稀有词').fts, 10).map((h) => h.id)).toEqual(['nbm25hi01', 'nbm25mid1', 'nbm25low1'])
    const w = tempWorkspace()
    try {
      w.db.transaction(() => {
        for (let i = 0; i <= BM25_MAX_MATCHES; i++) putNote(w.db, { id: `nmany${String(i).padStart(5, '0')}`, title: 't', body: i % 2 ? '常见词 常见词' : '常见词' })
      })()
      putNote(w.db, { id: 'nmany00007', title: 't', body: '常见词 again' }) // saved last
      const ids = searchNoteIds(w.db, queryTerms('常见词').fts, 3).map((h) => h.id)
      expect(ids).toEqual(['nmany00007', `nmany${String(BM25_MAX_MATCHES).padStart(5, '0')}`, `nmany${String(BM25_MAX_MATCHES - 1).padStart(5, '0')}`])
    } finally {
      w.cleanup()
    }
  })
  it('securities by any alias in either language', () => {
    const top = (q: string) => searchAll(ws.db, q, 10)[0]
    for (const [q, id] of [
      ['Nvidia', 'NVDA.US'], ['nvidia', 'NVDA.US'], ['英伟达', 'NVDA.US'], ['NVDA', 'NVDA.US'], ['nvda.us', 'NVDA.US'],
      ['002230', '002230.SZ'], ['002230.SZ', '002230.SZ'], ['002230 CH', '002230.SZ'], ['iFlytek', '002230.SZ'], ['IFLYTEK', '002230.SZ'], ['科大讯飞', '002230.SZ'],
      ['0700.HK', '0700.HK'], ['700 HK', '0700.HK'], ['腾讯', '0700.HK'], ['Tencent', '0700.HK'], ['ＮＶＤＡ', 'NVDA.US'],
    ] as const) {
      expect(top(q), q).toMatchObject({ kind: 'security', id })
    }
    const hit = searchAll(ws.db, 'Nvidia', 5)[0]!
    expect(hit.title).toBe('英伟达 · Nvidia')
    expect(searchAll(ws.db, '微信', 5)[0]).toMatchObject({ kind: 'security', id: '0700.HK', snippet: '0700.HK · 微信' })
    // contains: part of a name
    expect(searchAll(ws.db, '讯飞', 20).some((h) => h.kind === 'security' && h.id === '002230.SZ')).toBe(true)
  })
  it('ranks exact > prefix > contains, securities first, then notes', () => {
    const hits = searchAll(ws.db, '科大讯飞', 20)
    expect(hits[0]).toMatchObject({ kind: 'security', id: '002230.SZ' })
    expect(hits.findIndex((h) => h.kind === 'note')).toBeGreaterThan(0)
    expect(hits.filter((h) => h.kind === 'note').map((h) => h.id)).toEqual(['nticker01'])
    // notes after every entity
    const kinds = searchAll(ws.db, '算力', 50).map((h) => h.kind)
    expect(kinds.lastIndexOf('segment') < kinds.indexOf('note') || !kinds.includes('segment')).toBe(true)
  })
  it('chain segments and layers, reports', () => {
    expect(searchAll(ws.db, '光模块', 20)[0]).toMatchObject({ kind: 'segment', id: 'infra.optical' })
    expect(searchAll(ws.db, 'optical', 20)[0]).toMatchObject({ kind: 'segment', id: 'infra.optical', snippet: 'Infrastructure & compute › Optical modules & networking' })
    expect(searchAll(ws.db, '模型层', 20)[0]).toMatchObject({ kind: 'segment', id: 'model', snippet: '模型层' })
    const r = searchAll(ws.db, 'Web3', 20).find((h) => h.kind === 'report')
    expect(r).toMatchObject({ id: 'r004', title: '国盛证券研究所: AIGC——Web3 时代的生产力工具' })
    expect(searchAll(ws.db, '国盛证券', 20).some((h) => h.kind === 'report' && h.id === 'r004')).toBe(true)
  })
  it('note hits carry their title and the hit in context', () => {
    const h = searchAll(ws.db, '云厂商', 20).find((x) => x.kind === 'note')!
    expect(h).toMatchObject({ id: 'nsuanli01', title: '算力需求展望' })
    expect(h.snippet).toBe('我们认为明年算力需求继续上行，主要来自云厂商的资本开支。')
    expect(searchAll(ws.db, 'inference', 20).find((x) => x.kind === 'note')!.snippet).toContain('inference demand')
  })
  it('respects the limit', () => {
    expect(searchAll(ws.db, 'a', 3).length).toBeLessThanOrEqual(3)
    expect(searchAll(ws.db, '算力', 1)).toHaveLength(1)
  })
  it('hostile queries never throw and never match by syntax', () => {
    for (const q of ['" OR 1', '*', 'NEAR(', 'NEAR(算力 capex)', 'terms:', 'terms:算力', '"算力', "'; DROP TABLE note; --", '%', '_', '\\', '( ) ^ -', 'a OR b', '{terms}', '\u0000', 'x'.repeat(200), '算'.repeat(200)]) {
      expect(() => searchAll(ws.db, q, 20), q).not.toThrow()
    }
    expect(searchAll(ws.db, '*', 20)).toEqual([])
    expect(searchAll(ws.db, '%', 20)).toEqual([])
    expect(searchAll(ws.db, '   ', 20)).toEqual([])
    expect(noteIds(ws.db, 'terms:算力')).toEqual(noteIds(ws.db, 'terms 算力'))
    expect(ws.db.prepare('SELECT count(*) FROM note').pluck().get()).toBeGreaterThan(0)
  })
  it('reindexAllNotes rebuilds the same index', () => {
    const before = ['算力', '光模块', 'capex', '002230', '液冷', '已删除'].map((q) => noteIds(ws.db, q))
    const n = ws.db.transaction(() => reindexAllNotes(ws.db))()
    expect(n).toBe(ws.db.prepare('SELECT count(*) FROM note WHERE deleted_at IS NULL').pluck().get())
    expect(['算力', '光模块', 'capex', '002230', '液冷', '已删除'].map((q) => noteIds(ws.db, q))).toEqual(before)
  })
})

/**
 * Measured, not asserted: 50,000 generated notes (SEARCH_BENCH_NOTES to change), with 20,000
 * synthetic securities like the bench universe. Prints p50/p95 per query class. Opt-in (it takes
 * ~30 s): `SEARCH_BENCH_NOTES=50000 npx vitest run … search.test.ts`; `npm run bench` measures
 * the same at scale.
 */
describe.skipIf(!process.env.SEARCH_BENCH_NOTES)('search at scale (measured)', () => {
  const COUNT = Number(process.env.SEARCH_BENCH_NOTES ?? 50_000)
  const RUNS = Number(process.env.SEARCH_BENCH_RUNS ?? 20)
  it(`${COUNT} notes: p95 of search.query for 2-, 3-character Chinese and English queries`, () => {
    const ws = tempWorkspace()
    try {
      const { db } = ws
      const t0 = performance.now()
      const corpus = noteCorpus(COUNT)
      const tGen = performance.now() - t0
      const ins = db.prepare(`INSERT INTO note(id, subject_kind, title, body, tags, revision, created_at, updated_at) VALUES (?, 'theme', ?, ?, ?, 1, ?, ?)`)
      const t1 = performance.now()
      db.transaction(() => {
        for (const n of corpus) {
          ins.run(n.id, n.title, n.body, JSON.stringify(n.tags), '2025-01-01', '2025-01-01')
          indexNote(db, { ...n, deleted: false })
        }
        const sec = db.prepare(`INSERT INTO security(id, name_zh, name_en, market, currency, listed) VALUES (?, ?, ?, 'US', 'USD', 1)`)
        for (let i = 0; i < 20_000; i++) sec.run(`X${String(i).padStart(5, "0")}.US`, `基准公司${i}`, `Bench Co ${i}`)
      })()
      const tIndex = performance.now() - t1
      const chars = corpus.reduce((a, n) => a + n.body.length + n.title.length, 0)
      const size = db.prepare("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'note_fts%'").pluck().get() as number | null

      // one note re-saved (autosave): delete + insert of its terms in a populated index
      const saves: number[] = []
      for (let i = 0; i < 200; i++) {
        const n = corpus[(i * 7919) % corpus.length]!
        const body = n.body + ` 追加${i} appended`
        const t = performance.now()
        db.transaction(() => {
          db.prepare('UPDATE note SET body = ? WHERE id = ?').run(body, n.id)
          indexNote(db, { ...n, body, deleted: false })
        })()
        saves.push(performance.now() - t)
      }

      const classes: Record<string, string[]> = {
        'zh 2-char': ['算力', '估值', '芯片', '订单'],
        'zh 3-char': ['光模块', '服务器', '大模型', '云厂商'],
        english: ['Nvidia', 'capex', 'inference', 'GPU', 'hyperscaler'],
        'ticker/alias': ['NVDA', '002230', 'iFlytek', '英伟达'],
        'zh 1-char (not in budget)': ['光', '算', '模'],
      }
      const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!
      const lines: string[] = []
      const perClass: Record<string, { p50: number; p95: number }> = {}
      for (const [name, qs] of Object.entries(classes)) {
        const times: number[] = []
        for (const q of qs) {
          searchAll(db, q, 20) // warm
          for (let r = 0; r < RUNS; r++) {
            const t = performance.now()
            searchAll(db, q, 20)
            times.push(performance.now() - t)
          }
        }
        perClass[name] = { p50: pct(times, 50), p95: pct(times, 95) }
        const detail = qs.map((q) => {
          const ts: number[] = []
          for (let r = 0; r < 5; r++) {
            const t = performance.now()
            searchAll(db, q, 20)
            ts.push(performance.now() - t)
          }
          const matches = searchNoteIds(db, queryTerms(q).fts, 1_000_000).length
          return `${q} ${pct(ts, 50).toFixed(1)} ms (${matches} notes)`
        })
        lines.push(`  ${name.padEnd(26)} p50 ${perClass[name]!.p50.toFixed(1).padStart(6)} ms  p95 ${perClass[name]!.p95.toFixed(1).padStart(6)} ms   [${detail.join(', ')}]`)
      }
      console.log(
        [
          `search at scale: ${COUNT} notes (${(chars / 1e6).toFixed(1)} M chars; generated in ${(tGen / 1000).toFixed(1)} s, indexed in ${(tIndex / 1000).toFixed(1)} s incl. 20,000 securities), note_fts ${size != null ? (size / 1e6).toFixed(1) + ' MB' : '?'}`,
          `  re-save one note (UPDATE + indexNote)  p50 ${pct(saves, 50).toFixed(2)} ms  p95 ${pct(saves, 95).toFixed(2)} ms`,
          ...lines,
          `  budget (issue 8): search p95 ≤ 30 ms for 2-, 3-character Chinese and English`,
        ].join('\n'),
      )
      expect(perClass['zh 2-char']!.p95).toBeGreaterThan(0)
    } finally {
      ws.cleanup()
    }
  }, 600_000)
})
