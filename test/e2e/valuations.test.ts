/**
 * The valuations grid on AG Grid's Infinite Row Model, in real Chromium against `npm run serve`:
 * rows, sort on the converted market cap, report / table / search filters and grouping by chain
 * layer all come from `valuations.page`; one table chosen, the grid shows only the columns that
 * table prints (its own view and saved state); all tables, no column blank top to bottom. Every
 * expectation is computed from the API itself, so the
 * test checks that the screen shows what the engine answers, not numbers copied from a report.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatMillions } from '../../shared/format'
import { apiCaller } from '../helpers/apiCall'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'
import { tempDir } from '../helpers/workspace'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })
const BY_CAP = [{ col: 'marketCap', dir: 'desc' }] as const

describe.skipIf(e2eSkipped)('valuations grid (infinite row model, server-side sort/filter/group)', () => {
  let s: Session

  const call = apiCaller(() => s.url)

  const cell = (row: number, col: string) => s.page.locator(`.ag-row[row-index="${row}"] [col-id="${col}"]`)
  const total = () => s.page.getByTestId('valuations-total').innerText()
  const tickersShown = async () => (await s.page.locator('.ag-row[row-index] [col-id=ticker]').allInnerTexts()).filter((x) => x.trim() !== '')
  const tableSelect = () => s.page.getByTestId('valuations-table-select')
  /** the grid's leaf columns left to right (pinned ones first), by their col-id */
  const columnIds = () =>
    s.page
      .locator('.ag-header-row-column .ag-header-cell[col-id]')
      .evaluateAll((els) =>
        els
          .map((e) => [Number(e.getAttribute('aria-colindex')), e.getAttribute('col-id')!] as const)
          .sort((a, b) => a[0] - b[0])
          .map((x) => x[1]),
      )
  const headerText = (col: string) => s.page.locator(`.ag-header-cell[col-id="${col}"] .ag-header-cell-text`).innerText()
  const FIGURE = /^(mcapPrinted|marketCap|price|(pe|ps):|fig:)/
  /** 招银国际's 图 19, found through the facets as the select lists it */
  const fig19 = async () => {
    const facets = await call('valuations.facets', {})
    const report = facets.reports.find((r) => r.institution.startsWith('招银国际'))!
    return { report, table: report.tables.find((tb) => tb.label.includes('图 19'))! }
  }

  beforeAll(async () => {
    s = await startSession()
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('opens the valuations page and shows the rows the API counts', async () => {
    const all = await call('valuations.page', { limit: 0 })
    expect(all.total).toBeGreaterThan(10)
    await s.page.getByRole('tab', { name: /^估值/ }).click()
    await poll(() => s.page.locator('.ag-row[row-index] [col-id=ticker]').count()).toBeGreaterThan(5)
    await poll(total).toBe(`共 ${all.total.toLocaleString('en-US')} 行`)
    // names, not raw ids; every figure cell is text, never "NaN" or "undefined"
    const text = await s.page.locator('.ag-root-wrapper').innerText()
    expect(text).not.toMatch(/NaN|undefined|\[object/)
    await poll(() => cell(0, 'company').innerText()).not.toBe('')
  })

  it('sorts by market cap converted to USD, largest first', async () => {
    const { rows } = await call('valuations.page', { limit: 1000, currency: 'USD' })
    const withCap = rows.filter((r) => r.mcapReporting != null)
    expect(withCap.length).toBeGreaterThan(3)
    const top = withCap.reduce((a, b) => (b.mcapReporting! > a.mcapReporting! ? b : a))
    // printed caps in other currencies must have been converted for the comparison to mean anything
    expect(new Set(withCap.map((r) => r.figures.find((f) => f.metric === 'marketCap')?.currency)).size).toBeGreaterThan(1)

    expect(await s.page.getByLabel('折算币种').inputValue()).toBe('USD')
    const header = s.page.locator('.ag-header-cell[col-id=marketCap]')
    // a sort is a view pref: it saves the column state and asks for rows, nothing else (the
    // facets, FX rates and chain once refetched on every view-pref save)
    const asked: string[] = []
    const onReq = (r: { url(): string }) => asked.push(new URL(r.url()).pathname.replace('/api/', ''))
    s.page.on('request', onReq)
    await header.locator('.ag-header-cell-label').click() // ascending
    await poll(() => header.getAttribute('aria-sort')).toBe('ascending')
    await header.locator('.ag-header-cell-label').click() // descending
    await poll(() => header.getAttribute('aria-sort')).toBe('descending')
    await poll(() => cell(0, 'ticker').innerText()).toBe(top.securityId)
    await poll(() => asked.filter((m) => m === 'prefs.set').length).toBeGreaterThanOrEqual(2)
    await s.page.waitForTimeout(500) // a refetch the save's push event would cause
    s.page.off('request', onReq)
    expect(asked).toContain('valuations.page')
    expect(asked.filter((m) => ['valuations.facets', 'fx.list', 'chain.get'].includes(m))).toEqual([])
    await poll(() => cell(0, 'marketCap').innerText()).toContain(formatMillions(top.mcapReporting, 'zh', 'USD'))
    // the next rows are not larger
    const second = withCap.filter((r) => r.id !== top.id).reduce((a, b) => (b.mcapReporting! > a.mcapReporting! ? b : a))
    await poll(() => cell(1, 'ticker').innerText()).toBe(second.securityId)
  })

  it('re-sorts on the converted value when the reporting currency changes', async () => {
    const { rows } = await call('valuations.page', { limit: 1000, currency: 'HKD', sort: [{ col: 'marketCap', dir: 'desc' }] })
    await s.page.getByLabel('折算币种').selectOption('HKD')
    await poll(() => s.page.locator('.ag-header-cell[col-id=marketCap]').innerText()).toContain('HKD')
    await poll(() => cell(0, 'marketCap').innerText()).toContain(formatMillions(rows[0]!.mcapReporting, 'zh', 'HKD'))
    await poll(() => cell(0, 'ticker').innerText()).toBe(rows[0]!.securityId)
    await s.page.getByLabel('折算币种').selectOption('USD')
    await poll(() => s.page.locator('.ag-header-cell[col-id=marketCap]').innerText()).toContain('USD')
  })

  it('filters by a report, then by one of its tables', async () => {
    const facets = await call('valuations.facets', {})
    const report = facets.reports.find((r) => r.tables.length > 1) ?? facets.reports[0]!
    const byReport = await call('valuations.page', { reportId: report.id, limit: 1000 })
    await s.page.getByLabel('研报 · 估值表').selectOption(`r:${report.id}`)
    await poll(total).toBe(`共 ${byReport.total} 行`)
    // the count has its own request: the rows shown may lag it (read them once they are the report's)
    const shownRows = async () => {
      const shown = await s.page.locator('.ag-row[row-index] [col-id=reportTable]').allInnerTexts()
      return { any: shown.length > 0, otherReports: shown.filter((x) => !x.startsWith(report.institution)) }
    }
    await poll(shownRows).toEqual({ any: true, otherReports: [] })
    const shown = await s.page.locator('.ag-row[row-index] [col-id=reportTable]').allInnerTexts()
    expect(shown.length).toBeGreaterThan(0)
    for (const x of shown) expect(x.startsWith(report.institution)).toBe(true)

    const table = report.tables.find((tb) => byReport.rows.some((r) => r.tableId === tb.id))!
    // one table is a view of its own: its own column state (none saved yet), so printed row order
    const byTable = await call('valuations.page', { tableId: table.id, limit: 1000 })
    await tableSelect().selectOption(`t:${table.id}`)
    await poll(total).toBe(`共 ${byTable.total} 行`)
    await poll(tickersShown).toEqual(byTable.rows.map((r) => (r.securityId?.startsWith('PRIVATE:') ? '未上市' : r.securityId)))
    await tableSelect().selectOption('')
    // back in the all-tables view, its own sort (market cap, descending) is still there
    await poll(() => s.page.locator('.ag-header-cell[col-id=marketCap]').getAttribute('aria-sort')).toBe('descending')
  })

  it('lists every source table as "institution · caption", grouped by report', async () => {
    const facets = await call('valuations.facets', {})
    for (const r of facets.reports) {
      const group = tableSelect().locator(`optgroup[label^="${r.institution}"]`)
      expect(await group.count(), r.institution).toBe(1)
      for (const tb of r.tables) expect(await group.locator(`option[value="t:${tb.id}"]`).innerText()).toContain(`${r.institution} · ${tb.label}`)
    }
    expect(await tableSelect().locator('option[value=""]').innerText()).toBe('全部估值表')
  })

  it('one table (招银国际 图 19): exactly the columns it prints, in printed order, the groups naming the metric', async () => {
    const { report, table } = await fig19()
    const api = await call('valuations.page', { tableId: table.id, limit: 1000, columns: true })
    await s.page.setViewportSize({ width: 2400, height: 900 }) // every column rendered
    await tableSelect().selectOption(`t:${table.id}`)
    await poll(total).toBe(`共 ${api.total} 行`)
    const lead = ['company', ...(api.columns!.includes('flags') ? ['flags'] : []), ...(api.columns!.includes('notes') ? ['notes'] : []), 'ticker', 'market', 'layer']
    // 收市价 | 市值 (printed, converted) | P/E FY22E–FY24E | P/S FY22E–FY24E: nothing else, no blank column
    await poll(columnIds).toEqual([...lead, 'price', 'mcapPrinted', 'marketCap', 'pe:FY22E', 'pe:FY23E', 'pe:FY24E', 'ps:FY22E', 'ps:FY23E', 'ps:FY24E'])
    await poll(async () => (await s.page.locator('.ag-header-group-cell .ag-header-group-text').allInnerTexts()).map((x) => x.trim())).toEqual(['市值', 'P/E', 'P/S'])
    for (const col of ['pe:FY22E', 'pe:FY23E', 'pe:FY24E', 'ps:FY22E', 'ps:FY23E', 'ps:FY24E']) await poll(() => headerText(col)).toBe(col.slice(3))
    // the caption and where it is printed
    const info = () => s.page.getByTestId('valuations-table-info').innerText()
    await poll(info).toContain(`${report.institution} · ${table.label}`)
    await poll(info).toContain('彭博')
    // the cells are the table's, as printed
    await poll(() => cell(0, 'pe:FY23E').innerText()).toBe(api.rows[0]!.figures.find((f) => f.metric === 'pe' && f.fyKey === 'FY23E')!.printed)
    // the grid's own columns still sort in the engine
    const header = s.page.locator('.ag-header-cell[col-id="pe:FY23E"]')
    await header.locator('.ag-header-cell-label').click()
    await poll(() => header.getAttribute('aria-sort')).toBe('ascending')
    const asc = await call('valuations.page', { tableId: table.id, limit: 1000, sort: [{ col: 'pe:FY23E', dir: 'asc' }] })
    await poll(tickersShown).toEqual(asc.rows.map((r) => r.securityId))
  })

  it('a table of other figures (中信建投, unlisted companies): its printed 业务 and 估值 columns, no multiples', async () => {
    const facets = await call('valuations.facets', {})
    const report = facets.reports.find((r) => r.tables.some((tb) => tb.label.includes('非上市公司估值')))!
    const table = report.tables.find((tb) => tb.label.includes('非上市公司估值'))!
    const api = await call('valuations.page', { tableId: table.id, limit: 1000, columns: true })
    await tableSelect().selectOption(`t:${table.id}`)
    await poll(total).toBe(`共 ${api.total} 行`)
    const ids = () => columnIds().then((xs) => xs.filter((x) => FIGURE.test(x)))
    await poll(ids).toEqual(api.table!.columns.map((c) => c.id))
    await poll(() => headerText(api.table!.columns[0]!.id)).toBe('业务')
    await poll(() => headerText(api.table!.columns[1]!.id)).toBe('估值（亿美元）')
    const valuation = (r: (typeof api.rows)[number]) => r.figures.find((f) => f.metric === 'valuation')!.printed
    await poll(() => cell(0, api.table!.columns[1]!.id).innerText()).toBe(valuation(api.rows[0]!))
    // no P/E statistics for a table without multiples
    await poll(() => s.page.getByTestId('filtered-stats').count()).toBe(0)
    // the export: one unique header per column, naming the metric and its unit; numbers as numbers
    await poll(tickersShown).toHaveLength(api.total)
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: '导出 CSV' }).click()])
    const file = join(tempDir(), 't.csv')
    await download.saveAs(file)
    const [head, ...lines] = readFileSync(file, 'utf8').slice(1).split('\r\n').map((l) => l.split(','))
    expect(new Set(head).size).toBe(head!.length)
    expect(head).toEqual(expect.arrayContaining(['业务', '估值（百万，当地货币）', '估值币种', '研报', '估值表', '表内行号']))
    expect(lines).toHaveLength(api.total)
    const first = api.rows[0]!.figures.find((f) => f.metric === 'valuation')!
    expect(Number(lines[0]![head!.indexOf('估值（百万，当地货币）')])).toBe(first.valueMn)
  })

  it('each view keeps its own column state: the table’s sort comes back, the all-tables sort is untouched', async () => {
    const { table } = await fig19()
    await tableSelect().selectOption('')
    await poll(() => s.page.locator('.ag-header-cell[col-id=marketCap]').getAttribute('aria-sort')).toBe('descending')
    expect(await s.page.locator('.ag-header-cell[col-id="pe:FY23E"]').getAttribute('aria-sort')).not.toBe('ascending')
    await tableSelect().selectOption(`t:${table.id}`)
    await poll(() => s.page.locator('.ag-header-cell[col-id="pe:FY23E"]').getAttribute('aria-sort')).toBe('ascending')
    const asc = await call('valuations.page', { tableId: table.id, limit: 1000, sort: [{ col: 'pe:FY23E', dir: 'asc' }] })
    await poll(tickersShown).toEqual(asc.rows.map((r) => r.securityId))
  })

  it('all tables: no column is empty for every row (a report of market caps only hides P/E, P/S and price); switching back restores them', async () => {
    await s.page.setViewportSize({ width: 2400, height: 2800 }) // every column and every row rendered
    /** columns whose every rendered cell is blank (every row is rendered at this height) */
    const emptyColumns = async () => {
      const empty: string[] = []
      for (const id of await columnIds()) {
        const texts = await s.page.locator(`.ag-row[row-index] [col-id="${id}"]`).allInnerTexts()
        if (!texts.some((x) => x.trim() !== '')) empty.push(id)
      }
      return empty
    }
    const rowsShown = () => s.page.locator('.ag-row[row-index] [col-id=ticker]').count()

    await tableSelect().selectOption('')
    const all = await call('valuations.page', { limit: 1000, columns: true })
    await poll(total).toBe(`共 ${all.total} 行`)
    await poll(rowsShown).toBe(all.total)
    await poll(() => columnIds().then((xs) => xs.includes('pe:FY23E'))).toBe(true)
    await poll(emptyColumns).toEqual([])
    const allIds = await columnIds()
    // the engine's list of columns with a value is exactly what the grid shows
    const figureIds = allIds.filter((x) => FIGURE.test(x) || x === 'flags' || x === 'notes').filter((x) => x !== 'mcapPrinted')
    expect(figureIds.sort()).toEqual([...all.columns!].sort())

    const r003 = (await call('valuations.facets', {})).reports.find((r) => r.institution === '中信建投')!
    const byReport = await call('valuations.page', { reportId: r003.id, limit: 1000, columns: true })
    expect(byReport.columns!.some((c) => /^(pe|ps):|^price$/.test(c))).toBe(false)
    await tableSelect().selectOption(`r:${r003.id}`)
    await poll(total).toBe(`共 ${byReport.total} 行`)
    await poll(rowsShown).toBe(byReport.total)
    await poll(() => columnIds().then((xs) => xs.filter((x) => /^(pe|ps):|^price$/.test(x)))).toEqual([])
    await poll(columnIds).toContain('marketCap')
    await poll(emptyColumns).toEqual([])
    await poll(() => s.page.getByTestId('valuations-hidden-empty').innerText()).toMatch(/^已隐藏 \d+ 个当前筛选下全空的列$/)

    await tableSelect().selectOption('')
    await poll(() => columnIds().then((xs) => xs.filter((x) => FIGURE.test(x)))).toEqual(allIds.filter((x) => FIGURE.test(x)))
    await s.page.setViewportSize({ width: 1440, height: 900 })
  })

  it('a column state saved while columns were hidden as empty puts them back in place, not at the far right', async () => {
    await s.page.setViewportSize({ width: 2400, height: 900 })
    const r003 = (await call('valuations.facets', {})).reports.find((r) => r.institution === '中信建投')!
    await tableSelect().selectOption(`r:${r003.id}`)
    await poll(() => columnIds().then((xs) => xs.includes('pe:FY23E'))).toBe(false)
    // a sort saves the view's column state: one without the P/E, P/S and price columns
    const market = () => s.page.locator('.ag-header-cell[col-id=market]')
    await market().locator('.ag-header-cell-label').click()
    await poll(() => market().getAttribute('aria-sort')).toBe('ascending')
    // the sort saved (ServerGrid writes grid:<view>:columns on a sort) before the view changes
    const savedSort = async () => (JSON.parse((await call('prefs.get', { key: 'grid:valuations-server:columns' })).value ?? '[]') as { colId: string; sort?: string | null }[]).find((c) => c.colId === 'market')?.sort
    await poll(savedSort).toBe('asc')
    await tableSelect().selectOption('')
    await poll(() => columnIds().then((xs) => xs.includes('pe:FY23E'))).toBe(true)
    // a new grid for the view (away and back): the saved state applied, every column in its place
    await s.page.getByRole('tab', { name: /^研报/ }).click()
    await s.page.getByRole('tab', { name: /^估值/ }).click()
    await poll(() => market().getAttribute('aria-sort')).toBe('ascending')
    // the new grid's columns settled (the saved state applied, the empty-column check done)
    await poll(async () => {
      const ids = await columnIds()
      return { afterMarketCap: ids.indexOf('pe:FY22E') - ids.indexOf('marketCap'), afterPsFy24: ids.indexOf('price') - ids.indexOf('ps:FY24E'), last: ids.at(-1) }
    }).toEqual({ afterMarketCap: 1, afterPsFy24: 1, last: 'reportTable' })
    const ids = await columnIds()
    expect(ids.indexOf('pe:FY22E'), ids.join()).toBe(ids.indexOf('marketCap') + 1)
    expect(ids.indexOf('price')).toBe(ids.indexOf('ps:FY24E') + 1)
    expect(ids.at(-1)).toBe('reportTable')
    // back to the market-cap sort (descending) the tests below expect
    const cap = s.page.locator('.ag-header-cell[col-id=marketCap]')
    await cap.locator('.ag-header-cell-label').click()
    await poll(() => cap.getAttribute('aria-sort')).toBe('ascending')
    await cap.locator('.ag-header-cell-label').click()
    await poll(() => cap.getAttribute('aria-sort')).toBe('descending')
    await s.page.setViewportSize({ width: 1440, height: 900 })
  })

  it('filters by search text (name or ticker) in the engine', async () => {
    const hit = await call('valuations.page', { search: '讯飞', limit: 1000, sort: [...BY_CAP] })
    expect(hit.total).toBeGreaterThan(0)
    await s.page.getByPlaceholder('快速搜索…').fill('讯飞')
    await poll(total).toBe(`共 ${hit.total} 行`)
    await poll(tickersShown).toEqual(hit.rows.map((r) => r.securityId))
    await s.page.getByPlaceholder('快速搜索…').fill('MSFT')
    await poll(tickersShown).toEqual(['MSFT.US'])
    await poll(() => cell(0, 'pe:FY23E').innerText()).toBe('28.6')
    await s.page.getByPlaceholder('快速搜索…').fill('')
    const all = await call('valuations.page', { limit: 0 })
    await poll(total).toBe(`共 ${all.total} 行`)
  })

  it("filters a multiple's range with the column's number filter (sent to the engine as a range)", async () => {
    const hit = await call('valuations.page', { ranges: [{ col: 'pe:FY23E', min: 30 }], limit: 1000, sort: [...BY_CAP] })
    expect(hit.total).toBeGreaterThan(0)
    const header = s.page.locator('.ag-header-cell[col-id="pe:FY23E"]')
    await header.hover()
    await header.locator('.ag-header-cell-filter-button').click()
    const popup = s.page.locator('.ag-filter')
    await popup.locator('input').first().fill('30') // default option: 大于等于 (≥)
    await popup.getByRole('button', { name: '应用' }).click()
    await poll(total).toBe(`共 ${hit.total} 行`)
    await poll(tickersShown).toEqual(hit.rows.map((r) => r.securityId))
    for (const r of hit.rows) expect(r.figures.find((f) => f.metric === 'pe' && f.fyKey === 'FY23E')!.value).toBeGreaterThanOrEqual(30)
    await header.hover()
    await header.locator('.ag-header-cell-filter-button').click()
    await s.page.locator('.ag-filter').getByRole('button', { name: '重置' }).click()
    await s.page.keyboard.press('Escape')
    const all = await call('valuations.page', { limit: 0 })
    await poll(total).toBe(`共 ${all.total} 行`)
  })

  it('groups by chain layer: rows in chain order, counts per layer in the summary bar', async () => {
    const grouped = await call('valuations.page', { groupByLayer: true, limit: 1000 })
    const chain = await call('chain.get', {})
    const name = (id: string | null) => chain.nodes.find((n) => n.id === id)?.nameZh ?? '未归属产业链'
    expect(grouped.groups!.length).toBeGreaterThan(1)

    await s.page.getByLabel('按产业链层分组').check()
    const bar = s.page.getByTestId('layer-groups')
    await poll(() => bar.locator('button').count()).toBe(grouped.groups!.length)
    for (const g of grouped.groups!) {
      await poll(async () => (await bar.locator(`button[data-layer="${g.layerId ?? ''}"]`).innerText()).replace(/\s+/g, '')).toBe(`${name(g.layerId)}${g.count}`)
    }
    // the first row of each layer sits where the counts before it end
    let at = 0
    for (const g of grouped.groups!.slice(0, 2)) {
      await poll(() => cell(at, 'layer').innerText()).toBe(name(g.layerId))
      at += g.count
    }
    // a layer pill filters to that layer
    const first = grouped.groups![0]!
    await bar.locator(`button[data-layer="${first.layerId}"]`).click()
    await poll(total).toBe(`共 ${first.count} 行`)
    await bar.locator(`button[data-layer="${first.layerId}"]`).click()
    await s.page.getByLabel('按产业链层分组').uncheck()
    await poll(() => bar.count()).toBe(0)
  })

  it("refetches when a 'workbench:changed' event says valuations may be stale, not for view preferences", async () => {
    const asked: string[] = []
    const onReq = (r: { url(): string }) => r.url().includes('/api/valuations.page') && asked.push(r.url())
    s.page.on('request', onReq)
    // the previous test's last requests (grouping off) have gone out: 400 ms without one
    for (let seen = -1, i = 0; seen !== asked.length && i < 10; i++) {
      seen = asked.length
      await s.page.waitForTimeout(400)
    }
    asked.length = 0
    const fire = (entities: string[]) =>
      s.page.evaluate((e) => window.dispatchEvent(new CustomEvent('workbench:changed', { detail: { type: 'changed', entities: e } })), entities)
    await fire(['meta'])
    await s.page.waitForTimeout(500)
    expect(asked).toEqual([])
    await fire(['fx_rate'])
    await poll(() => asked.length).toBeGreaterThanOrEqual(2) // the loaded block(s) and the counts
    s.page.off('request', onReq)
  })

  it('the toolbar fits one line at 1280×800, in Chinese and English, all tables and one table', async () => {
    await s.page.setViewportSize({ width: 1280, height: 800 })
    const { table } = await fig19()
    let exportLabel = '导出 Excel'
    const line = async () => {
      const bar = s.page.locator('.valuations-page .toolbar')
      // the export button is the last control: without it the toolbar is still being rebuilt
      if (!(await bar.getByRole('button', { name: exportLabel }).isVisible())) return { oneLine: false, inside: false }
      const boxes = await bar.locator(':scope > *:visible').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ middle: (r.top + r.bottom) / 2, right: r.right })))
      const right = (await bar.boundingBox())!
      return {
        // every control's middle on one line (a wrapped "导出 Excel" sits a row lower)
        oneLine: Math.max(...boxes.map((b) => b.middle)) - Math.min(...boxes.map((b) => b.middle)) < 6,
        inside: Math.max(...boxes.map((b) => b.right)) <= right.x + right.width + 1,
      }
    }
    for (const scope of ['', `t:${table.id}`]) {
      await tableSelect().selectOption(scope)
      await poll(line).toEqual({ oneLine: true, inside: true })
    }
    await s.page.getByRole('button', { name: 'English' }).click()
    await poll(() => s.page.getByRole('tab', { name: /^Valuations/ }).count()).toBe(1)
    exportLabel = 'Export Excel'
    for (const scope of ['', `t:${table.id}`]) {
      await tableSelect().selectOption(scope)
      await poll(line).toEqual({ oneLine: true, inside: true })
    }
    await s.page.getByRole('button', { name: '中文' }).click()
    await poll(() => s.page.getByRole('tab', { name: /^估值/ }).count()).toBe(1)
    await tableSelect().selectOption('')
    await s.page.setViewportSize({ width: 1440, height: 900 })
  })

  it('opens the company panel from a row', async () => {
    await s.page.getByPlaceholder('快速搜索…').fill('MSFT')
    await poll(tickersShown).toEqual(['MSFT.US'])
    await cell(0, 'company').click()
    await poll(() => s.page.getByTestId('company-panel').innerText()).toContain('MSFT')
    expect(s.errors).toEqual([])
  })
})
