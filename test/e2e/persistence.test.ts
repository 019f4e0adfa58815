import { describe, expect, it } from 'vitest'
import { apiCaller } from '../helpers/apiCall'
import { e2eSkipped, startSession } from '../helpers/browser'
import { tempDir } from '../helpers/workspace'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })

describe.skipIf(e2eSkipped)('state kept across restarts (real Chromium, same data dir)', () => {
  it('keeps the coverage grid sort and the language after the server restarts', async () => {
    const dataDir = tempDir()
    const a = await startSession({ dataDir })
    try {
      await a.page.getByRole('tab', { name: /^覆盖/ }).click()
      const header = a.page.locator('.ag-header-cell[col-id=ticker]')
      await header.locator('.ag-header-cell-label').click()
      await poll(() => header.getAttribute('aria-sort')).toBe('ascending')
      await a.page.getByRole('button', { name: 'English' }).click()
      // let the prefs writes land before the server stops
      const call = apiCaller(() => a.url)
      await poll(async () => (await call('prefs.get', { key: 'ui:lang' })).value).toBe('en')
      const tickerSort = async () => (JSON.parse((await call('prefs.get', { key: 'grid:coverage:columns' })).value ?? '[]') as { colId: string; sort?: string }[]).find((c) => c.colId === 'ticker')?.sort
      await poll(tickerSort).toBe('asc')
    } finally {
      await a.stop()
    }
    const b = await startSession({ dataDir })
    try {
      await poll(() => b.page.getByRole('tab', { name: /^Coverage/ }).count()).toBe(1)
      await b.page.getByRole('tab', { name: /^Coverage/ }).click()
      await poll(() => b.page.locator('.ag-header-cell[col-id=ticker]').getAttribute('aria-sort')).toBe('ascending')
    } finally {
      await b.stop()
    }
  })
})
