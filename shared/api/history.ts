/**
 * History domain: every write is a change set (label, time, row-level before/after). Undo and
 * redo apply the inverse as a new change set, so history itself is never rewritten and
 * survives restarts.
 */
import { z } from 'zod'
import { noInput } from './common'

export interface ChangeSetView {
  id: number
  /** message code + params, turned into text by the renderer */
  label: string
  params: Record<string, string | number | null>
  at: string
  kind: 'edit' | 'undo' | 'redo' | 'revert' | 'bulk'
  /** the change set an undo/redo/revert inverts (revert: the set restored to) */
  targetId: number | null
  /** set when a later undo (or redo of an undo) inverted this one */
  undoneBy: number | null
  undoable: boolean
  entities: string[]
  changeCount: number
}

export interface ChangeView {
  entity: string
  key: Record<string, unknown>
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

export interface HistoryState {
  sets: ChangeSetView[]
  /** what Ctrl+Z / Ctrl+Shift+Z would do now */
  nextUndo: ChangeSetView | null
  nextRedo: ChangeSetView | null
}

export const historyApi = {
  /** The latest change sets, newest first, and what undo/redo would do. */
  'history.list': {
    input: z
      .object({ limit: z.number().int().min(1).max(500).default(100), beforeId: z.number().int().positive().optional() })
      .strict(),
  },
  /** One change set's row-level changes. */
  'history.get': { input: z.object({ id: z.number().int().positive() }).strict() },
  /** Undoes the latest change set not yet undone. */
  'history.undo': { input: noInput },
  /** Redoes the latest undo, if no new edit came after it. */
  'history.redo': { input: noInput },
  /** Returns the undoable data to its state right after change set `to` (one new change set). */
  'history.revert': { input: z.object({ to: z.number().int().min(0) }).strict() },
} as const

export interface HistoryResults {
  'history.list': HistoryState
  'history.get': { set: ChangeSetView; changes: ChangeView[] }
  'history.undo': { applied: ChangeSetView }
  'history.redo': { applied: ChangeSetView }
  'history.revert': { applied: ChangeSetView }
}
