/**
 * The valuations grid on AG Grid's Infinite Row Model, in real Chromium against `npm run serve`:
 * rows, sort on the converted market cap, report / table / search filters and grouping by chain
 * layer all come from `valuations.page`. Every expectation is computed from the API itself, so the
 * test checks that the screen shows what the engine answers, not numbers copied from a report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatMillions } from '../../shared/format'
import { apiCaller } from '../helpers/apiCall'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })
const BY_CAP = [{ col: 'marketCap', dir: 'desc' }] as const

describe.skipIf(e2eSkipped)('valuations grid (infinite row model, server-side sort/filter/group)', () => {
  let s: Session

  const call = apiCaller(() => s.url)

  const cell = (row: number, col: string) => s.page.locator(`.ag-row[row-index="${row}"] [col-id="${col}"]`)
  const total = () => s.page.getByTestId('valuations-total').innerText()
  const tickersShown = async () => (await s.page.locator('.ag-row[row-index] [col-id=ticker]').allInnerTexts()).filter((x) => x.trim() !== '')

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
    expect(await cell(0, 'company').innerText()).not.toBe('')
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
    await header.locator('.ag-header-cell-label').click() // ascending
    await poll(() => header.getAttribute('aria-sort')).toBe('ascending')
    await header.locator('.ag-header-cell-label').click() // descending
    await poll(() => header.getAttribute('aria-sort')).toBe('descending')
    await poll(() => cell(0, 'ticker').innerText()).toBe(top.securityId)
    expect(await cell(0, 'marketCap').innerText()).toContain(formatMillions(top.mcapReporting, 'zh', 'USD'))
    // the next rows are not larger
    const second = withCap.filter((r) => r.id !== top.id).reduce((a, b) => (b.mcapReporting! > a.mcapReporting! ? b : a))
    await poll(() => cell(1, 'ticker').innerText()).toBe(second.securityId)
  })

  it('re-sorts on the converted value when the reporting currency changes', async () => {
    const { rows } = await call('valuations.page', { limit: 1000, currency: 'HKD', sort: [{ col: 'marketCap', dir: 'desc' }] })
    await s.page.getByLabel('折算币种').selectOption('HKD')
    await poll(() => s.page.locator('.ag-header-cell[col-id=marketCap]').innerText()).toContain('HKD')
    await poll(() => cell(0, 'marketCap').innerText()).toContain(formatMillions(rows[0]!.mcapReporting, 'zh', 'HKD'))
    expect(await cell(0, 'ticker').innerText()).toBe(rows[0]!.securityId)
    await s.page.getByLabel('折算币种').selectOption('USD')
    await poll(() => s.page.locator('.ag-header-cell[col-id=marketCap]').innerText()).toContain('USD')
  })

  it('filters by a report, then by one of its tables', async () => {
    const facets = await call('valuations.facets', {})
    const report = facets.reports.find((r) => r.tables.length > 1) ?? facets.reports[0]!
    const byReport = await call('valuations.page', { reportId: report.id, limit: 1000 })
    await s.page.getByLabel('研报', { exact: true }).selectOption(`r:${report.id}`)
    await poll(total).toBe(`共 ${byReport.total} 行`)
    const shown = await s.page.locator('.ag-row[row-index] [col-id=reportTable]').allInnerTexts()
    expect(shown.length).toBeGreaterThan(0)
    for (const x of shown) expect(x.startsWith(report.institution)).toBe(true)

    const table = report.tables.find((tb) => byReport.rows.some((r) => r.tableId === tb.id))!
    // the grid is still sorted by market cap (descending) from the test above
    const byTable = await call('valuations.page', { tableId: table.id, limit: 1000, sort: [...BY_CAP] })
    await s.page.getByLabel('研报', { exact: true }).selectOption(`t:${table.id}`)
    await poll(total).toBe(`共 ${byTable.total} 行`)
    await poll(tickersShown).toEqual(byTable.rows.map((r) => (r.securityId?.startsWith('PRIVATE:') ? '未上市' : r.securityId)))
    await s.page.getByLabel('研报', { exact: true }).selectOption('')
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
      expect((await bar.locator(`button[data-layer="${g.layerId ?? ''}"]`).innerText()).replace(/\s+/g, '')).toBe(`${name(g.layerId)}${g.count}`)
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
    const fire = (entities: string[]) =>
      s.page.evaluate((e) => window.dispatchEvent(new CustomEvent('workbench:changed', { detail: { type: 'changed', entities: e } })), entities)
    await fire(['meta'])
    await s.page.waitForTimeout(500)
    expect(asked).toEqual([])
    await fire(['fx_rate'])
    await poll(() => asked.length).toBeGreaterThanOrEqual(2) // the loaded block(s) and the counts
    s.page.off('request', onReq)
  })

  it('opens the company panel from a row', async () => {
    await s.page.getByPlaceholder('快速搜索…').fill('MSFT')
    await poll(tickersShown).toEqual(['MSFT.US'])
    await cell(0, 'company').click()
    await poll(() => s.page.getByTestId('company-panel').innerText()).toContain('MSFT')
    expect(s.errors).toEqual([])
  })
})
