/** Workspace domain: facts about the open workspace, reset to bundled data, UI preferences. */
import { z } from 'zod'
import type { ResetResult, WorkspaceInfo } from '../domain'
import { noInput, prefKey, text } from './common'

export const workspaceApi = {
  /** Workspace facts: schema version, data directory, row counts, open-time checks. */
  'workspace.info': { input: noInput },
  /**
   * Updates the bundled reports' rows in place by natural key (report, table, row number) and
   * adds what is new. Row ids, hand exclusions, crosswalk edits, placements and FX edits survive.
   * Refused unless confirm is true.
   */
  'workspace.resetToBundled': { input: z.object({ confirm: z.literal(true) }).strict() },
  /** A UI preference (grid column state, exclusions…) kept in the workspace; prefs.set is undoable. */
  'prefs.get': { input: z.object({ key: prefKey }).strict() },
  'prefs.set': { input: z.object({ key: prefKey, value: text(100_000) }).strict() },
} as const

export interface WorkspaceResults {
  'workspace.info': WorkspaceInfo
  'workspace.resetToBundled': ResetResult
  'prefs.get': { value: string | null }
  'prefs.set': { ok: true }
}

/**
 * View state (language, grid columns, page options) is saved but kept out of undo history:
 * Ctrl+Z should undo an analyst's edit, not a column resize. Everything else (hand
 * exclusions…) is history.
 */
export function isViewPref(key: string): boolean {
  return /^(ui|grid):/.test(key) || key.endsWith(':options')
}
