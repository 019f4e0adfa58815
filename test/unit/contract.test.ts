import { describe, expect, it } from 'vitest'
import { ApiInputError, METHODS, parseInput } from '../../shared/contract'
import { METHOD_NAMES } from '../../shared/methods'

describe('API contract', () => {
  it('names the same methods as the preload list', () => {
    expect([...METHODS].sort()).toEqual([...METHOD_NAMES].sort())
  })
  it('rejects bad payloads naming the field', () => {
    expect(() => parseInput('securities.get', { id: 5 })).toThrow(/id/)
    expect(() => parseInput('securities.get', { id: "x'; DROP TABLE security;--" })).toThrow(ApiInputError)
    expect(() => parseInput('prefs.set', { key: 'a', value: 1 })).toThrow(/value/)
    expect(() => parseInput('workspace.resetToBundled', { confirm: false })).toThrow(/confirm/)
    expect(() => parseInput('reports.list', { extra: 1 })).toThrow(ApiInputError)
  })
  it('accepts good payloads', () => {
    expect(parseInput('securities.get', { id: '002230.SZ' })).toEqual({ id: '002230.SZ' })
    expect(parseInput('coverage.list', undefined)).toEqual({})
  })
})
