/** Messages between the engine host (main thread) and the worker that owns the database. */
import type { PushEvent } from '../../../shared/push'
import type { InstanceMode } from '../db/instanceLock'

export interface WorkerInit {
  /** writer: owns the workspace (lock, checks, migrations, every write); reader: a read-only connection */
  role: 'writer' | 'reader'
  /** the database file (readers open it once the writer has made it ready) */
  dbFile?: string
  dataDir: string
  mode: InstanceMode
  nativeBinding?: string
  /** Int32 slot 0: set to 1 by the host to cancel the running long operation */
  cancel: SharedArrayBuffer
}

export type ToWorker = { type: 'call'; id: number; method: string; payload: unknown } | { type: 'close' }

export type FromWorker =
  | { type: 'ready'; dataDir: string; dbFile: string; openStats: { quickCheckMs: number; openMs: number } }
  | { type: 'failed'; name: string; message: string }
  /** the reply as JSON text: serialised here, so the serving thread only forwards a string */
  | { type: 'reply'; id: number; json: string; status: number }
  | { type: 'push'; event: PushEvent }
  | { type: 'closed' }
