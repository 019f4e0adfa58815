/**
 * The notice area: every failure and every undo/redo ends up here as a visible message.
 * A module-level store (not React state) so the query cache, the push stream and plain event
 * handlers can all report without threading callbacks through components. Text is produced at
 * render time, so a notice follows a language switch.
 */
import { useSyncExternalStore } from 'react'
import { errorText } from './errorText'
import { useI18n, type I18n } from './i18n'

export type Tone = 'error' | 'info' | 'ok'

export interface Notice {
  id: number
  tone: Tone
  text: (i18n: I18n) => string
  /** same key = same message: shown once, with a repeat count */
  key: string
  count: number
  /** stays until closed (or replaced by key) */
  sticky?: boolean
}

let notices: Notice[] = []
let nextId = 1
const listeners = new Set<() => void>()
const timers = new Map<number, ReturnType<typeof setTimeout>>()
const emit = () => listeners.forEach((l) => l())

const LIFETIME: Record<Tone, number> = { error: 15_000, info: 6_000, ok: 4_000 }
const MAX_SHOWN = 5

export function dismiss(id: number): void {
  clearTimeout(timers.get(id))
  timers.delete(id)
  notices = notices.filter((n) => n.id !== id)
  emit()
}

export function dismissKey(key: string): void {
  for (const n of notices) if (n.key === key) dismiss(n.id)
}

export function notify(tone: Tone, text: (i18n: I18n) => string, opts: { key?: string; sticky?: boolean } = {}): void {
  const id = nextId++
  const key = opts.key ?? `${tone}:${id}`
  const same = notices.find((n) => n.key === key)
  const n: Notice = { id, tone, text, key, count: (same?.count ?? 0) + 1, sticky: opts.sticky }
  if (same) dismiss(same.id)
  notices = [...notices, n].slice(-MAX_SHOWN)
  if (!opts.sticky) timers.set(id, setTimeout(() => dismiss(id), LIFETIME[tone]))
  emit()
}

/** Reports a failure to the user (the replacement for `.catch(() => {})`). */
export function notifyError(e: unknown): void {
  const key = e instanceof Error ? `error:${(e as { code?: string }).code ?? ''}:${e.message}` : `error:${String(e)}`
  notify('error', ({ lang }) => errorText(e, lang), { key })
}

/** Runs a write from an event handler; a failure becomes a notice. Resolves false on failure. */
export async function attempt(p: Promise<unknown>): Promise<boolean> {
  try {
    await p
    return true
  } catch (e) {
    notifyError(e)
    return false
  }
}

function subscribe(l: () => void) {
  listeners.add(l)
  return () => listeners.delete(l)
}

export function Notices() {
  const i18n = useI18n()
  const list = useSyncExternalStore(subscribe, () => notices)
  if (!list.length) return null
  return (
    <div className="notices" data-testid="notices">
      {list.map((n) => (
        <div key={n.id} className={`notice ${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <span className="notice-text">
            {n.text(i18n)}
            {n.count > 1 && <span className="notice-count"> ×{n.count}</span>}
          </span>
          <button className="notice-x" onClick={() => dismiss(n.id)} aria-label={i18n.t.close}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
