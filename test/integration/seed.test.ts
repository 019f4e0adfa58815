import { afterEach, describe, expect, it } from 'vitest'
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import { listCoverage } from '../../electron/main/domains/coverage/queries'
import { listValuations } from '../../electron/main/domains/valuations/rows'
import { seedIfNeeded } from '../../electron/main/domains/workspace/seed'
import { openWorkspace } from '../../electron/main/workspace'
import { dumpDb, tempWorkspace } from '../helpers/workspace'

const spaces: ReturnType<typeof tempWorkspace>[] = []
const ws = () => {
  const w = tempWorkspace()
  spaces.push(w)
  return w
}
afterEach(() => spaces.splice(0).forEach((w) => w.cleanup()))

describe('bundled data', () => {
  it('first open loads the five reports; loading again changes nothing', () => {
    const w = ws()
    const before = dumpDb(w.db)
    expect(seedIfNeeded(w.db)).toBe(false)
    expect(dumpDb(w.db)).toBe(before)
    w.close()
    const again = openWorkspace(w.dataDir)
    expect(dumpDb(again.db)).toBe(before)
    again.close()
  })

  it('resolves 科大讯飞 in every printed form to one security covered by three reports', () => {
    const w = ws()
    const ids = w.db.prepare("SELECT DISTINCT security_id AS id FROM coverage WHERE company_printed = '科大讯飞'").all()
    expect(ids).toEqual([{ id: '002230.SZ' }])
    const cov = listCoverage(w.db, { securityId: '002230.SZ' })
    expect(new Set(cov.map((c) => c.reportId))).toEqual(new Set(['r000', 'r001', 'r004']))
    const printed = new Set(cov.map((c) => c.tickerPrinted))
    expect(printed.has('002230 CH') && printed.has('002230.SZ')).toBe(true)
  })

  it('maps 700 HK / 腾讯, Nvidia / 英伟达 and a ticker column printing "Meta" to one security each', () => {
    const w = ws()
    const sec = (printed: string) =>
      (w.db.prepare('SELECT DISTINCT security_id AS id FROM coverage WHERE company_printed = ? OR ticker_printed = ?').all(printed, printed) as { id: string }[]).map((r) => r.id)
    expect(sec('700 HK')).toEqual(['0700.HK'])
    expect(new Set(sec('腾讯'))).toEqual(new Set(['0700.HK']))
    expect(new Set([...sec('Nvidia'), ...sec('英伟达')])).toEqual(new Set(['NVDA.US']))
    expect(sec('Meta')).toEqual(['META.US'])
  })

  it('has no duplicate securities: no two ids share a Chinese or English name', () => {
    const w = ws()
    const dupes = w.db
      .prepare(
        `SELECT lower(name) AS name, group_concat(id) AS ids FROM (
           SELECT id, name_zh AS name FROM security WHERE name_zh IS NOT NULL
           UNION ALL SELECT id, name_en FROM security WHERE name_en IS NOT NULL)
         GROUP BY lower(name) HAVING count(DISTINCT id) > 1`,
      )
      .all()
    expect(dupes).toEqual([])
  })

  it("keeps Microsoft's FY23E P/E exactly as printed, with provenance", () => {
    const w = ws()
    const [row] = listValuations(w.db, { securityId: 'MSFT.US' }).filter((r) => r.reportId === 'r000')
    const pe = row!.figures.find((f) => f.metric === 'pe' && f.fy === 'FY23E')!
    expect(pe.printed).toBe('28.6')
    expect(pe.value).toBe(28.6)
    expect(row!.tableLabel).toMatch(/图 19/)
    expect(row!.line).toBeGreaterThan(0)
  })

  it('keeps the printed aggregate row as an aggregate without a security', () => {
    const w = ws()
    const agg = listValuations(w.db, { reportId: 'r000' }).filter((r) => r.isAggregate)
    expect(agg).toHaveLength(1)
    expect(agg[0]!.companyPrinted).toBe('市值加权平均')
    expect(agg[0]!.securityId).toBeNull()
  })

  it('stores missing markers as missing, never zero', () => {
    const w = ws()
    const n = w.db.prepare("SELECT count(*) AS n FROM valuation_figure WHERE printed IN ('NA','-','') AND value IS NOT NULL").get()
    expect(n).toEqual({ n: 0 })
  })

  it('reset to bundled data restores edited rows and refuses without confirmation', () => {
    const w = ws()
    const h = createHandlers(w)
    const before = dumpDb(w.db).replace(/"bundled\.seeded","value":"[^"]+"/, '')
    w.db.prepare("UPDATE coverage SET stance = 'X' WHERE id = 1").run()
    const refused = dispatch(h, 'workspace.resetToBundled', { confirm: false })
    expect(refused.ok).toBe(false)
    expect(w.db.prepare('SELECT stance FROM coverage WHERE id = 1').get()).toEqual({ stance: 'X' })
    const ok = dispatch(h, 'workspace.resetToBundled', { confirm: true })
    expect(ok.ok).toBe(true)
    const stances = w.db.prepare("SELECT count(*) AS n FROM coverage WHERE stance = 'X'").get()
    expect(stances).toEqual({ n: 0 })
    // history grows by one change set (the reset itself); every data table keeps its row count
    const counts = (s: string) =>
      s
        .split('\n')
        .filter((l) => !/^change(_set)?:/.test(l))
        .map((l) => l.split(':')[0] + ':' + (l.match(/\{/g) ?? []).length)
    expect(counts(dumpDb(w.db))).toEqual(counts(before))
  })
})
