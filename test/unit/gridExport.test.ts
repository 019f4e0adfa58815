import { describe, expect, it } from 'vitest'
import type { Lang } from '../../shared/format'
import { buildExportTable, toCsv, uniqueNames, XLSX_NUMBER_FORMAT, type ExportColumn } from '../../shared/gridExport'

interface Fig {
  metric: string
  fyKey: string | null
  printed: string
  value: number | null
  valueMn?: number | null
  currency?: string | null
}
interface R {
  company: string
  reportId: string
  table: string
  rowNo: number
  line: number | null
  mcapReporting: number | null
  figures: Fig[]
}

const fig = (r: R, metric: string, fy: string | null = null) => r.figures.find((f) => f.metric === metric && f.fyKey === fy) ?? null
const FY = ['FY22E', 'FY23E', 'FY24E']

/** The valuations grid's columns as the grids hand them over (colId, names, group, meta). */
function columns(reporting: string): ExportColumn<R>[] {
  return [
    { colId: 'company', headerName: '公司', value: (r) => r.company },
    {
      colId: 'mcapPrinted',
      headerName: '原文',
      groupHeader: '市值',
      numeric: true,
      // the grid's raw value is the printed string; the meta gives the number
      value: (r) => fig(r, 'marketCap')?.printed ?? '',
      meta: { kind: 'money', metric: 'marketCap', basis: 'reported', scale: 'millions', value: (r) => fig(r, 'marketCap')?.valueMn ?? null, currencyOf: (r) => fig(r, 'marketCap')?.currency ?? null },
    },
    {
      colId: 'marketCap',
      headerName: `折算 ${reporting}`,
      groupHeader: '市值',
      value: (r) => r.mcapReporting,
      meta: { kind: 'money', metric: 'marketCap', scale: 'millions', currency: reporting },
    },
    ...(['pe', 'ps'] as const).flatMap((m) =>
      FY.map(
        (fy): ExportColumn<R> => ({
          colId: `${m}:${fy}`,
          headerName: fy,
          groupHeader: m === 'pe' ? 'P/E' : 'P/S',
          value: (r) => fig(r, m, fy)?.value ?? null,
          meta: { kind: 'multiple', metric: m, basis: fy },
        }),
      ),
    ),
    {
      colId: 'price',
      headerName: '股价',
      numeric: true,
      value: (r) => fig(r, 'price')?.value ?? null,
      meta: { kind: 'money', metric: 'price', scale: 'units', currencyOf: (r) => fig(r, 'price')?.currency ?? null },
    },
  ]
}

const ROWS: R[] = [
  {
    company: 'Microsoft',
    reportId: 'r1',
    table: 'Valuation comps',
    rowNo: 3,
    line: 120,
    mcapReporting: 1985486,
    figures: [
      { metric: 'marketCap', fyKey: null, printed: '1.99万亿美元', value: 1.99, valueMn: 1985486, currency: 'USD' },
      { metric: 'pe', fyKey: 'FY22E', printed: '33.1', value: 33.1 },
      { metric: 'pe', fyKey: 'FY23E', printed: '28.6', value: 28.6 },
      { metric: 'ps', fyKey: 'FY23E', printed: '9.8', value: 9.8 },
      { metric: 'price', fyKey: null, printed: '267.56', value: 267.56, currency: 'USD' },
    ],
  },
  {
    company: '腾讯控股',
    reportId: 'r2',
    table: '可比公司估值',
    rowNo: 7,
    line: null,
    mcapReporting: null, // no FX rate
    figures: [
      { metric: 'marketCap', fyKey: null, printed: '32,000', value: 32000, valueMn: 3_200_000, currency: 'HKD' },
      { metric: 'pe', fyKey: 'FY22E', printed: 'NM', value: null },
      { metric: 'pe', fyKey: 'FY23E', printed: '0', value: 0 },
      { metric: 'price', fyKey: null, printed: '335.2', value: 335.2, currency: 'HKD' },
    ],
  },
]

const build = (lang: Lang, provenance = false) =>
  buildExportTable(columns('USD'), ROWS, {
    lang,
    provenance: provenance ? (r) => ({ report: r.reportId, table: r.table, row: r.rowNo, line: r.line }) : undefined,
  })
const at = (t: ReturnType<typeof build>, name: string) => {
  const i = t.header.indexOf(name)
  expect(i, `${name} in ${t.header.join(' | ')}`).toBeGreaterThanOrEqual(0)
  return t.rows.map((r) => r[i])
}

describe('gridExport headers', () => {
  it('joins every group with its child: unique, explicit P/E and P/S × FY names (en)', () => {
    const t = build('en')
    expect(t.header).toEqual([
      '公司',
      'Mkt cap as reported (local m)',
      'Mkt cap as reported currency',
      'Mkt cap (USD m)',
      'P/E FY22E (x)',
      'P/E FY23E (x)',
      'P/E FY24E (x)',
      'P/S FY22E (x)',
      'P/S FY23E (x)',
      'P/S FY24E (x)',
      'Price (local)',
      'Price currency',
    ])
    expect(new Set(t.header).size).toBe(t.header.length)
    expect(t.header).not.toContain('FY22E')
  })

  it('says metric, basis and unit in Chinese', () => {
    const t = build('zh')
    expect(t.header).toContain('市盈率 FY22E（倍）')
    expect(t.header).toContain('市销率 FY23E（倍）')
    expect(t.header).toContain('总市值（百万美元）')
    expect(t.header).toContain('总市值原文（百万，当地货币）')
    expect(t.header).toContain('总市值原文币种')
    expect(t.header).toContain('股价（当地货币）')
    expect(t.header).toContain('股价币种')
    expect(new Set(t.header).size).toBe(t.header.length)
  })

  it('names the market cap with the one reporting currency', () => {
    const hk = buildExportTable(columns('HKD'), ROWS, { lang: 'en' })
    expect(hk.header).toContain('Mkt cap (HKD m)')
    expect(buildExportTable(columns('CNY'), ROWS, { lang: 'zh' }).header).toContain('总市值（百万人民币）')
  })

  it('joins group and child for columns without export metadata, and keeps names unique', () => {
    const plain: ExportColumn<{ a: number; b: number }>[] = [
      { colId: 'a', headerName: 'FY23E', groupHeader: 'EPS', numeric: true, value: (r) => r.a },
      { colId: 'b', headerName: 'FY23E', groupHeader: 'EPS', numeric: true, value: (r) => r.b },
    ]
    const t = buildExportTable(plain, [{ a: 1, b: 2 }], { lang: 'en' })
    expect(t.header).toEqual(['EPS FY23E', 'EPS FY23E (2)'])
    expect(uniqueNames(['x', 'x', 'x'])).toEqual(['x', 'x (2)', 'x (3)'])
  })
})

describe('gridExport cells', () => {
  it('keeps numbers as numbers, never display strings', () => {
    const t = build('zh')
    expect(at(t, '市盈率 FY23E（倍）')).toEqual([28.6, 0]) // a printed 0 stays 0
    expect(at(t, '总市值（百万美元）')).toEqual([1985486, null])
    expect(at(t, '总市值原文（百万，当地货币）')).toEqual([1985486, 3_200_000]) // not "1.99万亿美元"
    for (const row of t.rows) for (const v of row) expect(typeof v === 'string' && /万亿|亿|美元/.test(v)).toBe(false)
  })

  it('leaves a missing figure empty, never 0', () => {
    const t = build('en')
    expect(at(t, 'P/E FY22E (x)')).toEqual([33.1, null]) // "NM" printed, no value
    expect(at(t, 'P/E FY24E (x)')).toEqual([null, null]) // not printed at all
    expect(at(t, 'P/S FY23E (x)')).toEqual([9.8, null])
    expect(at(t, 'Mkt cap (USD m)')).toEqual([1985486, null]) // no FX rate
  })

  it('follows every original-currency money column with its currency', () => {
    const t = build('en')
    expect(at(t, 'Mkt cap as reported currency')).toEqual(['USD', 'HKD'])
    expect(at(t, 'Price (local)')).toEqual([267.56, 335.2])
    expect(at(t, 'Price currency')).toEqual(['USD', 'HKD'])
    expect(t.header.indexOf('Price currency')).toBe(t.header.indexOf('Price (local)') + 1)
  })

  it('adds provenance columns only when asked', () => {
    expect(build('en').header).not.toContain('Report')
    const t = build('en', true)
    expect(t.header.slice(-4)).toEqual(['Report', 'Table', 'Table row', 'Source line'])
    expect(t.rows[1]!.slice(-4)).toEqual(['r2', '可比公司估值', 7, null])
    expect(build('zh', true).header.slice(-4)).toEqual(['研报', '估值表', '表内行号', '原文行号'])
  })

  it('gives number formats with thousands separators and widths', () => {
    const t = build('en')
    expect(XLSX_NUMBER_FORMAT[t.formats[t.header.indexOf('Mkt cap (USD m)')]!]).toBe('#,##0.0')
    expect(XLSX_NUMBER_FORMAT[t.formats[t.header.indexOf('P/E FY23E (x)')]!]).toBe('#,##0.0')
    expect(XLSX_NUMBER_FORMAT[t.formats[t.header.indexOf('Price (local)')]!]).toBe('#,##0.00')
    expect(t.formats[0]).toBe('text')
    expect(t.widths.every((w) => w >= 8 && w <= 60)).toBe(true)
    expect(t.widths[t.header.indexOf('Mkt cap as reported (local m)')]).toBeGreaterThanOrEqual('Mkt cap as reported (local m)'.length)
  })
})

describe('gridExport CSV', () => {
  it('has a BOM, one header row, unformatted numbers with "." decimals and empty missing cells', () => {
    const csv = toCsv(build('en'))
    expect(csv.startsWith('\ufeff')).toBe(true)
    const lines = csv.slice(1).split('\r\n')
    expect(lines).toHaveLength(3)
    const head = lines[0]!.split(',')
    expect(head).toContain('P/E FY23E (x)')
    const ms = lines[1]!.split(',')
    expect(ms[head.indexOf('Mkt cap (USD m)')]).toBe('1985486') // no "1,985,486", no "1.99T"
    expect(ms[head.indexOf('P/E FY23E (x)')]).toBe('28.6')
    const hk = lines[2]!.split(',')
    expect(hk[head.indexOf('P/E FY22E (x)')]).toBe('')
    expect(hk[head.indexOf('Mkt cap (USD m)')]).toBe('')
    expect(hk[head.indexOf('Price currency')]).toBe('HKD')
  })

  it('quotes text holding commas or quotes', () => {
    const t = buildExportTable([{ colId: 'n', headerName: 'Name', value: (r: { n: string }) => r.n }], [{ n: 'A, "B"' }], { lang: 'en' })
    expect(toCsv(t)).toBe('\ufeffName\r\n"A, ""B"""')
  })
})
