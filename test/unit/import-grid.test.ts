import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeBytes, looksLikeText } from '../../shared/import/decode'
import { parseDelimited } from '../../shared/import/delimited'
import { parsePastedTable } from '../../shared/import/paste'
import type { Grid } from '../../shared/import/types'

const cells = (g: Grid) => g.rows.map((r) => r.cells)
const at = (g: Grid, sourceRow: number) => g.rows.find((r) => r.sourceRow === sourceRow)?.cells
const bytes = (...b: number[]) => new Uint8Array(b)

describe('decodeBytes', () => {
  it('reads GBK text (what Wind and iFinD write) as GB18030', () => {
    const text = '证券代码\t证券简称\t总市值(亿元)\t\n002230.SZ\t科大讯飞\t1,076.52\t\n'
    const d = decodeBytes(new Uint8Array(iconv.encode(text, 'gbk')))
    expect(d).toEqual({ text, encoding: 'gb18030' })
  })
  it('reads characters only GB18030 has (four-byte sequences), not just GBK', () => {
    const text = '€ 𠀀 ㈠ 海天瑞声'
    expect(decodeBytes(new Uint8Array(iconv.encode(text, 'gb18030')))).toEqual({ text, encoding: 'gb18030' })
  })
  it('takes valid UTF-8 as UTF-8, and ASCII too', () => {
    expect(decodeBytes(new TextEncoder().encode('科大讯飞,46.3'))).toEqual({ text: '科大讯飞,46.3', encoding: 'utf-8' })
    expect(decodeBytes(new TextEncoder().encode('a,b\r\n'))).toEqual({ text: 'a,b\r\n', encoding: 'utf-8' })
    expect(decodeBytes(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' })
  })
  it('strips a UTF-8 BOM (Excel\'s "CSV UTF-8") and says so', () => {
    const d = decodeBytes(bytes(0xef, 0xbb, 0xbf, ...new TextEncoder().encode('代码,名称')))
    expect(d).toEqual({ text: '代码,名称', encoding: 'utf-8-bom' })
  })
  it('decodes UTF-16 by its BOM, little- and big-endian', () => {
    const text = '代码\t名称\r\n002230\t科大讯飞'
    const le = iconv.encode(text, 'utf16le')
    expect(decodeBytes(new Uint8Array([0xff, 0xfe, ...le]))).toEqual({ text, encoding: 'utf-16le' })
    const be = iconv.encode(text, 'utf16be')
    expect(decodeBytes(new Uint8Array([0xfe, 0xff, ...be]))).toEqual({ text, encoding: 'utf-16be' })
  })
  it('sniffs the content whatever the bytes are called: an iFinD ".xls" that is GBK text decodes', () => {
    const fakeXls = new Uint8Array(iconv.encode('代码\t名称\t\n300229\t拓尔思\t\n', 'gbk'))
    expect(looksLikeText(fakeXls)).toBe(true)
    expect(decodeBytes(fakeXls).text).toBe('代码\t名称\t\n300229\t拓尔思\t\n')
  })
})

describe('looksLikeText', () => {
  it('is false for a zip/XLSX container and an OLE2 (.xls, encrypted XLSX) file', () => {
    expect(looksLikeText(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00))).toBe(false)
    expect(looksLikeText(bytes(0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0))).toBe(false)
    expect(looksLikeText(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0))).toBe(false)
  })
  it('is false for binary data full of NUL bytes, true for UTF-16 text (which is too, after its BOM)', () => {
    expect(looksLikeText(new Uint8Array(400).map((_, i) => (i % 3 === 0 ? 0 : 65)))).toBe(false)
    expect(looksLikeText(new Uint8Array([0xff, 0xfe, ...iconv.encode('a,b\r\n1,2', 'utf16le')]))).toBe(true)
  })
  it('is true for CSV text in any of the encodings, and for an empty file', () => {
    expect(looksLikeText(new TextEncoder().encode('a,b\n1,2\n'))).toBe(true)
    expect(looksLikeText(new Uint8Array(iconv.encode('名称,市值\n', 'gbk')))).toBe(true)
    expect(looksLikeText(new Uint8Array())).toBe(true)
  })
})

describe('parseDelimited', () => {
  it('keeps quoted thousands as one cell and every cell as printed (no typing, no trimming)', () => {
    const { grid, delimiter } = parseDelimited('证券代码,证券简称,总市值(亿元),营业收入(万元)\n002230.SZ,科大讯飞,"1,076.52","1,882,010"\n002230, 拓尔思 ,1e5,--\n')
    expect(delimiter).toBe(',')
    expect(cells(grid)).toEqual([
      ['证券代码', '证券简称', '总市值(亿元)', '营业收入(万元)'],
      ['002230.SZ', '科大讯飞', '1,076.52', '1,882,010'],
      ['002230', ' 拓尔思 ', '1e5', '--'],
    ])
    expect(grid.sheet).toBeNull()
    expect(grid.merges).toBeUndefined()
  })
  it('reads iFinD TSV: tab wins over commas in the cells, one trailing empty cell per line dropped', () => {
    const text = '证券代码\t证券简称\t总市值\t市盈率(PE,TTM)\t\r\n002230.SZ\t科大讯飞\t46,225.7000\t82.10\t\r\n300229.SZ\t拓尔思\t\t47.60\t\r\n数据来源：同花顺iFinD\r\n'
    const { grid, delimiter } = parseDelimited(text)
    expect(delimiter).toBe('\t')
    expect(cells(grid)).toEqual([
      ['证券代码', '证券简称', '总市值', '市盈率(PE,TTM)'],
      ['002230.SZ', '科大讯飞', '46,225.7000', '82.10'],
      ['300229.SZ', '拓尔思', '', '47.60'],
      ['数据来源：同花顺iFinD'],
    ])
  })
  it('reads an iFinD ".xls" end to end: GBK bytes → text → grid', () => {
    const text = '证券代码\t证券简称\t收盘价\t总市值(元)\t\r\n002230.SZ\t科大讯飞\t46.30\t"107,652,000,000"\t\r\n'
    const decoded = decodeBytes(new Uint8Array(iconv.encode(text, 'gbk')))
    expect(decoded.encoding).toBe('gb18030')
    expect(parseDelimited(decoded.text).grid.rows).toEqual([
      { sourceRow: 1, cells: ['证券代码', '证券简称', '收盘价', '总市值(元)'] },
      { sourceRow: 2, cells: ['002230.SZ', '科大讯飞', '46.30', '107,652,000,000'] },
    ])
  })
  it('keeps a trailing empty cell when not every line ends with the delimiter', () => {
    const { grid } = parseDelimited('a\tb\tc\n1\t2\t\n')
    expect(cells(grid)).toEqual([['a', 'b', 'c'], ['1', '2', '']])
  })
  it('reads CRLF files without a stray \\r, and a mixed LF/CRLF file too', () => {
    expect(cells(parseDelimited('a,b\r\n1,2\r\n').grid)).toEqual([['a', 'b'], ['1', '2']])
    const mixed = parseDelimited('a,b\r\n1,2\n3,"x\r"\r\n4,"y"\r\n5,z\r\n')
    expect(cells(mixed.grid)).toEqual([['a', 'b'], ['1', '2'], ['3', 'x\r'], ['4', 'y'], ['5', 'z']])
  })
  it('keeps line breaks inside quoted cells and numbers rows by the physical line they start on', () => {
    const text = 'name,note\n"Tencent","line one\nline two\r\nline three"\nBaidu,"a ""quoted"" word"\n\nMeta,x'
    const { grid } = parseDelimited(text)
    expect(grid.rows).toEqual([
      { sourceRow: 1, cells: ['name', 'note'] },
      { sourceRow: 2, cells: ['Tencent', 'line one\nline two\r\nline three'] },
      { sourceRow: 5, cells: ['Baidu', 'a "quoted" word'] },
      { sourceRow: 6, cells: [''] },
      { sourceRow: 7, cells: ['Meta', 'x'] },
    ])
  })
  it('keeps blank lines as [\'\'] rows and makes no row of the final newline', () => {
    const { grid } = parseDelimited('a,b\n\n1,2\n\n')
    expect(grid.rows).toEqual([
      { sourceRow: 1, cells: ['a', 'b'] },
      { sourceRow: 2, cells: [''] },
      { sourceRow: 3, cells: ['1', '2'] },
      { sourceRow: 4, cells: [''] },
    ])
    expect(parseDelimited('').grid.rows).toEqual([])
  })
  it('counts old-Mac lone CR line ends as lines', () => {
    expect(parseDelimited('a,b\r1,2\r').grid.rows).toEqual([
      { sourceRow: 1, cells: ['a', 'b'] },
      { sourceRow: 2, cells: ['1', '2'] },
    ])
  })
  it('drops a leading BOM, and keeps leading zeros', () => {
    expect(cells(parseDelimited('\uFEFF代码,名称\n000977,浪潮信息\n').grid)).toEqual([['代码', '名称'], ['000977', '浪潮信息']])
  })
  it('sniffs ; and | from the content, with decimal commas in ; files', () => {
    const semi = parseDelimited('name;price;pe\nSAP;123,45;30,1\nASML;600,00;35,2\n')
    expect(semi.delimiter).toBe(';')
    expect(cells(semi.grid)[1]).toEqual(['SAP', '123,45', '30,1'])
    const pipe = parseDelimited('code|name\n0700.HK|腾讯控股\n')
    expect(pipe.delimiter).toBe('|')
    expect(cells(pipe.grid)).toEqual([['code', 'name'], ['0700.HK', '腾讯控股']])
  })
  it('ignores delimiters inside quotes when sniffing', () => {
    const { delimiter, grid } = parseDelimited('"a;b;c",x\n"d;e;f",y\n')
    expect(delimiter).toBe(',')
    expect(cells(grid)).toEqual([['a;b;c', 'x'], ['d;e;f', 'y']])
  })
  it('keeps an unterminated quote as text to the end rather than throwing', () => {
    expect(cells(parseDelimited('a,"open\nb,c').grid)).toEqual([['a', 'open\nb,c']])
  })
})

// ── pasted PDF tables ────────────────────────────────────────────────────────────────────────
// Excerpts copied verbatim (blank lines and trailing spaces included) from /work/shared/seeds.

/** seeds/000_024e127f774bc307.txt lines 488–531 (CMBI, 图 19：AIGC 相关企业估值): pasted line n = file line n + 487 */
const SEED000 = `
AIGC 相关企业估值 

图 19：AIGC 相关企业估值 

    收市价 

(LC) 

市值 

(百万美元) 

P/E (x) P/S (x) 

公司 代码 FY22E FY23E FY24E FY22E FY23E FY24E 

微软 MSFT US 266.7 1,985,486 28.1 28.6 24.5 10.0 9.4 8.5 

谷歌 GOOG US 100.0 1,287,975 19.6 17.5 14.8 5.5 4.9 4.4 

Nvidia NVDA US 222.1 546,243 51.1 68.1 51.3 20.5 20.3 18.5 

Meta META US 183.4 480,990 17.2 14.4 14.2 4.0 3.5 3.2 

百度 BIDU US 152.3 52,641 18.3 16.1 14.2 2.9 2.6 2.4 

阿里巴巴 BABA US 105.1 278,282 13.7 2.0 1.7 2.1 1.9 1.7 

腾讯 700 HK 382.2 466,379 27.3 22.6 19.2 5.7 5.1 4.6 

商汤科技 20 HK 2.7 11,443 NA NA NA 15.0 10.8 7.8 

科大讯飞 002230 CH 46.3 16,027 82.1 49.3 36.9 5.0 3.9 3.1 

拓尔思 300229 CH 19.5 2,096 47.6 36.1 28.3 12.8 10.6 8.6 

海天瑞声 688787 CH 189.6 1,208 NA 129.9 62.0 32.8 21.9 14.3 

市值加权平均     26.6  26.6  22.1  8.5  8.0  7.2  

资料来源：彭博，招银国际环球市场 

注：截至 2 月 8 日收盘 `

const SEED003_MEDIA = `资料来源：PWC，wind，公司公告，中信建投

表：娱乐及媒体行业典型内容公司市值及2021年收入

细分行业 公司
市值（亿美元，

截至2022年11月24日）
收入（亿美元，2021）

广播电视

SIRIUS XM 252 87

FOX 160 136

COMCAST CORP 1541 1164

新闻 News Corp 105 100

出版 Pearson 85 46

电影 Warner Bros 279 122

视频
快手科技 284 127

爱奇艺 100 48`

const SEED003_MARKET = `表：AIGC国内理论市场空间测算

内容类型
市场规模（亿
元，2021）

*内容/版权成
本占收入比重

内容制作成本
（亿元，匡算）

*未来可AI化
制作的比例

AIGC市场测算
空间（亿元）

游戏 2,965      25% 741           30% 222.38      

短视频 2,255      10% 226           35% 78.93       

直播 1,936      50% 968           30% 290.40      

剧集 902        70% 631           10% 63.14       

电影 583        60% 350           20% 69.96       

综艺 564        75% 423           25% 105.75      

在线音乐 440        60% 264           50% 132.00      

图片版权 280        30% 84            55% 46.20       

网络文学 209        35% 73            20% 14.63       

合计 10,134    37% 3,760        27% 1,023      
 3.5.2 阶段二：机器“替代”人：为娱乐媒体领域带来颠覆性变革

资料来源：中信建投`

/**
 * The same figures as an English CMBI table would print them, as a PDF extractor lays them out over
 * a page break: the header repeated after the footer, a name on its own line above a nameless
 * ticker line and one below another. (The seeds have no wrapped names nor repeated headers; this
 * is built from seed 000's figures in the layout the brief describes.)
 */
const ENGLISH_PAGE_BREAK = `Figure 12: Global AI peers valuation
Company Ticker Price Mkt cap P/E (x) P/S (x)
(LC) (US$ m) FY22E FY23E FY24E FY22E FY23E FY24E
Microsoft MSFT US 266.7 1,985,486 28.1 28.6 24.5 10.0 9.4 8.5
Meta META US 183.4 480,990 17.2 14.4 14.2 4.0 3.5 3.2

See the last page for disclaimer
Page 12
Company Ticker Price Mkt cap P/E (x) P/S (x)
(LC) (US$ m) FY22E FY23E FY24E FY22E FY23E FY24E
Tencent Holdings
700 HK 382.2 466,379 27.3 22.6 19.2 5.7 5.1 4.6
20 HK 2.7 11,443 NA NA NA 15.0 10.8 7.8
SenseTime Group
iFlytek 002230 CH 46.3 16,027 82.1 49.3 36.9 5.0 3.9 3.1
Average 26.6 26.6 22.1 8.5 8.0 7.2
Source: Bloomberg, CMBIGM estimates
Note: as of 8 Feb 2023 close`

/** A Chinese broker's 重点公司估值表 (figures from seed 000, layout as Wind-sourced A-share tables print) */
const CHINESE_VALUATION = `表 3：重点公司估值表
证券代码 证券简称 收盘价（元） 总市值（亿元） EPS（元） PE（倍）
2023E 2024E 2025E 2023E 2024E 2025E
002230.SZ 科大讯飞 46.30 1,075.2 0.45 0.78 1.02 102.9 59.4 45.4
300229.SZ 拓尔思 １９．５０ 168.3 0.32 0.45 0.60 60.9 43.3 32.5
688787.SH 海天瑞声 189.60 114.4 亏损 0.87 1.50 -- 218.0 126.4
资料来源：Wind，中国银河证券研究院（收盘价截至 2023 年 2 月 10 日）`

const SEED000_HEADER = ['公司', '代码', '收市价 (LC)', '市值 (百万美元)', 'P/E (x) FY22E', 'P/E (x) FY23E', 'P/E (x) FY24E', 'P/S (x) FY22E', 'P/S (x) FY23E', 'P/S (x) FY24E']

describe('parsePastedTable — seed 000, CMBI 图 19 (tickers, two-line headers, group headers over years)', () => {
  const grid = parsePastedTable(SEED000)
  it('combines the six header lines into one row aligned with the ten columns', () => {
    // 收市价 / (LC) / 市值 / (百万美元) / P/E (x) P/S (x) / 公司 代码 FY22E…: the block starts on line 6
    expect(at(grid, 6)).toEqual(SEED000_HEADER)
    for (const line of [8, 10, 12, 14, 16]) expect(at(grid, line)).toBeUndefined()
  })
  it('gives each company [name, ticker, 8 figures] exactly as printed', () => {
    expect(at(grid, 18)).toEqual(['微软', 'MSFT US', '266.7', '1,985,486', '28.1', '28.6', '24.5', '10.0', '9.4', '8.5'])
    expect(at(grid, 30)).toEqual(['腾讯', '700 HK', '382.2', '466,379', '27.3', '22.6', '19.2', '5.7', '5.1', '4.6'])
    expect(at(grid, 32)).toEqual(['商汤科技', '20 HK', '2.7', '11,443', 'NA', 'NA', 'NA', '15.0', '10.8', '7.8'])
    expect(at(grid, 34)).toEqual(['科大讯飞', '002230 CH', '46.3', '16,027', '82.1', '49.3', '36.9', '5.0', '3.9', '3.1'])
    expect(at(grid, 38)).toEqual(['海天瑞声', '688787 CH', '189.6', '1,208', 'NA', '129.9', '62.0', '32.8', '21.9', '14.3'])
    expect(grid.rows.filter((r) => r.cells[1]?.match(/ (US|HK|CH)$/))).toHaveLength(11)
  })
  it('right-aligns the summary line, which prints only the multiples', () => {
    expect(at(grid, 40)).toEqual(['市值加权平均', '', '', '', '26.6', '26.6', '22.1', '8.5', '8.0', '7.2'])
  })
  it('keeps titles, the source line and the footnote as one-cell rows, and drops only blank lines', () => {
    expect(at(grid, 2)).toEqual(['AIGC 相关企业估值'])
    expect(at(grid, 4)).toEqual(['图 19：AIGC 相关企业估值'])
    expect(at(grid, 42)).toEqual(['资料来源：彭博，招银国际环球市场'])
    expect(at(grid, 44)).toEqual(['注：截至 2 月 8 日收盘'])
    expect(grid.rows.map((r) => r.sourceRow)).toEqual([2, 4, 6, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42, 44])
    expect(grid.sheet).toBeNull()
  })
})

describe('parsePastedTable — seed 003, 中信建投 media table (no tickers, wrapped bracketed headers, sections)', () => {
  const grid = parsePastedTable(SEED003_MEDIA)
  it('joins header cells wrapped inside brackets, and heads the name column with the label left of it', () => {
    // 细分行业 公司 / 市值（亿美元， / 截至2022年11月24日） / 收入（亿美元，2021）
    expect(at(grid, 5)).toEqual(['细分行业 公司', '市值（亿美元，截至2022年11月24日）', '收入（亿美元，2021）'])
  })
  it('gives [name, values] rows when no line carries a ticker; names keep their spaces', () => {
    expect(at(grid, 13)).toEqual(['SIRIUS XM', '252', '87'])
    expect(at(grid, 17)).toEqual(['COMCAST CORP', '1541', '1164'])
    expect(at(grid, 19)).toEqual(['新闻 News Corp', '105', '100'])
    expect(at(grid, 26)).toEqual(['快手科技', '284', '127'])
  })
  it('keeps the section headings (广播电视, 视频) as one-cell rows for the next stage', () => {
    expect(at(grid, 11)).toEqual(['广播电视'])
    expect(at(grid, 25)).toEqual(['视频'])
    expect(at(grid, 1)).toEqual(['资料来源：PWC，wind，公司公告，中信建投'])
  })
})

describe('parsePastedTable — seed 003, AIGC 市场空间 (亿元, %, a header too wrapped to fit)', () => {
  const grid = parsePastedTable(SEED003_MARKET)
  it('reads the figures, percentages and the 合计 line exactly', () => {
    expect(at(grid, 19)).toEqual(['游戏', '2,965', '25%', '741', '30%', '222.38'])
    expect(at(grid, 23)).toEqual(['直播', '1,936', '50%', '968', '30%', '290.40'])
    expect(at(grid, 37)).toEqual(['合计', '10,134', '37%', '3,760', '27%', '1,023'])
  })
  it('does not guess a header it cannot fit: each header line comes out as read, in order', () => {
    const header = grid.rows.filter((r) => r.sourceRow > 1 && r.sourceRow < 19)
    expect(header.map((r) => r.cells)).toEqual([
      ['内容类型'],
      ['市场规模（亿'],
      ['元，2021）'],
      ['*内容/版权成'],
      ['本占收入比重'],
      ['内容制作成本'],
      ['（亿元，匡算）'],
      ['*未来可AI化'],
      ['制作的比例'],
      ['AIGC市场测算'],
      ['空间（亿元）'],
    ])
    expect(at(grid, 38)).toEqual(['3.5.2 阶段二：机器“替代”人：为娱乐媒体领域带来颠覆性变革'])
    expect(at(grid, 40)).toEqual(['资料来源：中信建投'])
  })
})

describe('parsePastedTable — page break, repeated header, wrapped names', () => {
  const grid = parsePastedTable(ENGLISH_PAGE_BREAK)
  const header = ['Company', 'Ticker', 'Price (LC)', 'Mkt cap (US$ m)', 'P/E (x) FY22E', 'P/E (x) FY23E', 'P/E (x) FY24E', 'P/S (x) FY22E', 'P/S (x) FY23E', 'P/S (x) FY24E']
  it('fits units printed under their labels on the years line', () => {
    expect(at(grid, 2)).toEqual(header)
  })
  it('emits the header repeated after the page footer again as a header row', () => {
    expect(at(grid, 9)).toEqual(header)
    expect(at(grid, 7)).toEqual(['See the last page for disclaimer'])
    expect(at(grid, 8)).toEqual(['Page 12'])
  })
  it('merges a name printed on its own line into the nameless ticker line next to it', () => {
    expect(at(grid, 12)).toEqual(['Tencent Holdings', '700 HK', '382.2', '466,379', '27.3', '22.6', '19.2', '5.7', '5.1', '4.6'])
    expect(at(grid, 13)).toEqual(['SenseTime Group', '20 HK', '2.7', '11,443', 'NA', 'NA', 'NA', '15.0', '10.8', '7.8'])
    expect(at(grid, 11)).toBeUndefined()
    expect(at(grid, 14)).toBeUndefined()
    expect(at(grid, 15)).toEqual(['iFlytek', '002230 CH', '46.3', '16,027', '82.1', '49.3', '36.9', '5.0', '3.9', '3.1'])
  })
  it('keeps the average, source and note lines', () => {
    expect(at(grid, 16)).toEqual(['Average', '', '', '', '26.6', '26.6', '22.1', '8.5', '8.0', '7.2'])
    expect(at(grid, 17)).toEqual(['Source: Bloomberg, CMBIGM estimates'])
    expect(at(grid, 18)).toEqual(['Note: as of 8 Feb 2023 close'])
  })
})

describe('parsePastedTable — Chinese valuation table (2023E, full-width digits, 亏损, --)', () => {
  const grid = parsePastedTable(CHINESE_VALUATION)
  it('puts the name before the code whatever the printed order, and expands each group over its years', () => {
    expect(at(grid, 2)).toEqual([
      '证券简称',
      '证券代码',
      '收盘价（元）',
      '总市值（亿元）',
      'EPS（元） 2023E',
      'EPS（元） 2024E',
      'EPS（元） 2025E',
      'PE（倍） 2023E',
      'PE（倍） 2024E',
      'PE（倍） 2025E',
    ])
  })
  it('recognises 002230.SZ-style codes and full-width figures, keeping them as pasted', () => {
    expect(at(grid, 4)).toEqual(['科大讯飞', '002230.SZ', '46.30', '1,075.2', '0.45', '0.78', '1.02', '102.9', '59.4', '45.4'])
    expect(at(grid, 5)).toEqual(['拓尔思', '300229.SZ', '１９．５０', '168.3', '0.32', '0.45', '0.60', '60.9', '43.3', '32.5'])
    expect(at(grid, 6)).toEqual(['海天瑞声', '688787.SH', '189.60', '114.4', '亏损', '0.87', '1.50', '--', '218.0', '126.4'])
    expect(at(grid, 7)).toEqual(['资料来源：Wind，中国银河证券研究院（收盘价截至 2023 年 2 月 10 日）'])
  })
  it('reads bare six-digit A-share codes next to a name, and HK/US codes in the 0700.HK / NVDA.O forms', () => {
    const g = parsePastedTable('代码 名称 PE\n002230 科大讯飞 82.1 49.3\n腾讯控股 0700.HK 27.3 22.6\n英伟达 NVDA.O 51.1 68.1')
    expect(cells(g).slice(1)).toEqual([
      ['科大讯飞', '002230', '82.1', '49.3'],
      ['腾讯控股', '0700.HK', '27.3', '22.6'],
      ['英伟达', 'NVDA.O', '51.1', '68.1'],
    ])
  })
})

describe('parsePastedTable — edges', () => {
  it('returns no rows for empty or blank text', () => {
    expect(parsePastedTable('').rows).toEqual([])
    expect(parsePastedTable(' \n\t\r\n').rows).toEqual([])
  })
  it('keeps negative figures in brackets, x and % suffixes, n.m. and dashes', () => {
    const g = parsePastedTable('Company Ticker EV/EBITDA (x) Growth (%) Margin (%)\nBaidu BIDU US (3.2) 12.3x n.m.\nJD 9618 HK - 5% -1.5')
    expect(cells(g)).toEqual([
      ['Company', 'Ticker', 'EV/EBITDA (x)', 'Growth (%)', 'Margin (%)'],
      ['Baidu', 'BIDU US', '(3.2)', '12.3x', 'n.m.'],
      ['JD', '9618 HK', '-', '5%', '-1.5'],
    ])
  })
  it('numbers rows by pasted line across CRLF and lone CR line ends', () => {
    const g = parsePastedTable('Company Ticker P/E (x)\r\nBaidu BIDU US 16.1\r\rMeta META US 14.4')
    expect(g.rows.map((r) => r.sourceRow)).toEqual([1, 2, 4])
  })
  it('parses every whole seed without dropping a line it cannot place, within line range and in order', () => {
    for (const seed of [SEED000, SEED003_MEDIA, SEED003_MARKET, ENGLISH_PAGE_BREAK, CHINESE_VALUATION]) {
      const g = parsePastedTable(seed)
      const lines = seed.split(/\r\n|\n|\r/).length
      const rows = g.rows.map((r) => r.sourceRow)
      expect(rows.every((n, i) => n >= 1 && n <= lines && (i === 0 || n > rows[i - 1]!))).toBe(true)
    }
  })
})

describe('parseDelimited: a fuzz finding kept as a regression', () => {
  it('mixed line endings with a quote papaparse takes literally still number rows line by line', () => {
    const rows = parseDelimited(' "\r\n1,234.5 1,234.5\n "\r').grid.rows
    expect(rows.map((r) => r.sourceRow)).toEqual([1, 2, 3])
    expect(rows[1]!.cells).toEqual(['1', '234.5 1', '234.5'])
  })
})
