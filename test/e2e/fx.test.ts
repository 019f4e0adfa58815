/**
 * FX input in the Chinese UI (real Chromium): a 10× CNY typo asks before it is saved, in the app
 * (no window.confirm), saying the previous rate and the move in %; cancel changes nothing, keep
 * saves it. A first GBP rate makes GBP a reporting currency on the Compare page.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })
const SHOTS = '/tmp/shots'

describe.skipIf(e2eSkipped)('FX input that makes sense (real Chromium, Chinese UI)', () => {
  let s: Session
  beforeAll(async () => {
    s = await startSession()
    mkdirSync(SHOTS, { recursive: true })
  })
  afterAll(async () => {
    await s?.stop()
  })
  const fx = () => s.page.getByTestId('fx-editor')
  const rateRows = () => fx().locator('tbody tr').evaluateAll((trs) => trs.slice(0, -1).map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.querySelector('input')?.value ?? td.textContent).join(' ')))
  const add = async (currency: string, asOf: string, perUsd: string) => {
    await fx().getByLabel('添加 · 币种').fill(currency)
    await fx().getByLabel('添加 · 截至').fill(asOf)
    await fx().getByLabel('添加 · 汇率').fill(perUsd)
    await fx().getByLabel('添加 · 出处').fill('e2e')
    await fx().getByRole('button', { name: '添加', exact: true }).click()
  }

  it('refuses 1900-01-01 as an FX date, naming 日期', async () => {
    await s.page.getByRole('tab', { name: /^跨层比较/ }).click()
    await poll(() => rateRows()).toContain('CNY 2023-02-08 6.79')
    await add('GBP', '1900-01-01', '0.8')
    await poll(() => fx().getByRole('alert').innerText()).toContain('截至日期：“1900-01-01”不是有效的日历日期（须在 1970–2100 年之间')
  })

  it('asks before saving a CNY rate 10× the bundled one; cancel leaves the list, keep saves it', async () => {
    const before = await rateRows()
    let nativeDialog = false
    s.page.on('dialog', (d) => {
      nativeDialog = true
      void d.dismiss()
    })
    await add('CNY', '2023-03-01', '67.9')
    const confirm = s.page.getByTestId('fx-jump-confirm')
    await poll(() => confirm.isVisible()).toBe(true)
    await poll(() => confirm.innerText()).toContain('汇率变动较大')
    await poll(() => confirm.innerText()).toContain('CNY 67.9 与 2023-02-08 的汇率 6.79 相比变动 +900%（超过 ±20%）')
    await poll(() => confirm.innerText()).toContain('保留')
    await confirm.screenshot({ path: `${SHOTS}/fx-jump-zh.png` })

    await confirm.getByRole('button', { name: '取消' }).click()
    await poll(() => confirm.count()).toBe(0)
    expect(await rateRows()).toEqual(before)
    expect(await fx().getByLabel('添加 · 汇率').inputValue()).toBe('67.9') // kept, to correct it

    // An in-place edit of the bundled rate asks too; cancel puts the stored rate back in the cell.
    const cell = fx().getByLabel('CNY 2023-02-08', { exact: true })
    await cell.fill('67.9')
    await cell.blur()
    await poll(() => confirm.isVisible()).toBe(true)
    await poll(() => confirm.innerText()).toContain('与 2022-11-24 的汇率 7.15 相比变动 +849.7%')
    await confirm.getByRole('button', { name: '取消' }).click()
    await poll(() => fx().getByLabel('CNY 2023-02-08', { exact: true }).inputValue()).toBe('6.79')
    expect(await rateRows()).toEqual(before)

    await fx().getByRole('button', { name: '添加', exact: true }).click()
    await poll(() => confirm.isVisible()).toBe(true)
    await confirm.getByRole('button', { name: '保留' }).click()
    await poll(() => rateRows()).toContain('CNY 2023-03-01 67.9')
    await poll(() => rateRows().then((r) => r.length)).toBe(before.length + 1)
    await poll(() => fx().getByLabel('添加 · 汇率').inputValue()).toBe('')
    expect(nativeDialog).toBe(false)
  })

  it('adds a first GBP rate without a confirm and reports in GBP', async () => {
    const picker = s.page.getByLabel('折算币种')
    expect(await picker.locator('option').allInnerTexts()).toEqual(['CNY', 'HKD', 'USD'])
    await add('GBP', '2023-02-08', '0.83')
    await poll(() => rateRows()).toContain('GBP 2023-02-08 0.83')
    expect(await s.page.getByTestId('fx-jump-confirm').count()).toBe(0)
    await poll(() => picker.locator('option').allInnerTexts()).toEqual(['CNY', 'GBP', 'HKD', 'USD'])
    await picker.selectOption('GBP')
    await poll(() => s.page.getByTestId('compare-cards').locator('[data-stat="totalMcap"]').first().innerText()).toMatch(/\d.* GBP$/)
    expect(await s.page.getByTestId('compare-cards').getByRole('alert').count()).toBe(0)
    expect(s.errors).toEqual([])
  })
})
