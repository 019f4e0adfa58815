/**
 * The import wizard in real Chromium against `npm run serve`: upload a small UTF-8 CSV (three
 * bundled securities, one new company, a row with `abc` in the price column, a `数据来源：Wind`
 * footer), see the counts, the rejected row and its reason, fix the cell, confirm the new
 * security, import, find the rows on the valuations page filtered by the new report, and undo
 * the whole import with Ctrl+Z. Then paste a table copied out of a PDF, correct a column's
 * meaning and save the mapping as a preset; and the same file again in English (skip the bad
 * row, add to an existing report, the duplicate warning, undo from the History panel), and an
 * XLSX workbook whose table is on its second sheet.
 * Screenshots of every step, both languages, go to /tmp/shots/import-*.png.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../helpers/apiCall'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 })
const FIXTURES = join(__dirname, '../fixtures/import')
const SHOTS = '/tmp/shots'

/**
 * A valuation table as pdftotext prints it (seed report 000, figure 19): the header block, then
 * three rows copied from the seed when it is beside the checkout, else rows of the same shape.
 */
function pastedTable(): string {
  const head = ['    收市价 ', '', '(LC) ', '', '市值 ', '', '(百万美元) ', '', 'P/E (x) P/S (x) ', '', '公司 代码 FY22E FY23E FY24E FY22E FY23E FY24E ', '']
  let rows = ['微软 MSFT US 250.0 1,900,000 27.0 26.0 24.0 10.0 9.0 8.0 ', '谷歌 GOOG US 100.0 1,200,000 19.0 17.0 15.0 5.0 4.5 4.0 ', 'Nvidia NVDA US 200.0 500,000 50.0 60.0 50.0 20.0 19.0 18.0 ']
  const dir = join(__dirname, '../../../shared/seeds')
  const seed = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith('000_')) : undefined
  if (seed) {
    const lines = readFileSync(join(dir, seed), 'utf8').split('\n')
    const at = lines.findIndex((l) => l.includes('MSFT US'))
    if (at > 0) rows = [lines[at]!, lines[at + 2]!, lines[at + 4]!]
  }
  return [...head, rows[0], '', rows[1], '', rows[2], ''].join('\n')
}

describe.skipIf(e2eSkipped)('import wizard (real Chromium)', () => {
  let s: Session
  const page = () => s.page

  const call = apiCaller(() => s.url)

  /**
   * A 1280×800 screenshot with `section` scrolled into view, and with `full` one of the whole page
   * at 1280 wide (the window made as tall as the page for a moment).
   */
  async function shot(name: string, section?: string, full = false) {
    if (section) await page().getByTestId(section).evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await page().waitForTimeout(150)
    await page().screenshot({ path: `${SHOTS}/import-${name}.png` })
    if (!full) return
    const height = await page().evaluate(() => document.querySelector('main')!.scrollHeight + 48)
    await page().setViewportSize({ width: 1280, height: Math.min(height, 5000) })
    await page().waitForTimeout(300)
    await page().screenshot({ path: `${SHOTS}/import-${name}-full.png` })
    await page().setViewportSize({ width: 1280, height: 800 })
    await page().waitForTimeout(150)
  }

  const count = (k: string) => page().locator(`[data-testid=import-counts] [data-count=${k}] b`).innerText()
  const tickers = async () => (await page().locator('.ag-row[row-index] [col-id=ticker]').allInnerTexts()).map((x) => x.trim()).filter(Boolean).sort()
  const noBadText = async () => {
    const text = await page().locator('main').innerText()
    expect(text).not.toMatch(/NaN|undefined|\[object|null/)
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    s = await startSession()
    await s.page.setViewportSize({ width: 1280, height: 800 })
  })
  afterAll(async () => {
    await s?.stop()
  })

  let reportId = ''

  it('previews a CSV: counts, encoding, preset, the rejected row with its reason, the footer skipped', async () => {
    await page().getByRole('tab', { name: /^导入数据/ }).click()
    await page().getByTestId('import-source').waitFor()
    await shot('zh-1-source')
    await page().getByTestId('import-file').setInputFiles(join(FIXTURES, 'ui-basic.csv'))
    await poll(() => count('rows')).toBe('4')
    await poll(() => count('matched')).toBe('3')
    await poll(() => count('new')).toBe('1')
    await poll(() => count('rejected')).toBe('1')
    await poll(() => count('skipped')).toBe('1')
    await poll(() => page().getByTestId('import-encoding').innerText()).toContain('UTF-8')
    await poll(() => page().getByTestId('import-preset-used').innerText()).toContain('Wind')
    // the rejected row: source row 6, the price column, "abc", said in words
    const rejected = page().locator('[data-testid=import-rejected] tr[data-row="6"]')
    await poll(() => rejected.innerText()).toContain('不是数字')
    await poll(() => rejected.innerText()).toContain('abc')
    await poll(() => rejected.innerText()).toContain('股价')
    // the grid: resolved ids, the new security's badge, warnings in words
    const grid = page().getByTestId('import-rows')
    await poll(() => grid.locator('.ag-row').count()).toBe(4)
    await poll(() => grid.innerText()).toContain('002230.SZ')
    await poll(() => grid.innerText()).toContain('0700.HK')
    await poll(() => grid.getByTestId('new-badge').innerText()).toContain('688999.SH')
    await poll(() => grid.innerText()).toContain('纯字母代码，按美股处理')
    // the footer row is listed (collapsed) with its reason
    const skipped = page().getByTestId('import-skipped')
    await skipped.locator('summary').click()
    await poll(() => skipped.innerText()).toContain('脚注')
    await poll(() => skipped.innerText()).toContain('数据来源：Wind')
    await noBadText()
    await shot('zh-2-preview', 'import-preview', true)
  })

  it('fixes the bad cell, confirms the new security and imports; the result says what was written', async () => {
    const fix = page().getByLabel('修正为: 行 6')
    await fix.fill('19.50')
    await fix.press('Enter')
    await poll(() => count('rejected')).toBe('0')
    await poll(() => count('rows')).toBe('5')
    await poll(() => page().getByTestId('import-fixes').innerText()).toContain('已修正 1 处')
    // the import waits for the decision on the new security
    const button = page().getByTestId('import-commit-button')
    await poll(() => page().getByTestId('import-pending').innerText()).toContain('1 行是新证券')
    await poll(() => button.isDisabled()).toBe(true)
    await poll(() => page().getByTestId('target-institution').inputValue()).toBe('万得 Wind')
    await poll(() => page().getByTestId('target-title').inputValue()).toBe('ui-basic')
    await page().getByTestId('create-new').check()
    await poll(() => page().getByTestId('import-pending').count()).toBe(0)
    await shot('zh-3-commit', 'import-commit', true)
    await button.click()
    const result = page().getByTestId('import-result')
    await poll(() => page().getByTestId('result-rows').innerText()).toBe('5')
    await poll(() => page().getByTestId('result-created').innerText()).toBe('1')
    await poll(() => result.innerText()).toContain('Ctrl+Z')
    await poll(() => result.getAttribute('data-report')).toMatch(/^u-/)
    reportId = (await result.getAttribute('data-report'))!
    expect(reportId).toMatch(/^u-/)
    const past = page().locator('[data-testid=import-past] tr[data-state]').first()
    await poll(() => past.innerText()).toContain('ui-basic.csv')
    await poll(() => past.innerText()).toContain('已生效')
    const [latest] = (await call('import.list', {})).imports
    expect(latest).toMatchObject({ fileName: 'ui-basic.csv', rows: 5, state: 'applied', reportId })
    await noBadText()
    await shot('zh-4-result')
  })

  it('shows the imported rows on the valuations page filtered by the new report, and Ctrl+Z removes them', async () => {
    await page().getByTestId('open-valuations').click()
    await poll(tickers).toEqual(['002230.SZ', '0700.HK', '300229.SZ', '688999.SH', 'MSFT.US'])
    await shot('zh-5-valuations')
    // Ctrl+Z outside a text field undoes the whole import as one step
    await page().locator('.topbar .brand').click()
    await page().keyboard.press('Control+z')
    await poll(() => page().getByTestId('notices').innerText()).toContain('已撤销：导入 ui-basic.csv（5 行）')
    await poll(async () => (await call('import.list', {})).imports[0]?.state).toBe('undone')
    expect((await call('reports.list', {})).some((r) => r.id === reportId)).toBe(false)
    await poll(async () => (await call('valuations.page', { reportId, limit: 10 })).total).toBe(0)
    await page().getByRole('tab', { name: /^导入数据/ }).click()
    const past = page().locator('[data-testid=import-past] tr[data-state]').first()
    await poll(() => past.getAttribute('data-state')).toBe('undone')
    await poll(() => past.innerText()).toContain('已撤销')
  })

  it('previews a table pasted from a PDF, corrects a column and saves the mapping as a preset', async () => {
    await page().getByRole('radio', { name: '粘贴表格' }).click()
    await page().getByTestId('import-paste').fill(pastedTable())
    await page().getByTestId('import-preview-paste').click()
    await poll(() => count('rows')).toBe('3')
    await poll(() => count('matched')).toBe('3')
    const grid = page().getByTestId('import-rows')
    await poll(() => grid.innerText()).toContain('MSFT.US')
    // one column per metric and basis
    for (const col of ['pe:FY22E', 'pe:FY24E', 'ps:FY23E']) await poll(() => grid.locator(`.ag-header-cell[col-id="${col}"]`).count()).toBe(1)
    // the closing price column (收市价, local currency) is read as the price
    await poll(() => page().getByLabel('含义: 收市价 (LC)').inputValue()).toBe('price')
    await poll(() => grid.locator('.ag-row [col-id=price]').first().innerText()).not.toBe('—')
    // the analyst leaves the P/S FY24E column out: a correction the preset will remember
    await page().getByLabel('含义: P/S (x) FY24E').selectOption('ignore')
    await poll(() => grid.locator('.ag-header-cell[col-id="ps:FY24E"]').count()).toBe(0)
    await poll(() => page().getByTestId('import-mapping').innerText()).toContain('已修改')
    await shot('zh-6-paste', 'import-preview', true)
    await page().getByTestId('import-save-preset').click()
    const dialog = page().getByTestId('save-preset-dialog')
    await dialog.getByLabel('预设名称').fill('招银 PDF 表')
    await shot('zh-7-save-preset')
    await dialog.getByRole('button', { name: '保存' }).click()
    await poll(() => dialog.count()).toBe(0)
    await poll(() => page().getByTestId('import-preset').inputValue()).toBe('user:招银-pdf-表')
    // the saved preset applies the correction by itself
    await poll(() => page().getByTestId('import-preset-used').innerText()).toContain('招银 PDF 表')
    await poll(() => grid.locator('.ag-row [col-id=price]').first().innerText()).not.toBe('—')
    expect(await grid.locator('.ag-header-cell[col-id="ps:FY24E"]').count()).toBe(0)
    expect((await call('import.presets', {})).presets.some((p) => p.nameZh === '招银 PDF 表')).toBe(true)
    await page().getByTestId('import-clear').click()
    await page().getByTestId('import-preset').selectOption('')
  })

  it('uses an existing security for a row instead of creating one; the engine refuses a duplicate row until it is skipped', async () => {
    await page().getByRole('radio', { name: '文件' }).click()
    await page().getByTestId('import-file').setInputFiles(join(FIXTURES, 'ui-suggest.csv'))
    await poll(() => count('rows')).toBe('2')
    await poll(() => count('new')).toBe('1')
    // row 3 prints no code, only 讯飞: proposed as a new company, with 科大讯飞 as a suggestion
    const choice = page().getByLabel('证券: 行 3')
    await choice.selectOption('002230.SZ')
    await poll(() => page().getByTestId('create-new').count()).toBe(0)
    const institution = page().getByTestId('target-institution')
    if (!(await institution.inputValue())) await institution.fill('测试机构')
    await poll(() => page().getByTestId('import-pending').count()).toBe(0)
    // both rows are now 科大讯飞 for the same date: the engine says which row needs a decision
    await page().getByTestId('import-commit-button').click()
    await poll(() => page().getByTestId('import-error').innerText()).toContain('还有 1 行需要处理，未写入任何内容')
    await poll(() => page().getByTestId('import-error').innerText()).toContain('第 3 行，同一证券同一日期出现两次')
    await shot('zh-8-needs-decision', 'import-commit')
    expect((await call('import.list', {})).imports[0]?.fileName).not.toBe('ui-suggest.csv')
    await page().getByLabel('跳过此行 3', { exact: true }).check()
    await poll(() => page().getByTestId('import-error').count()).toBe(0)
    await page().getByTestId('import-commit-button').click()
    await poll(() => page().getByTestId('result-rows').innerText()).toBe('1')
    await poll(() => page().getByTestId('result-created').innerText()).toBe('0')
    await poll(() => page().getByTestId('result-left-out').innerText()).toBe('1')
    await page().locator('.topbar .brand').click()
    await page().keyboard.press('Control+z')
    await poll(async () => (await call('import.list', {})).imports[0]).toMatchObject({ fileName: 'ui-suggest.csv', state: 'undone' })
    await page().getByTestId('import-another').click()
  })

  it('in English: skips the bad row, adds to an existing report, warns on a duplicate, undone from History', async () => {
    await page().getByRole('button', { name: 'English' }).click()
    await poll(() => page().getByRole('tab', { name: /^Import/ }).count()).toBe(1)
    await page().getByRole('radio', { name: 'File' }).click()
    await shot('en-1-source')
    await page().getByTestId('import-file').setInputFiles(join(FIXTURES, 'ui-basic.csv'))
    await poll(() => count('rows')).toBe('4')
    const rejected = page().locator('[data-testid=import-rejected] tr[data-row="6"]')
    await poll(() => rejected.innerText()).toContain('not a number')
    await poll(() => page().getByTestId('import-rows').innerText()).toContain('letters-only code taken as a US listing')
    await noBadText()
    await shot('en-2-preview', 'import-preview', true)
    await page().getByTestId('skip-all-rejected').check()
    await page().getByTestId('create-new').check()
    await page().getByRole('radio', { name: 'An existing report' }).click()
    const bundled = (await call('reports.list', {})).find((r) => r.origin === 'bundled')!
    await page().getByTestId('target-report').selectOption(bundled.id)
    await poll(() => page().getByTestId('import-pending').count()).toBe(0)
    await shot('en-3-commit', 'import-commit', true)
    await page().getByTestId('import-commit-button').click()
    await poll(() => page().getByTestId('result-rows').innerText()).toBe('4')
    await poll(() => page().getByTestId('result-left-out').innerText()).toBe('1')
    await poll(() => page().getByTestId('import-result').getAttribute('data-report')).toBe(bundled.id)
    await shot('en-4-result')

    // the same file again, dropped on the page: the wizard says it was imported, and refuses until told
    await page().getByTestId('import-another').click()
    const dropped = await page().evaluateHandle((text) => {
      const dt = new DataTransfer()
      dt.items.add(new File([text], 'ui-basic.csv', { type: 'text/csv' }))
      return dt
    }, readFileSync(join(FIXTURES, 'ui-basic.csv'), 'utf8'))
    await page().getByTestId('import-page').dispatchEvent('drop', { dataTransfer: dropped })
    await poll(() => page().getByTestId('import-duplicate').innerText()).toMatch(/This file was imported on \d{4}-\d\d-\d\d \d\d:\d\d \(import #\d+, 4 rows, applied\)/)
    await poll(() => page().getByTestId('import-pending').innerText()).toContain('import again anyway')
    await shot('en-5-duplicate', 'import-preview', true)

    // undo from the History panel
    await page().getByRole('button', { name: 'History' }).click()
    const undo = page().getByTestId('history-panel').getByTestId('undo-button')
    await poll(() => undo.innerText()).toContain('Import ui-basic.csv (4 rows)')
    await shot('en-6-history')
    await undo.click()
    await poll(async () => (await call('import.list', {})).imports[0]?.state).toBe('undone')
    // nothing applied any more: the duplicate warning goes once the preview is run again
    await page().getByTestId('import-preview-again').click()
    await poll(() => page().getByTestId('import-duplicate').count()).toBe(0)
  })

  it('reads an XLSX workbook and lets the analyst pick the sheet that holds the table', async () => {
    await page().getByTestId('import-clear').click()
    await page().getByTestId('import-file').setInputFiles(join(FIXTURES, 'ui-sheets.xlsx'))
    const sheet = page().getByTestId('import-sheet')
    await poll(() => sheet.count()).toBe(1)
    await poll(() => page().getByTestId('import-summary').innerText()).toContain('Excel workbook')
    if ((await sheet.inputValue()) !== '估值') await sheet.selectOption('估值')
    await poll(() => sheet.inputValue()).toBe('估值')
    await poll(() => count('rows')).toBe('2')
    await poll(() => count('matched')).toBe('2')
    const grid = page().getByTestId('import-rows')
    await poll(() => grid.innerText()).toContain('0700.HK')
    await noBadText()
    await shot('en-7-xlsx', 'import-preview', true)
    // an old binary .xls is refused with what to do about it
    await page().getByTestId('import-file').setInputFiles(join(FIXTURES, 'ui-old.xls'))
    await poll(() => page().getByTestId('import-preview-error').innerText()).toContain('is an old binary Excel (.xls)')
    await poll(() => page().getByTestId('import-preview-error').innerText()).toContain('save it as .xlsx or CSV')
    expect(await page().getByTestId('import-commit').count()).toBe(0)
    await shot('en-8-binary-xls')
    expect(s.errors).toEqual([])
  })
})
