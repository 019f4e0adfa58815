/**
 * An engine worker. The writer owns the workspace: it opens the database (instance lock,
 * checks, migrations, seeding), runs every write and pushes change notifications. A reader holds
 * a read-only connection to the same file and answers read methods. The process that serves the
 * UI (Electron main, or the HTTP server) never runs a query, so its event loop never waits on one.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createHandlers } from '../api/handlers'
import { HTTP_STATUS } from '../../../shared/errors'
import { dispatch } from '../api/dispatch'
import { openReader } from '../db/connection'
import { openWorkspace, type Workspace } from '../workspace'
import type { FromWorker, ToWorker, WorkerInit } from './protocol'

const port = parentPort!
const init = workerData as WorkerInit
const cancelFlag = new Int32Array(init.cancel)
const send = (m: FromWorker) => port.postMessage(m)

function open(): Workspace {
  if (init.role === 'writer') return openWorkspace(init.dataDir, { mode: init.mode, nativeBinding: init.nativeBinding })
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
  const handlers = createHandlers(workspace, {
    emit: (event) => send({ type: 'push', event }),
    cancelled: () => Atomics.load(cancelFlag, 0) === 1,
  })
  send({ type: 'ready', dataDir: workspace.dataDir, dbFile: workspace.dbFile, openStats: workspace.openStats })
  port.on('message', (m: ToWorker) => {
    if (m.type === 'call') {
      if (init.role === 'writer') Atomics.store(cancelFlag, 0, 0)
      const reply = dispatch(handlers, m.method, m.payload)
      // JSON.stringify here, not in the thread that serves the UI: a large result (a whole
      // chain, a comparison) would otherwise block that thread for 100+ ms.
      send({ type: 'reply', id: m.id, json: JSON.stringify(reply), status: reply.ok ? 200 : HTTP_STATUS[reply.error.kind] })
    } else if (m.type === 'close') {
      workspace.close()
      send({ type: 'closed' })
      port.close()
    }
  })
}
