/**
 * Crash test shared by `npm run crash-test` (scripts/crash-test.mjs) and the quick version in
 * `npm test` (test/integration/engine-crash.test.ts).
 *
 * Every round: the real browser-mode server (electron/main/cli/serve.ts, its engine worker and
 * the workspace file) takes a burst of edits over HTTP from three sequential lanes (FX rates,
 * chain nodes created and renamed, hand exclusions, note autosaves), and is SIGKILLed at a random moment. With
 * no server running, the file is opened read-only: integrity_check, foreign_key_check, no open
 * history cursor, every acknowledged (HTTP 200) FX write on disk. Then the server is started
 * again on the same directory (the workspace must reopen) and, through the API, every
 * acknowledged write is present and history.list holds each one's change set. The restarted
 * server takes the next round's burst. One data directory serves all rounds, so history and the
 * file grow as they would for an analyst.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')
const READY = /Workbench ready: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\w+))/
const CURRENCIES = ['JPY', 'EUR', 'GBP', 'KRW', 'TWD', 'SGD', 'AUD', 'CHF', 'INR', 'CAD']

/** Deterministic random numbers (mulberry32), so a failing seed can be replayed. */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Starts `node --import tsx electron/main/cli/serve.ts --port 0 --data-dir DIR` (no build, one
 * process: the engine is a worker thread of it) in its own process group, and waits for the
 * ready line.
 */
export function startServe(dataDir, { timeoutMs = 60_000 } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/main/cli/serve.ts', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, WORKBENCH_DATA_DIR: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  const exited = new Promise((ok) => child.on('exit', (code, signal) => ok({ code, signal })))
  const ready = new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ready line within ${timeoutMs} ms:\n${output}`)), timeoutMs)
    const on = (b) => {
      output += b.toString()
      const m = READY.exec(output)
      if (m) {
        clearTimeout(timer)
        ok({ url: m[1], base: `http://127.0.0.1:${m[2]}`, token: m[3] })
      }
    }
    child.stdout.on('data', on)
    child.stderr.on('data', on)
    exited.then(({ code, signal }) => {
      clearTimeout(timer)
      fail(new Error(`server exited (${code ?? signal}) before it was ready:\n${output}`))
    })
  })
  return {
    child,
    ready,
    exited,
    output: () => output,
    /** SIGKILL to the whole process group: nothing of the server survives to finish a write. */
    kill(signal = 'SIGKILL') {
      try {
        process.kill(-child.pid, signal)
      } catch {
        /* already gone */
      }
      return exited
    },
  }
}

function client({ base, token }) {
  return async function call(method, payload = {}) {
    const res = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-workbench-token': token },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(15_000),
    })
    const body = await res.json()
    return { status: res.status, body }
  }
}

async function must(call, method, payload) {
  const r = await call(method, payload)
  if (r.status !== 200 || !r.body.ok) throw new Error(`${method} ${JSON.stringify(payload)} → ${r.status} ${JSON.stringify(r.body)}`)
  return r.body.result
}

const day = (i) => new Date(Date.UTC(2030, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)

/**
 * The burst: three lanes, each sending its next edit when the previous one was answered. Each
 * lane records what was acknowledged and what was in flight when the server died.
 */
function burst(call, round, stop) {
  const rec = { fx: [], fxInFlight: null, created: [], renamed: new Map(), nodeInFlight: null, prefs: [], prefsInFlight: null, notes: [], noteInFlight: null, refused: [] }
  const send = async (method, payload) => {
    try {
      const r = await call(method, payload)
      if (r.status === 200 && r.body.ok) return r.body.result
      rec.refused.push(`${method} ${JSON.stringify(payload)} → ${r.status} ${r.body.error?.code}: ${r.body.error?.message}`)
      return undefined
    } catch {
      return undefined // connection lost: the server is gone
    }
  }
  const currency = CURRENCIES[round % CURRENCIES.length]
  const fxLane = async () => {
    for (let i = 0; !stop.now && i < 20_000; i++) {
      const w = { currency, asOf: day(i), perUsd: Number(`${round + 1}.${String(i).padStart(5, '0')}1`), source: `crash round ${round} #${i}` }
      rec.fxInFlight = w
      if ((await send('fx.set', { ...w, confirmJump: true })) === undefined) return
      rec.fx.push(w)
      rec.fxInFlight = null
    }
  }
  const nodeLane = async () => {
    for (let i = 0; !stop.now && i < 20_000; i++) {
      const target = i % 3 === 2 && rec.created.length ? rec.created[(i * 7) % rec.created.length] : null
      if (target) {
        const names = { nameZh: `崩溃${round}-${i}改`, nameEn: `Crash ${round}-${i} renamed` }
        rec.nodeInFlight = { rename: target.id, ...names }
        if ((await send('chain.renameNode', { id: target.id, ...names })) === undefined) return
        rec.renamed.set(target.id, names)
      } else {
        const names = { nameZh: `崩溃${round}-${i}`, nameEn: `Crash ${round}-${i}` }
        rec.nodeInFlight = { create: true, ...names }
        const r = await send('chain.createNode', { parentId: 'app', ...names })
        if (r === undefined) return
        rec.created.push({ id: r.id, ...names })
      }
      rec.nodeInFlight = null
    }
  }
  const prefsLane = async () => {
    for (let i = 0; !stop.now && i < 20_000; i++) {
      const value = JSON.stringify([round, i, round * 100_000 + i])
      rec.prefsInFlight = value
      if ((await send('prefs.set', { key: 'compare:exclusions', value })) === undefined) return
      rec.prefs.push(value)
      rec.prefsInFlight = null
    }
  }
  // Autosave as an editor does it: one note typed into, a save per keystroke burst, each save
  // based on the last acknowledged revision; every 25 saves a new note.
  const notesLane = async () => {
    let note = null
    for (let i = 0; !stop.now && i < 20_000; i++) {
      const body = `${note?.body ?? `# 崩溃笔记 ${round}-${i}\n`}算力估值 round ${round} save ${i}。\n`
      const payload = { subject: { kind: 'security', id: '002230.SZ' }, title: `Crash note ${round}-${i - (i % 25)}`, body, tags: ['crash'] }
      if (note && i % 25) Object.assign(payload, { id: note.id, baseRevision: note.revision })
      rec.noteInFlight = payload
      const r = await send('notes.save', payload)
      if (r === undefined) return
      note = { id: r.id, revision: r.revision, body }
      rec.notes.push({ ...note })
      rec.noteInFlight = null
    }
  }
  return { rec, done: Promise.all([fxLane(), nodeLane(), prefsLane(), notesLane()]) }
}

/** With no server running: the file as the crash left it (read-only, nothing replayed into it). */
function offlineChecks(dbFile, rec) {
  const problems = []
  const db = new Database(dbFile, { readonly: true, fileMustExist: true })
  try {
    const integrity = db.pragma('integrity_check').map((r) => r.integrity_check)
    if (integrity.length !== 1 || integrity[0] !== 'ok') problems.push(`integrity_check: ${integrity.slice(0, 5).join('; ')}`)
    const fk = db.pragma('foreign_key_check')
    if (fk.length) problems.push(`foreign_key_check: ${fk.length} violations, e.g. ${JSON.stringify(fk[0])}`)
    const cursor = db.prepare('SELECT count(*) FROM history_cursor').pluck().get()
    if (cursor !== 0) problems.push(`history_cursor holds ${cursor} row(s) after the crash`)
    const rate = db.prepare('SELECT per_usd FROM fx_rate WHERE currency = ? AND as_of = ?').pluck()
    for (const w of rec.fx) if (rate.get(w.currency, w.asOf) !== w.perUsd) problems.push(`on disk: acknowledged fx.set ${w.currency} ${w.asOf} = ${w.perUsd} missing`)
    const revision = db.prepare('SELECT body FROM note_revision WHERE note_id = ? AND revision = ?').pluck()
    for (const n of rec.notes) if (revision.get(n.id, n.revision) !== n.body) problems.push(`on disk: acknowledged notes.save ${n.id} rev ${n.revision} missing or different`)
  } finally {
    db.close()
  }
  return problems
}

/** Through the restarted server: every acknowledged write, and its change set in history.list. */
async function onlineChecks(call, rec, sinceSetId, prefsBefore) {
  const problems = []
  const fx = await must(call, 'fx.list', {})
  for (const w of rec.fx) {
    if (!fx.some((r) => r.currency === w.currency && r.asOf === w.asOf && r.perUsd === w.perUsd && r.source === w.source)) problems.push(`acknowledged fx.set ${w.currency} ${w.asOf} = ${w.perUsd} missing`)
  }
  const nodes = new Map((await must(call, 'chain.get', {})).nodes.map((n) => [n.id, n]))
  const inFlight = rec.nodeInFlight
  for (const c of rec.created) {
    const n = nodes.get(c.id)
    if (!n) {
      problems.push(`acknowledged chain.createNode ${c.id} (${c.nameEn}) missing`)
      continue
    }
    const want = [rec.renamed.get(c.id) ?? c]
    if (inFlight?.rename === c.id) want.push(inFlight)
    if (n.parentId !== 'app' || !want.some((x) => x.nameZh === n.nameZh && x.nameEn === n.nameEn)) {
      problems.push(`node ${c.id} is ${n.nameZh} / ${n.nameEn} under ${n.parentId}; expected one of ${want.map((x) => x.nameEn).join(', ')}`)
    }
  }
  // every acknowledged note save: its revision is kept, and the note is at least that far along
  const last = new Map()
  for (const n of rec.notes) last.set(n.id, n)
  for (const n of last.values()) {
    const note = await must(call, 'notes.get', { id: n.id })
    const inFlight = rec.noteInFlight?.id === n.id ? rec.noteInFlight.body : undefined
    if (note.body !== n.body && note.body !== inFlight) problems.push(`note ${n.id}: body is not the last acknowledged save (rev ${n.revision})`)
    const revs = new Set((await must(call, 'notes.revisions', { id: n.id })).revisions.map((r) => r.revision))
    for (const x of rec.notes) if (x.id === n.id && !revs.has(x.revision)) problems.push(`note ${n.id}: acknowledged revision ${x.revision} missing`)
  }
  const pref = (await must(call, 'prefs.get', { key: 'compare:exclusions' })).value
  const allowed = [rec.prefs.at(-1) ?? prefsBefore, rec.prefsInFlight].filter((x) => x !== undefined)
  if (!allowed.includes(pref)) problems.push(`compare:exclusions is ${pref}; expected ${allowed.join(' or ')}`)

  // history.list, newest first, paged back to the round's first set
  const sets = []
  for (let before; ; ) {
    const page = await must(call, 'history.list', { limit: 500, ...(before ? { beforeId: before } : {}) })
    const fresh = page.sets.filter((s) => s.id > sinceSetId)
    sets.push(...fresh)
    if (fresh.length < page.sets.length || page.sets.length < 500) break
    before = page.sets.at(-1).id
  }
  const has = (label, params) => sets.some((s) => s.label === label && s.kind === 'edit' && Object.entries(params).every(([k, v]) => s.params[k] === v))
  for (const w of rec.fx) if (!has('fx.set', { currency: w.currency, asOf: w.asOf, perUsd: w.perUsd })) problems.push(`history: no fx.set set for ${w.currency} ${w.asOf}`)
  for (const c of rec.created) if (!has('chain.createNode', { nameZh: c.nameZh, nameEn: c.nameEn })) problems.push(`history: no chain.createNode set for ${c.nameEn}`)
  for (const [id, n] of rec.renamed) if (!has('chain.renameNode', { id, nameZh: n.nameZh, nameEn: n.nameEn })) problems.push(`history: no chain.renameNode set for ${id} → ${n.nameEn}`)
  const prefSets = sets.filter((s) => s.label === 'prefs.set' && s.params.key === 'compare:exclusions')
  const values = new Set()
  for (const s of prefSets) {
    const { changes } = await must(call, 'history.get', { id: s.id })
    for (const c of changes) if (c.entity === 'meta' && c.after) values.add(c.after.value)
  }
  for (const v of rec.prefs) if (!values.has(v)) problems.push(`history: no prefs.set set for ${v}`)
  return problems
}

/**
 * Runs `rounds` crash rounds on one data directory. `log(line)` receives one line per round.
 * Resolves to { passed, failed, failures: [{ round, problems }], dataDir, seed }; failed counts
 * every round that did not pass, including rounds never run because a restart failed.
 */
export async function runCrashRounds({ rounds = 100, seed = Date.now() % 1e9, dataDir, keep = false, log = () => {}, killAfterMs = [30, 600] } = {}) {
  const random = prng(seed)
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'wb-crash-'))
  const dbFile = join(dir, 'workbench.sqlite')
  const failures = []
  let passed = 0
  let server = startServe(dir)
  let conn
  try {
    conn = await server.ready
    let call = client(conn)
    let prefsBefore = (await must(call, 'prefs.get', { key: 'compare:exclusions' })).value
    for (let round = 0; round < rounds; round++) {
      const problems = []
      const since = (await must(call, 'history.list', { limit: 1 })).sets[0]?.id ?? 0
      const stop = { now: false }
      const { rec, done } = burst(call, round, stop)
      const delay = Math.round(killAfterMs[0] + random() * (killAfterMs[1] - killAfterMs[0]))
      await new Promise((ok) => setTimeout(ok, delay))
      const { signal } = await server.kill('SIGKILL')
      stop.now = true
      await done
      if (signal !== 'SIGKILL') problems.push(`server ended by ${signal}, not by the SIGKILL`)
      problems.push(...rec.refused.map((r) => `refused during the burst: ${r}`))
      problems.push(...offlineChecks(dbFile, rec))

      server = startServe(dir)
      try {
        conn = await server.ready
      } catch (e) {
        problems.push(`the workspace did not reopen: ${e.message}`)
        failures.push({ round, problems })
        log(`round ${round + 1}: FAIL (${problems.length} problems) — could not restart`)
        for (const p of problems.slice(0, 20)) log(`    ${p}`)
        break
      }
      call = client(conn)
      problems.push(...(await onlineChecks(call, rec, since, prefsBefore)))
      prefsBefore = (await must(call, 'prefs.get', { key: 'compare:exclusions' })).value

      const acked = rec.fx.length + rec.created.length + rec.renamed.size + rec.prefs.length + rec.notes.length
      const summary = `killed after ${delay} ms; ${acked} acknowledged (fx ${rec.fx.length}, nodes ${rec.created.length}+${rec.renamed.size} renamed, prefs ${rec.prefs.length}, note saves ${rec.notes.length})`
      if (problems.length) {
        failures.push({ round, problems })
        log(`round ${round + 1}: FAIL — ${summary}`)
        for (const p of problems.slice(0, 20)) log(`    ${p}`)
      } else {
        passed++
        log(`round ${round + 1}: ok — ${summary}`)
      }
    }
  } finally {
    await server.kill('SIGTERM')
    if (!keep && !dataDir) rmSync(dir, { recursive: true, force: true })
  }
  // a round that never ran (the workspace did not reopen) counts as failed
  return { passed, failed: rounds - passed, failures, dataDir: dir, seed }
}
