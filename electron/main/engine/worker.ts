/**
 * The worker that owns the workspace: it opens the database (instance lock, checks, migrations,
 * seeding), runs every handler, and pushes change notifications. The process that serves the
 * UI (Electron main, or the HTTP server) never runs a query, so its event loop never waits on one.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createHandlers } from '../api/handlers'
import { HTTP_STATUS } from '../../../shared/errors'
import { dispatch } from '../api/dispatch'
import { openWorkspace, type Workspace } from '../workspace'
import type { FromWorker, ToWorker, WorkerInit } from './protocol'

const port = parentPort!
const init = workerData as WorkerInit
const cancelFlag = new Int32Array(init.cancel)
const send = (m: FromWorker) => port.postMessage(m)

let ws: Workspace | null = null
try {
  ws = openWorkspace(init.dataDir, { mode: init.mode, nativeBinding: init.nativeBinding })
} catch (e) {
  send({ type: 'failed', name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) })
}

if (ws) {
  const open = ws
  const handlers = createHandlers(open, {
    emit: (event) => send({ type: 'push', event }),
    cancelled: () => Atomics.load(cancelFlag, 0) === 1,
  })
  send({ type: 'ready', dataDir: open.dataDir, dbFile: open.dbFile, openStats: open.openStats })
  port.on('message', (m: ToWorker) => {
    if (m.type === 'call') {
      Atomics.store(cancelFlag, 0, 0)
      const reply = dispatch(handlers, m.method, m.payload)
      // JSON.stringify here, not in the thread that serves the UI: a large result (a whole
      // chain, a comparison) would otherwise block that thread for 100+ ms.
      send({ type: 'reply', id: m.id, json: JSON.stringify(reply), status: reply.ok ? 200 : HTTP_STATUS[reply.error.kind] })
    } else if (m.type === 'close') {
      open.close()
      send({ type: 'closed' })
      port.close()
    }
  })
}
