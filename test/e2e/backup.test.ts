import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../electron/main/api/dispatch'
import { createHandlers } from '../../electron/main/api/handlers'
import { DB_FILENAME, openWorkspace } from '../../electron/main/workspace'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'
import { tempDir, zeroTablePage } from '../helpers/workspace'

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 })
const shots = join(__dirname, '../../test-results/backup')

const segName = (s: Session, id: string) => s.page.locator(`.group[data-node="${id}"] .group-name`).innerText()
const rows = (s: Session, kind?: string) => s.page.locator(`[data-testid=backup-list] .backup-row${kind ? `[data-kind="${kind}"]` : ''}`)

async function renameServers(s: Session, zh: string, en: string) {
  await s.page.getByRole('tab', { name: /^产业链图谱/ }).click()
  await s.page.locator('.group[data-node="infra.servers"]').getByRole('button', { name: '重命名' }).click()
  const dialog = s.page.getByTestId('node-dialog')
  await dialog.getByLabel('中文名').fill(zh)
  await dialog.getByLabel('英文名').fill(en)
  await dialog.getByRole('button', { name: '保存' }).click()
  await poll(() => segName(s, 'infra.servers')).toBe(zh)
}

describe.skipIf(e2eSkipped)('backups (real Chromium)', () => {
  it('backs up now, restores it after an edit (the edit is gone, a pre-restore copy is listed), in Chinese and English', async () => {
    mkdirSync(shots, { recursive: true })
    const s = await startSession()
    try {
      await s.page.getByTestId('backups-button').click()
      const panel = s.page.getByTestId('backup-panel')
      await poll(() => panel.innerText()).toContain('备份文件保存在')
      await poll(() => rows(s, 'auto').count()).toBe(1) // the launch backup
      await panel.getByTestId('backup-now').click()
      await poll(() => rows(s, 'manual').count()).toBe(1)
      await poll(() => s.page.getByTestId('notices').innerText()).toContain('已备份：workbench-')
      await poll(() => rows(s, 'manual').first().innerText()).toMatch(/手动/)
      await panel.screenshot({ path: join(shots, 'panel-zh.png') })
      await panel.getByRole('button', { name: '关闭' }).click()
      await poll(() => panel.count()).toBe(0)

      await renameServers(s, '算力服务器', 'AI servers')

      await s.page.getByTestId('backups-button').click()
      await rows(s, 'manual').first().getByRole('button', { name: '恢复' }).click()
      const confirm = s.page.getByTestId('restore-confirm')
      await poll(() => confirm.innerText()).toContain('恢复前副本')
      await confirm.screenshot({ path: join(shots, 'restore-confirm-zh.png') })
      await confirm.getByRole('button', { name: '恢复' }).click()
      await poll(() => confirm.count()).toBe(0)
      await poll(() => segName(s, 'infra.servers')).toBe('服务器') // the edit is gone; the map refetched by itself
      await poll(() => s.page.getByTestId('notices').innerText()).toMatch(/已从 workbench-\S+-manual\.sqlite 恢复/)

      await s.page.getByTestId('backups-button').click()
      await poll(() => rows(s, 'pre-restore').count()).toBe(1)
      await panel.getByRole('button', { name: '关闭' }).click()

      // English
      await s.page.getByRole('button', { name: 'English' }).click()
      await s.page.getByTestId('backups-button').click()
      await poll(() => panel.innerText()).toContain('Backup files are kept in')
      await poll(() => rows(s, 'pre-restore').first().innerText()).toContain('Before restore')
      await panel.screenshot({ path: join(shots, 'panel-en.png') })
      expect(s.errors).toEqual([])
    } finally {
      await s.stop()
    }
  }, 180_000)

  it('a server started on a damaged workspace shows the recovery banner, and restoring the offered backup brings the data back', async () => {
    mkdirSync(shots, { recursive: true })
    const dataDir = tempDir()
    const ws = openWorkspace(dataDir)
    const h = createHandlers(ws)
    const ok = async (m: string, input: unknown) => {
      const r = await dispatch(h, m, input)
      if (!r.ok) throw new Error(r.error.message)
    }
    await ok('chain.renameNode', { id: 'infra.servers', nameZh: '算力服务器', nameEn: 'AI servers' })
    await ok('backup.create', {})
    ws.close()
    zeroTablePage(join(dataDir, DB_FILENAME))

    const s = await startSession({ dataDir })
    try {
      const banner = s.page.getByTestId('recovery-banner')
      await poll(() => banner.innerText()).toContain('工作区文件已损坏')
      await poll(() => s.page.getByTestId('recovery-path').innerText()).toMatch(/quarantine[\\/]workbench-\d{8}-\d{6}\.sqlite$/)
      await poll(() => banner.innerText()).toContain('最近一个通过检查的备份')
      await banner.screenshot({ path: join(shots, 'banner-zh.png') })
      await s.page.screenshot({ path: join(shots, 'banner-page-zh.png') })

      await s.page.getByRole('button', { name: 'English' }).click()
      await poll(() => banner.innerText()).toContain('The workspace file was damaged')
      await banner.screenshot({ path: join(shots, 'banner-en.png') })
      await s.page.getByRole('button', { name: '中文' }).click()
      await poll(() => banner.innerText()).toContain('工作区文件已损坏')

      await s.page.getByTestId('recovery-restore').click()
      const confirm = s.page.getByTestId('restore-confirm')
      await confirm.getByRole('button', { name: '恢复' }).click()
      await poll(() => banner.count()).toBe(0)
      await s.page.getByRole('tab', { name: /^产业链图谱/ }).click()
      await poll(() => segName(s, 'infra.servers')).toBe('算力服务器')
      expect(s.errors).toEqual([])
    } finally {
      await s.stop()
    }
  }, 180_000)
})
