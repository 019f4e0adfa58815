/**
 * An engine worker. The writer owns the workspace: it opens the database (instance lock,
 * checks, migrations, seeding), runs every write and pushes change notifications. A reader holds
 * a read-only connection to the same file and answers read methods. The process that serves the
 * UI (Electron main, or the HTTP server) never runs a query, so its event loop never waits on one.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createHandlers } from '../api/handlers'
import { HTTP_STATUS } from '../../../shared/errors'
import { dispatch, type ApiReply } from '../api/dispatch'
import { openReader } from '../db/connection'
import { openWorkspace, type Workspace } from '../workspace'
import type { FromWorker, ToWorker, WorkerInit } from './protocol'
import { EXCLUSIVE_METHODS } from './routing'
import type { PushEvent } from '../../../shared/push'
import { backupIntervalMs } from '../domains/backup/policy'
import { backupService } from '../domains/backup/service'
import { engineContext } from './context'

const port = parentPort!
const init = workerData as WorkerInit
const cancelFlag = new Int32Array(init.cancel)
const send = (m: FromWorker) => port.postMessage(m)

function open(): Workspace {
  // The app moves a damaged workspace aside and starts fresh (workspace.info says so); CLIs refuse.
  if (init.role === 'writer') return openWorkspace(init.dataDir, { mode: init.mode, nativeBinding: init.nativeBinding, onCorrupt: 'quarantine' })
  const started = performance.now()
  const db = openReader(init.dbFile!, { nativeBinding: init.nativeBinding })
  return { db, dataDir: init.dataDir, dbFile: init.dbFile!, openStats: { quickCheckMs: 0, openMs: performance.now() - started }, close: () => db.close() }
}

let ws: Workspace | null = null
try {
  ws = open()
} catch (e) {
  send({ type: 'failed', name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) })
}

if (ws) {
  const workspace = ws
  const emit = (event: PushEvent) => send({ type: 'push', event })
  const handlers = createHandlers(workspace, {
    emit,
    cancelled: () => Atomics.load(cancelFlag, 0) === 1,
  })
  send({ type: 'ready', dataDir: workspace.dataDir, dbFile: workspace.dbFile, openStats: workspace.openStats })
  // Automatic backups: the writer only (never plain openWorkspace() in tests and CLIs). One at
  // launch, then every interval while the workspace changes; they ignore the user's cancel.
  const backups = init.role === 'writer' ? backupService(workspace) : null
  backups?.start(engineContext(workspace, { emit }), backupIntervalMs())
  const answer = (id: number, reply: ApiReply) =>
    // JSON.stringify here, not in the thread that serves the UI: a large result (a whole
    // chain, a comparison) would otherwise block that thread for 100+ ms.
    send({ type: 'reply', id, json: JSON.stringify(reply), status: reply.ok ? 200 : HTTP_STATUS[reply.error.kind] })
  // Asynchronous handlers (XLSX reading, online backups) run while other calls are answered;
  // an exclusive one (restore replaces the database under this connection) holds every call
  // that arrives after it until it is done.
  let inFlight = 0
  let gate: Promise<unknown> | null = null
  const run = (m: Extract<ToWorker, { type: 'call' }>) => {
    // a cancel is meant for the long operation running now, not for one that starts later
    if (init.role === 'writer' && inFlight === 0) Atomics.store(cancelFlag, 0, 0)
    const reply = dispatch(handlers, m.method, m.payload)
    if (!(reply instanceof Promise)) return answer(m.id, reply)
    inFlight++
    const done = reply.then((r) => answer(m.id, r)).finally(() => inFlight--)
    if (EXCLUSIVE_METHODS.has(m.method)) gate = done.finally(() => (gate = null))
  }
  port.on('message', (m: ToWorker) => {
    if (m.type === 'call') {
      if (gate) void gate.then(() => run(m))
      else run(m)
    } else if (m.type === 'close') {
      const close = async () => {
        // waits for a running backup (its temp file would otherwise be left half-written) and
        // stops the timer; then lets the replies of finished calls go out before closing
        await backups?.stop()
        await new Promise((r) => setImmediate(r))
        workspace.close()
        send({ type: 'closed' })
        port.close()
      }
      void (gate ?? Promise.resolve()).then(close)
    }
  })
}
