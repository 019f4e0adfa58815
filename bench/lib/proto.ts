/** Messages between `npm run bench` and its child processes. */
import type { Entry } from './measure'

export interface InprocOptions {
  dataDir: string
  runs: number
  fy: string
  sampleId: string
  bundledId: string
  /** measures already done or abandoned */
  skip: string[]
  /** one call slower than this is abandoned (the child is killed) */
  callTimeoutMs: number
  /** time the timed runs of one measure may take */
  measureBudgetMs: number
}

/** child-inproc.ts → parent, one JSON object per stdout line */
export type ChildMsg =
  | { type: 'begin'; name: string; budget: string | null }
  /** the next step should end within ms, else the parent kills the child */
  | { type: 'expect'; ms: number; what: string }
  /** a statement is about to run (sql, params and plan only the first time that text runs) */
  | { type: 'stmt'; idx: number; sql?: string; params?: string; plan?: string }
  | { type: 'plan'; text: string }
  | { type: 'entry'; entry: Entry }
  | { type: 'done' }

/** parent → child-server.ts (IPC) */
export type ServerCmd = { cmd: 'loopStart' } | { cmd: 'loopStop' } | { cmd: 'close' }

/** child-server.ts → parent (IPC) */
export type ServerMsg =
  | { type: 'ready'; url: string; port: number; token: string; startMs: number; openStats: { openMs: number; quickCheckMs: number }; priority: string }
  /** max block, and the API calls served meanwhile */
  | { type: 'loop'; ms: number; calls: string }
  | { type: 'ack' }
  | { type: 'failed'; message: string }
