/** Workspace domain: facts, reset to bundled data, preferences (undoable). */
import { isViewPref } from '../../../../shared/api/workspace'
import { viewStateOf } from '../../../../shared/push'
import type { DomainHandlers } from '../../engine/app'
import { mutate } from '../../engine/mutate'
import { SCHEMA_VERSION } from '../../db/migrations'
import type { Db } from '../../db/connection'
import { backupDir, listBackups } from '../backup/policy'
import { resetToBundled } from './seed'

export function counts(db: Db) {
  const one = (sql: string) => db.prepare(sql).pluck().get() as number
  return {
    reports: one('SELECT count(*) FROM report'),
    securities: one('SELECT count(*) FROM security'),
    coverage: one('SELECT count(*) FROM coverage'),
    valuationRows: one('SELECT count(*) FROM valuation_row'),
  }
}

export function getPref(db: Db, key: string): string | null {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(`pref:${key}`) as string | undefined) ?? null
}

export const workspaceHandlers: DomainHandlers<'workspace.info' | 'workspace.resetToBundled' | 'prefs.get' | 'prefs.set'> = {
  'workspace.info': (_i, { ws, db }) => ({
    schemaVersion: SCHEMA_VERSION,
    dataDir: ws.dataDir,
    counts: counts(db),
    openStats: (ws as { openStats?: { quickCheckMs: number; openMs: number } }).openStats ?? null,
    recovery: ws.recovery ?? null,
    backups: { latest: listBackups(backupDir(ws.dataDir))[0] ?? null },
  }),
  'workspace.resetToBundled': (_i, ctx) => {
    resetToBundled(ctx)
    const c = counts(ctx.db)
    return { reports: c.reports, coverage: c.coverage, valuationRows: c.valuationRows }
  },
  'prefs.get': ({ key }, { db }) => ({ value: getPref(db, key) }),
  'prefs.set': ({ key, value }, ctx) => {
    // Recorded prefs are in a tracked table: mutate() finds 'meta' from the changes. Naming it in
    // `entities` too kept an EMPTY change set when the value did not change (saving the same
    // exclusions twice made Ctrl+Z do nothing visible). View prefs need it for the notification.
    mutate(ctx, 'prefs.set', () => {
      ctx.db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(`pref:${key}`, value)
    }, { params: { key }, record: !isViewPref(key), entities: isViewPref(key) ? [viewStateOf(key)] : [] })
    return { ok: true }
  },
}
