/**
 * The bundled data's own prose (our extraction notes, FX source labels, report date notes) in
 * both UI languages. The data files and the database keep the English text as it was written at
 * extraction; this is a translation memory keyed by that exact text, so workspaces made before
 * it existed show Chinese too, and a note the analyst typed (not listed here) shows as typed.
 * Institutions get an English display name here because the reports print only Chinese ones.
 */
import type { Lang } from './format'

/** Extraction-flag notes (data/reports/*.json → valuation rows → extraction_flag.note). */
const FLAG_NOTES_ZH: Record<string, string> = {
  'P/E FY23E 2.0 and FY24E 1.7 sit almost level with P/S 1.9/1.7 (implies ~95-100% net margin) and collapse from 13.7 in FY22E; looks like a currency mismatch (USD ADS price vs CNY EPS) or data error':
    'FY23E 市盈率 2.0、FY24E 1.7 与市销率 1.9/1.7 几乎持平（隐含净利率约 95–100%），且较 FY22E 的 13.7 骤降；疑为币种错配（美元 ADS 股价对人民币 EPS）或数据错误',
  "price and market-cap cells are blank as printed; P/E averages are consistent with the printed rows but therefore include Alibaba's implausible FY23E/FY24E P/E, pulling the FY23E/FY24E averages down":
    '原文股价与市值单元格为空；市盈率均值与所列各行一致，因此包含了阿里巴巴不合理的 FY23E/FY24E 市盈率，拉低了 FY23E/FY24E 均值',
  'cell prints the value in 亿港元 while the caption says the table is in 亿美元; unit recorded as printed in the cell':
    '单元格以亿港元印出，而表题称单位为亿美元；按单元格原文记录单位',
  'cell prints the value in 亿人民币 while the caption says the table is in 亿美元; unit recorded as printed in the cell':
    '单元格以亿人民币印出，而表题称单位为亿美元；按单元格原文记录单位',
  'market cap of 100亿美元 looks far too high for iQIYI in late Nov 2022 (its ADS traded at only a few dollars, implying a cap of a few 十亿美元); figure kept as printed':
    '2022 年 11 月下旬爱奇艺市值 100亿美元 明显偏高（其 ADS 仅几美元，对应市值约数十亿美元）；数值按原文保留',
  "only 4 values printed under 5 year columns (2017-2021); placed in 2018-2021 with 2017 blank because the cost/ratio pairs match those years' revenue, but the printed layout does not show which cell is empty":
    '5 个年份列（2017–2021）下只印了 4 个数值；因成本/占比与 2018–2021 年收入相符，放入 2018–2021，2017 留空，但原文版式未表明哪一格为空',
  "the 2020 and 2021 ratios are printed run together as '14.0%13.3%'; split into two cells": "2020 与 2021 年占比在原文中连印为 '14.0%13.3%'；已拆为两格",
}

/** Flag kinds written at extraction (extraction_flag.code). */
const FLAG_KINDS: Record<string, readonly [zh: string, en: string]> = {
  suspicious: ['可疑', 'suspicious'],
  ambiguous: ['有歧义', 'ambiguous'],
}

/** FX rate sources of data/fx.json. */
const FX_SOURCES_ZH: Record<string, string> = {
  'indicative spot (hand-entered; verify)': '参考即期汇率（手工录入，请核对）',
}

/** Report date notes (report.date_note). */
const DATE_NOTES_ZH: Record<string, string> = {
  'inferred: no date printed; valuation table is as of 2月8日收盘 (US closes of 8 Feb 2023), latest event cited is 2023-02-08 (Bing/Edge announcement), so earliest publication in Asia is 9 Feb 2023; year from text':
    '推断：未印日期；估值表截至 2月8日收盘（2023 年 2 月 8 日美股收盘），文中最新事件为 2023-02-08（Bing/Edge 发布），故亚洲最早发布于 2023 年 2 月 9 日；年份据正文',
  "no date printed anywhere in the text; latest dated event is 浪潮信息's AI 算力服务 launch on '2 月 10 日' (year 2023 from '2023 年 2 月 6 日' Bard launch in the same text), so published on or after 2023-02-10 (likely mid-Feb 2023), exact day unknown":
    "正文无日期；最新事件为浪潮信息 '2 月 10 日' 推出 AI 算力服务（年份据同文 '2023 年 2 月 6 日' Bard 发布），故发布于 2023-02-10 或之后（约 2023 年 2 月中旬），具体日期不详",
  'no publication date printed; latest data points are 2024年9月 (表 7 caption; ChatGPT Plus subscribers 截至 2024 年 9 月) and an end-2024 price rise is still described as expected, so written roughly Q4 2024 — no day-level evidence, left null':
    '未印发布日期；最新数据为 2024年9月（表 7 表题；ChatGPT Plus 订阅数截至 2024 年 9 月），且 2024 年底的涨价仍写作预期，故约写于 2024 年四季度——无具体日期依据，留空',
  "no cover, title or date in the extracted text. Latest dated items: 1月11日 Brockman ChatGPT-pro survey, plus the 前言 quoting Microsoft's statement on a third phase of its OpenAI partnership (from outside knowledge, published 2023-01-23). So the report is from late Jan 2023 or later; the exact day is unknown":
    '提取文本中无封面、标题和日期。最新事项：1月11日 Brockman 的 ChatGPT-pro 调查，以及前言引用的微软与 OpenAI 第三阶段合作声明（据外部信息，发布于 2023-01-23）。故报告不早于 2023 年 1 月下旬，具体日期不详',
  "printed as '2022 年 11 月 13 日' in the page running header (lines 450, 891); consistent with text events of Sept-Oct 2022":
    "页眉印有 '2022 年 11 月 13 日'（第 450、891 行）；与正文 2022 年 9–10 月的事件相符",
}

/** English display names of the institutions the bundled reports print in Chinese. */
const INSTITUTIONS_EN: Record<string, string> = {
  招银国际环球市场: 'CMB International',
  中国银河证券研究院: 'China Galaxy Securities',
  招商银行研究院: 'CMB Research Institute',
  中信建投: 'China Securities (CSC)',
  国盛证券研究所: 'Guosheng Securities',
}

const pick = (table: Record<string, string>, text: string, lang: Lang) => (lang === 'zh' ? (table[text] ?? text) : text)

export const flagNoteText = (note: string, lang: Lang): string => pick(FLAG_NOTES_ZH, note, lang)
export const fxSourceText = (source: string, lang: Lang): string => pick(FX_SOURCES_ZH, source, lang)
export const dateNoteText = (note: string, lang: Lang): string => pick(DATE_NOTES_ZH, note, lang)

export function flagKindText(code: string, lang: Lang): string {
  const k = FLAG_KINDS[code]
  return k ? k[lang === 'zh' ? 0 : 1] : code
}

/** An institution as the UI language names it (the printed name when no English one is known). */
export function institutionText(name: string | null, lang: Lang): string {
  if (name == null) return ''
  return lang === 'en' ? (INSTITUTIONS_EN[name] ?? name) : name
}

/** Every bundled English text that has a Chinese rendering (for the completeness test). */
export const BUNDLED_TRANSLATED = {
  flagNotes: Object.keys(FLAG_NOTES_ZH),
  fxSources: Object.keys(FX_SOURCES_ZH),
  dateNotes: Object.keys(DATE_NOTES_ZH),
  institutions: Object.keys(INSTITUTIONS_EN),
}

/**
 * A coverage entry's locator ("摘要 AIGC 产业链 text; OpenAI section (line 322, 图 12)") in the
 * UI language. The locators were written at extraction with English connective words around the
 * printed headings; in Chinese those words are said in Chinese and the headings stay as printed.
 * Only lower-case connective words are translated, so product names (Imagen Video, make-a-scene)
 * are never touched.
 */
const LOCATOR_WORDS_ZH: [RegExp, string][] = [
  [/\bchain figure\b/g, '产业链图'],
  [/\bfinancing table\b/g, '融资表'],
  [/\btext\b/g, '正文'],
  [/\bsection\b/g, '一节'],
  [/\bfigure\b/g, '图'],
  [/\btable\b/g, '表'],
  [/\bsummary\b/g, '摘要'],
  [/\bexample\b/g, '示例'],
  [/\bmodel\b/g, '模型'],
  [/\bunder\b/g, '位于'],
  [/\band\b/g, '和'],
  [/\(as\b/g, '(印作'],
]

export function locatorText(source: string, lang: Lang): string {
  if (lang !== 'zh') return source
  let s = source.replace(/\blines? (\d+)(?:\s*[-–]\s*(\d+))?/g, (_m, a: string, b?: string) => (b ? `第 ${a}–${b} 行` : `第 ${a} 行`))
  for (const [re, zh] of LOCATOR_WORDS_ZH) s = s.replace(re, zh)
  return s.replace(/ ?\(/g, '（').replace(/\)/g, '）')
}

/**
 * A report's short title for chips and columns: the part before a dash/colon/comma when that
 * part says enough (≥ 6 characters), else the title cut at 18 characters. Null without a title.
 */
export function shortTitle(title: string | null | undefined): string | null {
  const tt = title?.trim()
  if (!tt) return null
  const head = tt.split(/——|—|：|:|，|,/)[0]!.trim()
  const s = head.length >= 6 ? head : tt
  return s.length > 18 ? `${s.slice(0, 17)}…` : s
}

/** "招银国际环球市场 · ChatGPT & AIGC 在中国…" — institution and short title (date when untitled). */
export function reportChip(r: { institution: string; title?: string | null; date?: string | null }, lang: Lang): string {
  const name = institutionText(r.institution, lang)
  const title = shortTitle(r.title)
  if (title) return `${name} · ${title}`
  return r.date ? `${name} · ${r.date}` : name
}

/** Stances as the reports print them → English; the printed word stays in the tooltip. */
const STANCES_EN: Record<string, string> = {
  重点推荐: 'Top pick',
  推荐: 'Recommend',
  关注: 'Watch',
  投资标的: 'Pick',
}

export function stanceText(stance: string, lang: Lang): string {
  return lang === 'en' ? (STANCES_EN[stance] ?? stance) : stance
}
