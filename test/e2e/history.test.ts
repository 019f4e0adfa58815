import { describe, expect, it } from 'vitest'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'
import { tempDir } from '../helpers/workspace'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })

const segName = (s: Session, id: string) => s.page.locator(`.group[data-node="${id}"] .group-name`).innerText()
const historyLabels = (s: Session) => s.page.locator('[data-testid=history-list] .history-label').allInnerTexts()
const rowKinds = (s: Session) => s.page.locator('[data-testid=history-list] .history-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))

describe.skipIf(e2eSkipped)('history: edit, undo, redo, restart (real Chromium)', () => {
  it('renames a segment, undoes and redoes it with the keyboard, and keeps the history across a restart', async () => {
    const dataDir = tempDir()
    const a = await startSession({ dataDir })
    try {
      await a.page.getByRole('tab', { name: /^产业链图谱/ }).click()
      await poll(() => segName(a, 'infra.servers')).toBe('服务器')

      // Rename through the in-app dialog (no window.prompt).
      await a.page.locator('.group[data-node="infra.servers"]').getByRole('button', { name: '重命名' }).click()
      const dialog = a.page.getByTestId('node-dialog')
      await dialog.getByLabel('中文名').fill('算力服务器')
      await dialog.getByLabel('英文名').fill('AI servers')
      await dialog.getByRole('button', { name: '保存' }).click()
      await poll(() => segName(a, 'infra.servers')).toBe('算力服务器')
      await poll(() => dialog.count()).toBe(0)

      // Ctrl+Z undoes the rename and says what it undid.
      await a.page.keyboard.press('Control+z')
      await poll(() => segName(a, 'infra.servers')).toBe('服务器')
      await poll(() => a.page.getByTestId('notices').innerText()).toContain('已撤销：重命名 服务器 → 算力服务器')

      // The History panel lists the edit (marked undone) and the undo, newest first.
      await a.page.getByRole('button', { name: '历史' }).click()
      const panel = a.page.getByTestId('history-panel')
      await poll(() => historyLabels(a).then((l) => l.slice(0, 2))).toEqual(['撤销：重命名 服务器 → 算力服务器', '重命名 服务器 → 算力服务器'])
      await poll(() => panel.locator('.history-row').nth(1).innerText()).toContain('已撤销')
      await poll(() => panel.getByTestId('redo-button').innerText()).toContain('重命名 服务器 → 算力服务器')

      // Ctrl+Shift+Z redoes it.
      await a.page.keyboard.press('Control+Shift+Z')
      await poll(() => segName(a, 'infra.servers')).toBe('算力服务器')
      await poll(() => historyLabels(a).then((l) => l[0])).toBe('重做：重命名 服务器 → 算力服务器')
      await poll(() => a.page.getByTestId('notices').innerText()).toContain('已重做：重命名 服务器 → 算力服务器')

      // In a text field Ctrl+Z belongs to the browser's text undo, not to the workspace.
      await a.page.getByRole('tab', { name: /^覆盖/ }).click()
      const search = a.page.getByPlaceholder('快速搜索…')
      await search.fill('abc')
      await search.press('Control+z')
      await a.page.waitForTimeout(700)
      expect((await rowKinds(a))[0]).toBe('redo')
      await a.page.getByRole('tab', { name: /^产业链图谱/ }).click()
      expect(await segName(a, 'infra.servers')).toBe('算力服务器')
      expect(a.errors).toEqual([])
    } finally {
      await a.stop()
    }

    const b = await startSession({ dataDir })
    try {
      await b.page.getByRole('button', { name: '历史' }).click()
      await poll(() => historyLabels(b).then((l) => l.slice(0, 3))).toEqual([
        '重做：重命名 服务器 → 算力服务器',
        '撤销：重命名 服务器 → 算力服务器',
        '重命名 服务器 → 算力服务器',
      ])
      await poll(() => rowKinds(b).then((k) => k.slice(0, 3))).toEqual(['redo', 'undo', 'edit'])
      await b.page.getByRole('tab', { name: /^产业链图谱/ }).click()
      await poll(() => segName(b, 'infra.servers')).toBe('算力服务器')

      // "Revert to here" on the last bulk load, through the in-app confirm dialog.
      const row = b.page.locator('[data-testid=history-list] .history-row', { hasText: '计算数据质量标记' })
      await row.getByRole('button', { name: '还原到此处' }).click()
      await b.page.getByTestId('revert-dialog').getByRole('button', { name: '还原' }).click()
      await poll(() => segName(b, 'infra.servers')).toBe('服务器')
      await poll(() => historyLabels(b).then((l) => l[0])).toMatch(/^还原到“计算数据质量标记”之后（#\d+）$/)
      expect(b.errors).toEqual([])
    } finally {
      await b.stop()
    }
  }, 180_000)
})
