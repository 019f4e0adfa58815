import { describe, expect, it } from 'vitest'
import { isAffected, VIEW_STATE, viewKeys, viewStateOf } from '../../shared/push'

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
