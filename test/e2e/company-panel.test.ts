/**
 * The company panel's derived valuation figures, in real Chromium against `npm run serve`:
 * premium/discount to the primary layer (aggregate) and segment (median) from compare.run,
 * implied margin, EPS growth and PEG, and "n/a" for a group of one. Expectations are computed
 * from the API and shared/companyMetrics.ts, not copied from a report.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { groupRef, growthOf, marginOf, pegOf, premiumToGroup } from '../../shared/companyMetrics'
import { formatPercent } from '../../shared/format'
import { apiCaller } from '../helpers/apiCall'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })
const signed = (v: number) => `${v > 0 ? '+' : ''}${formatPercent(v, 1)}`

describe.skipIf(e2eSkipped)('company panel: premiums, implied margin, growth and PEG', () => {
  let s: Session

  const call = apiCaller(() => s.url)
  const run = (metric: 'pe' | 'ps', fyKey: string, level: 'layer' | 'segment') => call('compare.run', { metric, fyKey, currency: 'USD', nmRule: true, level, memberLimit: 100_000 })
  const tickersShown = async () => (await s.page.locator('.ag-row[row-index] [col-id=ticker]').allInnerTexts()).filter((x) => x.trim() !== '')

  async function openPanel(id: string) {
    await s.page.getByRole('tab', { name: /^(估值|Valuations)/ }).click()
    // the coverage page's quick search has the same placeholder: type once the valuations page is on
    // screen and its grid has its first rows (a search typed before that may not reach the grid)
    await s.page.locator('.valuations-page').waitFor()
    await poll(() => s.page.locator('.ag-row[row-index] [col-id=ticker]').count()).toBeGreaterThan(0)
    const box = s.page.getByPlaceholder(/快速搜索…|Quick search…/)
    await box.fill(id)
    await poll(tickersShown).toEqual([id])
    await s.page.locator('.ag-row[row-index="0"] [col-id="company"]').click()
    await poll(() => s.page.getByTestId('company-panel').innerText()).toContain(id)
    await poll(() => s.page.getByTestId('company-metrics').count()).toBe(1)
  }

  beforeAll(async () => {
    s = await startSession()
    mkdirSync('/tmp/shots', { recursive: true })
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('MSFT.US FY23E: P/E premium to layer and segment, implied margin, growth and PEG as computed', async () => {
    const detail = await call('securities.get', { id: 'MSFT.US' })
    const own = new Set(detail.valuations.map((v) => v.id))
    const seg = detail.nodeIds[0]!
    const [layerRes, segRes] = await Promise.all([run('pe', 'FY23E', 'layer'), run('pe', 'FY23E', 'segment')])
    const segGroup = segRes.groups.find((g) => g.node.id === seg)
    expect(segGroup, 'MSFT.US primary placement is a segment').toBeTruthy()
    const layerGroup = layerRes.groups.find((g) => g.node.id === segGroup!.node.parentId)!
    const row = detail.valuations.find((v) => !v.isAggregate && v.figures.some((f) => f.metric === 'pe' && f.fyKey === 'FY23E' && f.value != null))!
    const fig = (m: string, fy: string) => row.figures.find((f) => f.metric === m && f.fyKey === fy)?.value ?? null
    const pe = fig('pe', 'FY23E')
    const toLayer = premiumToGroup(pe, groupRef(layerGroup.stats, 'aggregate', own))
    const toSeg = premiumToGroup(pe, groupRef(segGroup!.stats, 'median', own))
    expect(toLayer).not.toBeNull()
    expect(toSeg).not.toBeNull()

    await openPanel('MSFT.US')
    const tr = s.page.locator(`[data-testid=company-metrics] tr[data-row="${row.id}"][data-fy="FY23E"]`)
    await poll(() => tr.locator('[data-col=peToLayer]').innerText()).toBe(signed(toLayer!))
    // the layer and the segment premiums come from two compare runs: each may land on its own
    await poll(() => tr.locator('[data-col=peToSegment]').innerText()).toBe(signed(toSeg!))
    await poll(() => tr.locator('[data-col=peToLayer]').getAttribute('title')).toContain('整体法')
    await poll(() => tr.locator('[data-col=peToSegment]').getAttribute('title')).toContain('中位数')

    const margin = marginOf(pe, fig('ps', 'FY23E'))
    const growth = growthOf(pe, fig('pe', 'FY24E'))
    const peg = pegOf(pe, growth)
    expect(margin).not.toBeNull()
    await poll(() => tr.locator('[data-col=margin]').innerText()).toBe(formatPercent(margin!, 1))
    if (growth != null) await poll(() => tr.locator('[data-col=growth]').innerText()).toBe(signed(growth))
    await poll(() => tr.locator('[data-col=peg]').innerText()).toBe(peg == null ? 'n/a' : peg.toFixed(2))
    // some row prints a growth and a PEG
    const growths = async () => (await s.page.locator('[data-testid=company-metrics] [data-col=growth]').allInnerTexts()).filter((x) => x !== 'n/a')
    const pegs = async () => (await s.page.locator('[data-testid=company-metrics] [data-col=peg]').allInnerTexts()).filter((x) => x !== 'n/a')
    await poll(() => growths().then((x) => x.length)).toBeGreaterThan(0)
    await poll(() => pegs().then((x) => x.length)).toBeGreaterThan(0)
    const text = await s.page.getByTestId('company-metrics').innerText()
    expect(text).not.toMatch(/NaN|undefined|Infinity|\[object/)
    await s.page.getByTestId('company-metrics').screenshot({ path: '/tmp/shots/panel-zh.png' })
  })

  it('English: the same figures with English headers', async () => {
    await s.page.getByRole('button', { name: 'English' }).click()
    await poll(() => s.page.getByTestId('company-metrics').innerText()).toContain('implied margin')
    await poll(() => s.page.getByTestId('company-metrics').innerText()).toContain('vs seg')
    await s.page.getByTestId('company-metrics').screenshot({ path: '/tmp/shots/panel-en.png' })
    await s.page.getByRole('button', { name: '中文' }).click()
  })

  it('"n/a", never 0%, for a company that is the only usable value in its primary segment', async () => {
    const fys = ['FY22E', 'FY23E', 'FY24E']
    let found: { id: string; fy: string } | null = null
    for (const fy of fys) {
      const res = await run('pe', fy, 'segment')
      for (const g of res.groups.filter((x) => x.stats.count === 1)) {
        const m = g.members.find((x) => String(x.rowId) === g.stats.included[0])!
        const d = await call('securities.get', { id: m.securityId })
        if (d.nodeIds[0] === g.node.id && d.valuations.some((v) => v.figures.some((f) => f.metric === 'pe' && f.fyKey === fy && f.value != null))) {
          found = { id: m.securityId, fy }
          break
        }
      }
      if (found) break
    }
    if (!found) {
      console.warn('no primary segment of one in the bundled data: the n/a path is covered by test/unit/companyMetrics.test.ts only')
      return
    }
    await s.page.getByTestId('company-panel').getByRole('button', { name: /关闭|×/ }).first().click().catch(() => {})
    await openPanel(found.id)
    const cells = s.page.locator(`[data-testid=company-metrics] tr[data-fy="${found.fy}"] [data-col=peToSegment]`)
    await poll(() => cells.count()).toBeGreaterThan(0)
    // every such cell says n/a (the set of their texts is just n/a), once the compare runs landed
    await poll(async () => [...new Set(await cells.allInnerTexts())]).toEqual(['n/a'])
    await poll(() => cells.first().locator('span').getAttribute('title')).toContain('仅此一家')
    await s.page.getByTestId('company-metrics').screenshot({ path: '/tmp/shots/panel-group-of-one.png' })
    expect(s.errors).toEqual([])
  })
})
