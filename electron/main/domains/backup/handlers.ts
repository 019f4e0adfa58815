/** Backup domain handlers (placeholder until the backup work lands). */
import { conflict } from '../../../../shared/errors'
import type { DomainHandlers } from '../../engine/app'

const todo = () => {
  throw conflict('backup.unavailable', 'backups are not available yet')
}

export const backupHandlers: DomainHandlers<'backup.list' | 'backup.create' | 'backup.restore'> = {
  'backup.list': todo,
  'backup.create': todo,
  'backup.restore': todo,
}
