import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/workspace'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })

describe.skipIf(e2eSkipped)('browser mode, real Chromium', () => {
  let s: Session
  beforeAll(async () => {
    s = await startSession()
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('shows the five reports', async () => {
    const rows = s.page.locator('[data-testid=reports-table] tbody tr')
    await poll(() => rows.count()).toBe(5)
    await poll(() => s.page.locator('[data-testid=reports-table]').innerText()).toContain('招银国际环球市场')
  })

  it('finds 科大讯飞 as one security covered by three reports', async () => {
    await s.page.getByRole('tab', { name: /^覆盖/ }).click()
    await s.page.getByPlaceholder('快速搜索…').fill('科大讯飞')
    const rows = s.page.locator('.ag-row:has([col-id=ticker])')
    await poll(() => rows.count()).toBe(3)
    const tickers = await s.page.locator('.ag-row [col-id=ticker]').allInnerTexts()
    expect(new Set(tickers)).toEqual(new Set(['002230.SZ']))
    await rows.first().click()
    const panel = s.page.getByTestId('company-panel')
    await poll(() => panel.innerText()).toMatch(/覆盖研报 \(3\)/)
    expect(await panel.innerText()).toContain('002230 CH')
    await panel.getByRole('button', { name: '关闭' }).click()
    // the quick search matches the other language too: "iFlytek" in the Chinese UI
    await s.page.getByPlaceholder('快速搜索…').fill('iFlytek')
    await poll(() => rows.count()).toBe(3)
  })

  it("reads Microsoft's FY23E P/E 28.6 from the valuations grid", async () => {
    await s.page.getByRole('tab', { name: /^估值/ }).click()
    await s.page.getByPlaceholder('快速搜索…').fill('MSFT')
    const cell = s.page.locator('.ag-row:has([col-id=ticker])').first().locator('[col-id="pe:FY23E"]')
    await poll(() => cell.innerText()).toBe('28.6')
  })

  it('computes statistics over the filtered rows', async () => {
    const bar = s.page.getByTestId('filtered-stats')
    await poll(() => bar.locator('[data-stat=count]').innerText()).toBe('1')
    expect(await bar.locator('[data-stat=aggregate]').innerText()).toBe('28.6')
    await s.page.getByPlaceholder('快速搜索…').fill('招银国际')
    await poll(() => bar.locator('[data-stat=count]').innerText()).not.toBe('1')
  })

  it('exports the filtered grid to XLSX with numbers kept as numbers', async () => {
    await s.page.getByPlaceholder('快速搜索…').fill('MSFT')
    // the valuations grid filters in the engine: export once the filtered rows are on screen
    await poll(() => s.page.locator('.ag-row[row-index] [col-id=ticker]').allInnerTexts()).toEqual(['MSFT.US'])
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: '导出 Excel' }).click()])
    const file = join(tempDir(), 'v.xlsx')
    await download.saveAs(file)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    const ws = wb.worksheets[0]!
    const header = (ws.getRow(1).values as unknown[]).map(String)
    expect(ws.rowCount).toBe(2)
    const col = header.indexOf('FY23E') // first FY23E column is P/E
    expect(col).toBeGreaterThan(0)
    expect(ws.getRow(2).getCell(col).value).toBe(28.6)
  })

  it('switches to English', async () => {
    await s.page.getByRole('button', { name: 'English' }).click()
    await poll(() => s.page.getByRole('tab', { name: /^Valuations/ }).count()).toBe(1)
    await s.page.getByRole('tab', { name: /^Reports/ }).click()
    await poll(() => s.page.locator('thead').first().innerText()).toContain('Institution')
    expect(s.errors).toEqual([])
  })
})
