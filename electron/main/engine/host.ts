/**
 * Starts the engine worker and forwards calls to it. Calls are answered in order (the worker is
 * one thread with one connection: writes are sequential by construction); the caller's event
 * loop only posts and receives messages.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ApiReply } from '../../../shared/errors'
import type { PushEvent } from '../../../shared/push'
import type { InstanceMode } from '../db/instanceLock'
import type { FromWorker, ToWorker, WorkerInit } from './protocol'

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

export function startEngine(opts: { dataDir: string; mode: InstanceMode; nativeBinding?: string }): Promise<Engine> {
  const cancel = new SharedArrayBuffer(4)
  const init: WorkerInit = { dataDir: opts.dataDir, mode: opts.mode, nativeBinding: opts.nativeBinding, cancel }
  const worker = new Worker(workerScript(), { workerData: init })
  const pending = new Map<number, (r: JsonReply) => void>()
  const listeners = new Set<(e: PushEvent) => void>()
  let nextId = 1
  let dead: string | null = null

  const stopped = (message: string): JsonReply => ({
    json: JSON.stringify({ ok: false, error: { kind: 'internal', code: 'engine.stopped', params: {}, message } }),
    status: 500,
  })
  const failAll = (message: string) => {
    dead = message
    for (const [, resolve] of pending) resolve(stopped(message))
    pending.clear()
  }
  const callJson = (method: string, payload: unknown): Promise<JsonReply> => {
    if (dead) return Promise.resolve(stopped(dead))
    const id = nextId++
    return new Promise<JsonReply>((resolve) => {
      pending.set(id, resolve)
      worker.postMessage({ type: 'call', id, method, payload } satisfies ToWorker)
    })
  }

  return new Promise<Engine>((resolveStart, rejectStart) => {
    let closed: (() => void) | null = null
    worker.on('error', (e) => {
      failAll(`workspace engine crashed: ${e.message}`)
      rejectStart(e)
    })
    worker.on('exit', (code) => {
      failAll(`workspace engine stopped (exit ${code})`)
      closed?.()
      rejectStart(new Error(`workspace engine exited (${code}) before it was ready`))
    })
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'reply') {
        pending.get(m.id)?.({ json: m.json, status: m.status })
        pending.delete(m.id)
      } else if (m.type === 'push') {
        for (const l of listeners) l(m.event)
      } else if (m.type === 'failed') {
        rejectStart(new EngineStartError(m.name, m.message))
        void worker.terminate()
      } else if (m.type === 'closed') {
        void worker.terminate()
      } else if (m.type === 'ready') {
        resolveStart({
          dataDir: m.dataDir,
          dbFile: m.dbFile,
          openStats: m.openStats,
          call: (method, payload) => callJson(method, payload).then((r) => JSON.parse(r.json) as ApiReply),
          callJson,
          onPush(fn) {
            listeners.add(fn)
            return () => listeners.delete(fn)
          },
          cancel: () => Atomics.store(new Int32Array(cancel), 0, 1),
          close: () =>
            new Promise<void>((done) => {
              if (dead) return done()
              closed = done
              worker.postMessage({ type: 'close' } satisfies ToWorker)
            }),
        })
      }
    })
  })
}
