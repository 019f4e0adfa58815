/**
 * Starts the engine workers and forwards calls to them. The writer answers writes in order (one
 * thread, one connection: writes are sequential by construction); the caller's event loop only
 * posts and receives messages.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ApiReply } from '../../../shared/errors'
import type { PushEvent } from '../../../shared/push'
import type { InstanceMode } from '../db/instanceLock'
import type { FromWorker, ToWorker, WorkerInit } from './protocol'
import { READ_METHODS } from './routing'

export interface Engine {
  dataDir: string
  dbFile: string
  openStats: { quickCheckMs: number; openMs: number }
  /** parsed reply (tests, bench, scripts) */
  call(method: string, payload: unknown): Promise<ApiReply>
  /** the reply as JSON text with its HTTP status: what transports forward without parsing */
  callJson(method: string, payload: unknown): Promise<JsonReply>
  /** subscribe to change notifications and progress; returns the unsubscribe function */
  onPush(fn: (e: PushEvent) => void): () => void
  /** asks the running long operation to stop at its next check */
  cancel(): void
  close(): Promise<void>
}

export interface JsonReply {
  json: string
  status: number
}

export class EngineStartError extends Error {
  constructor(
    readonly causeName: string,
    message: string,
  ) {
    super(message)
    this.name = 'EngineStartError'
  }
}

/** The bundled worker (desktop build) if present, else the TypeScript entry through tsx. */
function workerScript(): string {
  const built = join(__dirname, 'worker.js')
  return existsSync(built) ? built : join(__dirname, 'worker-dev.cjs')
}

/** One worker thread and its pending calls. */
interface WorkerHandle {
  ready: Promise<Extract<FromWorker, { type: 'ready' }>>
  callJson(method: string, payload: unknown): Promise<JsonReply>
  pending(): number
  close(): Promise<void>
}

const stopped = (message: string): JsonReply => ({
  json: JSON.stringify({ ok: false, error: { kind: 'internal', code: 'engine.stopped', params: {}, message } }),
  status: 500,
})

function spawn(init: WorkerInit, onPush: (e: PushEvent) => void): WorkerHandle {
  const worker = new Worker(workerScript(), { workerData: init })
  const pending = new Map<number, (r: JsonReply) => void>()
  let nextId = 1
  let dead: string | null = null
  let closed: (() => void) | null = null
  const failAll = (message: string) => {
    dead = message
    for (const [, resolve] of pending) resolve(stopped(message))
    pending.clear()
  }
  const ready = new Promise<Extract<FromWorker, { type: 'ready' }>>((resolve, reject) => {
    worker.on('error', (e) => {
      failAll(`workspace engine (${init.role}) crashed: ${e.message}`)
      reject(e)
    })
    worker.on('exit', (code) => {
      failAll(`workspace engine (${init.role}) stopped (exit ${code})`)
      closed?.()
      reject(new Error(`workspace engine exited (${code}) before it was ready`))
    })
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'reply') {
        pending.get(m.id)?.({ json: m.json, status: m.status })
        pending.delete(m.id)
      } else if (m.type === 'push') onPush(m.event)
      else if (m.type === 'failed') {
        reject(new EngineStartError(m.name, m.message))
        void worker.terminate()
      } else if (m.type === 'closed') void worker.terminate()
      else if (m.type === 'ready') resolve(m)
    })
  })
  ready.catch(() => {}) // a reader that fails to start only means reads stay on the writer
  return {
    ready,
    pending: () => (dead ? Infinity : pending.size),
    callJson(method, payload) {
      if (dead) return Promise.resolve(stopped(dead))
      const id = nextId++
      return new Promise<JsonReply>((resolve) => {
        pending.set(id, resolve)
        worker.postMessage({ type: 'call', id, method, payload } satisfies ToWorker)
      })
    },
    close: () =>
      new Promise<void>((done) => {
        if (dead) return done()
        closed = done
        worker.postMessage({ type: 'close' } satisfies ToWorker)
      }),
  }
}

/**
 * The writer opens the workspace first (lock, checks, migrations, seeding); then a reader opens
 * the same file read-only. Reads go to whichever of the two has fewer calls waiting; writes
 * always to the writer, one at a time.
 */
export async function startEngine(opts: { dataDir: string; mode: InstanceMode; nativeBinding?: string }): Promise<Engine> {
  const cancel = new SharedArrayBuffer(4)
  const listeners = new Set<(e: PushEvent) => void>()
  const push = (e: PushEvent) => listeners.forEach((l) => l(e))
  const base = { dataDir: opts.dataDir, mode: opts.mode, nativeBinding: opts.nativeBinding, cancel }
  const writer = spawn({ ...base, role: 'writer' }, push)
  const info = await writer.ready
  const reader = spawn({ ...base, role: 'reader', dbFile: info.dbFile }, () => {})
  let readerUp = false
  reader.ready.then(() => (readerUp = true)).catch((e) => console.error(`[engine] reader not started, reads stay on the writer: ${e.message}`))
  // Read-your-writes: while a write is queued or running, reads queue behind it on the writer
  // (FIFO), so a client never reads the state from before its own acknowledged-later edit.
  let writesPending = 0
  const callJson = (method: string, payload: unknown): Promise<JsonReply> => {
    const read = READ_METHODS.has(method)
    if (read && readerUp && writesPending === 0 && reader.pending() <= writer.pending()) return reader.callJson(method, payload)
    if (read) return writer.callJson(method, payload)
    writesPending++
    return writer.callJson(method, payload).finally(() => writesPending--)
  }
  return {
    dataDir: info.dataDir,
    dbFile: info.dbFile,
    openStats: info.openStats,
    call: (method, payload) => callJson(method, payload).then((r) => JSON.parse(r.json) as ApiReply),
    callJson,
    onPush(fn) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
    cancel: () => Atomics.store(new Int32Array(cancel), 0, 1),
    close: async () => {
      await reader.close()
      await writer.close() // last: it holds the instance lock
    },
  }
}
