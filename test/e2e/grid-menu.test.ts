/**
 * The grids' column menu, columns chooser and collapsible groups, in real Chromium against
 * `npm run serve`, in the Chinese UI: a column's menu pins it (its header moves to the pinned
 * container), hides it (gone) and the chooser brings it back, autosizes it; coverage grouped by
 * report collapses one group (its rows vanish, its row "▸ name (count)" stays, counts follow the
 * quick search) and expands again. None of AG Grid's English menu words show (AG_GRID_LOCALE_CN
 * is the reference for the items AG Grid also has). Screenshots at 1280×800 in zh, en and dark.
 */
import { mkdirSync } from 'node:fs'
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportChip } from '../../shared/bundledText'
import { apiCaller } from '../helpers/apiCall'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })
const SHOTS = process.env.GRID_SHOTS ?? '/tmp/shots-grid'
/** AG Grid's own (Enterprise) column-menu words in English: none may show in the Chinese UI */
const ENGLISH = ['Pin Column', 'Pin Left', 'Pin Right', 'No Pin', 'Autosize', 'Reset Columns', 'Choose Columns', 'Filter', 'Hide', 'Columns', 'Collapse', 'Expand']

describe.skipIf(e2eSkipped)('column menu, columns chooser and collapsible groups', () => {
  let s: Session
  const call = apiCaller(() => s.url)
  const page = () => s.page
  const header = (col: string) => page().locator(`.ag-header-cell[col-id="${col}"]`)
  const menu = () => page().getByTestId('column-menu')
  const openMenu = async (col: string) => {
    await header(col).hover()
    await header(col).getByTestId('column-menu-button').click()
    await menu().waitFor()
    return menu()
  }
  const item = (action: string) => menu().locator(`[data-action="${action}"]`)
  const noEnglish = (text: string) => {
    for (const w of ENGLISH) expect(text, `"${w}" in: ${text}`).not.toContain(w)
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    s = await startSession()
    await s.page.setViewportSize({ width: 1280, height: 800 })
    await s.page.getByRole('tab', { name: /^覆盖/ }).click()
    await s.page.locator('.ag-row[row-index="5"] [col-id=ticker]').waitFor()
  })
  afterAll(async () => {
    await s?.stop()
  })

  it("offers the column's menu in Chinese: filter, pin, autosize, hide, choose, reset", async () => {
    const m = await openMenu('ticker')
    const text = await m.innerText()
    for (const w of [AG_GRID_LOCALE_CN.pinLeft, AG_GRID_LOCALE_CN.pinRight, AG_GRID_LOCALE_CN.noPin, AG_GRID_LOCALE_CN.autosizeThisColumn, AG_GRID_LOCALE_CN.autosizeAllColumns, AG_GRID_LOCALE_CN.resetColumns])
      expect(text).toContain(w)
    expect(text).toContain('筛选')
    expect(text).toContain('隐藏')
    expect(text).not.toContain('过滤')
    noEnglish(text)
    expect(await item('noPin').getAttribute('aria-checked')).toBe('true')
    await page().screenshot({ path: `${SHOTS}/menu-zh.png` })
    // Esc closes the menu and nothing else
    await page().keyboard.press('Escape')
    await poll(() => menu().count()).toBe(0)
    // a right click on a header opens its menu too
    await header('stance').click({ button: 'right' })
    await menu().waitFor()
    expect(await menu().getAttribute('aria-label')).toContain('观点')
    await page().keyboard.press('Escape')
    await poll(() => menu().count()).toBe(0)
  })

  it('the menu\'s filter item opens AG Grid\'s filter popup for the column', async () => {
    await openMenu('market')
    await item('filter').click()
    const popup = page().locator('.ag-filter')
    await popup.waitFor()
    // AG Grid fills the popup once its filter component is made
    await poll(() => popup.innerText()).toContain(AG_GRID_LOCALE_CN.contains)
    await page().keyboard.press('Escape')
    await poll(() => popup.count()).toBe(0)
  })

  it('pins a column left (its header and cells move to the pinned container), then unpins it', async () => {
    await openMenu('ticker')
    await item('pinLeft').click()
    await poll(() => page().locator('.ag-grid-pinned-left-cells .ag-header-cell[col-id=ticker]').count()).toBe(1)
    await poll(() => page().locator('.ag-row[row-index="0"] .ag-grid-pinned-left-cells [col-id=ticker]').count()).toBe(1)
    await openMenu('ticker')
    await poll(() => item('pinLeft').getAttribute('aria-checked')).toBe('true')
    await item('pinRight').click()
    await poll(() => page().locator('.ag-grid-pinned-right-cells .ag-header-cell[col-id=ticker]').count()).toBe(1)
    await openMenu('ticker')
    await item('noPin').click()
    await poll(() => page().locator('.ag-grid-pinned-left-cells .ag-header-cell[col-id=ticker], .ag-grid-pinned-right-cells .ag-header-cell[col-id=ticker]').count()).toBe(0)
    await poll(() => header('ticker').count()).toBe(1)
  })

  it('hides a column, and the columns chooser brings it back', async () => {
    await openMenu('market')
    await item('hide').click()
    await poll(() => header('market').count()).toBe(0)
    await poll(() => page().locator('.ag-row[row-index] [col-id=market]').count()).toBe(0)
    const button = page().getByTestId('columns-button')
    await poll(() => button.innerText()).toMatch(/^列\s*1$/)
    await button.click()
    const chooser = page().getByTestId('column-chooser')
    await chooser.waitFor()
    noEnglish(await chooser.innerText())
    const box = chooser.locator('input[data-col=market]')
    expect(await box.isChecked()).toBe(false)
    expect(await chooser.locator('input[data-col=ticker]').isChecked()).toBe(true)
    await chooser.hover() // not over a cell: no cell tooltip in the picture
    await page().screenshot({ path: `${SHOTS}/chooser-zh.png` })
    await box.check()
    await poll(() => header('market').count()).toBe(1)
    await poll(() => button.innerText().then((x) => x.trim())).toBe('列')
    await page().keyboard.press('Escape')
    await poll(() => chooser.count()).toBe(0)
    // the saved column state has it shown again
    const hiddenSaved = async () => JSON.parse((await call('prefs.get', { key: 'grid:coverage:columns' })).value ?? '[]').find((c: { colId: string }) => c.colId === 'market')?.hide
    await poll(hiddenSaved).toBe(false)
  })

  it('autosizes a column to its contents, and all columns', async () => {
    const width = () => header('report').evaluate((e) => e.getBoundingClientRect().width)
    const before = await width()
    await openMenu('report')
    await item('autosize').click()
    await poll(width).not.toBe(before)
    // the report column holds "institution · title date": wider than its 210 px
    await poll(width).toBeGreaterThan(before)
    // the layer column (170 px) holds short names: autosizing all columns narrows it
    const layer = () => header('layer').evaluate((e) => e.getBoundingClientRect().width)
    const layerBefore = await layer()
    await openMenu('ticker')
    await item('autosizeAll').click()
    await poll(layer).not.toBe(layerBefore)
    // reset: back to the widths of the definitions
    await openMenu('ticker')
    await item('resetColumns').click()
    await poll(width).toBe(before)
  })

  it('groups coverage by report; one group collapses to its row with the count and expands again', async () => {
    // the group of a row is its report's chip ("institution · short title"), as the report column shows it
    const reports = await call('reports.list', {})
    const rows = await call('coverage.list', {})
    const chip = new Map(reports.map((r) => [r.id, reportChip(r, 'zh')]))
    const byReport = new Map<string, number>()
    for (const r of rows) byReport.set(chip.get(r.reportId)!, (byReport.get(chip.get(r.reportId)!) ?? 0) + 1)
    await page().locator('.group-select select').selectOption('report')
    await page().locator('[data-testid=group-cell]').first().waitFor()
    // the first group shown is the first report's
    const group = (await page().locator('.ag-row[row-index="0"] [col-id=report]').textContent())!.trim()
    const n = byReport.get(group)!
    expect(n, `${group} in ${[...byReport.keys()].join(' | ')}`).toBeGreaterThan(0)
    const cell = page().locator(`[data-testid=group-cell][data-group=${JSON.stringify(group)}]`)
    await poll(() => cell.innerText()).toContain(`(${n})`)
    const reportsShown = async () => (await page().locator('.ag-row[row-index] [col-id=report]').allTextContents()).map((x) => x.trim())
    const inGroup = async () => (await reportsShown()).filter((r) => r === group).length
    await poll(inGroup).toBeGreaterThan(0)

    // click the group cell: its rows vanish, its row with the count stays (and no company panel)
    await cell.click()
    const stub = page().locator(`[data-testid=group-row][data-group=${JSON.stringify(group)}]`)
    await poll(() => stub.count()).toBe(1)
    await poll(() => stub.innerText()).toContain(`(${n})`)
    await poll(() => stub.innerText()).toContain('▸')
    await poll(inGroup).toBe(0)
    expect(await page().getByTestId('company-panel').count()).toBe(0)
    noEnglish(await page().locator('.grid-wrap').innerText())
    await page().screenshot({ path: `${SHOTS}/collapsed-zh.png` })

    // counts follow the quick search, collapsed or not: the collapsed count is what expanding shows
    const search = page().getByPlaceholder('快速搜索…')
    await search.fill('科大讯飞')
    await poll(() => page().locator('.ag-row[row-index]:not(.wb-group-stub) [col-id=ticker]').count()).toBeGreaterThan(0)
    const shownCount = async () => (stub.count().then(async (c) => (c ? Number((await stub.innerText()).match(/\((\d+)\)/)![1]) : 0)))
    await poll(shownCount).toBeLessThan(n)
    const c = await shownCount()
    expect(c).toBeLessThan(n)
    // every expanded group's label counts its rows shown (read together, once the grid settled)
    const labelsVsRows = async () => {
      const out: { group: string; label: number; rows: number }[] = []
      for (const other of await page().locator('[data-testid=group-cell]').all()) {
        const k = (await other.getAttribute('data-group'))!
        const label = Number((await other.innerText()).match(/\((\d+)\)/)![1])
        out.push({ group: k, label, rows: (await reportsShown()).filter((r) => r === k).length })
      }
      return out
    }
    await poll(async () => (await labelsVsRows()).filter((x) => x.rows !== x.label)).toEqual([])
    if (c > 0) {
      await stub.click()
      await poll(inGroup).toBe(c)
      await poll(() => cell.innerText()).toContain(`(${c})`)
      await cell.click()
      await poll(() => stub.count()).toBe(1)
    }
    await search.fill('')
    await poll(() => stub.innerText()).toContain(`(${n})`)

    // Enter on the group's row expands it again (keyboard), the focus on the group's cell
    await stub.click()
    await poll(() => stub.count()).toBe(0)
    await poll(inGroup).toBeGreaterThan(0)
    await poll(() => cell.innerText()).toContain(`(${n})`)
    await page().keyboard.press('Enter')
    await poll(() => stub.count()).toBe(1)
    await page().keyboard.press(' ')
    await poll(() => stub.count()).toBe(0)
    expect(await page().getByTestId('company-panel').count()).toBe(0)

    // collapse all / expand all
    await page().getByTestId('collapse-all').click()
    await poll(() => page().locator('[data-testid=group-row]').count()).toBe(byReport.size)
    await poll(() => page().locator('.ag-row[row-index] [col-id=ticker]').count()).toBe(0)
    await page().getByTestId('expand-all').click()
    await poll(() => page().locator('[data-testid=group-row]').count()).toBe(0)
    await poll(() => page().locator('.ag-row[row-index] [col-id=ticker]').count()).toBeGreaterThan(5)
  })

  it('screenshots: English and the dark theme', async () => {
    await stubShots('zh-dark', true)
    await page().getByRole('button', { name: 'English' }).click()
    await poll(() => page().getByRole('tab', { name: /^Coverage/ }).count()).toBe(1)
    await stubShots('en-dark', false)
    await page().getByTestId('theme-button').click()
    await poll(() => page().evaluate(() => document.documentElement.dataset.theme)).toBe('light')
    await stubShots('en', false)
    const m = await openMenu('ticker')
    await poll(() => m.innerText()).toContain('Pin Left')
    expect(await m.innerText()).not.toMatch(/[\u4e00-\u9fff]/)
    await page().keyboard.press('Escape')
    await page().getByRole('button', { name: '中文' }).click()
    await poll(() => page().getByRole('tab', { name: /^覆盖/ }).count()).toBe(1)
    expect(s.errors).toEqual([])
  })

  /** the open column menu and a collapsed group (the first), in the current language and theme */
  async function stubShots(name: string, toDark: boolean) {
    if (toDark) {
      await page().getByTestId('theme-button').click()
      await poll(() => page().evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    }
    await page().locator('[data-testid=group-cell]').first().waitFor()
    await page().locator('[data-testid=group-cell]').first().click()
    await page().locator('[data-testid=group-row]').first().waitFor()
    await page().screenshot({ path: `${SHOTS}/collapsed-${name}.png` })
    await openMenu('ticker')
    await page().screenshot({ path: `${SHOTS}/menu-${name}.png` })
    await page().keyboard.press('Escape')
    await page().getByTestId('expand-all').click()
    await poll(() => page().locator('[data-testid=group-row]').count()).toBe(0)
  }
})
