/**
 * AG Grid speaks the UI's language: in the Chinese UI its filter popups and overlays are the
 * official Chinese locale's (with the workbench's 筛选 for "filter"), none of its English; after
 * the language switch they are English. A column filter survives the switch (the grid is
 * re-created for the new texts, the filter is handed to the new grid).
 */
import { mkdirSync } from 'node:fs'
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })
const ENGLISH = ['Contains', 'Filter...', 'No Matching Rows', 'No Rows To Show', 'Loading...', 'Apply', 'Reset']
const SHOTS = '/tmp/shots'

describe.skipIf(e2eSkipped)('AG Grid texts follow the UI language', () => {
  let s: Session
  const total = () => s.page.getByTestId('valuations-total').innerText()
  // the grid's own text, without a cell tooltip the pointer may have left open (its provenance
  // quotes the printed Chinese caption, which is data)
  const gridText = async () => {
    await s.page.mouse.move(1, 1)
    await poll(() => s.page.locator('.ag-tooltip, .ag-tooltip-custom').count()).toBe(0)
    return s.page.locator('.ag-root-wrapper').innerText()
  }
  const header = () => s.page.locator('.ag-header-cell[col-id="pe:FY23E"]')
  const openFilter = async () => {
    await header().hover()
    await header().locator('.ag-header-cell-filter-button').click()
    const popup = s.page.locator('.ag-filter')
    await popup.waitFor()
    return popup
  }
  /** the texts a user reads in the filter popup: its words, its buttons, the input's placeholder */
  const popupWords = async () => {
    const popup = s.page.locator('.ag-filter')
    const placeholders = await popup.locator('input').evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).placeholder))
    return `${await popup.innerText()}\n${placeholders.join('\n')}`
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    s = await startSession()
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('Chinese UI: the filter popup and the empty-result overlay are in Chinese', async () => {
    await s.page.getByRole('tab', { name: /^估值/ }).click()
    await poll(() => s.page.locator('.ag-row[row-index] [col-id=ticker]').count()).toBeGreaterThan(5)
    // the count comes with its own request: read it once it is a count, not the loading text
    await poll(total).toMatch(/^共 [\d,]+ 行$/)
    const all = await total()

    // a search that matches nothing: the grid's own overlay
    await s.page.getByPlaceholder('快速搜索…').fill('zzzz-无此公司-zzzz')
    await poll(total).toBe('共 0 行')
    const overlay = s.page.locator('.ag-overlay-no-rows-center, .ag-overlay-no-rows-wrapper, .ag-overlay')
    await poll(() => overlay.first().innerText()).toMatch(new RegExp(`${AG_GRID_LOCALE_CN.noRowsToShow}|${AG_GRID_LOCALE_CN.noMatchingRows}`))
    for (const w of ENGLISH) expect(await gridText()).not.toContain(w)
    await s.page.screenshot({ path: `${SHOTS}/locale-zh-overlay.png` })
    await s.page.getByPlaceholder('快速搜索…').fill('')
    await poll(total).toBe(all)

    // the multiple's number filter: options, placeholder and buttons in Chinese
    const popup = await openFilter()
    // AG Grid fills the popup once its filter component is made
    await poll(popupWords).toContain('筛选') // the input's placeholder: 筛选...
    await poll(popupWords).toContain('应用')
    await poll(popupWords).toContain('重置')
    const words = await popupWords()
    expect(words).toContain('筛选')
    expect(words).toContain('应用')
    expect(words).toContain('重置')
    await poll(() => popup.locator('.ag-picker-field-display').first().innerText()).toMatch(/[\u4e00-\u9fff]/)
    for (const w of ENGLISH) expect(words).not.toContain(w)
    expect(words).not.toContain('过滤')
    await s.page.screenshot({ path: `${SHOTS}/locale-zh.png` })
    // the options list of the popup is Chinese too (this column offers ≥, ≤ and a range)
    await popup.locator('.ag-picker-field-wrapper').first().click()
    const listed = async () => (await s.page.locator('.ag-select-list').innerText()).split('\n').map((x) => x.trim())
    await poll(listed).toEqual(expect.arrayContaining([AG_GRID_LOCALE_CN.inRange, AG_GRID_LOCALE_CN.greaterThanOrEqual]))
    const options = await listed()
    expect(options).toEqual(expect.arrayContaining([AG_GRID_LOCALE_CN.inRange, AG_GRID_LOCALE_CN.greaterThanOrEqual]))
    expect(options.join()).not.toMatch(/Between|Greater than|Less than/)
    await s.page.keyboard.press('Escape')

    // leave a filter on: it must outlive the switch to English
    await popup.locator('input').first().fill('30')
    await popup.getByRole('button', { name: '应用' }).click()
    await poll(total).not.toBe(all)
    await s.page.keyboard.press('Escape')
  })

  it('English UI: the same popup and overlay in English, the column filter kept', async () => {
    // the count of the filtered rows, once the grid shows one (not a loading text)
    let filtered = ''
    await poll(async () => (filtered = (await total()).replace(/\D/g, ''))).not.toBe('')
    await s.page.getByRole('button', { name: 'English' }).click()
    await poll(() => s.page.getByRole('tab', { name: /^Valuations/ }).count()).toBe(1)
    await poll(() => s.page.locator('.ag-row[row-index] [col-id=ticker]').count()).toBeGreaterThan(0)
    await poll(total).toMatch(new RegExp(`^${filtered} rows$`))

    const popup = await openFilter()
    await poll(() => popup.locator('input').first().inputValue()).toBe('30')
    await poll(popupWords).toContain('Filter...')
    await poll(popupWords).toContain('Apply')
    await poll(popupWords).toContain('Reset')
    const words = await popupWords()
    expect(words).toContain('Filter...')
    expect(words).toContain('Apply')
    expect(words).toContain('Reset')
    expect(words).not.toMatch(/[\u4e00-\u9fff]/)
    await s.page.screenshot({ path: `${SHOTS}/locale-en.png` })
    await popup.getByRole('button', { name: 'Reset' }).click()
    await s.page.keyboard.press('Escape')

    await s.page.getByPlaceholder(/Quick search/i).fill('zzzz-no-such-company-zzzz')
    await poll(total).toBe('0 rows')
    const overlay = s.page.locator('.ag-overlay')
    await poll(() => overlay.first().innerText()).toMatch(/No Rows To Show|No Matching Rows/)
    expect(await gridText()).not.toMatch(/[\u4e00-\u9fff]/)
    await s.page.getByPlaceholder(/Quick search/i).fill('')
  })

  it('the coverage grid (client-side DataGrid) offers its text filter in the UI language', async () => {
    // English now; back to Chinese and the text filter of a client-side grid says 包含
    await s.page.getByRole('button', { name: '中文' }).click()
    await poll(() => s.page.getByRole('tab', { name: /^覆盖/ }).count()).toBe(1)
    await s.page.getByRole('tab', { name: /^覆盖/ }).click()
    // the valuations grid being left has a ticker column too: the coverage page first
    await poll(() => s.page.getByRole('tab', { name: /^覆盖/, selected: true }).count()).toBe(1)
    await poll(() => s.page.locator('.valuations-page').count()).toBe(0)
    const head = s.page.locator('.ag-header-cell[col-id=ticker]')
    await head.waitFor()
    await head.hover()
    await head.locator('.ag-header-cell-filter-button, .ag-header-cell-menu-button').first().click()
    const popup = s.page.locator('.ag-filter, .ag-menu').first()
    await popup.waitFor()
    await poll(() => popup.innerText()).toContain(AG_GRID_LOCALE_CN.contains)
    expect(await popup.innerText()).not.toContain('Contains')
    await s.page.keyboard.press('Escape')
    expect(s.errors).toEqual([])
  })
})
