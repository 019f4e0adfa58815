/**
 * Autosave of one open note. The text typed is the one thing that must never be lost:
 *
 *  - a save starts ~600 ms after the last change (debounced), or at once on flush (blur,
 *    switching notes, the page being hidden);
 *  - one save is in flight at a time; changes made meanwhile are saved right after it (only the
 *    latest draft is sent: each save carries the whole note);
 *  - every save sends baseRevision = the last revision main acknowledged, so a copy that went
 *    stale (the note was saved in another window) is refused with notes.conflict and the user
 *    chooses: reload the saved version, or save this text anyway as a new revision;
 *  - a new note has no id: the first save creates it and returns the id;
 *  - the draft stays in memory until main acknowledges it (acknowledged = committed), and a
 *    failed save keeps it and says why, with a retry.
 *
 * Scenarios are sent only when they changed and pass the shared schema (probabilities total
 * 100 %): main refuses a bad set, which would also refuse the text with it.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react'
import type { NoteSubject, NoteView } from '../../../shared/api/notes'
import { scenarioSet } from '../../../shared/api/scenarioSchema'
import type { ScenarioSet } from '../../../shared/scenario'
import { api, ApiError } from '../api'

export const DEBOUNCE_MS = 600

export interface Draft {
  subject: NoteSubject
  title: string
  body: string
  tags: string[]
  scenarios: ScenarioSet | null
}

export type SaveState =
  /** as loaded: nothing typed since */
  | { kind: 'clean' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; revision: number; savedAt: string }
  | { kind: 'error'; error: unknown }
  /** main has a newer revision than the one this draft was based on */
  | { kind: 'conflict'; error: unknown }

export interface SessionSnapshot {
  id: string | null
  /** last revision main acknowledged for this session (null before the first save of a new note) */
  revision: number | null
  draft: Draft
  state: SaveState
  /** the scenarios changed but are not saved: the schema's first problem (e.g. probabilities) */
  scenarioProblem: string | null
  readOnly: boolean
}

type Saved = { id: string; revision: number; savedAt: string }

/** Transient failures worth retrying by themselves (the server busy or briefly unreachable). */
const transient = (e: unknown) => e instanceof ApiError && (e.kind === 'busy' || e.code.startsWith('net.') || e.code === 'db.busy')

export class NoteSession {
  private id: string | null
  private revision: number | null
  private draft: Draft
  private state: SaveState = { kind: 'clean' }
  private scenarioProblem: string | null = null
  private version = 0
  private savedVersion = 0
  private scenarioVersion = 0
  private scenarioSavedVersion = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private retryDelay = 2000
  private inflight: Promise<void> | null = null
  private snap: SessionSnapshot
  private listeners = new Set<() => void>()
  private closed = false
  readonly readOnly: boolean

  constructor(
    init: { id: string | null; revision: number | null; draft: Draft; readOnly?: boolean },
    private readonly onSaved: (r: Saved, s: NoteSession) => void = () => {},
  ) {
    this.id = init.id
    this.revision = init.revision
    this.draft = init.draft
    this.readOnly = !!init.readOnly
    this.snap = this.snapshot()
  }

  static fromView(v: NoteView, onSaved?: (r: Saved, s: NoteSession) => void): NoteSession {
    return new NoteSession(
      {
        id: v.id,
        revision: v.revision,
        draft: { subject: v.subject, title: v.title, body: v.body, tags: v.tags, scenarios: v.scenarios },
        readOnly: v.deletedAt != null,
      },
      onSaved,
    )
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }
  getSnapshot = () => this.snap

  get noteId() {
    return this.id
  }
  get dirty() {
    return this.version !== this.savedVersion
  }
  /** the scenarios were changed and are not saved yet (invalid, or waiting for the save) */
  get scenariosDirty() {
    return this.scenarioVersion !== this.scenarioSavedVersion
  }

  private snapshot(): SessionSnapshot {
    return { id: this.id, revision: this.revision, draft: this.draft, state: this.state, scenarioProblem: this.scenarioProblem, readOnly: this.readOnly }
  }
  private emit() {
    this.snap = this.snapshot()
    for (const l of this.listeners) l()
  }
  private setState(s: SaveState) {
    this.state = s
    this.emit()
  }

  /** A change typed by the user: kept at once, saved after the debounce. */
  change(patch: Partial<Draft>) {
    if (this.readOnly) return
    this.draft = { ...this.draft, ...patch }
    this.version++
    if ('scenarios' in patch) {
      this.scenarioVersion = this.version
      this.scenarioProblem = problemOf(this.draft.scenarios)
    }
    // A conflict waits for the user's choice; typing meanwhile is kept, not sent.
    if (this.state.kind === 'conflict') return this.emit()
    if (this.state.kind !== 'saving') this.state = { kind: 'dirty' }
    this.emit()
    this.schedule(DEBOUNCE_MS)
  }

  /** Saves now even without a change (a new note's first save mints its id). */
  saveNow() {
    if (this.readOnly) return
    if (!this.dirty) this.version++
    this.schedule(0)
  }

  private schedule(ms: number) {
    if (this.closed) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.run()
    }, ms)
  }

  /**
   * Saves what is not saved yet and waits for it. True when everything typed is acknowledged;
   * false after a failure or a conflict (the draft is kept).
   */
  async flush(): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer), (this.timer = null)
    for (let i = 0; i < 100; i++) {
      if (this.inflight) {
        await this.inflight
        continue
      }
      if (!this.dirty) return true
      if (this.state.kind === 'conflict' || this.readOnly) return false
      await this.run()
      // (run() changed the state: TypeScript's narrowing from above does not know that)
      const after = this.state as SaveState
      if (after.kind === 'error' || after.kind === 'conflict') return false
    }
    return !this.dirty
  }

  /** Try again after a failure. */
  retry() {
    if (this.state.kind === 'conflict') return
    this.retryDelay = 2000
    this.schedule(0)
  }

  /** The user's choice after a conflict: save this draft as a new revision on top of the saved one. */
  overwrite() {
    void this.run(true)
  }

  /** No more saves scheduled by this session (the note was closed after a successful flush). */
  close() {
    this.closed = true
    if (this.timer) clearTimeout(this.timer), (this.timer = null)
  }

  private run(overwrite = false): Promise<void> {
    if (this.inflight) return this.inflight
    if (!this.dirty || this.readOnly) return Promise.resolve()
    if (this.state.kind === 'conflict' && !overwrite) return Promise.resolve()
    const version = this.version
    const scenarioVersion = this.scenarioVersion
    const d = this.draft
    const sendScenarios = this.scenariosDirty && this.scenarioProblem == null
    const input = {
      ...(this.id ? { id: this.id } : {}),
      subject: d.subject,
      title: d.title,
      body: d.body,
      tags: d.tags,
      ...(sendScenarios ? { scenarios: d.scenarios } : {}),
      ...(this.revision != null && !overwrite ? { baseRevision: this.revision } : {}),
    }
    this.setState({ kind: 'saving' })
    this.inflight = api['notes.save'](input)
      .then(
        (r) => {
          this.id = r.id
          this.revision = r.revision
          this.savedVersion = version
          if (sendScenarios) this.scenarioSavedVersion = scenarioVersion
          this.retryDelay = 2000
          this.state = this.dirty ? { kind: 'dirty' } : { kind: 'saved', revision: r.revision, savedAt: r.savedAt }
          this.emit()
          this.onSaved(r, this)
          // typed while that save was in flight: save again (the debounce timer may already be set)
          if (this.dirty && !this.timer) this.schedule(DEBOUNCE_MS)
        },
        (e: unknown) => {
          if (e instanceof ApiError && e.code === 'notes.conflict') return this.setState({ kind: 'conflict', error: e })
          this.setState({ kind: 'error', error: e })
          if (transient(e)) {
            this.schedule(this.retryDelay)
            this.retryDelay = Math.min(this.retryDelay * 2, 30_000)
          }
        },
      )
      .finally(() => {
        this.inflight = null
      })
    return this.inflight
  }
}

/** The first reason a scenario set would be refused, or null when it is fine (or absent). */
function problemOf(set: ScenarioSet | null): string | null {
  if (set == null) return null
  const r = scenarioSet.safeParse(set)
  if (r.success) return null
  const issue = r.error.issues[0]
  const code = (issue as { params?: { code?: string } } | undefined)?.params?.code
  return code ?? issue?.message ?? 'invalid'
}

/** The session's state for rendering (re-renders on every change of draft or save state). */
export function useSession(session: NoteSession | null): SessionSnapshot | null {
  const sub = useCallback((fn: () => void) => (session ? session.subscribe(fn) : () => {}), [session])
  return useSyncExternalStore(sub, () => (session ? session.getSnapshot() : null))
}

/**
 * Flushes when the page is hidden (tab switch, minimise, close) and, in a browser tab, asks
 * before the tab closes with text not yet acknowledged.
 */
export function useFlushOnHide(session: NoteSession | null): void {
  useEffect(() => {
    if (!session) return
    const onHide = () => {
      if (document.visibilityState === 'hidden') void session.flush()
    }
    const onPageHide = () => void session.flush()
    // In a browser tab the browser's own "leave page?" prompt is the only way to ask. Not on
    // the desktop: Electron shows no prompt there, so preventDefault would silently keep the
    // window from closing; there the flush above is started and that is all.
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!session.dirty || window.workbench) return
      void session.flush()
      e.preventDefault()
    }
    document.addEventListener('visibilitychange', onHide)
    window.addEventListener('pagehide', onPageHide)
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => {
      document.removeEventListener('visibilitychange', onHide)
      window.removeEventListener('pagehide', onPageHide)
      window.removeEventListener('beforeunload', onBeforeUnload)
    }
  }, [session])
}
