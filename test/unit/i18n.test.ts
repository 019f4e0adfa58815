/**
 * One language at a time: every dictionary has the same keys in Chinese and English (nested
 * objects too), no text is empty, and a `{placeholder}` filled in one language is filled in the
 * other. AG Grid's own texts come from the official locale package in both languages.
 */
import { describe, expect, it } from 'vitest'
import { AG_GRID_LOCALE_CN, AG_GRID_LOCALE_EN } from '@ag-grid-community/locale'
import { DICTS } from '../../renderer/src/i18n'
import { NOTES_TEXT } from '../../renderer/src/notes/text'
import { IMPORT_TEXT } from '../../renderer/src/import/text'
import { BACKUP_TEXT } from '../../renderer/src/components/backupText'
import { MAP_TEXT } from '../../renderer/src/chainMap/text'
import { VALUATIONS_TEXT } from '../../renderer/src/pages/valuations/text'
import { GRID_TEXT } from '../../renderer/src/components/gridText'
import { gridLocale } from '../../renderer/src/components/gridLocale'

type Tree = { [k: string]: unknown }

/** dotted path → leaf value, for every leaf of a nested dictionary */
function leaves(o: unknown, at = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o as Tree)) leaves(v, at ? `${at}.${k}` : k, out)
  } else {
    out.set(at, o)
  }
  return out
}

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()

const DICTIONARIES: Record<string, { zh: unknown; en: unknown }> = {
  'i18n.tsx': DICTS,
  'notes/text.ts': NOTES_TEXT,
  'import/text.ts': IMPORT_TEXT,
  'components/backupText.ts': BACKUP_TEXT,
  'chainMap/text.ts': MAP_TEXT,
  'pages/valuations/text.ts': VALUATIONS_TEXT,
  'components/gridText.ts': GRID_TEXT,
}

describe.each(Object.entries(DICTIONARIES))('dictionary %s', (_name, d) => {
  const zh = leaves(d.zh)
  const en = leaves(d.en)

  it('has some texts', () => {
    expect(zh.size).toBeGreaterThan(5)
  })

  it('has every Chinese key in English and every English key in Chinese', () => {
    expect([...zh.keys()].filter((k) => !en.has(k)), 'missing in en').toEqual([])
    expect([...en.keys()].filter((k) => !zh.has(k)), 'missing in zh').toEqual([])
  })

  it('has no empty text (every leaf is a non-blank string, or a function of the same arity giving one)', () => {
    // a text with figures in it may be a function: call it with a sample ('5', a number as text) for every parameter
    const text = (v: unknown) => (typeof v === 'function' ? (v as (...a: unknown[]) => unknown)(...Array.from({ length: v.length }, () => '5')) : v)
    const bad = (m: Map<string, unknown>) => [...m].filter(([, v]) => typeof text(v) !== 'string' || (text(v) as string).trim() === '').map(([k]) => k)
    expect(bad(zh), 'zh').toEqual([])
    expect(bad(en), 'en').toEqual([])
    const shape = (v: unknown) => (typeof v === 'function' ? `function/${v.length}` : typeof v)
    expect([...zh].filter(([k, v]) => en.has(k) && shape(v) !== shape(en.get(k))).map(([k]) => k), 'string in one language, function in the other').toEqual([])
  })

  it('fills the same {placeholders} in both languages', () => {
    const differ = [...zh]
      .filter(([k, v]) => typeof v === 'string' && typeof en.get(k) === 'string')
      .filter(([k, v]) => placeholders(v as string).join() !== placeholders(en.get(k) as string).join())
      .map(([k, v]) => `${k}: ${v as string} | ${en.get(k) as string}`)
    expect(differ).toEqual([])
  })

  it('has Chinese in the Chinese texts that carry letters', () => {
    // a zh text that is plain English words was most likely never translated
    const untranslated = [...zh]
      .filter(([, v]) => typeof v === 'string' && /[a-z]{4,}\s+[a-z]{3,}/i.test(v) && !/[\u3400-\u9fff]/.test(v))
      .map(([k, v]) => `${k}: ${v as string}`)
    expect(untranslated).toEqual([])
  })
})

describe('AG Grid texts (gridLocale)', () => {
  it('uses the official locale package, both languages with the same keys', () => {
    expect(Object.keys(gridLocale('zh')).sort()).toEqual(Object.keys(AG_GRID_LOCALE_EN).sort())
    expect(Object.keys(gridLocale('en')).sort()).toEqual(Object.keys(AG_GRID_LOCALE_CN).sort())
    expect(gridLocale('en')).toEqual(AG_GRID_LOCALE_EN)
    for (const [k, v] of Object.entries(gridLocale('zh'))) expect(v.trim(), k).not.toBe('')
  })

  it('speaks Chinese in Chinese, with the workbench word for "filter"', () => {
    const zh = gridLocale('zh')
    expect(zh.contains).toBe('包含')
    expect(zh.noMatchingRows).toBe(AG_GRID_LOCALE_CN.noMatchingRows)
    expect(zh.noRowsToShow).toBe(AG_GRID_LOCALE_CN.noRowsToShow)
    expect(zh.loadingOoo).toBe(AG_GRID_LOCALE_CN.loadingOoo)
    expect(zh.filterOoo).toContain('筛选')
    expect(zh.columnFilter).toBe('列筛选')
    expect(Object.values(zh).filter((v) => v.includes('过滤'))).toEqual([])
  })

  it('speaks English in English', () => {
    const en = gridLocale('en')
    expect([en.contains, en.filterOoo, en.noMatchingRows, en.noRowsToShow]).toEqual(['Contains', 'Filter...', 'No Matching Rows', 'No Rows To Show'])
  })

  it('gives the same object for the same language (a stable prop)', () => {
    expect(gridLocale('zh')).toBe(gridLocale('zh'))
    expect(gridLocale('en')).toBe(gridLocale('en'))
  })
})
