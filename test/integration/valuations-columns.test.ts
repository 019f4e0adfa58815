/**
 * valuations.page `columns` / `table`: which of the grid's figure columns have a printed cell
 * under a filter (so the all-tables grid never shows a column blank top to bottom), and one
 * table's printed layout (its columns in printed order). Every answer is checked against a
 * plain, slow computation over the same rows; the statements never read every figure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import type { Db } from '../../electron/main/db/connection'
import { gridColumns } from '../../electron/main/domains/valuations/columns'
import { filterSql, fxFactors } from '../../electron/main/domains/valuations/page'
import { listFx } from '../../electron/main/domains/fx/queries'
import { parseInput } from '../../shared/contract'
import type { ValuationPage } from '../../shared/api/valuations'
import type { Handlers } from '../../shared/contract'
import { tempWorkspace } from '../helpers/workspace'

let w: ReturnType<typeof tempWorkspace>
let h: Handlers
let big: number // a synthetic table of 8,000 rows
let gappy: number // a table whose first row leaves a column out

function page(input: Record<string, unknown>): ValuationPage {
  const r = dispatch(h, 'valuations.page', { limit: 0, counts: false, ...input })
  if (!r.ok) throw new Error(r.error.message)
  return r.result as ValuationPage
}

/** The slow truth: every non-aggregate row of the filter (through the page API itself), every figure. */
function naiveColumns(input: Record<string, unknown>): string[] {
  const ids: number[] = []
  for (let offset = 0; ; offset += 1000) {
    const p = dispatch(h, 'valuations.page', { ...input, limit: 1000, offset, counts: false })
    if (!p.ok) throw new Error(p.error.message)
    const rows = (p.result as ValuationPage).rows
    ids.push(...rows.map((r) => r.id))
    if (rows.length < 1000) break
  }
  const found = new Set<string>()
  const figs = w.db.prepare(`SELECT metric, fy_key FROM valuation_figure WHERE row_id = ? AND printed <> ''`)
  const flagged = w.db.prepare('SELECT count(*) FROM quality_flag WHERE row_id = ?').pluck()
  const noted = w.db
    .prepare("SELECT count(*) FROM note n JOIN valuation_row v ON v.security_id = n.subject_id WHERE v.id = ? AND n.subject_kind = 'security' AND n.deleted_at IS NULL")
    .pluck()
  for (const id of ids) {
    if ((flagged.get(id) as number) > 0) found.add('flags')
    if ((noted.get(id) as number) > 0) found.add('notes')
    for (const f of figs.all(id) as { metric: string; fy_key: string | null }[]) {
      if ((f.metric === 'marketCap' || f.metric === 'price') && f.fy_key == null) found.add(f.metric)
      if ((f.metric === 'pe' || f.metric === 'ps') && f.fy_key) found.add(`${f.metric}:${f.fy_key}`)
    }
  }
  const RANK: Record<string, number> = { flags: 0, notes: 1, marketCap: 2, price: 3 }
  const rank = (id: string) => RANK[id] ?? (id.startsWith('pe:') ? 4 : 5)
  return [...found].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))
}

function addSynthetic(db: Db): void {
  db.transaction(() => {
    db.prepare("INSERT INTO report(id, origin, institution, title) VALUES ('syn', 'user', 'Synthetic', 'synthetic market')").run()
    const sec = db.prepare("INSERT INTO security(id, name_zh, name_en, market, currency, listed) VALUES (?, ?, ?, 'US', 'USD', 1)")
    const row = db.prepare('INSERT INTO valuation_row(table_id, row_no, security_id, company_printed, is_aggregate, mcap_mn, mcap_ccy) VALUES (?, ?, ?, ?, ?, ?, ?)')
    const fig = db.prepare('INSERT INTO valuation_figure(row_id, metric, label, fy, fy_key, printed, value, unit, currency, value_mn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    big = Number(db.prepare("INSERT INTO valuation_table(report_id, seq, label, as_of_date) VALUES ('syn', 1, 'Big', '2024-01-31')").run().lastInsertRowid)
    for (let i = 0; i < 8000; i++) {
      const id = `SYNC${i}.US`
      sec.run(id, `合成${i}`, `Synthetic ${i}`)
      const rid = row.run(big, i + 1, id, id, 0, 1000 + i, 'USD').lastInsertRowid
      fig.run(rid, 'marketCap', null, null, null, String(1000 + i), 1000 + i, '百万美元', 'USD', 1000 + i)
      fig.run(rid, 'pe', null, 'FY26E', 'FY26E', String(10 + (i % 30)), 10 + (i % 30), 'x', null, null)
      // printed blank in every row: never a column
      fig.run(rid, 'ps', null, 'FY26E', 'FY26E', '', null, 'x', null, null)
      // FY27E printed only by the very last row: past the rows' side budget, found by the probe
      if (i === 7999) fig.run(rid, 'pe', null, 'FY27E', 'FY27E', '12.5', 12.5, 'x', null, null)
    }
    // a note about the big table's last company only (and a deleted one about its first)
    const note = db.prepare(
      "INSERT INTO note(id, subject_kind, subject_id, title, body, revision, created_at, updated_at, deleted_at) VALUES (?, 'security', ?, 't', 'b', 1, '2024-01-01', '2024-01-01', ?)",
    )
    note.run('n-last', 'SYNC7999.US', null)
    note.run('n-gone', 'SYNC0.US', '2024-01-02')
    // FY28E only on an aggregate row (the grid leaves those out): never a column
    const agg = row.run(big, 8001, null, '平均', 1, null, null).lastInsertRowid
    fig.run(agg, 'pe', null, 'FY28E', 'FY28E', '20', 20, 'x', null, null)

    // a table printed price | P/E FY24E FY25E | revenue 2024 | 业务, whose first row leaves FY24E out
    gappy = Number(db.prepare("INSERT INTO valuation_table(report_id, seq, label, header_printed) VALUES ('syn', 2, 'Gappy', 'price | P/E FY24E FY25E | revenue | 业务')").run().lastInsertRowid)
    for (let i = 0; i < 3; i++) {
      const rid = row.run(gappy, i + 1, `SYNC${i}.US`, `SYNC${i}`, 0, null, null).lastInsertRowid
      fig.run(rid, 'price', null, null, null, '10.5', 10.5, 'LC', 'USD', null)
      if (i > 0) fig.run(rid, 'pe', null, 'FY24E', 'FY24E', '30', 30, 'x', null, null)
      fig.run(rid, 'pe', null, 'FY25E', 'FY25E', i === 2 ? 'NM' : '25', i === 2 ? null : 25, 'x', null, null)
      fig.run(rid, 'revenue', null, '2024', 'FY24', '87', 87, '亿美元', 'USD', 8700)
      fig.run(rid, 'other', '业务', null, null, '造车', null, null, null, null)
    }
  })()
}

beforeAll(() => {
  w = tempWorkspace()
  h = createHandlers(w)
  addSynthetic(w.db)
})
afterAll(() => w?.cleanup())

describe('valuations.page columns', () => {
  it('is absent unless asked for (the old shape is unchanged)', () => {
    const p = page({ limit: 5 })
    expect('columns' in p).toBe(false)
    expect('table' in p).toBe(false)
    expect('table' in page({ columns: true })).toBe(false)
  })

  it.each([
    ['the whole workspace', {}],
    ['one market', { market: 'HK' }],
    ['a bundled report', { reportId: 'r000' }],
    ['a report printing market caps only', { reportId: 'r003' }],
    ['the synthetic report (8,000 rows: past the rows-side budget, the figures-side probe)', { reportId: 'syn' }],
    ['a search', { search: '讯飞' }],
    ['a search matching nothing', { search: 'zzzz-none' }],
    ['latest rows only', { latestOnly: true }],
    ['a P/E range', { ranges: [{ col: 'pe:FY23E', min: 30 }] }],
    ['a market-cap range in HKD', { currency: 'HKD', ranges: [{ col: 'marketCap', min: 1_000_000 }] }],
    ['one table and a search', { tableId: 1, search: 'MSFT' }],
    ['the big table’s first rows (the deleted note does not count)', { tableId: 0, search: 'SYNC0' }],
    ['the big table’s last row (its note)', { tableId: 0, search: 'SYNC7999' }],
  ])('%s: exactly the columns with a printed cell', (_what, f) => {
    const filter = 'tableId' in f && f.tableId === 0 ? { ...f, tableId: big } : f
    expect(page({ ...filter, columns: true }).columns).toEqual(naiveColumns(filter))
  })

  it('leaves out a column printed blank everywhere, or printed only on an aggregate row', () => {
    const cols = page({ reportId: 'syn', columns: true }).columns!
    expect(cols).toContain('pe:FY27E') // one row in 8,000, the last one
    expect(cols).not.toContain('ps:FY26E')
    expect(cols).not.toContain('pe:FY28E')
    expect(page({ columns: true }).columns).not.toContain('pe:FY28E')
  })

  it.each([{}, { reportId: 'syn' }, { reportId: 'r000' }, { search: 'SYNC7999' }, { market: 'HK' }, { latestOnly: true }])(
    'finds flags and notes the same from the rows’ side (a workspace with many of them): %j',
    (filter) => {
      const i = parseInput('valuations.page', { ...filter, columns: true })
      const f = filterSql(i, fxFactors(w.db, 'USD', listFx(w.db)))
      expect(gridColumns(w.db, f, { figures: true, fewMarkers: 0 })).toEqual(page({ ...filter, columns: true }).columns)
      expect(gridColumns(w.db, f, { figures: false, fewMarkers: 0 })).toEqual(page({ ...filter, columns: true }).columns!.filter((c) => c === 'flags' || c === 'notes'))
    },
  )

  it('says flags and notes when a row of the filter has them (the note found past the rows-side budget)', () => {
    expect(page({ reportId: 'syn', columns: true }).columns!.slice(0, 1)).toEqual(['notes']) // no flags on synthetic rows
    expect(page({ reportId: 'r000', columns: true }).columns!.slice(0, 1)).toEqual(['flags'])
    expect(page({ columns: true }).columns!.slice(0, 2)).toEqual(['flags', 'notes'])
    // one table alone: the markers from the same rows as its layout
    expect(page({ tableId: big, columns: true }).columns).toEqual(['notes', 'marketCap', 'pe:FY26E', 'pe:FY27E'])
  })
})

describe('valuations.page table (one table as printed)', () => {
  it('招银国际 图 19: price, market cap, P/E and P/S FY22E–FY24E, in printed order', () => {
    const p = page({ tableId: 1, columns: true })
    expect(p.table).toMatchObject({ id: 1, reportId: 'r000', institution: '招银国际环球市场', label: '图 19：AIGC 相关企业估值', line: 491, asOfDate: '2023-02-08' })
    expect(p.table!.columns.map((c) => c.id)).toEqual(['price', 'marketCap', 'pe:FY22E', 'pe:FY23E', 'pe:FY24E', 'ps:FY22E', 'ps:FY23E', 'ps:FY24E'])
    expect(p.table!.columns.find((c) => c.id === 'marketCap')).toMatchObject({ unit: '百万美元', numbers: true, money: true })
    expect(p.table!.columns.find((c) => c.id === 'pe:FY22E')).toMatchObject({ fy: 'FY22E', numbers: true, money: false })
    expect(p.columns).toEqual(['flags', 'marketCap', 'price', 'pe:FY22E', 'pe:FY23E', 'pe:FY24E', 'ps:FY22E', 'ps:FY23E', 'ps:FY24E'])
  })

  it('every bundled table: its columns are the figures it prints, the grid ids for the grid’s own', () => {
    const tables = w.db.prepare("SELECT id FROM valuation_table WHERE report_id <> 'syn'").pluck().all() as number[]
    for (const id of tables) {
      const t = page({ tableId: id, columns: true }).table!
      const printed = w.db
        .prepare(
          `SELECT DISTINCT f.metric, f.label, coalesce(f.fy_key, f.fy) AS fy FROM valuation_figure f JOIN valuation_row v ON v.id = f.row_id
           WHERE v.table_id = ? AND v.is_aggregate = 0 AND f.printed <> ''`,
        )
        .all(id) as { metric: string; label: string | null; fy: string | null }[]
      expect(t.columns.length, `table ${id}`).toBe(printed.length)
      expect(new Set(t.columns.map((c) => c.id)).size).toBe(t.columns.length)
      for (const c of t.columns) {
        if (c.id.startsWith('fig:')) expect(['pe', 'ps', 'marketCap', 'price'].includes(c.metric) && c.label == null).toBe(false)
        else expect(c.id).toMatch(/^(marketCap|price|(pe|ps):FY\w+)$/)
      }
    }
    // 中信建投's table of unlisted companies: 业务 (text) and 估值 (money, 亿美元)
    const unlisted = page({ tableId: 3, columns: true }).table!
    expect(unlisted.columns.map((c) => [c.metric, c.label, c.numbers, c.money])).toEqual([
      ['other', '业务', false, false],
      ['valuation', null, true, true],
    ])
  })

  it('keeps the printed order when the first row leaves a column out', () => {
    const t = page({ tableId: gappy, columns: true }).table!
    expect(t.columns.map((c) => c.id.startsWith('fig:') ? `${c.metric}:${c.label ?? c.fy}` : c.id)).toEqual(['price', 'pe:FY24E', 'pe:FY25E', 'revenue:2024', 'other:业务'])
    expect(t.headerPrinted).toContain('P/E FY24E FY25E')
    expect(t.rows).toBe(3)
  })

  it("facets: a table's gridRows leave out its summary rows, as the grid and the table layout do; rows stay every printed row", () => {
    const r = dispatch(h, 'valuations.facets', {})
    if (!r.ok) throw new Error(r.error.message)
    const tables = (r.result as { reports: { tables: { id: number; rows: number; gridRows?: number }[] }[] }).reports.flatMap((x) => x.tables)
    const fig19 = tables.find((t) => t.id === 1)!
    const aggregates = w.db.prepare('SELECT count(*) FROM valuation_row WHERE table_id = 1 AND is_aggregate = 1').pluck().get() as number
    expect(aggregates).toBeGreaterThan(0) // 图 19 prints a summary row
    expect(fig19.gridRows).toBe(fig19.rows - aggregates)
    for (const t of tables) {
      expect(t.gridRows, `table ${t.id}`).toBe(page({ tableId: t.id, columns: true }).table!.rows)
      expect(t.rows).toBe(w.db.prepare('SELECT count(*) FROM valuation_row WHERE table_id = ?').pluck().get(t.id))
    }
  })

  it('answers null for a table that does not exist', () => {
    expect(page({ tableId: 999_999, columns: true }).table).toBeNull()
  })
})

describe('query plans', () => {
  /** Every statement a call runs, with its EXPLAIN QUERY PLAN. */
  function plans(input: Record<string, unknown>): { sql: string; steps: string[] }[] {
    const db = w.db
    const seen = new Map<string, unknown[]>()
    const prepare = db.prepare.bind(db)
    ;(db as unknown as { prepare: unknown }).prepare = (sql: string) => {
      const stmt = prepare(sql)
      const proxy: unknown = new Proxy(stmt, {
        get(target, key) {
          const v = (target as unknown as Record<PropertyKey, unknown>)[key]
          if (typeof v !== 'function') return v
          if (key === 'all' || key === 'get' || key === 'run' || key === 'iterate')
            return (...args: unknown[]) => {
              if (!seen.has(sql)) seen.set(sql, args)
              return (v as (...a: unknown[]) => unknown).apply(target, args)
            }
          return (...args: unknown[]) => {
            const r = (v as (...a: unknown[]) => unknown).apply(target, args)
            return r === target ? proxy : r
          }
        },
      })
      return proxy
    }
    try {
      page({ ...input, columns: true })
    } finally {
      delete (db as unknown as { prepare?: unknown }).prepare
    }
    return [...seen]
      .filter(([sql]) => /^\s*(WITH|SELECT)/i.test(sql))
      .map(([sql, args]) => ({ sql, steps: (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(args as unknown[])) as { detail: string }[]).map((s) => s.detail) }))
  }

  it.each([{}, { market: 'US' }, { reportId: 'syn' }, { tableId: 1 }, { tableId: 1, search: 'MSFT' }, { ranges: [{ col: 'pe:FY26E', min: 20 }] }])('never scans the figures: %j', (input) => {
    for (const p of plans(input)) {
      const scans = p.steps.filter((d) => /^SCAN (f|valuation_figure)\b/.test(d))
      expect(scans, p.sql.replace(/\s+/g, ' ').slice(0, 200)).toEqual([])
    }
  })
})
