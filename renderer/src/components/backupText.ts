/** Words of the Backups panel and the recovery banner, in Chinese (default) and English. */
import type { BackupKind } from '../../../shared/api/backup'
import type { Lang } from '../../../shared/format'
import { useI18n } from '../i18n'

const zh = {
  headerButton: '备份',
  headerWarn: '上次自动备份失败，点此查看',
  title: '备份',
  folder: '备份文件保存在：',
  policy: (minutes: number, auto: number, pre: number) =>
    `启动时自动备份一次${minutes > 0 ? `，之后只要有改动，每 ${fmtMinutes(minutes, 'zh')}再备份一次` : ''}；保留最近 ${auto} 个自动备份和 ${pre} 个恢复前副本，手动备份全部保留。`,
  colTime: '时间',
  colKind: '类型',
  colSize: '大小',
  kind: { auto: '自动', manual: '手动', 'pre-restore': '恢复前副本' } satisfies Record<BackupKind, string>,
  empty: '还没有备份。',
  loading: '正在读取备份列表…',
  backupNow: '立即备份',
  backingUp: '正在备份…',
  restore: '恢复',
  restoring: '正在恢复…',
  close: '关闭',
  cancel: '取消',
  lastAutoOk: (at: string) => `上次自动备份：${at}`,
  lastAutoFailed: (at: string, error: string) => `上次自动备份失败（${at}）：${error}`,
  created: (file: string) => `已备份：${file}`,
  cancelled: '备份已取消，没有留下任何文件',
  confirmTitle: '从备份恢复',
  confirmBody: (at: string, kind: string) => `用 ${at} 的${kind}备份替换当前工作区的全部内容？`,
  confirmKeep: '恢复之前，会先把当前工作区另存为一个“恢复前副本”备份，需要时可以再恢复回来。',
  confirmButton: '恢复',
  restored: (file: string, copy: string) => `已从 ${file} 恢复；恢复前的工作区已保存为 ${copy}`,
  bannerTitle: '工作区文件已损坏，已移到隔离文件夹',
  bannerBody: (at: string) => `启动时（${at}）的完整性检查发现工作区文件已损坏。损坏的文件没有被删除或修改，已原样移到：`,
  bannerFresh: '现在打开的是一个新建的工作区，只含内置研报；你之前的改动不在其中。',
  bannerReason: '检查结果：',
  bannerLatest: (at: string, kind: string) => `最近一个通过检查的备份：${at}（${kind}）`,
  bannerNoBackup: '没有找到可用的备份。请保留隔离文件夹中的文件，可交给技术支持尝试修复。',
  bannerRestore: '恢复这个备份',
  bannerDismiss: '知道了',
}

type BackupWords = typeof zh

const en: BackupWords = {
  headerButton: 'Backups',
  headerWarn: 'The last automatic backup failed; click to see',
  title: 'Backups',
  folder: 'Backup files are kept in:',
  policy: (minutes, auto, pre) =>
    `${minutes > 0 ? `An automatic backup is taken at launch and every ${fmtMinutes(minutes, 'en')} while there are changes` : 'An automatic backup is taken at launch'}; the newest ${auto} automatic backups and ${pre} pre-restore copies are kept, manual backups are all kept.`,
  colTime: 'Time',
  colKind: 'Kind',
  colSize: 'Size',
  kind: { auto: 'Automatic', manual: 'Manual', 'pre-restore': 'Before restore' },
  empty: 'No backups yet.',
  loading: 'Reading the backups…',
  backupNow: 'Back up now',
  backingUp: 'Backing up…',
  restore: 'Restore',
  restoring: 'Restoring…',
  close: 'Close',
  cancel: 'Cancel',
  lastAutoOk: (at) => `Last automatic backup: ${at}`,
  lastAutoFailed: (at, error) => `The last automatic backup failed (${at}): ${error}`,
  created: (file) => `Backed up: ${file}`,
  cancelled: 'Backup cancelled; no file was left behind',
  confirmTitle: 'Restore from backup',
  confirmBody: (at, kind) => `Replace everything in the current workspace with the ${kind.toLowerCase()} backup from ${at}?`,
  confirmKeep: 'A copy of the current workspace is kept first, as a "before restore" backup, so you can go back to it.',
  confirmButton: 'Restore',
  restored: (file, copy) => `Restored from ${file}; the workspace as it was is kept as ${copy}`,
  bannerTitle: 'The workspace file was damaged and has been moved aside',
  bannerBody: (at) => `At launch (${at}) the integrity check found the workspace file damaged. The damaged file was not deleted or changed; it was moved, as it was, to:`,
  bannerFresh: 'What is open now is a new workspace with only the bundled reports; your earlier changes are not in it.',
  bannerReason: 'What the check found:',
  bannerLatest: (at, kind) => `Latest backup that passes its check: ${at} (${kind.toLowerCase()})`,
  bannerNoBackup: 'No usable backup was found. Keep the file in the quarantine folder; support may be able to repair it.',
  bannerRestore: 'Restore this backup',
  bannerDismiss: 'Dismiss',
}

export const BACKUP_TEXT: Record<Lang, BackupWords> = { zh, en }

export function useBackupText(): BackupWords {
  return BACKUP_TEXT[useI18n().lang]
}

function fmtMinutes(m: number, lang: Lang): string {
  if (m >= 1 && Number.isInteger(m)) return lang === 'zh' ? `${m} 分钟` : `${m} minutes`
  const s = Math.max(1, Math.round(m * 60))
  return lang === 'zh' ? `${s} 秒` : `${s} seconds`
}

/** "2025-06-01 16:00:01", local time (backup names carry UTC). */
export function backupTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (x: number) => String(x).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`
}
