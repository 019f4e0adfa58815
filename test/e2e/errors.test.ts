import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })

describe.skipIf(e2eSkipped)('errors from the engine reach the user in Chinese, naming the field (real Chromium)', () => {
  let s: Session
  beforeAll(async () => {
    s = await startSession()
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('refuses a segment whose name a sibling already has, in the dialog, naming 中文名', async () => {
    await s.page.getByRole('tab', { name: /^产业链图谱/ }).click()
    await s.page.locator('.lane[data-node="infra"]').getByRole('button', { name: '+ 添加细分' }).click()
    const dialog = s.page.getByTestId('node-dialog')
    await dialog.getByLabel('中文名').fill('AI 芯片')
    await dialog.getByLabel('英文名').fill('Accelerators')
    await dialog.getByRole('button', { name: '保存' }).click()
    const alert = dialog.getByRole('alert')
    await poll(() => alert.innerText()).toContain('中文名：')
    await poll(() => alert.innerText()).toContain('“AI 芯片”')
    await poll(() => alert.innerText()).toContain('AI 芯片 / AI chips')
    await poll(() => dialog.getByLabel('中文名').getAttribute('aria-invalid')).toBe('true')
    // The dialog stays open with what was typed; cancelling leaves the chain as it was.
    await dialog.getByRole('button', { name: '取消' }).click()
    await poll(() => dialog.count()).toBe(0)
    expect(await s.page.locator('.lane[data-node="infra"] .group:not(.unsegmented)').count()).toBe(5)
  })

  it('shows the reason a node with members cannot simply be deleted, and moves them where the analyst says', async () => {
    const seg = s.page.locator('.group[data-node="infra.chips"]')
    // the map's cards drawn first (a count taken while it loads would be 0)
    await poll(() => seg.locator('.mcard').count()).toBeGreaterThan(0)
    const members = await seg.locator('.mcard').count()
    expect(members).toBeGreaterThan(0)
    await seg.getByRole('button', { name: '删除 AI 芯片' }).click()
    const dialog = s.page.getByTestId('delete-dialog')
    await dialog.getByRole('button', { name: '删除' }).click()
    await poll(() => dialog.getByRole('alert').innerText()).toContain(`还有 ${members} 家公司`)
    await poll(() => dialog.getByLabel('成员、细分与映射移至').inputValue()).toBe('infra')
    await dialog.getByRole('button', { name: '移动并删除' }).click()
    await poll(() => seg.count()).toBe(0)
    // The members now sit in the layer itself; Ctrl+Z brings the segment back.
    await poll(() => s.page.locator('.lane[data-node="infra"] .group.unsegmented .mcard').count()).toBeGreaterThanOrEqual(members)
    await s.page.keyboard.press('Control+z')
    await poll(() => seg.locator('.mcard').count()).toBe(members)
  })

  it('says in Chinese that an FX rate dated 2023-02-30 is not a real date, naming 日期', async () => {
    await s.page.getByRole('tab', { name: /^跨层比较/ }).click()
    const fx = s.page.getByTestId('fx-editor')
    await fx.getByLabel('添加 · 币种').fill('GBP')
    await fx.getByLabel('添加 · 截至').fill('2023-02-30')
    await fx.getByLabel('添加 · 汇率').fill('0.8')
    await fx.getByLabel('添加 · 出处').fill('test')
    await fx.getByRole('button', { name: '添加' }).click()
    const alert = fx.getByRole('alert')
    await poll(() => alert.innerText()).toContain('日期：“2023-02-30”不是有效的日历日期')
    // What was typed stays, so it can be corrected.
    expect(await fx.getByLabel('添加 · 截至').inputValue()).toBe('2023-02-30')
    expect(s.errors).toEqual([])
  })
})
