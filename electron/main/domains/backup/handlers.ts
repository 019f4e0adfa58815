/** Backup domain handlers: list, back up now, restore. The work is in service.ts. */
import type { DomainHandlers } from '../../engine/app'
import { KEEP_AUTO, KEEP_PRE_RESTORE, backupIntervalMs } from './policy'
import { backupService } from './service'

export const backupHandlers: DomainHandlers<'backup.list' | 'backup.create' | 'backup.restore'> = {
  'backup.list': (_i, { ws }) => {
    const s = backupService(ws)
    return {
      dir: s.dir,
      keep: { auto: KEEP_AUTO, preRestore: KEEP_PRE_RESTORE },
      intervalMinutes: backupIntervalMs() / 60_000,
      backups: s.list(),
      lastAuto: s.lastAuto,
      running: s.running(),
    }
  },
  'backup.create': (_i, ctx) => backupService(ctx.ws).create(ctx, 'manual'),
  'backup.restore': ({ file }, ctx) => backupService(ctx.ws).restore(ctx, file),
}
