import { describe, expect, it } from 'vitest'
import { BACKUPS, isAffected, VIEW_STATE, viewKeys, viewStateOf, WORKSPACE } from '../../shared/push'

describe('which cached results a change invalidates', () => {
  it('an FX edit refetches FX, comparisons, the grid and history, not coverage', () => {
    for (const m of ['fx.list', 'compare.run', 'valuations.page', 'history.list']) expect(isAffected(m, ['fx_rate']), m).toBe(true)
    expect(isAffected('coverage.list', ['fx_rate'])).toBe(false)
  })
  it('view state (a column resize, the language) refetches prefs only — not history, not the grid', () => {
    expect(isAffected('prefs.get', [VIEW_STATE])).toBe(true)
    for (const m of ['history.list', 'valuations.page', 'compare.run', 'workspace.info']) expect(isAffected(m, [VIEW_STATE]), m).toBe(false)
  })
  it('an undoable pref (hand exclusions) refetches prefs and history', () => {
    expect(isAffected('prefs.get', ['meta'])).toBe(true)
    expect(isAffected('history.list', ['meta'])).toBe(true)
  })
})

describe('view-state prefs name their key', () => {
  it('a saved map option refetches prefs only, never history, and names which pref', () => {
    const e = [viewStateOf('map:options')]
    expect(isAffected('prefs.get', e)).toBe(true)
    for (const m of ['history.list', 'chain.map', 'workspace.info']) expect(isAffected(m, e), m).toBe(false)
    expect(viewKeys(e)).toEqual(new Set(['map:options']))
    expect(viewKeys([...e, 'chain_node'])).toBeNull()
  })
})

describe('a restore and a new backup', () => {
  it('a restore from backup (entity workspace) refetches every cached result', () => {
    const methods = ['reports.list', 'coverage.list', 'valuations.page', 'compare.run', 'chain.map', 'fx.list', 'notes.list', 'search.query', 'history.list', 'prefs.get', 'workspace.info', 'backup.list', 'import.list', 'some.futureMethod']
    for (const m of methods) expect(isAffected(m, [WORKSPACE]), m).toBe(true)
    expect(isAffected('prefs.get', [viewStateOf('ui:lang'), WORKSPACE])).toBe(true)
  })
  it('a new backup refetches the backup list and workspace.info (latest backup), not data and not history', () => {
    for (const m of ['backup.list', 'workspace.info']) expect(isAffected(m, [BACKUPS]), m).toBe(true)
    for (const m of ['history.list', 'reports.list', 'valuations.page', 'chain.map', 'prefs.get', 'notes.list']) expect(isAffected(m, [BACKUPS]), m).toBe(false)
  })
})
