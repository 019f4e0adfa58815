/**
 * Undo / redo / revert from anywhere (History panel buttons, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y),
 * with a notice saying what was undone. The history list is one cached query (invalidated by
 * every change), so the buttons always say what they will do.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react'
import type { ChangeSetView } from '../../shared/api/history'
import type { Lang } from '../../shared/format'
import { api } from './api'
import { core, type Names } from './historyText'
import { notify, notifyError } from './notices'
import { fetchApi, useApiQuery } from './useApi'

/** The history list the panel and the shortcuts share (same cache entry). */
export const HISTORY_INPUT = { limit: 100 } as const

/** Node, security and report names for history labels, from queries other screens cache anyway. */
export function useNames(enabled = true): Names {
  const chain = useApiQuery('chain.get', {}, { enabled })
  const reports = useApiQuery('reports.list', {}, { enabled })
  return useMemo(() => {
    const nodes = new Map((chain.data?.nodes ?? []).map((n) => [n.id, n]))
    const secs = new Map((chain.data?.assignments ?? []).map((a) => [a.securityId, a]))
    const reps = new Map((reports.data ?? []).map((r) => [r.id, r.institution]))
    return { node: (id) => nodes.get(id), security: (id) => secs.get(id), report: (id) => reps.get(id) }
  }, [chain.data, reports.data])
}

/** Follows an undo/redo set's targetId chain, fetching the sets the cached list does not hold. */
async function lookupChain(set: ChangeSetView, known: ChangeSetView[]): Promise<(id: number) => ChangeSetView | undefined> {
  const byId = new Map(known.map((s) => [s.id, s]))
  let cur: ChangeSetView | undefined = set
  for (let hops = 0; cur && (cur.kind === 'undo' || cur.kind === 'redo') && cur.targetId != null && hops < 50; hops++) {
    if (!byId.has(cur.targetId)) byId.set(cur.targetId, (await fetchApi('history.get', { id: cur.targetId })).set)
    cur = byId.get(cur.targetId)
  }
  return (id) => byId.get(id)
}

export type HistoryAction = 'undo' | 'redo'

export function useUndoRedo(names: Names) {
  const list = useApiQuery('history.list', HISTORY_INPUT)
  const busy = useRef(false)
  const sets = list.data?.sets
  const run = useCallback(
    async (action: HistoryAction) => {
      // One at a time: a held-down Ctrl+Z must not race two undos for the same change set.
      if (busy.current) return
      busy.current = true
      try {
        const { applied } = action === 'undo' ? await api['history.undo']({}) : await api['history.redo']({})
        let byId: (id: number) => ChangeSetView | undefined = () => undefined
        try {
          byId = await lookupChain(applied, sets ?? [])
        } catch (e) {
          notifyError(e)
        }
        const done = (lang: Lang) =>
          (action === 'undo' ? (lang === 'zh' ? '已撤销：' : 'Undone: ') : lang === 'zh' ? '已重做：' : 'Redone: ') + core(applied, lang, names, byId)
        notify('ok', ({ lang }) => done(lang), { key: `history:${applied.id}` })
      } catch (e) {
        notifyError(e)
      } finally {
        busy.current = false
      }
    },
    [sets, names],
  )
  const revert = useCallback(async (to: ChangeSetView, label: (lang: Lang) => string) => {
    try {
      await api['history.revert']({ to: to.id })
      notify('ok', ({ lang }) => (lang === 'zh' ? `已还原到：${label(lang)}（#${to.id}）` : `Reverted to: ${label(lang)} (#${to.id})`))
      return true
    } catch (e) {
      notifyError(e)
      return false
    }
  }, [])
  return { list, run, revert }
}

/** Inputs where the browser's own text undo applies (a checkbox or button is not one). */
function isTextEditing(el: EventTarget | Element | null): boolean {
  if (!(el instanceof HTMLElement)) return false
  if (el.isContentEditable) return true
  if (el instanceof HTMLTextAreaElement) return true
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(el.type)
  return false
}

/**
 * Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (Cmd on a Mac) — except while typing in a text
 * field, where the browser undoes the typing, and while a dialog is open.
 */
export function useUndoShortcuts(run: (a: HistoryAction) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || !(e.ctrlKey || e.metaKey)) return
      // e.key follows the keyboard layout; e.code catches layouts whose Z key types another letter.
      const k = /^[a-z]$/i.test(e.key) ? e.key.toLowerCase() : e.code === 'KeyZ' ? 'z' : e.code === 'KeyY' ? 'y' : ''
      const action: HistoryAction | null = k === 'z' ? (e.shiftKey ? 'redo' : 'undo') : k === 'y' && !e.shiftKey ? 'redo' : null
      if (!action) return
      if (isTextEditing(e.target) || isTextEditing(document.activeElement)) return
      if (document.querySelector('[aria-modal="true"]')) return
      e.preventDefault()
      run(action)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [run])
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
