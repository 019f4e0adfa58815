import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { interpret } from '../../shared/import/interpret'
import { detectHeader, recogniseColumn } from '../../shared/import/headers'
import { BUILTIN_PRESETS, detectPreset } from '../../shared/import/presets'
import type { Grid, ImportRow, Interpretation } from '../../shared/import/types'

// ── hand-built grids, one per source quirk (synthetic figures) ──────────────────────────────

const g = (rows: string[][], merges?: Grid['merges']): Grid => ({ rows: rows.map((cells, i) => ({ sourceRow: i + 1, cells })), sheet: null, ...(merges ? { merges } : {}) })
const wind = g([
  ['证券代码', '证券简称', '收盘价\n[交易日期]最新收盘日\n[复权方式]不复权\n[单位]元', '总市值1\n[交易日期]最新收盘日\n[币种]原始币种\n[单位]亿元', '市盈率PE(TTM)\n[交易日期]最新收盘日\n[单位]倍↓', '预测市盈率PE\n[年度]2025\n[单位]倍', '市销率PS(TTM)\n[交易日期]最新收盘日\n[单位]倍', '流通市值\n[单位]亿元'],
  ['002230.SZ', '科大讯飞', '48.50', '1,122.3456', '--', '85.20', '4.75', '1,000.10'],
  ['0700.HK', '腾讯控股', '420.00', '39,012.50', '18.52', '16.10', '5.30', '39,012.50'],
  ['NVDA.O', '英伟达', '135.20', '33,100.00', '52.30', '30.10', '28.40', '33,000.00'],
  ['BABA.N', '阿里巴巴', '85.10', '2,050.00', '15.00', '9.80', '1.60', ''],
  ['', '', '', '', '', '', '', ''],
  ['数据来源：Wind'],
])
const choice = g([
  ['指标名称', '', '总市值', '市盈率(TTM)', '市销率(TTM)'],
  ['频率', '', '日', '日', '日'],
  ['单位', '', '元', '倍', '倍'],
  ['来源', '', '东方财富Choice数据', '', ''],
  ['证券代码', '证券名称', '总市值', '市盈率(TTM)', '市销率(TTM)'],
  ['行业中值', '', '45,000,000,000.00', '35.20', '6.10'],
  ['行业平均', '', '60,000,000,000.00', '41.30', '7.40'],
  ['300033.SZ', '同花顺', '98,765,432,100.00', '55.40', '20.10'],
  ['688111.SH', '金山办公', '123,456,789,000.00', '70.25', '25.60'],
  ['', '', '', '', ''],
  ['数据来源：东方财富Choice数据'],
])
const ifind = g([
  ['同花顺iFinD'],
  ['股票代码', '股票简称', '最新价', '总市值(亿元)', '市盈率(TTM)', '市销率(TTM)'],
  ['300418.SZ', '昆仑万维', '38.20', '465.12', '亏损', '9.50'],
  ['000002.SZ', '万　科Ａ', '7.10', '690.00', '--', '0.45'],
  ['HK0700', '腾讯控股', '420.00', '39,012.50', '18.52', '5.30'],
  ['NVDA', '英伟达', '135.20', '33,100.00', '52.30', '28.40'],
  ['\u3000002230.SZ\u3000', '\u3000科大讯飞\u3000', '48.50', '1,122.35', '--', '4.75'],
])
const akshare = g([
  ['', '序号', '代码', '名称', '最新价', '涨跌幅', '市盈率-动态', '市净率', '总市值', '流通市值'],
  ['0', '1', '600845', '宝信软件', '28.50', '1.20', '45.10', '6.20', '82345678900.0', '80000000000.0'],
  ['1', '2', '2230', '科大讯飞', '48.50', '-0.50', '120.30', '7.10', '1.13012E+11', '1.0E+11'],
  ['2', '3', '300033', '同花顺', '270.00', '3.10', '55.40', '15.00', '145160000000', '1.4E+11'],
  ['3', '4', '688256', '寒武纪', '600.00', '2.00', '-350.20', '30.00', '250000000000.0', '2.0E+11'],
])
const tushare = g([
  ['', 'ts_code', 'trade_date', 'close', 'pe', 'pe_ttm', 'ps', 'ps_ttm', 'total_mv', 'circ_mv'],
  ['0', '002230.SZ', '20241129', '48.5', '', '', '12.1', '11.5', '11230000.5', '10000000.1'],
  ['1', '600845.SH', '20241129', '28.5', '40.1', '38.2', '9.8', '9.5', '8234567.89', '8000000.0'],
  ['2', '002230.SZ', '20241128', '48.1', '', '', '12.0', '11.4', '11140000.0', '9900000.0'],
  ['3', '002230.SZ', '20241129', '48.5', '', '', '12.1', '11.5', '11230000.5', '10000000.1'],
])
const baostock = g([
  ['date', 'code', 'close', 'peTTM', 'psTTM', 'pbMRQ'],
  ['2024-11-29', 'sh.600000', '10.2500', '5.123456', '1.987654', '0.450000'],
  ['2024-11-29', 'sz.002230', '48.5000', '', '10.100000', '5.100000'],
])
const yahoo = g([
  ['Symbol', 'Name', 'Price', 'Market Cap', 'Trailing P/E', 'Forward P/E', 'Currency'],
  ['600519.SS', 'Kweichow Moutai', '1,500.00', '1.884T', '22.50', '20.10', 'CNY'],
  ['0700.HK', 'Tencent', '420.00', '3.9T', '18.50', '16.10', 'HKD'],
  ['NVDA', 'NVIDIA', '135.20', '3.31T', '52.30', '30.10', 'USD'],
  ['BRK-B', 'Berkshire Hathaway', '470.10', '1,013,000,000,000', 'N/A', '22.10', 'USD'],
])
const bloomberg = g([
  ['Bloomberg comps export'],
  ['As of 2026-11-30'],
  [''],
  ['Security', 'Name', 'PX_LAST', 'CUR_MKT_CAP', 'PE_RATIO', 'BEST_PE_RATIO', 'PX_TO_SALES_RATIO', 'CRNCY'],
  ['700 HK Equity', 'TENCENT HOLDINGS LTD', '420.0', '3901250.123', '18.52', '16.1', '5.3', 'HKD'],
  ['BIDU US Equity', 'BAIDU INC - SPON ADR', '85.3', '29876.5', '#N/A N/A', '9.2', '1.6', 'USD'],
  ['002230 CH Equity', 'IFLYTEK CO LTD-A', '48.5', '112345.6', '#N/A Field Not Applicable', '85.2', '4.75', 'CNY'],
  ['9988 HK Equity', 'ALIBABA GROUP HOLDING', '#N/A Requesting Data...', '#N/A Requesting Data...', '#N/A Requesting Data...', '#N/A Requesting Data...', '#N/A Requesting Data...', 'HKD'],
  ['XYZ US Equity', '#N/A Invalid Security', '#N/A Invalid Security', '#N/A Invalid Security', '#N/A Invalid Security', '#N/A Invalid Security', '#N/A Invalid Security', '#N/A Invalid Security'],
  ['MSFT US Equity', 'MICROSOFT CORP', '420.1', '#N/A Limit', '35.1', '31.0', '12.5', 'USD'],
])
const workbook = g([
  ['AIGC 可比公司估值表', '', '', '', '', '', '', '', ''],
  ['单位：亿元（A股为人民币，港股为港币，美股为美元）', '', '', '', '', '', '', '', ''],
  ['公司', '代码', '股价', '总市值', '预测市盈率（PE）', '', '', '预测市销率（PS）', ''],
  ['', '', '', '', '2025E', '2026E', '2027E', '2025E', '2026E'],
  ['算力', '', '', '', '', '', '', '', ''],
  ['寒武纪', '688256', '６６０．１０', '２,７５１.３', '１２０.５', '80.1', '--', '30.2', '20.1'],
  ['英伟达', 'NVDA US', '135.20', '33,100', '30.1', '25.2', '21.0', '15.1', '12.0'],
  ['应用层', '', '', '', '', '', '', '', ''],
  ['腾讯控股', '700 HK', '420.0', '39,012.5', '18.2', '16.0', '14.1', '5.1', '4.6'],
  ['月之暗面', '', '', '230', '亏损', '亏损', '', '', ''],
  ['平均', '', '', '', '56.3', '40.4', '17.6', '16.8', '12.2'],
  ['中位数', '', '', '', '30.1', '25.2', '17.6', '15.1', '12.0'],
  ['注：月之暗面估值为最近一轮融资估值', '', '', '', '', '', '', '', ''],
  ['资料来源：Wind，XX证券研究所', '', '', '', '', '', '', '', ''],
], [
  { top: 0, left: 0, bottom: 0, right: 8 },
  { top: 1, left: 0, bottom: 1, right: 8 },
  { top: 2, left: 0, bottom: 3, right: 0 },
  { top: 2, left: 1, bottom: 3, right: 1 },
  { top: 2, left: 2, bottom: 3, right: 2 },
  { top: 2, left: 3, bottom: 3, right: 3 },
  { top: 2, left: 4, bottom: 2, right: 6 },
  { top: 2, left: 7, bottom: 2, right: 8 },
])
const pdf = g([
  ['Company', 'Ticker', 'Price (LC)', 'Mkt cap (US$ m)', 'P/E (x) FY22E', 'P/E (x) FY23E', 'P/S (x) FY22E'],
  ['Microsoft', 'MSFT US', '250.20', '1,865,000', '26.5', '23.1', '9.1'],
  ['Tencent', '700 HK', '300.00', '368,000', '18.2', '15.0', 'n.a.'],
  ['iFlytek', '002230 CH', '48.50', '15,600', 'NM', '70.2', '5.2'],
  ['Source: Company data, broker estimates'],
])

// ── helpers ──────────────────────────────────────────────────────────────────────────────────

const run = (grid: Grid, opts: Partial<Parameters<typeof interpret>[1]> = {}) => interpret(grid, { format: 'csv', ...opts })
const bySource = (r: Interpretation, sourceRow: number): ImportRow => {
  const row = r.rows.find((x) => x.sourceRow === sourceRow)
  if (!row) throw new Error(`row ${sourceRow} not imported`)
  return row
}
const brief = (row: ImportRow) => ({
  security: row.security,
  name: row.name,
  currency: row.currency,
  price: row.price,
  marketCapMn: row.marketCapMn,
  marketCapCurrency: row.marketCapCurrency,
  multiples: row.multiples.map((m) => `${m.metric} ${m.basis} ${m.value}`),
  date: row.date,
  warnings: row.warnings,
})
const roles = (r: Interpretation) => r.columns.map((c) => (c.role.kind === 'multiple' ? `${c.role.metric}:${c.role.basis}` : c.role.kind))
const skips = (r: Interpretation) => r.skipped.map((s) => `${s.sourceRow} ${s.reason}`)

// ── sources ──────────────────────────────────────────────────────────────────────────────────

describe('interpret: Wind (multi-line headers with [参数])', () => {
  const r = run(wind, { format: 'xlsx' })
  it('recognises the preset and reads unit, currency and year from the header parameters', () => {
    expect(r.preset).toBe('wind')
    expect(r.headerRows).toEqual([1])
    expect(roles(r)).toEqual(['code', 'name', 'price', 'marketCap', 'pe:TTM', 'pe:FY25E', 'ps:TTM', 'ignore'])
    expect(r.columns[3]).toEqual({ index: 3, header: '总市值1 / [交易日期]最新收盘日 / [币种]原始币种 / [单位]亿元', role: { kind: 'marketCap' }, unit: '亿元', basisPrinted: null })
    expect(r.columns[5]!.basisPrinted).toBe('2025')
  })
  it('reads market caps in 亿 of the original currency, prices in the listing currency', () => {
    expect(brief(bySource(r, 2))).toEqual({ security: '002230.SZ', name: '科大讯飞', currency: 'CNY', price: 48.5, marketCapMn: 112234.56, marketCapCurrency: 'CNY', multiples: ['pe TTM null', 'pe FY25E 85.2', 'ps TTM 4.75'], date: null, warnings: [] })
    expect(brief(bySource(r, 3))).toMatchObject({ security: '0700.HK', currency: 'HKD', marketCapMn: 3901250, marketCapCurrency: 'HKD', warnings: [] })
    expect(brief(bySource(r, 4))).toMatchObject({ security: 'NVDA.US', currency: 'USD', marketCapMn: 3310000, marketCapCurrency: 'USD' })
    expect(bySource(r, 5).security).toBe('BABA.US')
  })
  it('skips the blank line and the footer', () => {
    expect(skips(r)).toEqual(['6 blank', '7 footer'])
    expect(r.rejected).toEqual([])
  })
})

describe('interpret: Choice (metadata rows, summary rows under the header, footer)', () => {
  const r = run(choice, { format: 'xlsx' })
  it('skips the metadata rows as preamble and takes units from its 单位 row', () => {
    expect(r.preset).toBe('choice')
    expect(r.headerRows).toEqual([5])
    expect(r.columns.map((c) => c.unit)).toEqual([null, null, '元', '倍', '倍'])
  })
  it('skips 行业中值 / 行业平均 at the top and the footer; reads caps in 元', () => {
    expect(skips(r)).toEqual(['1 preamble', '2 preamble', '3 preamble', '4 preamble', '6 summary', '7 summary', '10 blank', '11 footer'])
    expect(r.rows.map((x) => [x.security, x.marketCapMn, x.marketCapCurrency])).toEqual([
      ['300033.SZ', 98765.4321, 'CNY'],
      ['688111.SH', 123456.789, 'CNY'],
    ])
    expect(bySource(r, 8).multiples.map((m) => `${m.metric} ${m.basis} ${m.value}`)).toEqual(['pe TTM 55.4', 'ps TTM 20.1'])
  })
})

describe('interpret: iFinD (--, 亏损, U+3000-padded names, HK0700)', () => {
  const r = run(ifind, { format: 'tsv' })
  it('reads 亏损 as a loss-making P/E and -- as missing', () => {
    expect(r.preset).toBe('ifind')
    expect(brief(bySource(r, 3))).toEqual({ security: '300418.SZ', name: '昆仑万维', currency: 'CNY', price: 38.2, marketCapMn: 46512, marketCapCurrency: 'CNY', multiples: ['pe TTM null', 'ps TTM 9.5'], date: null, warnings: ['pe.loss'] })
    expect(bySource(r, 4).multiples[0]).toEqual({ metric: 'pe', basis: 'TTM', value: null, printed: '--', column: 4 })
  })
  it('removes full-width padding from names and codes', () => {
    expect(bySource(r, 4).name).toBe('万科A')
    expect(bySource(r, 7)).toMatchObject({ security: '002230.SZ', name: '科大讯飞', codePrinted: '002230.SZ' })
  })
  it('reads HK0700 and bare US codes; a bare 亿元 on an HK or US row is flagged as assumed listing currency', () => {
    expect(brief(bySource(r, 5))).toMatchObject({ security: '0700.HK', currency: 'HKD', marketCapMn: 3901250, marketCapCurrency: 'HKD', warnings: ['marketCap.currencyAssumed'] })
    expect(brief(bySource(r, 6))).toMatchObject({ security: 'NVDA.US', marketCapCurrency: 'USD', warnings: ['marketCap.currencyAssumed'] })
  })
})

describe('interpret: akshare (caps in 元, scientific notation, Excel-stripped codes)', () => {
  const r = run(akshare)
  it('maps akshare columns (市盈率-动态 = DYN; 序号, 流通市值 ignored)', () => {
    expect(r.preset).toBe('akshare')
    expect(roles(r)).toEqual(['ignore', 'ignore', 'code', 'name', 'price', 'ignore', 'pe:DYN', 'ignore', 'marketCap', 'ignore'])
    expect(r.columns[8]!.unit).toBe('元')
  })
  it('restores 2230 as 002230.SZ because every certain code in the file is an A-share', () => {
    expect(brief(bySource(r, 3))).toEqual({ security: '002230.SZ', name: '科大讯飞', currency: 'CNY', price: 48.5, marketCapMn: 113012, marketCapCurrency: 'CNY', multiples: ['pe DYN 120.3'], date: null, warnings: ['code.zeroRestored', 'value.scientific'] })
    expect(bySource(r, 3).codePrinted).toBe('2230')
  })
  it('reads caps in 元 and keeps a negative P/E as printed', () => {
    expect(bySource(r, 2).marketCapMn).toBe(82345.6789)
    expect(bySource(r, 4).marketCapMn).toBe(145160)
    expect(bySource(r, 5).multiples[0]!.value).toBe(-350.2)
  })
  it('leaves 2230 unresolved when the file mixes markets', () => {
    const mixed = g([...akshare.rows.map((x) => x.cells), ['4', '5', '00700', '腾讯控股', '420', '1', '18', '3', '3.9E+12', '']])
    const row = bySource(run(mixed), 3)
    expect([row.security, row.currency, row.warnings]).toEqual([null, null, ['code.ambiguous', 'price.currencyUnknown', 'value.scientific', 'marketCap.currencyAssumed']])
  })
})

describe('interpret: tushare (万元, YYYYMMDD, blank P/E, unnamed index column)', () => {
  const r = run(tushare)
  it('keeps tushare bases: pe and ps are static (LYR), pe_ttm and ps_ttm TTM', () => {
    expect(r.preset).toBe('tushare')
    expect(roles(r)).toEqual(['ignore', 'code', 'date', 'price', 'pe:LYR', 'pe:TTM', 'ps:LYR', 'ps:TTM', 'marketCap', 'ignore'])
    expect(r.columns[0]!.header).toBe('')
  })
  it('reads total_mv in 万元 and trade_date as ISO', () => {
    expect(brief(bySource(r, 2))).toEqual({ security: '002230.SZ', name: null, currency: 'CNY', price: 48.5, marketCapMn: 112300.005, marketCapCurrency: 'CNY', multiples: ['pe LYR null', 'pe TTM null', 'ps LYR 12.1', 'ps TTM 11.5'], date: '2024-11-29', warnings: [] })
    expect(bySource(r, 3).marketCapMn).toBe(82345.6789)
  })
  it('flags the same security on the same date twice, not on another date', () => {
    expect(bySource(r, 4).warnings).toEqual([])
    expect(bySource(r, 5).warnings).toEqual(['row.duplicate'])
  })
})

describe('interpret: baostock', () => {
  it('reads sh./sz. codes, peTTM/psTTM and ISO dates; no market cap column', () => {
    const r = run(baostock)
    expect(r.preset).toBe('baostock')
    expect(roles(r)).toEqual(['date', 'code', 'price', 'pe:TTM', 'ps:TTM', 'ignore'])
    expect(brief(bySource(r, 2))).toEqual({ security: '600000.SH', name: null, currency: 'CNY', price: 10.25, marketCapMn: null, marketCapCurrency: null, multiples: ['pe TTM 5.123456', 'ps TTM 1.987654'], date: '2024-11-29', warnings: [] })
    expect(bySource(r, 3).multiples[0]!.value).toBeNull()
  })
})

describe('interpret: Yahoo (.SS, suffixed caps, bare US symbols)', () => {
  const r = run(yahoo)
  it('reads .SS as Shanghai, T-suffixed caps, a currency column', () => {
    expect(r.preset).toBe('yahoo')
    expect(roles(r)).toEqual(['code', 'name', 'price', 'marketCap', 'pe:TTM', 'pe:FWD', 'currency'])
    expect(brief(bySource(r, 2))).toEqual({ security: '600519.SH', name: 'Kweichow Moutai', currency: 'CNY', price: 1500, marketCapMn: 1884000, marketCapCurrency: 'CNY', multiples: ['pe TTM 22.5', 'pe FWD 20.1'], date: null, warnings: [] })
  })
  it('reads bare symbols as US without a warning (Yahoo suffixes every other market)', () => {
    expect(brief(bySource(r, 4))).toMatchObject({ security: 'NVDA.US', marketCapMn: 3310000, warnings: [] })
    expect(brief(bySource(r, 5))).toMatchObject({ security: 'BRK-B.US', marketCapMn: 1013000, multiples: ['pe TTM null', 'pe FWD 22.1'] })
  })
})

describe('interpret: Bloomberg (preamble, CUR_MKT_CAP in millions, #N/A variants)', () => {
  const r = run(bloomberg, { format: 'xlsx' })
  it('skips the preamble, reads the as-of date and the field mnemonics', () => {
    expect(r.preset).toBe('bloomberg')
    expect(r.headerRows).toEqual([4])
    expect(r.asOf).toBe('2026-11-30')
    expect(roles(r)).toEqual(['code', 'name', 'price', 'marketCap', 'pe:TTM', 'pe:FWD', 'ps:TTM', 'currency'])
    expect(skips(r)).toEqual(['1 preamble', '2 preamble', '3 blank'])
  })
  it('reads CUR_MKT_CAP in millions of CRNCY; #N/A N/A and Field Not Applicable are missing', () => {
    expect(brief(bySource(r, 5))).toEqual({ security: '0700.HK', name: 'TENCENT HOLDINGS LTD', currency: 'HKD', price: 420, marketCapMn: 3901250.123, marketCapCurrency: 'HKD', multiples: ['pe TTM 18.52', 'pe FWD 16.1', 'ps TTM 5.3'], date: null, warnings: [] })
    expect(bySource(r, 6).multiples[0]).toMatchObject({ value: null, printed: '#N/A N/A' })
    expect(bySource(r, 7)).toMatchObject({ security: '002230.SZ', currency: 'CNY', marketCapMn: 112345.6 })
  })
  it('rejects whole rows that Bloomberg had not filled, never zeros', () => {
    expect(r.rejected.map((x) => [x.sourceRow, x.column, x.value, x.reason])).toEqual([
      [8, 2, '#N/A Requesting Data...', 'bloomberg.requesting'],
      [9, 1, '#N/A Invalid Security', 'bloomberg.invalidSecurity'],
      [10, 3, '#N/A Limit', 'bloomberg.error'],
    ])
    expect(r.rejected[0]!.message).toBe('row 8, column 3 (PX_LAST): "#N/A Requesting Data..." is Bloomberg still fetching: the sheet was saved before the data arrived (refresh, then export again)')
  })
})

describe("interpret: an analyst's workbook (merged unit title, two-level header, sections, unlisted)", () => {
  const r = run(workbook, { format: 'xlsx' })
  it('reads the title unit and spreads the merged group over its year columns', () => {
    expect(r.preset).toBe('broker-workbook')
    expect(r.headerRows).toEqual([3, 4])
    expect(r.titleUnit).toBe('亿元')
    expect(roles(r)).toEqual(['name', 'code', 'price', 'marketCap', 'pe:FY25E', 'pe:FY26E', 'pe:FY27E', 'ps:FY25E', 'ps:FY26E'])
    expect(r.columns[4]).toEqual({ index: 4, header: '预测市盈率（PE） / 2025E', role: { kind: 'multiple', metric: 'pe', basis: 'FY25E' }, unit: null, basisPrinted: '2025E' })
    expect(r.columns[3]!.unit).toBe('亿元')
  })
  it('gets the same columns without merge information (labels carry rightward)', () => {
    const { merges: _, ...plain } = workbook
    expect(run(plain).columns).toEqual(r.columns)
  })
  it('reads full-width digits; currency by the title rule (A股人民币, 港股港币, 美股美元)', () => {
    expect(brief(bySource(r, 6))).toEqual({ security: '688256.SH', name: '寒武纪', currency: 'CNY', price: 660.1, marketCapMn: 275130, marketCapCurrency: 'CNY', multiples: ['pe FY25E 120.5', 'pe FY26E 80.1', 'pe FY27E null', 'ps FY25E 30.2', 'ps FY26E 20.1'], date: null, warnings: [] })
    expect(brief(bySource(r, 9))).toMatchObject({ security: '0700.HK', currency: 'HKD', marketCapMn: 3901250, marketCapCurrency: 'HKD', warnings: [] })
    expect(brief(bySource(r, 7))).toMatchObject({ security: 'NVDA.US', marketCapMn: 3310000, marketCapCurrency: 'USD' })
  })
  it('keeps an unlisted company (a name, no ticker) as a row with security null', () => {
    expect(brief(bySource(r, 10))).toEqual({ security: null, name: '月之暗面', currency: null, price: null, marketCapMn: 23000, marketCapCurrency: 'CNY', multiples: ['pe FY25E null', 'pe FY26E null', 'pe FY27E null', 'ps FY25E null', 'ps FY26E null'], date: null, warnings: ['marketCap.currencyAssumed', 'pe.loss'] })
  })
  it('skips title rows, section headings, 平均/中位数, the note and the source line', () => {
    expect(skips(r)).toEqual(['1 preamble', '2 preamble', '5 section', '8 section', '11 summary', '12 summary', '13 note', '14 footer'])
    expect(r.rows.map((x) => x.sourceRow)).toEqual([6, 7, 9, 10])
  })
  it('uses the default currency for an unlisted company when the caller gives one', () => {
    const noUnit = g([['公司', '代码', '总市值（百万）'], ['月之暗面', '', '23,000']])
    const row = run(noUnit, { defaultCurrency: 'CNY' }).rows[0]!
    expect([row.marketCapMn, row.marketCapCurrency, row.warnings]).toEqual([23000, 'CNY', ['marketCap.currencyAssumed']])
  })
})

describe('interpret: a table pasted from a PDF', () => {
  const r = run(pdf, { format: 'paste' })
  it('reads Price (LC), Mkt cap (US$ m) and P/E (x) FY22E', () => {
    expect(r.preset).toBe('pdf-paste')
    expect(roles(r)).toEqual(['name', 'code', 'price', 'marketCap', 'pe:FY22E', 'pe:FY23E', 'ps:FY22E'])
    expect(r.columns.map((c) => c.unit)).toEqual([null, null, 'LC', 'US$ m', 'x', 'x', 'x'])
  })
  it('prices in the listing currency, caps in US$ millions whatever the listing', () => {
    expect(brief(bySource(r, 3))).toEqual({ security: '0700.HK', name: 'Tencent', currency: 'HKD', price: 300, marketCapMn: 368000, marketCapCurrency: 'USD', multiples: ['pe FY22E 18.2', 'pe FY23E 15', 'ps FY22E null'], date: null, warnings: [] })
    expect(brief(bySource(r, 4))).toMatchObject({ security: '002230.SZ', currency: 'CNY', marketCapMn: 15600, marketCapCurrency: 'USD', multiples: ['pe FY22E null', 'pe FY23E 70.2', 'ps FY22E 5.2'] })
    expect(skips(r)).toEqual(['5 footer'])
  })
})

// ── rows that are not imported ───────────────────────────────────────────────────────────────

describe('interpret: rejected and skipped rows', () => {
  const grid = g([
    ['', '', 'P/E (x)', '', 'Mkt cap'],
    ['Company', 'Ticker', '2025E', '2026E', '(US$ m)'],
    ['Baidu', 'BIDU US', '9.2', '8.1', '29,876'],
    ['Company', 'Ticker', '2025E', '2026E', '(US$ m)'],
    ['Kuaishou', '1024 HK', '12..3', '10.0', '30,000'],
    ['Zhipu', '', 'abc', '', ''],
    ['', '', '10.1', '9.0', '100'],
    ['Mixed', '2230', '10', '9', '100'],
    ['', '2230', '10', '9', '100'],
    ['Baidu again', 'BIDU US', '9.2', '8.1', '29,876'],
    ['Summit Therapeutics', 'SMMT US', '30', '', '15,000'],
    ['Median', '', '10.1', '9.0', ''],
  ])
  const r = run(grid)
  it('reads a group row above the header and a unit printed under a name', () => {
    expect(r.headerRows).toEqual([1, 2])
    expect(roles(r)).toEqual(['name', 'code', 'pe:FY25E', 'pe:FY26E', 'marketCap'])
    expect(r.columns[4]!.unit).toBe('US$ m')
  })
  it('rejects garbled figures and rows without identity, naming row, column and value', () => {
    expect(r.rejected).toEqual([
      { sourceRow: 5, column: 2, value: '12..3', reason: 'value.notNumber', message: 'row 5, column 3 (P/E (x) / 2025E): "12..3" is not a number' },
      { sourceRow: 6, column: 2, value: 'abc', reason: 'value.notNumber', message: 'row 6, column 3 (P/E (x) / 2025E): "abc" is not a number' },
      { sourceRow: 7, column: null, value: null, reason: 'row.noIdentity', message: 'row 7: no code and no name, so which company it is cannot be told' },
      { sourceRow: 9, column: 1, value: '2230', reason: 'code.ambiguous', message: 'row 9, column 2 (Ticker): "2230" is a bare number that could be an A-share with its leading zeros lost or a Hong Kong code, and the file does not say which market' },
    ])
  })
  it('keeps an ambiguous code with a name for the engine to resolve by name', () => {
    expect(brief(bySource(r, 8))).toMatchObject({ security: null, name: 'Mixed', marketCapMn: 100, marketCapCurrency: 'USD', warnings: ['code.ambiguous'] })
  })
  it('skips the repeated header and Median, not a company whose name starts with Sum', () => {
    expect(skips(r)).toEqual(['4 header', '12 summary'])
    expect(bySource(r, 11).security).toBe('SMMT.US')
    expect(bySource(r, 10).warnings).toEqual(['row.duplicate'])
  })
})

// ── columns, header, presets ─────────────────────────────────────────────────────────────────

describe('recogniseColumn', () => {
  const rec = (h: string, preset?: string) => {
    const c = recogniseColumn(h, { preset: BUILTIN_PRESETS.find((p) => p.id === preset) ?? null })
    return [c.role.kind === 'multiple' ? `${c.role.metric}:${c.role.basis}` : c.role.kind, c.unit, c.basisPrinted]
  }
  it('knows code, name, price, market cap, currency and date names in Chinese and English', () => {
    for (const h of ['证券代码', '代码', '股票代码', 'ts_code', 'code', 'Ticker', 'Security', 'Symbol', '证券代码↓']) expect(rec(h)[0]).toBe('code')
    for (const h of ['证券简称', '名称', '简称', '公司', '公司名称', '股票简称', 'name', 'Company', 'Name']) expect(rec(h)[0]).toBe('name')
    for (const h of ['最新价', '收盘价', '现价', '股价', 'close', 'Price', 'PX_LAST', 'Price (LC)']) expect(rec(h)[0]).toBe('price')
    for (const h of ['总市值', '市值', 'total_mv', 'CUR_MKT_CAP', 'Mkt cap (US$ m)', 'Market Cap']) expect(rec(h)[0]).toBe('marketCap')
    for (const h of ['币种', '货币', 'Currency', 'CRNCY']) expect(rec(h)[0]).toBe('currency')
    for (const h of ['trade_date', 'date', '日期', '交易日期']) expect(rec(h)[0]).toBe('date')
  })
  it('leaves float caps, P/B and unknown columns out', () => {
    for (const h of ['流通市值', 'circ_mv', '市净率', 'P/B', 'pb', 'EV/EBITDA', '备注', 'Free Float Market Cap', 'Target Price']) expect(rec(h)[0]).toBe('ignore')
  })
  it('normalises P/E and P/S bases exactly per source', () => {
    expect(rec('市盈率')).toEqual(['pe:', null, null])
    expect(rec('pe')).toEqual(['pe:', null, null])
    expect(rec('pe', 'tushare')).toEqual(['pe:LYR', null, null])
    expect(rec('pe_ttm')).toEqual(['pe:TTM', null, 'ttm'])
    expect(rec('peTTM')).toEqual(['pe:TTM', null, 'TTM'])
    expect(rec('市盈率-动态')).toEqual(['pe:DYN', null, '动态'])
    expect(rec('市盈率-TTM')).toEqual(['pe:TTM', null, 'TTM'])
    expect(rec('市盈率-24A')).toEqual(['pe:FY24A', null, '24A'])
    expect(rec('市盈率-25E')).toEqual(['pe:FY25E', null, '25E'])
    expect(rec('市盈率(TTM)')).toEqual(['pe:TTM', null, 'TTM'])
    expect(rec('市盈率（静态）')).toEqual(['pe:LYR', null, '静态'])
    expect(rec('PE_RATIO')).toEqual(['pe:TTM', null, null])
    expect(rec('BEST_PE_RATIO')).toEqual(['pe:FWD', null, null])
    expect(rec('P/E (x) FY22E')).toEqual(['pe:FY22E', 'x', 'FY22E'])
    expect(rec('预测市盈率（PE） 2025E')).toEqual(['pe:FY25E', null, '2025E'])
    expect(rec('预测市盈率PE\n[年度]2025\n[单位]倍')).toEqual(['pe:FY25E', '倍', '2025'])
    expect(rec('市盈率\n[报告期]2025年E')).toEqual(['pe:FY25E', null, '2025年E'])
    expect(rec('市销率')).toEqual(['ps:', null, null])
    expect(rec('ps_ttm')).toEqual(['ps:TTM', null, 'ttm'])
    expect(rec('psTTM')).toEqual(['ps:TTM', null, 'TTM'])
    expect(rec('市销率-25E')).toEqual(['ps:FY25E', null, '25E'])
    expect(rec('PX_TO_SALES_RATIO')).toEqual(['ps:TTM', null, null])
    expect(rec('P/S FY25E')).toEqual(['ps:FY25E', null, 'FY25E'])
    expect(rec('2025E PE')).toEqual(['pe:FY25E', null, '2025E'])
    expect(rec('2025E市盈率')).toEqual(['pe:FY25E', null, '2025E'])
    expect(rec('动态市盈率')).toEqual(['pe:DYN', null, null])
  })
  it('reads units from brackets and Wind parameters', () => {
    expect(rec('总市值（亿元）')).toEqual(['marketCap', '亿元', null])
    expect(rec('总市值1\n[交易日期]最新收盘日\n[币种]原始币种\n[单位]百万元')).toEqual(['marketCap', '百万元', null])
    expect(rec('市值(亿港元)')).toEqual(['marketCap', '亿港元', null])
    expect(rec('Market cap (百万美元)')).toEqual(['marketCap', '百万美元', null])
    expect(rec('股价(元)')).toEqual(['price', '元', null])
    expect(recogniseColumn('总市值1\n[币种]原始币种').currencyParam).toBe('listing')
    expect(recogniseColumn('总市值\n[币种]人民币\n[单位]亿元').currencyParam).toBe('CNY')
  })
})

describe('detectHeader and detectPreset', () => {
  it('returns header indexes into grid.rows, the data start and the preamble', () => {
    const h = detectHeader(bloomberg)
    expect([h.headerRows, h.dataStart, h.asOf, h.titleUnit]).toEqual([[3], 4, '2026-11-30', null])
    expect(h.preamble.map((p) => p.reason)).toEqual(['preamble', 'preamble', 'blank'])
  })
  it('reads the title unit and the per-market currency rule', () => {
    const h = detectHeader(workbook)
    expect([h.headerRows, h.titleUnit, h.titleCurrencies]).toEqual([[2, 3], '亿元', { 'CN-A': 'CNY', HK: 'HKD', US: 'USD' }])
  })
  it('does not take a company name in the data for a source footer', () => {
    expect(detectPreset(akshare, [0])).toBe('akshare')
  })
  it('a header-less paste of figures has no header row', () => {
    expect(detectHeader(g([['Baidu', 'BIDU US', '9.2', '29,876'], ['Tencent', '700 HK', '18.2', '368,000']])).headerRows).toEqual([])
  })
})

describe('interpret: the analyst overrides columns by index', () => {
  it('applies role and unit, and takes a single role away from the column the header suggested', () => {
    const grid = g([['代码', '名称', '市值', '代码2'], ['600845', '宝信软件', '823.5', 'x'], ['300033', '同花顺', '1,451.6', 'y']])
    const r = run(grid, { columns: [{ index: 2, role: { kind: 'marketCap' }, unit: '亿元' }, { index: 1, role: { kind: 'code' }, unit: null }] })
    expect(roles(r)).toEqual(['ignore', 'code', 'marketCap', 'ignore'])
    expect(r.columns[2]).toEqual({ index: 2, header: '市值', role: { kind: 'marketCap' }, unit: '亿元', basisPrinted: null })
    expect(r.rejected.map((x) => x.reason)).toEqual(['code.unrecognised', 'code.unrecognised'])
  })
  it('warns about a currency column that names no currency, and keeps the listing currency', () => {
    const r = run(g([['Ticker', 'Name', 'Price', 'Currency'], ['BIDU US', 'Baidu', '85.3', 'dollars'], ['700 HK', 'Tencent', '420', 'HKD']]))
    expect(r.rows.map((x) => [x.currency, x.warnings])).toEqual([
      ['USD', ['currency.unknown']],
      ['HKD', []],
    ])
  })
  it('a cap mapped by hand takes the title unit', () => {
    const grid = g([['单位：百万美元'], ['Company', 'Ticker', 'Value'], ['Baidu', 'BIDU US', '29,876']])
    const r = run(grid, { columns: [{ index: 2, role: { kind: 'marketCap' } }] })
    expect(brief(r.rows[0]!)).toMatchObject({ marketCapMn: 29876, marketCapCurrency: 'USD' })
  })
})

// ── properties ───────────────────────────────────────────────────────────────────────────────

describe('interpret: fuzzing on random grids', () => {
  const vocabulary = [
    '', ' ', '\u3000', '证券代码', '证券简称', '总市值', '市盈率(TTM)', 'P/E (x)', '2025E', 'ts_code', 'pe', 'total_mv', 'Security', 'PX_LAST',
    '002230.SZ', '2230', '700 HK Equity', 'HK0700', 'NVDA', '105.NVDA', 'sh.600000', '腾讯控股', '月之暗面', '算力', '平均', 'Median', '合计',
    '数据来源：Wind', '注：', '单位：亿元（A股为人民币，港股为港币，美股为美元）', 'As of 2026-11-30', '指标名称', '单位', '12.5', '46,225.7000',
    '1.13012E+11', '６６．１０', '--', 'NA', '亏损', '#N/A N/A', '#N/A Requesting Data...', '#N/A Invalid Security', '#REF!', '12..3', 'abc', '(1.5)',
    '20241129', '2024/11/29', '20240230', 'HKD', 'USD', '人民币', '5785亿美元', '3.2T', '15%', '[单位]亿元', '总市值1\n[单位]亿元',
  ]
  const cellArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...vocabulary) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) })
  const gridArb = fc
    .record({
      rows: fc.array(fc.array(cellArb, { maxLength: 8 }), { maxLength: 25 }),
      merges: fc.option(fc.array(fc.record({ top: fc.nat(6), left: fc.nat(8), bottom: fc.nat(8), right: fc.nat(9) }), { maxLength: 3 }), { nil: undefined }),
    })
    .map(({ rows, merges }) => ({ ...g(rows), ...(merges ? { merges } : {}) }))
  const optsArb = fc.record({
    format: fc.constantFrom('csv' as const, 'tsv' as const, 'xlsx' as const, 'paste' as const),
    preset: fc.option(fc.constantFrom(...BUILTIN_PRESETS.map((p) => p.id), 'nonexistent'), { nil: undefined }),
    defaultCurrency: fc.option(fc.constantFrom('CNY', 'USD'), { nil: undefined }),
  })
  const HEADER = ['证券代码', '证券简称', '收盘价', '总市值\n[单位]亿元', '市盈率(TTM)', '预测市盈率 2025E', 'trade_date', '币种']
  const withHeader = fc.array(fc.array(cellArb, { minLength: 8, maxLength: 8 }), { maxLength: 25 }).map((rows) => g([HEADER, ...rows]))
  it('never throws; every row is imported, rejected, skipped or header exactly once; rejections name their row', () => {
    fc.assert(
      fc.property(fc.oneof(gridArb, withHeader), optsArb, (grid, opts) => {
        const r = interpret(grid, opts)
        const seen = [...r.headerRows, ...r.rows.map((x) => x.sourceRow), ...r.rejected.map((x) => x.sourceRow), ...r.skipped.map((x) => x.sourceRow)]
        expect(seen.sort((a, b) => a - b)).toEqual(grid.rows.map((x) => x.sourceRow))
        for (const x of r.rejected) {
          expect(x.reason).toMatch(/^[a-z]+\.[a-zA-Z]+$/)
          expect(x.message).toContain(`row ${x.sourceRow}`)
          if (x.column !== null) expect(x.message).toContain(`column ${x.column + 1}`)
        }
        for (const x of r.rows) {
          expect(x.security !== null || x.name !== null).toBe(true)
          for (const v of [x.price, x.marketCapMn, ...x.multiples.map((m) => m.value)]) if (v !== null) expect(Number.isFinite(v)).toBe(true)
          expect(x.date === null || /^\d{4}-\d{2}-\d{2}$/.test(x.date)).toBe(true)
        }
      }),
      { numRuns: 400 },
    )
  })
})
