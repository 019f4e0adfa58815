/**
 * One language at a time, checked the way a reader would: every page and panel is visited in the
 * Chinese UI and its visible text (and input placeholders) scanned for English UI words, then the
 * same tour in English scanned for Chinese UI texts. Data names (companies, printed headings,
 * printed figures) are what the reports print and may be in either language; UI words are not.
 *  - Chinese tour: no English text of our own dictionaries or AG Grid's, and no lower-case
 *    English word at all unless the bundled data prints it (our notes, locators and sources are
 *    translated — see shared/bundledText.ts) or it is a finance/format term used in Chinese too.
 *  - English tour: no Chinese text of our dictionaries, and no raw id ("r003", "PRIVATE:").
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AG_GRID_LOCALE_EN } from '@ag-grid-community/locale'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DICTS } from '../../renderer/src/i18n'
import { NOTES_TEXT } from '../../renderer/src/notes/text'
import { IMPORT_TEXT } from '../../renderer/src/import/text'
import { BACKUP_TEXT } from '../../renderer/src/components/backupText'
import { MAP_TEXT } from '../../renderer/src/chainMap/text'
import { VALUATIONS_TEXT } from '../../renderer/src/pages/valuations/text'
import { e2eSkipped, startSession, type Session } from '../helpers/browser'

const SHOTS = '/tmp/shots/tour'
const ROOT = join(__dirname, '../..')

/** Every string leaf of a dictionary (functions called with sample arguments). */
function strings(o: unknown, out: string[] = []): string[] {
  if (typeof o === 'string') out.push(o)
  else if (typeof o === 'function') {
    const v = (o as (...a: unknown[]) => unknown)(...Array.from({ length: o.length }, () => ''))
    if (typeof v === 'string') out.push(v)
  } else if (o && typeof o === 'object') for (const v of Object.values(o)) strings(v, out)
  return out
}
const DICTIONARIES = [DICTS, NOTES_TEXT, IMPORT_TEXT, BACKUP_TEXT, MAP_TEXT, VALUATIONS_TEXT] as { zh: unknown; en: unknown }[]

/** The text the bundled data itself prints (names, labels, printed strings, sources). */
function dataText(): string {
  const parts: string[] = []
  const walk = (o: unknown, key = '') => {
    // our own prose (English notes, locators, roles) is not data the reports print
    if (['note', 'dateNote', 'role', 'source'].includes(key) && typeof o === 'string' && !/[\u4e00-\u9fff]{4}/.test(o)) return
    if (key === 'source' && typeof o === 'string' && /\b(text|line|section|figure)\b/.test(o)) return
    if (typeof o === 'string') parts.push(o)
    else if (Array.isArray(o)) o.forEach((x) => walk(x, key))
    else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, k)
  }
  for (const f of readdirSync(join(ROOT, 'data/reports'))) walk(JSON.parse(readFileSync(join(ROOT, 'data/reports', f), 'utf8')))
  walk(JSON.parse(readFileSync(join(ROOT, 'data/chain/taxonomy.json'), 'utf8')))
  return parts.join('\n')
}

/** Format names, units and finance abbreviations a Chinese analyst reads as they are. */
const TERMS = new Set(
  'ai aigc api csv tsv txt xls xlsx json pdf png svg markdown excel ctrl shift enter esc tab alt cmd usd cny hkd eur gbp jpy krw nm n/a na p/e p/s peg eps fy ttm lyr ipo ads gpu cpu'.split(' '),
)
const LATIN_WORD = /[A-Za-z][A-Za-z/'-]*[A-Za-z]/g
const HAN = /[\u4e00-\u9fff]/

describe.skipIf(e2eSkipped)('a full tour in one language', () => {
  let s: Session
  const data = dataText()
  const dataWords = new Set((data.match(LATIN_WORD) ?? []).map((w) => w.toLowerCase()))

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    s = await startSession()
    await s.page.setViewportSize({ width: 1280, height: 800 })
  })
  afterAll(async () => {
    await s?.stop()
  })

  /** Visible text of the whole window: body text plus placeholders and the select's chosen options. */
  const screenText = () =>
    s.page.evaluate(() => {
      const extra = [...document.querySelectorAll('input[placeholder], textarea[placeholder]')]
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .map((e) => (e as HTMLInputElement).placeholder)
      return `${document.body.innerText}\n${extra.join('\n')}`
    })

  /** Visits every page and panel; returns what each one shows. */
  async function tour(lang: 'zh' | 'en'): Promise<Map<string, string>> {
    const seen = new Map<string, string>()
    const p = s.page
    const look = async (name: string) => {
      await p.waitForTimeout(300)
      await p.screenshot({ path: `${SHOTS}/${lang}-${name}.png` })
      seen.set(name, await screenText())
    }
    const tabs = p.getByRole('tab')
    await expect.poll(() => tabs.count()).toBe(8)
    const names = ['reports', 'coverage', 'valuations', 'compare', 'quality', 'chain', 'notes', 'import']
    for (let i = 0; i < names.length; i++) {
      await tabs.nth(i).click()
      // the page switched (else the text counted below is the previous page's)
      await expect.poll(() => tabs.nth(i).getAttribute('aria-selected'), { timeout: 15_000 }).toBe('true')
      // each page has loaded when its main content is drawn
      await expect.poll(async () => (await p.locator('main').innerText()).length, { timeout: 15_000 }).toBeGreaterThan(40)
      await p.waitForTimeout(900)
      await look(names[i]!)
      if (names[i] === 'coverage') {
        await p.locator('.ag-row[row-index="0"] [col-id=company]').click()
        await p.getByTestId('company-panel').waitFor({ timeout: 10_000 })
        await p.waitForTimeout(1200)
        await look('company-panel')
        await tabs.nth(i).click() // a tab closes the panel
      }
      if (names[i] === 'notes') {
        await p.getByRole('button', { name: NOTES_TEXT[lang].newNote }).first().click()
        await p.getByRole('dialog').waitFor({ timeout: 10_000 })
        await look('new-note-dialog')
        await p.keyboard.press('Escape')
        await expect.poll(() => p.getByRole('dialog').count()).toBe(0)
      }
      if (names[i] === 'reports') {
        // a report opened from the list: the coverage page's report chip
        await p.locator('tr[data-report]').nth(3).click()
        await p.waitForTimeout(900)
        await look('coverage-of-report')
      }
    }
    await p.locator('.history-toggle').click()
    await p.locator('[data-testid=history-list] .history-row').first().waitFor()
    await look('history')
    await p.locator('.history-toggle').click()
    await p.getByTestId('backups-button').click()
    await p.locator('[data-testid=backup-list] .backup-row').first().waitFor()
    await look('backups')
    await p.keyboard.press('Escape')
    await expect.poll(() => p.getByRole('dialog').count()).toBe(0)
    await p.getByTestId('search-button').click()
    // type once the palette's input has the focus (else the keys go to the page underneath)
    const paletteInput = p.getByTestId('search-palette').locator('input')
    await expect.poll(() => paletteInput.evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true)
    await p.keyboard.type('讯飞')
    await expect.poll(() => paletteInput.inputValue(), { timeout: 15_000 }).toBe('讯飞')
    await expect.poll(() => p.getByTestId('search-palette').locator('li[data-kind]').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await look('search')
    await p.keyboard.press('Escape')
    return seen
  }

  it('Chinese: no English UI word on any page or panel, and no raw id', async () => {
    const english = new Set<string>()
    for (const d of DICTIONARIES) for (const x of strings(d.en)) if (!HAN.test(x) && x.trim().length >= 4) english.add(x.trim())
    for (const x of Object.values(AG_GRID_LOCALE_EN)) if (typeof x === 'string' && x.length >= 4) english.add(x)
    const seen = await tour('zh')
    expect(seen.size).toBeGreaterThanOrEqual(14)
    const problems: string[] = []
    for (const [page, shown] of seen) {
      // file paths (the workspace folder, a backup's file) are the machine's, not UI words
      const text = shown.replace(/(?:[A-Za-z]:)?[\\/][\w.\\/-]+/g, ' ')
      // phrases of our English dictionaries (and AG Grid's) that the data does not print itself
      for (const line of text.split('\n').map((l) => l.trim())) {
        if (english.has(line) && !data.includes(line) && !TERMS.has(line.toLowerCase())) problems.push(`${page}: dictionary text "${line}"`)
      }
      // lower-case English words: prose of ours that escaped translation
      for (const w of new Set(text.match(LATIN_WORD) ?? [])) {
        const lw = w.toLowerCase()
        if (w !== lw) continue // capitalised words are names (Microsoft, ChatGPT, Stable Diffusion); dictionary phrases are caught above
        if (TERMS.has(lw) || dataWords.has(lw) || /^[a-z]{1,2}$/.test(lw)) continue
        problems.push(`${page}: English word "${w}"`)
      }
      for (const id of text.match(/\bPRIVATE:[\w-]+|\br0\d\d\b/g) ?? []) problems.push(`${page}: raw id "${id}"`)
    }
    expect(problems).toEqual([])
  })

  it('English: no Chinese UI text on any page or panel, and no raw id', async () => {
    await s.page.getByTitle('中文 / English').click()
    await expect.poll(() => s.page.getByRole('tab').first().innerText()).toBe(DICTS.en.navReports)
    const chinese = new Set<string>()
    for (const d of DICTIONARIES) for (const x of strings(d.zh)) if (HAN.test(x) && x.trim().length >= 2 && !data.includes(x.trim())) chinese.add(x.trim())
    const seen = await tour('en')
    const problems: string[] = []
    for (const [page, text] of seen) {
      for (const line of text.split('\n').map((l) => l.trim())) {
        if (line === '中文') continue // the language switch names the other language in its own script
        if (chinese.has(line)) problems.push(`${page}: Chinese UI text "${line}"`)
        for (const piece of line.split(/[\t·:：]+/).map((x) => x.trim())) if (piece !== line && chinese.has(piece)) problems.push(`${page}: Chinese UI text "${piece}"`)
      }
      for (const id of text.match(/\bPRIVATE:[\w-]+|\br0\d\d\b/g) ?? []) problems.push(`${page}: raw id "${id}"`)
    }
    expect(problems).toEqual([])
  })
})
