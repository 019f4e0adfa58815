/**
 * The import engine on real files through the real handlers: provenance of every figure,
 * all-or-nothing commits (bad rows, unresolved securities, cancel), one undoable step, and
 * re-import detection. Fixtures: test/fixtures/import (make-fixtures.ts says what each is).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { asyncHandlersFor } from '../helpers/api'
import { dumpDb, tempWorkspace } from '../helpers/workspace'

const FIX = join(__dirname, '../fixtures/import')
const file = (name: string) => ({ name, base64: readFileSync(join(FIX, name)).toString('base64') })
const target = { institution: '测试券商', title: '导入测试', date: '2024-11-30', asOf: '2024-11-29' }

const spaces: { cleanup: () => void }[] = []
afterEach(() => spaces.splice(0).forEach((s) => s.cleanup()))
function setup(opts: { cancelled?: () => boolean } = {}) {
  const ws = tempWorkspace()
  spaces.push(ws)
  return { ws, ...asyncHandlersFor(ws, opts) }
}

/** Data tables only: history bookkeeping and re-derived flag ids are compared separately. */
const BOOKKEEPING = /^(change|change_set|import_batch|quality_flag):/
const dataDump = (db: Parameters<typeof dumpDb>[0]) => dumpDb(db).split('\n').filter((l) => !BOOKKEEPING.test(l)).join('\n')
const flagSet = (db: Parameters<typeof dumpDb>[0]) => db.prepare('SELECT code, row_id, security_id, report_id, fy_key, detail FROM quality_flag ORDER BY row_id, code, fy_key, detail').all()

interface FigureRow {
  metric: string
  fy: string | null
  fy_key: string | null
  printed: string
  value: number | null
  unit: string | null
  currency: string | null
  value_mn: number | null
  source_col: string | null
  line: number
  security_id: string
}
const figuresOf = (db: Parameters<typeof dumpDb>[0], securityId: string) =>
  db
    .prepare(
      `SELECT f.metric, f.fy, f.fy_key, f.printed, f.value, f.unit, f.currency, f.value_mn, f.source_col, v.line, v.security_id
       FROM valuation_figure f JOIN valuation_row v ON v.id = f.row_id JOIN valuation_table t ON t.id = v.table_id
       WHERE t.import_id IS NOT NULL AND v.security_id = ? ORDER BY t.id, f.id`,
    )
    .all(securityId) as FigureRow[]

describe('import: GBK CSV with Chinese headers and 亿元 units', () => {
  it('previews every row, refuses to create securities unasked, then commits with provenance', async () => {
    const { ws, call, fail } = setup()
    const preview = await call('import.preview', { source: file('cn-gbk-yi.csv') })
    expect(preview.format).toBe('csv')
    expect(preview.encoding).toBe('gb18030')
    expect(preview.counts).toMatchObject({ rows: 4, rejected: 0, new: 1 })
    expect(preview.skipped.map((s: { reason: string }) => s.reason)).toContain('footer')
    const before = dumpDb(ws.db)
    const refused = await fail('import.commit', { source: file('cn-gbk-yi.csv'), target })
    expect(refused.code).toBe('import.needsDecision')
    expect(dumpDb(ws.db)).toBe(before)

    const done = await call('import.commit', { source: file('cn-gbk-yi.csv'), target, createNew: true })
    expect(done.import.rows).toBe(4)
    expect(done.created).toEqual(['600001.SH'])
    const sha = createHash('sha256').update(readFileSync(join(FIX, 'cn-gbk-yi.csv'))).digest('hex')
    expect(done.import.fileHash).toBe(sha)
    const iflytek = figuresOf(ws.db, '002230.SZ')
    const cap = iflytek.find((f) => f.metric === 'marketCap')!
    expect(cap).toMatchObject({ printed: '1,076.52', value: 1076.52, currency: 'CNY', line: 2 })
    expect(cap.value_mn).toBeCloseTo(107652, 6)
    expect(cap.source_col).toContain('总市值')
    const pe = iflytek.find((f) => f.metric === 'pe')!
    expect(pe).toMatchObject({ fy_key: 'TTM', printed: '82.10', value: 82.1 })
    // a loss-making P/E is missing, never zero; the printed text is kept
    const lossPe = figuresOf(ws.db, '600001.SH').find((f) => f.metric === 'pe')
    expect(lossPe?.value ?? null).toBeNull()
    const table = ws.db.prepare('SELECT t.source, t.as_of_date, r.institution FROM valuation_table t JOIN report r ON r.id = t.report_id WHERE t.import_id = ?').get(done.import.id) as { source: string; as_of_date: string; institution: string }
    expect(table.source).toContain('cn-gbk-yi.csv')
    expect(table.source).toContain(sha.slice(0, 12))
    expect(table).toMatchObject({ as_of_date: '2024-11-29', institution: '测试券商' })
  })

  it('undoes as one step and redoes exactly', async () => {
    const { ws, call } = setup()
    const before = dataDump(ws.db)
    const flags = flagSet(ws.db)
    const done = await call('import.commit', { source: file('cn-gbk-yi.csv'), target, createNew: true })
    const after = dataDump(ws.db)
    expect(after).not.toBe(before)
    const hist = await call('history.list', {})
    expect(hist.nextUndo.label).toBe('import.commit')
    await call('history.undo')
    expect(dataDump(ws.db)).toBe(before)
    expect(flagSet(ws.db)).toEqual(flags)
    expect((await call('import.list', {})).imports[0]).toMatchObject({ id: done.import.id, state: 'undone' })
    await call('history.redo')
    expect(figuresOf(ws.db, '002230.SZ').length).toBeGreaterThan(0)
    expect(ws.db.prepare('SELECT count(*) FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id WHERE t.import_id = ?').pluck().get(done.import.id)).toBe(4)
    expect(ws.db.prepare("SELECT 1 FROM security WHERE id = '600001.SH'").get()).toBeTruthy()
    await call('history.undo')
    expect(dataDump(ws.db)).toBe(before)
  })

  it('detects a re-import of the same file', async () => {
    const { call, fail } = setup()
    await call('import.commit', { source: file('cn-gbk-yi.csv'), target, createNew: true })
    const again = await call('import.preview', { source: file('cn-gbk-yi.csv') })
    expect(again.duplicateOf?.fileName).toBe('cn-gbk-yi.csv')
    expect((await fail('import.commit', { source: file('cn-gbk-yi.csv'), target, createNew: true })).code).toBe('import.duplicate')
    const twice = await call('import.commit', { source: file('cn-gbk-yi.csv'), target, createNew: true, allowDuplicate: true })
    expect(twice.import.rows).toBe(4)
  })

  it('a cancelled import leaves the workspace exactly as it was', async () => {
    let checks = 0
    const { ws, fail } = setup({ cancelled: () => ++checks > 2 })
    const before = dumpDb(ws.db)
    const e = await fail('import.commit', { source: file('cn-gbk-yi.csv'), target, createNew: true })
    expect(e.kind).toBe('cancelled')
    expect(dumpDb(ws.db)).toBe(before)
  })
})

describe('import: tushare daily_basic (万元, several trade dates)', () => {
  it('one table per trade date, market caps from 万元 to millions', async () => {
    const { ws, call } = setup()
    const done = await call('import.commit', { source: file('cn-gbk-wan.csv'), target: { institution: 'tushare' } })
    expect(done.tables).toBe(2)
    const caps = figuresOf(ws.db, '002230.SZ').filter((f) => f.metric === 'marketCap')
    expect(caps.map((c) => c.value_mn)).toEqual([107652, 111600])
    const dates = ws.db.prepare('SELECT as_of_date FROM valuation_table WHERE import_id = ? ORDER BY as_of_date').pluck().all(done.import.id)
    expect(dates).toEqual(['2024-11-29', '2024-12-20'])
    const pes = figuresOf(ws.db, '002230.SZ').filter((f) => f.metric === 'pe')
    expect(new Set(pes.map((p) => p.fy_key))).toEqual(new Set(['LYR', 'TTM']))
  })
})

describe('import: bad rows', () => {
  it('names row, column and value; nothing is written until each is fixed or skipped', async () => {
    const { ws, call, fail } = setup()
    const preview = await call('import.preview', { source: file('bad-rows.csv') })
    const rejected = preview.rejected as { sourceRow: number; column: number | null; value: string | null; reason: string; message: string }[]
    expect(rejected.map((r) => r.sourceRow).sort()).toEqual([3, 5])
    for (const r of rejected) expect(r.message).toContain(String(r.sourceRow))
    expect(rejected.find((r) => r.sourceRow === 5)?.value).toBe('abc')
    // the preview says what would stop the commit, under the decisions given so far
    expect(preview.blocking.map((r: { sourceRow: number }) => r.sourceRow).sort()).toEqual([3, 5])
    expect((await call('import.preview', { source: file('bad-rows.csv'), skipRows: [3, 5] })).blocking).toEqual([])
    const before = dumpDb(ws.db)
    expect((await fail('import.commit', { source: file('bad-rows.csv'), target })).code).toBe('import.needsDecision')
    expect(dumpDb(ws.db)).toBe(before)
    const fixed = await call('import.preview', { source: file('bad-rows.csv'), fixes: [{ sourceRow: 3, column: 2, value: '19.50' }] })
    expect(fixed.rejected.map((r: { sourceRow: number }) => r.sourceRow)).toEqual([5])
    const done = await call('import.commit', { source: file('bad-rows.csv'), target, fixes: [{ sourceRow: 3, column: 2, value: '19.50' }], skipRows: [5] })
    expect(done.import.rows).toBe(2)
    expect(done.leftOut.map((r: { sourceRow: number }) => r.sourceRow)).toEqual([5])
  })
})

describe('import: spreadsheets and pasted tables', () => {
  it('Wind XLSX: multi-line headers, numbers as text, Wind codes', async () => {
    const { call } = setup()
    const p = await call('import.preview', { source: file('wind-export.xlsx') })
    expect(p.format).toBe('xlsx')
    expect(p.preset).toBe('wind')
    const nvda = p.rows.find((r: { codePrinted: string }) => r.codePrinted === 'NVDA.O')
    expect(nvda.resolution).toMatchObject({ status: 'matched', securityId: 'NVDA.US' })
    expect(nvda).toMatchObject({ marketCapCurrency: 'USD', price: 222.1 })
    expect(nvda.marketCapMn).toBeCloseTo(4622570, 3)
    const tencent = p.rows.find((r: { codePrinted: string }) => r.codePrinted === '0700.HK')
    expect(tencent).toMatchObject({ marketCapCurrency: 'HKD' })
    expect(p.skipped.some((s: { reason: string }) => s.reason === 'footer')).toBe(true)
    const done = await call('import.commit', { source: file('wind-export.xlsx'), target: { institution: 'Wind' } })
    expect(done.import.rows).toBe(4)
  })

  it('Bloomberg sheet: preamble, #N/A kinds, a failed security rejected', async () => {
    const { call } = setup()
    const p = await call('import.preview', { source: file('bloomberg.xlsx') })
    expect(p.asOf).toBe('2024-11-29')
    const ids = p.rows.map((r: { resolution: { securityId?: string } }) => r.resolution.securityId)
    expect(ids).toEqual(expect.arrayContaining(['0700.HK', '002230.SZ', 'BIDU.US', 'MSFT.US']))
    const tencent = p.rows.find((r: { codePrinted: string }) => r.codePrinted === '700 HK Equity')
    expect(tencent).toMatchObject({ marketCapMn: 3659040.5, marketCapCurrency: 'HKD', currency: 'HKD' })
    const bidu = p.rows.find((r: { codePrinted: string }) => r.codePrinted === 'BIDU US Equity')
    expect(bidu.multiples.find((m: { basis: string }) => m.basis === 'TTM' || m.basis === 'LYR')?.value ?? null).toBeNull()
    expect(p.rejected).toHaveLength(1)
    expect(p.rejected[0].reason).toBe('bloomberg.invalidSecurity')
    const done = await call('import.commit', { source: file('bloomberg.xlsx'), target: { institution: 'Bloomberg' }, skipRejected: true })
    expect(done.import.rows).toBe(4)
  })

  it('a table pasted from a seed report (招银国际 图 19)', async () => {
    const { ws, call } = setup()
    const text = readFileSync(join(FIX, 'seed000-fig19-paste.txt'), 'utf8')
    const p = await call('import.preview', { source: { name: '图19.txt', text } })
    expect(p.format).toBe('paste')
    const msft = p.rows.find((r: { resolution: { securityId?: string } }) => r.resolution.securityId === 'MSFT.US')
    expect(msft).toMatchObject({ price: 266.7, marketCapMn: 1985486, marketCapCurrency: 'USD', currency: 'USD' })
    expect(msft.multiples.map((m: { metric: string; basis: string; value: number }) => `${m.metric}:${m.basis}=${m.value}`)).toEqual([
      'pe:FY22E=28.1', 'pe:FY23E=28.6', 'pe:FY24E=24.5', 'ps:FY22E=10', 'ps:FY23E=9.4', 'ps:FY24E=8.5',
    ])
    const sensetime = p.rows.find((r: { resolution: { securityId?: string } }) => r.resolution.securityId === '0020.HK')
    expect(sensetime.multiples.filter((m: { metric: string }) => m.metric === 'pe').map((m: { value: number | null }) => m.value)).toEqual([null, null, null])
    expect(p.rows).toHaveLength(11)
    expect(p.skipped.some((s: { reason: string; text: string }) => s.reason === 'summary' && s.text.includes('市值加权平均'))).toBe(true)
    const done = await call('import.commit', { source: { name: '图19.txt', text }, target: { institution: '招银国际', asOf: '2023-02-08' } })
    expect(done.import.rows).toBe(11)
    const tencent = figuresOf(ws.db, '0700.HK').find((f) => f.metric === 'price')!
    expect(tencent).toMatchObject({ printed: '382.2', currency: 'HKD', line: 517 - 487 })
  })
})
