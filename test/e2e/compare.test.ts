import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import type { ApiResults } from '../../shared/contract'
import { formatMultiple } from '../../shared/format'
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
    await poll(() => s.page.locator('.card[data-node="model"] [data-stat=reasons]').innerText()).toContain('手动剔除 1')
    await poll(() => aggregateOf('model')).not.toBe(before)
  })

  it("shows the app's figure beside 招银国际's printed 市值加权平均", async () => {
    const rep = s.page.getByTestId('reproduce')
    await poll(() => rep.innerText()).toContain('图 19')
    expect(await rep.locator('[data-col="pe:FY23E"]').innerText()).toBe('26.66')
    expect(await rep.locator('td.bad').count()).toBe(0)
  })
})
