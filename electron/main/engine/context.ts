/**
 * What every handler gets: the workspace, a clock, and the engine's channels to the views
 * (change notifications, progress) and to the user (cancel). Injected so tests are deterministic.
 */
import type { PushEvent } from '../../../shared/push'
import type { Db } from '../db/connection'
import type { Workspace } from '../workspace'

export interface EngineContext {
  ws: Workspace
  db: Db
  now: () => Date
  emit: (e: PushEvent) => void
  /** true once the user asked to cancel the running long operation */
  cancelled: () => boolean
}

export function engineContext(ws: Workspace, parts: Partial<Omit<EngineContext, 'ws' | 'db'>> = {}): EngineContext {
  return { ws, db: ws.db, now: parts.now ?? (() => new Date()), emit: parts.emit ?? (() => {}), cancelled: parts.cancelled ?? (() => false) }
}
