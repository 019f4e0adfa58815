import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatchSync as dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import type { ApiInput, ApiResults, Method } from '../../shared/contract'
import { formatMultiple, formatPercent } from '../../shared/format'
import { apiCaller } from '../helpers/apiCall'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'
import { tempWorkspace } from '../helpers/workspace'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })

/** The engine's answer on an identical fresh workspace: what the page must show. */
function expected(input: Record<string, unknown>): ApiResults['compare.run'] {
  const w = tempWorkspace()
  try {
    const r = dispatch(createHandlers(w), 'compare.run', input)
    if (!r.ok) throw new Error(r.error.message)
    return r.result as ApiResults['compare.run']
  } finally {
    w.cleanup()
  }
}

describe.skipIf(e2eSkipped)('Compare page, real Chromium', () => {
  let s: Session
  beforeAll(async () => {
    s = await startSession()
    await s.page.getByRole('tab', { name: /^跨层比较/ }).click()
  })
  afterAll(async () => {
    await s?.stop()
  })
  const aggregateOf = (node: string) => s.page.locator(`.card[data-node="${node}"] [data-stat=aggregate]`).innerText()
  const basisOf = (node: string) => s.page.locator(`.card[data-node="${node}"] [data-testid=basis]`)

  /** The API as another window would call it (the page must follow the change). */
  const call = apiCaller(() => s.url)

  it('shows the basis of every layer card, with a visible warning where one company carries over a third of the weight', async () => {
    const groups = expected({ metric: 'pe', fyKey: 'FY23E', currency: 'USD', nmRule: true, level: 'layer' }).groups
    expect(groups.map((g) => g.node.id)).toEqual(['infra', 'model', 'app'])
    for (const g of groups) {
      const b = g.basis
      const excluded = Object.values(b.excluded).reduce((a, n) => a + n, 0)
      const card = basisOf(g.node.id)
      await poll(() => card.locator('[data-basis=count]').innerText()).toContain(`n = ${b.included} 纳入 / ${excluded} 剔除`)
      const src = b.sources[0]!
      await poll(() => card.locator('[data-basis=sources]').innerText()).toContain(`${src.institution} 图 19 · ${src.asOfDate} ×${src.rows}`)
      await poll(() => card.locator('[data-basis=shared]').innerText()).toContain(`${b.shared} 家（占权重 ${formatPercent(b.sharedWeight, 0)}）`)
      // Bundled data: Microsoft carries 41–46% of each layer's P/E FY23E weight.
      expect(b.heaviest?.securityId).toBe('MSFT.US')
      expect(b.heaviest!.weight).toBeGreaterThan(0.4)
      expect(b.heaviest!.weight).toBeLessThan(0.47)
      const pct = formatPercent(b.heaviest!.weight, 0)
      await poll(() => card.locator('[data-basis=heaviest]').innerText()).toContain(`微软 ${pct}`)
      expect(b.warnings).toContain('concentrated')
      const warning = card.locator('.basis-warning[data-warning=concentrated]')
      await expect.poll(() => warning.isVisible()).toBe(true)
      await poll(() => warning.innerText()).toContain(`微软一家占权重 ${pct}`)
    }
  })

  it('shows n/a, not a premium, for the only company of its segment', async () => {
    await s.page.getByLabel('层级').selectOption('segment')
    await s.page.locator('.card[data-node="app.office"]').click()
    const cell = (col: string) => s.page.locator(`[data-testid=compare-drill] .ag-row[row-index="0"] [col-id=${col}]`)
    await poll(() => cell('ticker').innerText()).toBe('MSFT.US')
    await poll(() => cell('premSeg').innerText()).toBe('n/a')
    await poll(() => cell('premLayer').innerText()).toMatch(/^\+\d+\.\d%$/)
    await s.page.getByLabel('层级').selectOption('layer')
    await poll(() => s.page.locator('.card[data-node="model"]').count()).toBe(1)
  })

  it('switches metric and fiscal year and shows the layer aggregate the engine computes', async () => {
    const base = { currency: 'USD', nmRule: true, level: 'layer' }
    const pe = expected({ ...base, metric: 'pe', fyKey: 'FY23E' }).groups.find((g) => g.node.id === 'model')!.stats.aggregate
    await poll(() => aggregateOf('model')).toBe(formatMultiple(pe, 'zh'))
    await s.page.getByLabel('指标').selectOption('ps')
    await s.page.getByLabel('财年').selectOption('FY24E')
    const ps = expected({ ...base, metric: 'ps', fyKey: 'FY24E' }).groups.find((g) => g.node.id === 'model')!.stats.aggregate
    expect(ps).not.toBe(pe)
    await poll(() => aggregateOf('model')).toBe(formatMultiple(ps, 'zh'))
  })

  it('recomputes when a row is excluded by hand', async () => {
    await s.page.locator('.card[data-node="model"]').click()
    const before = await aggregateOf('model')
    await s.page.getByLabel('剔除 MSFT.US').check()
    await poll(() => s.page.locator('.card[data-node="model"] [data-basis=reasons]').innerText()).toContain('手动剔除 1')
    await poll(() => aggregateOf('model')).not.toBe(before)
  })

  it("shows the app's figure beside 招银国际's printed 市值加权平均", async () => {
    const rep = s.page.getByTestId('reproduce')
    await poll(() => rep.innerText()).toContain('图 19')
    await poll(() => rep.locator('[data-col="pe:FY23E"]').innerText()).toBe('26.66')
    expect(await rep.locator('td.bad').count()).toBe(0)
  })

  it('applies a saved security filter, shows it as removable chips, and clears it', async () => {
    const base = { metric: 'pe', fyKey: 'FY23E', currency: 'USD', nmRule: true, level: 'layer' } as const
    const all = expected(base).groups.find((g) => g.node.id === 'model')!
    const us = expected({ ...base, markets: ['US'] }).groups.find((g) => g.node.id === 'model')!
    expect(us.stats.aggregate).not.toBe(all.stats.aggregate)
    await call('prefs.set', { key: 'compare:options', value: JSON.stringify({ ...base, reportIds: ['r000'], markets: ['US'] }) })
    const chips = s.page.getByTestId('compare-filter')
    await poll(() => chips.innerText()).toContain('市场: 美股')
    await poll(() => chips.locator('[data-filter=report]').innerText()).toContain('招银国际环球市场')
    await poll(() => aggregateOf('model')).toBe(formatMultiple(us.stats.aggregate, 'zh'))
    await chips.locator('[data-filter=market] button').click()
    await poll(() => chips.locator('[data-filter=market]').count()).toBe(0)
    const r000 = expected({ ...base, reportIds: ['r000'] }).groups.find((g) => g.node.id === 'model')!
    await poll(() => aggregateOf('model')).toBe(formatMultiple(r000.stats.aggregate, 'zh'))
    await chips.getByRole('button', { name: '清除筛选' }).click()
    await poll(() => chips.count()).toBe(0)
    await poll(() => aggregateOf('model')).toBe(formatMultiple(all.stats.aggregate, 'zh'))
    const saved = JSON.parse((await call('prefs.get', { key: 'compare:options' })).value ?? '{}') as Record<string, unknown>
    expect(saved.metric).toBe('pe')
    expect(saved.reportIds ?? saved.markets ?? saved.stances ?? saved.search).toBeUndefined()
  })
})
