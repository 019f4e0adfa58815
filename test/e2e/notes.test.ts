/**
 * Scenario notes in real Chromium: write a thesis with three scenarios about a bundled company,
 * reload, find it by a two-character Chinese word, restore an older revision, see a thesis flag
 * after entering a price, and empty / restore the trash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 })

describe.skipIf(e2eSkipped)('scenario notes (real Chromium)', () => {
  let s: Session
  beforeAll(async () => {
    s = await startSession()
    await s.page.setViewportSize({ width: 1280, height: 800 })
  })
  afterAll(async () => {
    await s?.stop()
  })
  const page = () => s.page
  const saved = () => page().getByTestId('save-state').getAttribute('data-state')
  const editorText = () => page().locator('[data-testid=note-editor] .cm-content').innerText()

  it('writes a thesis with three scenarios and sees the weighted target and upside', async () => {
    await page().getByRole('tab', { name: /^情景笔记/ }).click()
    await page().getByTestId('new-note').click()
    await page().getByRole('radio', { name: '公司' }).click()
    await page().getByTestId('subject-search').fill('讯飞')
    await page().getByRole('option', { name: /002230\.SZ/ }).click()
    await page().getByTestId('new-note-title').fill('讯飞论点')
    await page().getByRole('button', { name: '创建' }).click()
    const editor = page().locator('[data-testid=note-editor] .cm-content')
    await editor.click()
    await page().keyboard.type('算力需求强劲。')
    await poll(saved).toBe('saved')
    await page().keyboard.type('第二段：光模块。')
    await poll(saved).toBe('saved')
    await page().getByTestId('add-scenarios').click()
    await poll(() => page().locator('[data-testid^="scenario-"] >> visible=true').filter({ has: page().locator('.scen-name') }).count()).toBe(3)
    await poll(() => page().getByTestId('weighted-target').innerText()).toMatch(/\d/)
    await poll(() => page().getByTestId('weighted-upside').innerText()).toMatch(/%/)
    await poll(saved).toBe('saved')
  })

  it('after a reload the note, its scenarios and revisions are there; a two-character word finds it', async () => {
    await page().reload()
    await page().getByRole('button', { name: /^搜索/ }).click()
    await page().getByTestId('search-palette').locator('input').fill('算力')
    const hit = page().getByTestId('search-palette').locator('li[data-kind="note"]', { hasText: '讯飞论点' })
    await poll(() => hit.count()).toBe(1)
    await hit.click()
    await poll(editorText).toContain('第二段：光模块。')
    await poll(() => page().getByTestId('weighted-target').innerText()).toMatch(/\d/)
  })

  /** The API as a script would call it (browser mode: token from the launch URL). */
  const api = async (method: string, input: unknown) => {
    const u = new URL(s.url)
    const r = await fetch(`${u.origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-workbench-token': u.searchParams.get('token')! }, body: JSON.stringify(input) })
    return ((await r.json()) as { result: any }).result
  }

  it('restores an older revision as a new one, keeping the scenarios', async () => {
    await page().getByTestId('open-revisions').click()
    const revs = page().locator('[data-testid=revisions] [data-revision]')
    await poll(() => revs.count()).toBeGreaterThanOrEqual(3)
    // the revision that has the first paragraph only (autosave may have saved a partial one too)
    const id = (await api('notes.list', {})).notes[0].id
    let target = 0
    for (const r of (await api('notes.revisions', { id })).revisions) if ((await api('notes.revision', { id, revision: r.revision })).body === '算力需求强劲。') target = r.revision
    expect(target).toBeGreaterThan(0)
    await page().locator(`[data-testid=revisions] [data-revision="${target}"]`).click()
    await page().getByTestId('restore-revision').click()
    await page().getByRole('dialog').getByRole('button', { name: '恢复此修订' }).click()
    await poll(editorText).not.toContain('第二段')
    await poll(editorText).toContain('算力需求强劲。')
    await poll(() => page().getByTestId('weighted-target').innerText()).toMatch(/\d/)
  })

  it('flags the thesis after a price below the bear target is entered', async () => {
    await page().keyboard.press('Control+k')
    await page().getByTestId('search-palette').locator('input').fill('002230')
    const hit = page().getByTestId('search-palette').locator('li[data-kind="security"]').first()
    await poll(() => hit.count()).toBe(1)
    await hit.click()
    const entry = page().getByTestId('price-entry')
    await entry.getByLabel('价格').fill('1')
    await entry.getByLabel('币种').fill('CNY')
    // dates read and show as YYYY-MM-DD in either language (not the browser's locale format)
    const date = entry.getByLabel('日期')
    expect(await date.getAttribute('placeholder')).toBe('年-月-日')
    await date.fill('2023-02-30')
    await poll(() => date.getAttribute('aria-invalid')).toBe('true')
    await entry.getByRole('button', { name: '保存价格' }).click()
    await poll(() => entry.getByRole('alert').innerText()).toContain('日期')
    const today = new Date().toISOString().slice(0, 10)
    const [y, m, d] = today.split('-').map(Number)
    await date.fill(`${y}/${m}/${d}`)
    await date.blur()
    await poll(() => date.inputValue()).toBe(today)
    expect(await date.getAttribute('aria-invalid')).toBeNull()
    await entry.getByRole('button', { name: '保存价格' }).click()
    await poll(() => page().getByTestId('notices').innerText()).toContain('已保存价格')
    await poll(() => page().getByTestId('security-notes').innerText()).toContain('论点检查被触发')
    await poll(() => page().getByTestId('thesis-flags').innerText()).toContain('熊市')
  })

  it('keeps hostile note content inert: no script runs, no javascript: link, no remote image', async () => {
    const dialogs: string[] = []
    const remote: string[] = []
    page().on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()))
    page().on('request', (r) => !r.url().startsWith(new URL(s.url).origin) && remote.push(r.url()))
    const body = [
      '<script>alert("script")</script>',
      '<img src=x onerror="alert(\'img\')">',
      '[js](javascript:alert("link")) [JS](JaVaScRiPt:alert(1)) [data](data:text/html,<script>alert(1)</script>)',
      '![remote](https://example.com/track.png)',
      '<a href="javascript:alert(2)" onclick="alert(3)">raw</a> <svg onload="alert(4)"></svg> <iframe src="https://example.com"></iframe>',
      'plain [ok](https://example.com/page)',
    ].join('\n\n')
    await api('notes.save', { subject: { kind: 'theme' }, title: 'Hostile', body })
    await page().getByTestId('company-panel').getByRole('button', { name: '关闭' }).click()
    const item = page().getByTestId('notes-list').locator('li', { hasText: 'Hostile' })
    await poll(() => item.count()).toBe(1)
    await item.click()
    const preview = page().getByTestId('note-preview')
    await poll(() => preview.innerText()).toContain('plain')
    await page().waitForTimeout(500)
    expect(await preview.locator('script, iframe, svg, img').count()).toBe(0)
    const hrefs = await preview.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
    expect(hrefs.filter((h) => !/^(https?:|mailto:|#|$)/i.test(h))).toEqual([])
    const handlers = await preview.evaluate((el) => [...el.querySelectorAll('*')].flatMap((n) => [...n.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)))
    expect(handlers).toEqual([])
    expect(dialogs).toEqual([])
    expect(remote).toEqual([])
    // the item goes to the trash with the other test note below
    await api('notes.delete', { id: (await api('notes.list', {})).notes.find((n: { title: string }) => n.title === 'Hostile').id })
    await api('notes.emptyTrash', { confirm: true })
  })

  /**
   * Leaving a note may ask first (unsaved text): the dialog can open a moment after the click on a
   * loaded machine, so wait briefly for it and confirm it if it comes.
   */
  async function answerDialog() {
    const dialog = page().getByRole('dialog')
    const shown = await dialog.waitFor({ state: 'visible', timeout: 1500 }).then(() => true, () => false)
    if (shown) await dialog.getByRole('button').last().click()
    await poll(() => page().locator('.modal-backdrop').count()).toBe(0)
  }

  it('moves the note to the trash, restores it, then empties the trash', async () => {
    await page().getByTestId('notes-list').locator('li', { hasText: '讯飞论点' }).click()
    await page().getByTestId('delete-note').click()
    await answerDialog()
    await page().getByTestId('show-trash').click()
    const inTrash = page().getByTestId('notes-list').locator('li', { hasText: '讯飞论点' })
    await poll(() => inTrash.count()).toBe(1)
    await inTrash.click()
    await page().getByTestId('restore-note').click()
    await poll(async () => (await api('notes.list', { trash: true })).total).toBe(0)
    // The page leaves the trash view by itself once the restore lands (NotesPage.restoreFromTrash).
    // No click on "back" here: it is replaced in place by "+ 新建笔记", so a click that arrives a
    // moment late opens the new-note dialog instead.
    const listed = page().getByTestId('notes-list').locator('li', { hasText: '讯飞论点' })
    await poll(() => listed.count()).toBe(1)
    // to the trash again, then empty it for good
    await answerDialog()
    await listed.click()
    await page().getByTestId('delete-note').click()
    await answerDialog()
    await page().getByTestId('show-trash').click()
    await poll(() => page().getByTestId('notes-list').locator('li', { hasText: '讯飞论点' }).count()).toBe(1)
    await page().getByTestId('empty-trash').click()
    await page().getByRole('dialog').getByRole('button', { name: '清空回收站' }).click()
    await poll(async () => (await api('notes.list', { trash: true })).total).toBe(0)
    expect((await api('notes.list', {})).total).toBe(0)
    expect(s.errors).toEqual([])
  })
})
