/**
 * The "done when" files through the wizard in real Chromium: a GBK CSV with Chinese
 * headers and 亿元, a Wind-style XLSX, a Bloomberg-style sheet and a table pasted from seed
 * report 000 — each previewed, committed, and found with its provenance (file, row) through the API.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../helpers/apiCall'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 })
const FIXTURES = join(__dirname, '../fixtures/import')

describe.skipIf(e2eSkipped)('import: the four real formats through the UI', () => {
  let s: Session
  const page = () => s.page
  const call = apiCaller(() => s.url)
  const count = (k: string) => page().locator(`[data-testid=import-counts] [data-count=${k}] b`).innerText()

  /** Commits what is previewed (creating new securities, skipping rejected rows) and returns the import. */
  async function commit(expectRows: number, shot?: string) {
    // a picture of the preview for the reviewer (not compared): /tmp/shots/formats-*.png
    if (shot) await page().screenshot({ path: `/tmp/shots/formats-${shot}.png`, fullPage: true })
    const create = page().getByTestId('create-new')
    if (await create.count()) await create.check()
    const skip = page().getByTestId('skip-all-rejected')
    if ((await skip.count()) && (await skip.isEnabled())) await skip.check()
    // a pasted table names no institution: the analyst types it
    const institution = page().getByTestId('target-institution')
    if ((await institution.count()) && !(await institution.inputValue())) await institution.fill('招银国际')
    await poll(() => page().getByTestId('import-pending').count()).toBe(0)
    await page().getByTestId('import-commit-button').click()
    await poll(() => page().getByTestId('result-rows').innerText()).toBe(String(expectRows))
    const [latest] = (await call('import.list', {})).imports
    await page().getByTestId('import-another').click()
    return latest!
  }

  /** The figure of a security in an import, with the row it came from. */
  async function figure(reportId: string, securityId: string, metric: string) {
    const rows = await call('valuations.list', { reportId })
    const row = rows.find((r) => r.securityId === securityId)!
    return { line: row.line, source: row.tableSource, figure: row.figures.find((f) => f.metric === metric)! }
  }

  beforeAll(async () => {
    mkdirSync('/tmp/shots', { recursive: true })
    s = await startSession()
    await s.page.setViewportSize({ width: 1280, height: 800 })
    await page().getByRole('tab', { name: /^导入数据/ }).click()
    await page().getByTestId('import-source').waitFor()
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('GBK CSV, Chinese headers, 亿元', async () => {
    await page().getByTestId('import-file').setInputFiles(join(FIXTURES, 'cn-gbk-yi.csv'))
    await poll(() => count('rows')).toBe('4')
    await poll(() => page().getByTestId('import-encoding').innerText()).toMatch(/GB18030|GBK/)
    const imp = await commit(4, 'gbk')
    const f = await figure(imp.reportId, '002230.SZ', 'marketCap')
    expect(f).toMatchObject({ line: 2, figure: { printed: '1,076.52', currency: 'CNY' } })
    expect(f.figure.valueMn).toBeCloseTo(107652, 6)
    expect(f.source).toContain('cn-gbk-yi.csv')
  })

  it('Wind XLSX', async () => {
    await page().getByTestId('import-file').setInputFiles(join(FIXTURES, 'wind-export.xlsx'))
    await poll(() => count('rows')).toBe('4')
    const imp = await commit(4, 'wind')
    const f = await figure(imp.reportId, 'NVDA.US', 'marketCap')
    expect(f).toMatchObject({ line: 4, figure: { printed: '46,225.7000', currency: 'USD' } })
    expect(f.figure.valueMn).toBeCloseTo(4622570, 3)
  })

  it('Bloomberg sheet: the failed security is rejected, not imported as zeros', async () => {
    await page().getByTestId('import-file').setInputFiles(join(FIXTURES, 'bloomberg.xlsx'))
    await poll(() => count('rejected')).toBe('1')
    await poll(() => page().getByTestId('import-rejected').innerText()).toContain('8')
    const imp = await commit(4, 'bloomberg')
    const f = await figure(imp.reportId, '0700.HK', 'marketCap')
    expect(f).toMatchObject({ line: 5, figure: { currency: 'HKD', valueMn: 3659040.5 } })
    expect((await call('valuations.list', { reportId: imp.reportId })).some((r) => r.tickerPrinted === '9999 HK Equity')).toBe(false)
  })

  it('a table pasted from seed report 000 (图 19)', async () => {
    await page().getByRole('radio', { name: '粘贴表格' }).click()
    await page().getByTestId('import-paste').fill(readFileSync(join(FIXTURES, 'seed000-fig19-paste.txt'), 'utf8'))
    await page().getByTestId('import-preview-paste').click()
    await poll(() => count('rows')).toBe('11')
    const imp = await commit(11, 'paste')
    const f = await figure(imp.reportId, 'MSFT.US', 'pe')
    expect(f).toMatchObject({ line: 18, figure: { fyKey: 'FY22E', printed: '28.1', value: 28.1 } })
  })
})
