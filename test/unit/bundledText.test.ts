/**
 * The bundled data's own prose reaches the Chinese UI in Chinese: every extraction-flag note,
 * FX source and report date note of data/ has a translation (a new English note without one
 * fails here), the coverage locators lose their English connective words, and every error code
 * the engine can raise has its own text in both languages (no fallback to the engine's English).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  BUNDLED_TRANSLATED,
  dateNoteText,
  flagKindText,
  flagNoteText,
  fxSourceText,
  institutionText,
  locatorText,
  reportChip,
  shortTitle,
  stanceText,
} from '../../shared/bundledText'
import { hasErrorText } from '../../renderer/src/errorText'

const ROOT = join(__dirname, '../..')
const reports = readdirSync(join(ROOT, 'data/reports'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(ROOT, 'data/reports', f), 'utf8')))
const fx = JSON.parse(readFileSync(join(ROOT, 'data/fx.json'), 'utf8'))
/** Latin words a Chinese reader should not meet as UI text (names and tickers aside) */
const ENGLISH_PROSE = /\b(the|and|is|are|with|while|cell|cells|table|caption|printed|looks|only|from|text|line|lines|section|figure)\b/

describe('bundled texts in Chinese', () => {
  const flags = reports.flatMap((r) => r.valuationTables.flatMap((t: any) => t.rows.flatMap((row: any) => row.flags ?? [])))
  it('every extraction flag note and kind of the bundled reports has a Chinese text', () => {
    expect(flags.length).toBeGreaterThan(5)
    for (const f of flags) {
      expect(BUNDLED_TRANSLATED.flagNotes, f.note).toContain(f.note)
      expect(flagNoteText(f.note, 'zh')).not.toMatch(ENGLISH_PROSE)
      expect(flagNoteText(f.note, 'en')).toBe(f.note)
      expect(flagKindText(f.code, 'zh')).toMatch(/[\u4e00-\u9fff]/)
    }
  })
  it('keeps the printed figures of a note in its Chinese text', () => {
    for (const f of flags) {
      const figures = f.note.match(/\d+(\.\d+)?%?|亿[港美人][元民币]+/g) ?? []
      for (const x of figures) expect(flagNoteText(f.note, 'zh'), `${x} in ${f.note}`).toContain(x.replace(/-/g, '–'))
    }
  })
  it('FX sources and date notes of the bundled data have Chinese texts', () => {
    for (const r of fx.rates) expect(fxSourceText(r.source, 'zh')).toMatch(/[\u4e00-\u9fff]/)
    for (const r of reports) if (r.report.dateNote) expect(dateNoteText(r.report.dateNote, 'zh')).not.toMatch(ENGLISH_PROSE)
  })
  it('an analyst’s own note shows as typed', () => {
    expect(flagNoteText('my own note', 'zh')).toBe('my own note')
    expect(fxSourceText('Wind 收盘价', 'zh')).toBe('Wind 收盘价')
  })
  it('coverage locators: connective words in Chinese, headings and product names as printed', () => {
    expect(locatorText('摘要 AIGC 产业链 text; 正文 AIGC 产业链 text (line 229); OpenAI section (line 322, 图 12)', 'zh')).toBe(
      '摘要 AIGC 产业链 正文; 正文 AIGC 产业链 正文（第 229 行）; OpenAI 一节（第 322 行, 图 12）',
    )
    expect(locatorText('正文 (lines 229-231)', 'zh')).toBe('正文（第 229–231 行）')
    expect(locatorText('表 6 (Imagen Video/Phenaki, Google); 表 4 (make-a-scene, Meta)', 'zh')).toBe('表 6（Imagen Video/Phenaki, Google）; 表 4（make-a-scene, Meta）')
    expect(locatorText('OpenAI section (line 322)', 'en')).toBe('OpenAI section (line 322)')
    for (const r of reports)
      for (const c of r.coverage) expect(locatorText(c.source ?? '', 'zh'), c.source).not.toMatch(/\b(text|lines?|section|figure|table|summary|under|financing|example)\b/)
  })
  it('report chips: institution and a short title, English institution names in English', () => {
    const byKey = Object.fromEntries(reports.map((r) => [r.report.key, r.report]))
    expect(reportChip(byKey['002'], 'zh')).toBe('招商银行研究院 · AIGC行业全景篇')
    expect(reportChip(byKey['001'], 'zh')).toBe('中国银河证券研究院 · ChatGPT 开启 AI 新纪元')
    expect(reportChip(byKey['003'], 'zh')).toBe('中信建投') // no title, no date printed
    expect(reportChip(byKey['002'], 'en')).toBe('CMB Research Institute · AIGC行业全景篇')
    expect(shortTitle('AIGC——Web3 时代的生产力工具')).toBe('AIGC——Web3 时代的生产力…')
    for (const r of reports) expect(institutionText(r.report.institution, 'en')).toMatch(/^[A-Za-z]/)
  })
  it('stances: English words in English, as printed in Chinese', () => {
    for (const r of reports) for (const c of r.coverage) if (c.stance) expect(stanceText(c.stance, 'en')).toMatch(/^[A-Z][a-z ]+$/)
    expect(stanceText('推荐', 'zh')).toBe('推荐')
  })
})

describe('error codes', () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f)
      return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : []
    })
  }
  const codes = new Set<string>()
  for (const f of [...files(join(ROOT, 'electron/main')), ...files(join(ROOT, 'shared'))]) {
    const src = readFileSync(f, 'utf8')
    for (const m of src.matchAll(/\b(?:invalid|conflict|notFound)\(\s*'([\w.]+)'/g)) codes.add(m[1]!)
    for (const m of src.matchAll(/new AppError\(\s*'\w+',\s*'([\w.]+)'/g)) codes.add(m[1]!)
  }
  it('finds the engine’s error codes', () => expect(codes.size).toBeGreaterThan(30))
  it.each(['zh', 'en'] as const)('every code the engine raises has its own %s text', (lang) => {
    const missing = [...codes].filter((c) => !hasErrorText(c, lang))
    expect(missing).toEqual([])
  })
})
