/**
 * Built-in column profiles, one per terminal, data library or report style, and recognition of
 * which one a file came from. A preset only matters where sources disagree about the same name
 * (`pe` is static in tushare) or print no unit (tushare's total_mv is in 万元); everything the
 * header says itself is read by headers.ts.
 */
import { headerKey } from './headers'
import { normalizeCell } from './cells'
import type { ColumnRole, Grid, ImportPreset, SourceFormat } from './types'

const code: ColumnRole = { kind: 'code' }
const name: ColumnRole = { kind: 'name' }
const price: ColumnRole = { kind: 'price' }
const cap: ColumnRole = { kind: 'marketCap' }
const ignore: ColumnRole = { kind: 'ignore' }
const currency: ColumnRole = { kind: 'currency' }
const date: ColumnRole = { kind: 'date' }
const pe = (basis: string): ColumnRole => ({ kind: 'multiple', metric: 'pe', basis })
const ps = (basis: string): ColumnRole => ({ kind: 'multiple', metric: 'ps', basis })

type Col = ImportPreset['columns'][number]
const col = (match: string, role: ColumnRole, unit?: string): Col => (unit ? { match, role, unit } : { match, role })

function preset(id: string, nameZh: string, nameEn: string, columns: Col[], marketCapUnit: string | null = null): ImportPreset {
  return { id, nameZh, nameEn, builtIn: true, columns, marketCapUnit }
}

/**
 * Market-cap units where the header prints none: akshare 元 (its 总市值 is in yuan), tushare 万元,
 * Bloomberg 百万 of the trading currency (CUR_MKT_CAP), Yahoo in units of the listing currency
 * (or with its own suffix, `3.2T`). Wind, Choice and iFinD print [单位] or a 单位 row; when they do
 * not, no unit is assumed.
 */
export const BUILTIN_PRESETS: ImportPreset[] = [
  preset('wind', '万得 Wind', 'Wind', [col('证券代码', code), col('证券简称', name)]),
  preset('choice', '东方财富 Choice', 'Choice', [col('证券代码', code), col('证券名称', name), col('证券简称', name)]),
  preset('ifind', '同花顺 iFinD', 'iFinD', [col('股票代码', code), col('股票简称', name), col('证券代码', code), col('证券简称', name)]),
  preset('akshare', 'AKShare', 'AKShare', [
    col('代码', code), col('名称', name), col('最新价', price), col('总市值', cap, '元'), col('流通市值', ignore),
    col('市盈率-动态', pe('DYN')), col('市净率', ignore),
  ], '元'),
  preset('tushare', 'Tushare', 'Tushare', [
    col('ts_code', code), col('trade_date', date), col('close', price), col('pe', pe('LYR')), col('pe_ttm', pe('TTM')),
    col('ps', ps('LYR')), col('ps_ttm', ps('TTM')), col('total_mv', cap, '万元'), col('circ_mv', ignore), col('pb', ignore),
  ], '万元'),
  preset('baostock', 'BaoStock', 'BaoStock', [
    col('code', code), col('date', date), col('close', price), col('peTTM', pe('TTM')), col('psTTM', ps('TTM')), col('pbMRQ', ignore),
  ]),
  preset('yahoo', 'Yahoo Finance', 'Yahoo Finance', [
    col('Symbol', code), col('Name', name), col('Price', price), col('Last Price', price), col('Market Cap', cap, 'LC'),
    col('Trailing P/E', pe('TTM')), col('Forward P/E', pe('FWD')), col('Price/Sales (ttm)', ps('TTM')), col('Currency', currency),
  ], 'LC'),
  preset('bloomberg', '彭博 Bloomberg', 'Bloomberg', [
    col('Security', code), col('Ticker', code), col('Name', name), col('SHORT_NAME', name), col('PX_LAST', price),
    col('CUR_MKT_CAP', cap, '百万'), col('PE_RATIO', pe('TTM')), col('BEST_PE_RATIO', pe('FWD')), col('PX_TO_SALES_RATIO', ps('TTM')),
    col('CRNCY', currency),
  ], '百万'),
  preset('broker-workbook', '分析师估值表', "Analyst's workbook", [col('公司', name), col('代码', code), col('股价', price), col('总市值', cap)]),
  preset('pdf-paste', 'PDF 粘贴表格', 'Table pasted from a PDF', [col('Company', name), col('Ticker', code), col('Price', price), col('Mkt cap', cap)]),
]

/** How many rows at the end of a file are read for footers. */
const FOOTER_ROWS = 30

/**
 * Text outside the table: the rows above the header and short rows (one or two cells) at the
 * end — titles and footers, never a company's name in the data (同花顺 is also a company).
 */
function surroundingText(grid: Grid, headerRows: number[]): string {
  const top = grid.rows.slice(0, headerRows[0] ?? 0)
  const tail = grid.rows.slice(Math.max(headerRows[headerRows.length - 1] ?? -1, grid.rows.length - FOOTER_ROWS - 1) + 1)
  const short = tail.filter((r) => r.cells.filter((c) => c.trim() !== '').length <= 2)
  return [...top, ...short].map((r) => r.cells.map(normalizeCell).join(' ')).join('\n').toLowerCase()
}

/** A sample of the first column values under the header, for code forms that name their source. */
function sampleCells(grid: Grid, from: number): string[] {
  return grid.rows.slice(from, from + 20).flatMap((r) => r.cells.slice(0, 3).map(normalizeCell))
}

/**
 * The preset a file most likely came from: field names first (they are unique to a source), then
 * code forms, then layout (a two-level header or a unit title is an analyst's workbook), then
 * footers (数据来源：Wind also ends brokers' own tables, so it decides last). Null when unsure.
 */
export function detectPreset(grid: Grid, headerRows: number[], format?: SourceFormat): string | null {
  const headers = headerRows.flatMap((i) => grid.rows[i]?.cells ?? [])
  const keys = new Set(headers.map(headerKey))
  const has = (...k: string[]) => k.some((x) => keys.has(headerKey(x)))
  const raw = headers.join('\n')
  const below = headerRows.length ? headerRows[headerRows.length - 1]! + 1 : 0
  const sample = sampleCells(grid, below)
  const text = surroundingText(grid, headerRows)
  if (has('PX_LAST', 'CUR_MKT_CAP', 'BEST_PE_RATIO', 'PE_RATIO', 'PX_TO_SALES_RATIO', 'CRNCY') || sample.some((c) => / equity$/i.test(c))) return 'bloomberg'
  if (has('ts_code', 'total_mv', 'circ_mv') || (has('trade_date') && has('pe_ttm'))) return 'tushare'
  if (has('peTTM', 'psTTM', 'pbMRQ') || sample.some((c) => /^(?:sh|sz|bj)\.\d{6}$/.test(c))) return 'baostock'
  if (sample.some((c) => /^\d{6}\.SS$/i.test(c))) return 'yahoo'
  if (/\[(?:单位|交易日期|币种|年度|报告期)\]/.test(raw)) return 'wind'
  if (/choice/.test(text) || grid.rows.slice(0, headerRows[0] ?? 0).some((r) => normalizeCell(r.cells[0]) === '指标名称')) return 'choice'
  if (/ifind|同花顺/.test(text)) return 'ifind'
  if (has('市盈率-动态') || (has('代码') && has('名称') && has('最新价'))) return 'akshare'
  if (has('Symbol') && has('Market Cap', 'Trailing P/E', 'Forward P/E')) return 'yahoo'
  if (/\((?:lc|us\$ ?m|hk\$ ?m|rmb ?m)\)|p\/e \(x\)/i.test(raw) || format === 'paste') return 'pdf-paste'
  if (headerRows.length > 1 || /单位\s*:/.test(text)) return 'broker-workbook'
  if (/数据来源\s*:?\s*wind|source\s*:\s*wind/.test(text)) return 'wind'
  if (has('股票代码') && has('股票简称')) return 'ifind'
  return null
}
