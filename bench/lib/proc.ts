/** Parent side of the bench's child processes: watchdogs, restarts, the server's event-loop sampler. */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Entry } from './measure'
import type { ChildMsg, InprocOptions, ServerCmd, ServerMsg } from './proto'

const root = join(__dirname, '../..')

export interface InprocResult {
  entries: Entry[]
  plans: string[]
  /** measures abandoned (the child was killed) */
  abandoned: string[]
}

/**
 * Runs child-inproc.ts; a call that overruns what the child announced is abandoned (SIGKILL),
 * reported with the statement it was stuck in, and the child restarts after that measure.
 */
export async function runInproc(o: Omit<InprocOptions, 'skip'>, log: (s: string) => void): Promise<InprocResult> {
  const res: InprocResult = { entries: [], plans: [], abandoned: [] }
  const skip: string[] = []
  for (let attempt = 0; attempt < 20; attempt++) {
    const finished = await new Promise<boolean>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/child-inproc.ts'), JSON.stringify({ ...o, skip })], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let current: { name: string; budget: string | null; started: number } | null = null
      let expect = { what: 'open', ms: o.callTimeoutMs }
      const stmts = new Map<number, { sql: string; params: string; plan: string }>()
      let lastStmt: number | null = null
      let timer: NodeJS.Timeout | null = null
      let killedFor: string | null = null
      let stderr = ''
      let done = false
      const arm = () => {
        if (timer) clearTimeout(timer)
        timer = setTimeout(() => {
          killedFor = expect.what
          child.kill('SIGKILL')
        }, expect.ms)
      }
      arm()
      child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)))
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let m: ChildMsg
        try {
          m = JSON.parse(line) as ChildMsg
        } catch {
          return log(`child: ${line}`)
        }
        if (m.type === 'begin') {
          current = { name: m.name, budget: m.budget, started: Date.now() }
          stmts.clear()
          lastStmt = null
          log(`in-process: ${m.name}`)
        } else if (m.type === 'expect') {
          expect = { what: m.what, ms: m.ms }
          arm()
        } else if (m.type === 'stmt') {
          if (m.sql != null) stmts.set(m.idx, { sql: m.sql, params: m.params ?? '', plan: m.plan ?? '' })
          lastStmt = m.idx
        } else if (m.type === 'plan') res.plans.push(m.text)
        else if (m.type === 'entry') {
          res.entries.push(m.entry)
          skip.push(m.entry.name)
          current = null
        } else if (m.type === 'done') done = true
      })
      child.on('exit', (code, signal) => {
        if (timer) clearTimeout(timer)
        if (done && code === 0) return resolve(true)
        const c = current as { name: string; budget: string | null; started: number } | null
        if (!c) {
          log(`in-process child exited (${code ?? signal}) outside a measure:\n${stderr}`)
          return resolve(true)
        }
        const secs = ((Date.now() - c.started) / 1000).toFixed(0)
        const stuck = lastStmt != null ? stmts.get(lastStmt) : undefined
        const why = killedFor ? `abandoned: the ${killedFor} did not finish within ${(expect.ms / 1000).toFixed(0)} s` : `the child failed (${code ?? signal}): ${stderr.trim().split('\n').slice(-3).join(' ')}`
        log(`in-process: ${c.name}: ${why}`)
        res.entries.push({
          name: c.name,
          ms: killedFor ? expect.ms : null,
          limitName: null,
          limitMs: null,
          ratio: null,
          budget: c.budget,
          pass: c.budget ? false : null,
          notes: `${why}${stuck ? `; stuck in: ${stuck.sql.replace(/\s+/g, ' ').slice(0, 160)}…` : ''}`,
          ...(killedFor ? { timedOut: true } : {}),
        })
        res.plans.push(
          [`## ${c.name} — ${why} (${secs} s)`, '', stuck ? 'The statement it was running:' : '', ...(stuck ? ['```sql', stuck.sql.replace(/\s+/g, ' ').trim(), '```', `params: ${stuck.params}`, '```', stuck.plan, '```'] : [])].join('\n'),
        )
        res.abandoned.push(c.name)
        skip.push(c.name)
        resolve(false)
      })
    })
    if (finished) return res
  }
  return res
}

/** The browser-mode server in its own process, with its event-loop sampler. */
export class ServerProc {
  private waiting: ((m: ServerMsg) => void)[] = []
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Extract<ServerMsg, { type: 'ready' }>,
  ) {
    child.on('message', (m: ServerMsg) => this.waiting.shift()?.(m))
  }

  static start(dataDir: string, staticDir: string): Promise<ServerProc> {
    // BENCH_SERVER_PROF=DIR: a V8 CPU profile of the serving process, to see what a block was
    const prof = process.env.BENCH_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : []
    const child = fork(join(root, 'bench/child-server.ts'), [dataDir, staticDir], { cwd: root, execArgv: ['--import', 'tsx', ...prof], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    return new Promise((ok, fail) => {
      const onExit = (code: number | null) => fail(new Error(`bench server exited (${code}) before it was ready`))
      child.once('exit', onExit)
      child.once('message', (m: ServerMsg) => {
        child.off('exit', onExit)
        if (m.type === 'ready') ok(new ServerProc(child, m))
        else fail(new Error(`bench server failed: ${m.type === 'failed' ? m.message : m.type}`))
      })
    })
  }

  get url(): string {
    return this.ready.url
  }

  private ask(cmd: ServerCmd): Promise<ServerMsg> {
    return new Promise((ok) => {
      this.waiting.push(ok)
      this.child.send(cmd)
    })
  }

  async loopStart(): Promise<void> {
    await this.ask({ cmd: 'loopStart' })
  }

  /** max block since loopStart, and the API calls the server answered meanwhile */
  async loopStop(): Promise<{ ms: number; calls: string }> {
    const m = await this.ask({ cmd: 'loopStop' })
    return m.type === 'loop' ? { ms: m.ms, calls: m.calls } : { ms: NaN, calls: '' }
  }

  /** for a runaway query: the engine worker dies with the process, and with it the instance lock */
  kill(): Promise<void> {
    return new Promise((ok) => {
      if (this.child.exitCode != null || this.child.signalCode != null) return ok()
      this.child.once('exit', () => ok())
      this.child.kill('SIGKILL')
    })
  }

  close(): Promise<void> {
    return new Promise((ok) => {
      if (this.child.exitCode != null || this.child.signalCode != null) return ok()
      const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000)
      this.child.once('exit', () => (clearTimeout(t), ok()))
      this.child.send({ cmd: 'close' } satisfies ServerCmd)
    })
  }
}

/** A handle that survives restarts: after a kill, the next user gets a fresh server. */
export class Server {
  private proc: ServerProc | null = null
  restarts = 0
  constructor(
    private readonly dataDir: string,
    private readonly staticDir: string,
  ) {}
  async get(): Promise<ServerProc> {
    if (!this.proc) this.proc = await ServerProc.start(this.dataDir, this.staticDir)
    return this.proc
  }
  async restart(): Promise<ServerProc> {
    await this.proc?.kill()
    this.proc = null
    this.restarts++
    return this.get()
  }
  async close(): Promise<void> {
    await this.proc?.close()
    this.proc = null
  }
}
