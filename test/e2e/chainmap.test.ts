/**
 * The chain map in real Chromium: filter to one report and count the cards per lane against the
 * database; drag a card to another segment and undo it; keyboard between cards; a report's lens;
 * the SVG export; a lane header opens the Compare page on that layer.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DB_FILENAME } from '../../electron/main/workspace'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })

/** Placements per canonical layer of the securities one report covers or values (independent SQL). */
function expectedPerLane(dataDir: string, reportId: string): Record<string, number> {
  const db = new Database(join(dataDir, DB_FILENAME), { readonly: true })
  try {
    const rows = db
      .prepare(
        `WITH sec AS (SELECT security_id FROM coverage WHERE report_id = ?
                      UNION SELECT v.security_id FROM valuation_row v JOIN valuation_table t ON t.id = v.table_id WHERE t.report_id = ? AND v.security_id IS NOT NULL)
         SELECT coalesce(n.parent_id, n.id) AS layer, count(*) AS n FROM security_node sn JOIN chain_node n ON n.id = sn.node_id
         WHERE sn.security_id IN (SELECT security_id FROM sec) GROUP BY 1`,
      )
      .all(reportId, reportId) as { layer: string; n: number }[]
    return Object.fromEntries(rows.map((r) => [r.layer, r.n]))
  } finally {
    db.close()
  }
}

describe.skipIf(e2eSkipped)('chain map (real Chromium)', () => {
  let s: Session
  beforeAll(async () => {
    s = await startSession()
    await s.page.setViewportSize({ width: 1280, height: 800 })
  })
  afterAll(async () => {
    await s?.stop()
  })
  const lane = (id: string) => s.page.locator(`.lane[data-node="${id}"]`)
  const countText = () => s.page.getByTestId('map-count').innerText()

  it("filters to one report and shows exactly that report's companies in each lane", async () => {
    await s.page.getByRole('tab', { name: /^产业链图谱/ }).click()
    await poll(() => s.page.locator('.lane').count()).toBe(3)
    await s.page.locator('.report-pick summary').click()
    await s.page.locator('input[data-report="r000"]').check()
    await s.page.locator('.report-pick summary').click()
    const want = expectedPerLane(s.dataDir, 'r000')
    expect(Object.keys(want).length).toBeGreaterThan(0)
    for (const id of ['infra', 'model', 'app']) await poll(() => lane(id).locator('.mcard').count()).toBe(want[id] ?? 0)
    // the header's count is the cards drawn
    for (const id of ['infra', 'model', 'app']) await poll(() => lane(id).locator('.fig-n').getAttribute('data-cards')).toBe(String(want[id] ?? 0))
  })

  it('drags a card to another segment, then Ctrl+Z puts it back', async () => {
    const from = s.page.locator('.group[data-node="model.foundation"]')
    const id = (await from.locator('.mcard').first().getAttribute('data-security'))!
    const card = from.locator(`.mcard[data-security="${id}"]`)
    const target = s.page.locator('.group[data-node="model.vision"] .mcards')
    // Both ends in view first: a scroll in the middle of a drag would pick up another card.
    await target.scrollIntoViewIfNeeded()
    await card.scrollIntoViewIfNeeded()
    await card.dragTo(target)
    await poll(() => s.page.locator(`.group[data-node="model.vision"] .mcard[data-security="${id}"]`).count()).toBe(1)
    await poll(() => from.locator(`.mcard[data-security="${id}"]`).count()).toBe(0)
    await poll(() => s.page.getByTestId('notices').innerText()).toContain('已移动')
    await s.page.locator('body').click({ position: { x: 5, y: 300 } })
    await s.page.keyboard.press('Control+z')
    await poll(() => from.locator(`.mcard[data-security="${id}"]`).count()).toBe(1)
    await poll(() => s.page.locator(`.group[data-node="model.vision"] .mcard[data-security="${id}"]`).count()).toBe(0)
  })

  it('moves between cards with the arrow keys, opens one with Enter, closes it with Esc', async () => {
    const first = lane('infra').locator('.mcard').first()
    await first.focus()
    const before = await s.page.evaluate(() => (document.activeElement as HTMLElement).dataset.security)
    await s.page.keyboard.press('ArrowRight')
    const after = await s.page.evaluate(() => (document.activeElement as HTMLElement).dataset.security)
    expect(after).toBeTruthy()
    expect(after).not.toBe(before)
    await s.page.keyboard.press('Enter')
    await poll(() => s.page.getByTestId('company-panel').count()).toBe(1)
    await poll(() => s.page.getByTestId('company-panel').innerText()).toContain(after!)
    await s.page.keyboard.press('Escape')
    await poll(() => s.page.getByTestId('company-panel').count()).toBe(0)
  })

  it("draws a report's own chain in its lens, read-only", async () => {
    await s.page.locator('.report-pick summary').click()
    // the filter list may re-render while it opens (a refetch): click until it says unchecked
    const r000 = s.page.locator('input[data-report="r000"]')
    await expect.poll(async () => ((await r000.isChecked()) && (await r000.click()), r000.isChecked()), { timeout: 20_000 }).toBe(false)
    await s.page.locator('.report-pick summary').click()
    const lens = s.page.getByLabel('视角')
    const option = await lens.locator('option', { hasText: '图 6' }).getAttribute('value')
    await lens.selectOption(option!)
    await poll(() => s.page.locator('.lane .lane-name').allInnerTexts()).toEqual(['基础层', '模型层', '应用层'])
    await poll(() => countText()).toContain('70 家公司')
    // read-only: checked once the lens's cards are drawn (before they load there are none to count)
    expect(await s.page.locator('.mcard[draggable="true"]').count()).toBe(0)
    await lens.selectOption('')
    await poll(() => s.page.locator('.lane').count()).toBe(3)
  })

  it('exports the map as SVG with every lane and card', async () => {
    // the canonical map back (its cards are draggable; the lens's 3 lanes count as 3 too) and loaded,
    // so the export and the count below see the same cards
    await poll(() => s.page.locator('.mcard[draggable="true"]').count()).toBeGreaterThan(0)
    await poll(() => s.page.locator('.map-status').innerText()).not.toContain('加载中')
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: '导出 SVG' }).click()])
    const svg = readFileSync((await download.path())!, 'utf8')
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true)
    for (const name of ['基础设施层（算力）', '模型层', '应用层']) expect(svg).toContain(name)
    const cards = await s.page.locator('.map-lanes .mcard').count()
    expect(svg.match(/class="card"/g)?.length).toBe(cards)
  })

  it('exports the map as a PNG image', async () => {
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: '导出 PNG' }).click()])
    const png = readFileSync((await download.path())!)
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.length).toBeGreaterThan(10_000)
  })

  it("opens a lane on the Compare page with the map's metric", async () => {
    await lane('model').locator('.lane-name').click()
    await poll(() => s.page.getByRole('tab', { name: /^跨层比较/, selected: true }).count()).toBe(1)
    await poll(() => s.page.locator('.card.active[data-node="model"]').count()).toBe(1)
    expect(s.errors).toEqual([])
  })
})
