/**
 * The keyboard, in real Chromium against `npm run serve`, in the Chinese UI: arrows move between
 * the coverage grid's cells, Enter on a row opens the company panel (as a click does), Esc closes
 * it and the focus stays in the grid; Esc closes the history panel; Ctrl+F goes to the page's
 * quick search (coverage and valuations), not the browser's find; an Esc in a dialog (or in a
 * column menu) closes only that, not the panel underneath.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })

describe.skipIf(e2eSkipped)('keyboard: Enter, Esc, Ctrl+F', () => {
  let s: Session
  const page = () => s.page
  const panel = () => page().getByTestId('company-panel')
  const cell = (row: number, col: string) => page().locator(`.ag-row[row-index="${row}"] [col-id="${col}"]`)
  const focused = () => page().evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    const c = el?.closest('.ag-cell')
    return { rowIndex: c?.closest('.ag-row')?.getAttribute('row-index') ?? null, colId: c?.getAttribute('col-id') ?? null, tag: el?.tagName ?? null, cls: el?.className ?? '' }
  })

  beforeAll(async () => {
    s = await startSession()
    await s.page.getByRole('tab', { name: /^覆盖/ }).click()
    await s.page.locator('.ag-row[row-index="5"] [col-id=ticker]').waitFor()
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('Enter on a focused cell opens the company panel; Esc closes it, the focus stays in the grid', async () => {
    // a click on row 0 opens its panel; Esc closes it and leaves the cell focused
    await cell(0, 'ticker').click()
    await poll(() => panel().count()).toBe(1)
    await page().keyboard.press('Escape')
    await poll(() => panel().count()).toBe(0)
    await poll(focused).toMatchObject({ rowIndex: '0', colId: 'ticker' })

    // arrows move between cells (AG Grid's own), Enter opens the row under the focus
    await page().keyboard.press('ArrowDown')
    await page().keyboard.press('ArrowDown')
    await page().keyboard.press('ArrowLeft')
    await poll(focused).toMatchObject({ rowIndex: '2', colId: 'company' })
    const name = (await cell(2, 'company').innerText()).trim()
    const ticker = (await cell(2, 'ticker').innerText()).trim()
    await page().keyboard.press('Enter')
    await poll(() => panel().count()).toBe(1)
    await poll(() => panel().locator('h3').innerText()).toBe(name)
    await poll(() => panel().innerText()).toContain(ticker === '未上市' ? name : ticker)
    await page().keyboard.press('Escape')
    await poll(() => panel().count()).toBe(0)
    await poll(focused).toMatchObject({ rowIndex: '2', colId: 'company' })
  })

  it('Esc closes the panel even with the focus inside it, and gives the focus back to the grid', async () => {
    await page().keyboard.press('Enter')
    await poll(() => panel().count()).toBe(1)
    await panel().getByRole('button', { name: '关闭' }).focus()
    await page().keyboard.press('Escape')
    await poll(() => panel().count()).toBe(0)
    await poll(focused).toMatchObject({ rowIndex: '2', colId: 'company' })
  })

  it('Esc closes the history panel', async () => {
    await page().getByRole('button', { name: '历史' }).click()
    await poll(() => page().getByTestId('history-panel').count()).toBe(1)
    await page().keyboard.press('Escape')
    await poll(() => page().getByTestId('history-panel').count()).toBe(0)
  })

  it('Ctrl+F focuses the quick search of the page (coverage, valuations)', async () => {
    await cell(1, 'ticker').click()
    await poll(() => panel().count()).toBe(1)
    await page().keyboard.press('Control+f')
    await poll(() => page().evaluate(() => (document.activeElement as HTMLInputElement | null)?.placeholder)).toBe('快速搜索…')
    // typing goes to the search, the panel stays
    await page().keyboard.type('讯飞')
    await poll(() => page().getByPlaceholder('快速搜索…').inputValue()).toBe('讯飞')
    expect(await panel().count()).toBe(1)
    await page().getByPlaceholder('快速搜索…').fill('')

    await page().getByRole('tab', { name: /^估值/ }).click()
    // the coverage grid has ticker rows too: the rows counted and clicked are the valuations page's
    await page().locator('.valuations-page').waitFor()
    await poll(() => page().locator('.ag-row[row-index] [col-id=ticker]').count()).toBeGreaterThan(5)
    await page().locator('.ag-row[row-index="0"] [col-id=ticker]').click()
    await page().keyboard.press('Control+f')
    await poll(() => page().evaluate(() => document.activeElement?.classList.contains('search') && !!document.activeElement.closest('main'))).toBe(true)
    await page().keyboard.press('Escape')
    await page().getByRole('tab', { name: /^覆盖/ }).click()
    await poll(() => page().getByRole('tab', { name: /^覆盖/, selected: true }).count()).toBe(1)
    await poll(() => page().locator('.valuations-page').count()).toBe(0)
    await poll(() => page().locator('.ag-row[row-index] [col-id=ticker]').count()).toBeGreaterThan(5)
  })

  it('Esc in a dialog closes only the dialog, not the company panel underneath', async () => {
    await cell(0, 'company').click()
    await poll(() => panel().count()).toBe(1)
    await page().getByTestId('backups-button').click()
    const dialog = page().getByTestId('backup-panel')
    await dialog.waitFor()
    await page().keyboard.press('Escape')
    await poll(() => dialog.count()).toBe(0)
    expect(await panel().count()).toBe(1)
    // and an Esc in a column menu closes only the menu
    await page().locator('.ag-header-cell[col-id=ticker]').hover()
    await page().locator('.ag-header-cell[col-id=ticker]').getByTestId('column-menu-button').click()
    await page().getByTestId('column-menu').waitFor()
    await page().keyboard.press('Escape')
    await poll(() => page().getByTestId('column-menu').count()).toBe(0)
    expect(await panel().count()).toBe(1)
    // and an Esc in the chain-node picker closes only the picker
    await panel().locator('.node-picker button.chips').click()
    await page().locator('.picker[role=dialog]').waitFor()
    await page().keyboard.press('Escape')
    await poll(() => page().locator('.picker[role=dialog]').count()).toBe(0)
    expect(await panel().count()).toBe(1)
    // the next Esc closes the panel
    await page().keyboard.press('Escape')
    await poll(() => panel().count()).toBe(0)
  })

  it('Alt+↓ on a focused header opens its column menu; arrows move in it, Esc closes it', async () => {
    await cell(0, 'ticker').click()
    await poll(() => panel().count()).toBe(1)
    await page().keyboard.press('Escape')
    await poll(() => panel().count()).toBe(0)
    await poll(focused).toMatchObject({ rowIndex: '0', colId: 'ticker' })
    // up from row 0 to the header
    await page().keyboard.press('ArrowUp')
    await poll(() => page().evaluate(() => document.activeElement?.closest('.ag-header-cell')?.getAttribute('col-id'))).toBe('ticker')
    await page().keyboard.press('Alt+ArrowDown')
    const menu = page().getByTestId('column-menu')
    await menu.waitFor()
    await poll(() => page().evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('filter')
    await page().keyboard.press('ArrowDown')
    await poll(() => page().evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('pinLeft')
    await page().keyboard.press('Escape')
    await poll(() => menu.count()).toBe(0)
    await poll(() => page().evaluate(() => document.activeElement?.closest('.ag-header-cell')?.getAttribute('col-id'))).toBe('ticker')
    expect(s.errors).toEqual([])
  })
})
