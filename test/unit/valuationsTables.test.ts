/**
 * The table-aware valuations grid, pure parts: scopes and per-view column-state keys, which
 * figure columns the all-tables view shows, a table's printed columns → header groups and
 * grid columns (ids, headers, export headers naming metric, basis and unit), and the engine's
 * printed-order merge.
 */
import type { ColDef, ColGroupDef } from 'ag-grid-community'
import { describe, expect, it } from 'vitest'
import { columnKey, gridColumnOrder, printedOrder } from '../../electron/main/domains/valuations/columns'
import type { ValuationGridRow, ValuationTableColumn, ValuationTableLayout } from '../../shared/api/valuations'
import type { FigureView } from '../../shared/domain'
import { buildExportTable, type ExportColumn, type ExportMeta } from '../../shared/gridExport'
import { DICTS } from '../../renderer/src/i18n'
import type { ColumnContext, Row } from '../../renderer/src/pages/valuations/columnKit'
import { leafColumnIds, valuationColumns } from '../../renderer/src/pages/valuations/columns'
import { metricName, printedFigure } from '../../renderer/src/pages/valuations/printedColumns'
import { columnRuns, completeColumnState, gridIdOf, scopeTableId, shownFigureColumns } from '../../renderer/src/pages/valuations/query'
import { VALUATIONS_TEXT } from '../../renderer/src/pages/valuations/text'

type Col = ColDef<Row> | ColGroupDef<Row>

const col = (o: Partial<ValuationTableColumn> & Pick<ValuationTableColumn, 'id' | 'metric'>): ValuationTableColumn => ({
  fyKey: null,
  fy: null,
  label: null,
  unit: null,
  numbers: true,
  money: false,
  ...o,
})

/** 招银国际 图 19 as the engine describes it. */
const FIG19: ValuationTableLayout = {
  id: 1,
  reportId: 'r000',
  institution: '招银国际环球市场',
  label: '图 19：AIGC 相关企业估值',
  source: '彭博，招银国际环球市场',
  line: 491,
  asOfDate: '2023-02-08',
  asOfInferred: true,
  asOfNote: '注：截至 2 月 8 日收盘',
  headerPrinted: '公司 | 代码 | 收市价 (LC) | 市值 (百万美元) | P/E (x) FY22E FY23E FY24E | P/S (x) FY22E FY23E FY24E',
  rows: 11,
  columns: [
    col({ id: 'price', metric: 'price', unit: 'LC' }),
    col({ id: 'marketCap', metric: 'marketCap', unit: '百万美元', money: true }),
    ...['pe', 'ps'].flatMap((m) => ['FY22E', 'FY23E', 'FY24E'].map((fy) => col({ id: `${m}:${fy}`, metric: m, fyKey: fy, fy, unit: 'x' }))),
  ],
}

/** 中信建投's unlisted companies plus revenue over two years and a percentage series. */
const MIXED: ValuationTableLayout = {
  ...FIG19,
  id: 3,
  label: 'mixed',
  columns: [
    col({ id: 'fig:0', metric: 'other', label: '业务', numbers: false }),
    col({ id: 'fig:1', metric: 'valuation', unit: '亿美元', money: true }),
    col({ id: 'fig:2', metric: 'revenue', fyKey: 'FY21', fy: '2021', unit: '亿美元', money: true }),
    col({ id: 'fig:3', metric: 'revenue', fyKey: 'FY22', fy: '2022', unit: '亿美元', money: true }),
    col({ id: 'fig:4', metric: 'other', label: '占收入比重', fyKey: 'FY21', fy: '2021', unit: '%' }),
    col({ id: 'fig:5', metric: 'other', label: '占收入比重', fyKey: 'FY22', fy: '2022', unit: '%' }),
    col({ id: 'pe:FY23E', metric: 'pe', fyKey: 'FY23E', fy: '2023E', unit: 'x' }),
  ],
}

const ctx = (lang: 'zh' | 'en', view: ColumnContext['view']): ColumnContext => ({
  t: DICTS[lang],
  v: VALUATIONS_TEXT[lang],
  lang,
  currency: 'USD',
  fyKeys: ['FY22E', 'FY23E', 'FY24E'],
  layerName: (id) => id ?? '-',
  view,
})

const isGroup = (c: Col): c is ColGroupDef<Row> => 'children' in c
const leaves = (cols: Col[]): { col: ColDef<Row>; group: string | null }[] =>
  cols.flatMap((c) => (isGroup(c) ? (c.children as Col[]).flatMap((x) => (isGroup(x) ? [] : [{ col: x, group: c.headerName ?? null }])) : [{ col: c, group: null }]))
const ids = (cols: Col[]) => leaves(cols).map((l) => l.col.colId)

const fig = (o: Partial<FigureView> & Pick<FigureView, 'metric' | 'printed'>): FigureView => ({ label: null, fy: null, fyKey: null, value: null, unit: null, currency: null, valueMn: null, ...o })

function row(figures: FigureView[]): Row {
  return {
    id: 7,
    reportId: 'r003',
    institution: '中信建投',
    tableId: 3,
    tableLabel: 'mixed',
    tableSource: null,
    tableLine: 1,
    rowNo: 2,
    line: 440,
    securityId: 'PRIVATE:xx',
    nameZh: '某公司',
    nameEn: 'Some Co',
    market: 'unlisted',
    companyPrinted: '某公司',
    tickerPrinted: null,
    isAggregate: false,
    layerLabel: null,
    asOfDate: null,
    asOfInferred: false,
    asOfNote: null,
    figures,
    flags: [],
    layerId: null,
    mcapReporting: null,
    fxStale: false,
    quality: [],
    notes: 0,
    thesisFlags: 0,
  } as ValuationGridRow
}

/** The export table of the grid's columns, as renderer/src/exportXlsx.ts builds it from a grid. */
function exportOf(cols: Col[], rows: Row[], lang: 'zh' | 'en') {
  const ex: ExportColumn<Row>[] = leaves(cols).map(({ col: c, group }) => ({
    colId: c.colId!,
    headerName: c.headerName ?? c.colId!,
    groupHeader: group,
    numeric: c.type === 'numericColumn',
    meta: (c.context as { export?: ExportMeta<Row> } | undefined)?.export ?? null,
    value: () => null,
  }))
  return buildExportTable(ex, rows, { lang })
}

describe('scopes and views', () => {
  it('reads the table out of a scope', () => {
    expect(scopeTableId('t:12')).toBe(12)
    expect(scopeTableId('r:r000')).toBeNull()
    expect(scopeTableId('')).toBeNull()
    expect(scopeTableId('t:x')).toBeNull()
  })
  it('keys the saved column state per view (one per table)', () => {
    expect(gridIdOf(null)).toBe('valuations-server')
    expect(gridIdOf(3)).toBe('valuations-table-3')
    expect(gridIdOf(3)).not.toBe(gridIdOf(4))
    // prefs keys: letters, digits, . : _ - and at most 80 characters
    expect(`grid:${gridIdOf(2 ** 31)}:columns`).toMatch(/^[a-z0-9.:_-]{1,80}$/i)
  })
  it('shows the printed columns plus those sorted or filtered on; nothing known: everything', () => {
    expect(shownFigureColumns(null)).toBeNull()
    expect([...shownFigureColumns(['marketCap', 'pe:FY23E'], ['ps:FY24E', 'pe:FY23E'])!].sort()).toEqual(['marketCap', 'pe:FY23E', 'ps:FY24E'])
  })
})

describe('completeColumnState', () => {
  it('puts a column the saved state does not name where the view has it, not at the far right', () => {
    // saved while P/E FY22E and price were hidden as empty; the user had moved market first
    const saved = [{ colId: 'market', width: 90 }, { colId: 'company' }, { colId: 'marketCap', sort: 'desc' as const }, { colId: 'pe:FY23E' }, { colId: 'reportTable' }]
    const order = ['company', 'market', 'marketCap', 'pe:FY22E', 'pe:FY23E', 'price', 'reportTable']
    expect(completeColumnState(saved, order).map((s) => s.colId)).toEqual(['market', 'company', 'marketCap', 'pe:FY22E', 'pe:FY23E', 'price', 'reportTable'])
    // what the state says about the columns it names is kept
    expect(completeColumnState(saved, order)[0]).toEqual({ colId: 'market', width: 90 })
    expect(completeColumnState(saved, order).find((s) => s.colId === 'marketCap')).toEqual({ colId: 'marketCap', sort: 'desc' })
  })
  it('puts a new first column first, leaves a whole or empty (reset) state alone', () => {
    expect(completeColumnState([{ colId: 'b' }], ['a', 'b']).map((s) => s.colId)).toEqual(['a', 'b'])
    expect(completeColumnState([{ colId: 'a' }, { colId: 'b' }], ['b', 'a']).map((s) => s.colId)).toEqual(['a', 'b'])
    expect(completeColumnState([], ['a', 'b'])).toEqual([])
  })
  it('works on the leaf ids of the grid’s own column tree', () => {
    const cols = valuationColumns(ctx('zh', { kind: 'table', layout: FIG19 }))
    expect(leafColumnIds(cols)).toEqual(ids(cols))
  })
})

describe('columnRuns', () => {
  it('puts a metric over consecutive years under one header, anything else alone', () => {
    const runs = columnRuns(MIXED.columns)
    expect(runs.map((r) => [r.metric, r.label, r.grouped, r.columns.map((c) => c.id)])).toEqual([
      ['other', '业务', false, ['fig:0']],
      ['valuation', null, false, ['fig:1']],
      ['revenue', null, true, ['fig:2', 'fig:3']],
      ['other', '占收入比重', true, ['fig:4', 'fig:5']],
      ['pe', null, false, ['pe:FY23E']],
    ])
    expect(new Set(runs.map((r) => r.key)).size).toBe(runs.length)
  })
  it('never joins two labels, nor a market cap with anything', () => {
    const runs = columnRuns([
      col({ id: 'a', metric: 'other', label: 'A', fy: '2021' }),
      col({ id: 'b', metric: 'other', label: 'B', fy: '2021' }),
      col({ id: 'marketCap', metric: 'marketCap' }),
      col({ id: 'm2', metric: 'marketCap', fy: '2022' }),
    ])
    expect(runs.map((r) => r.columns.map((c) => c.id))).toEqual([['a'], ['b'], ['marketCap'], ['m2']])
  })
})

describe('valuationColumns', () => {
  it('all tables: the grid’s columns less those not printed under the filter', () => {
    const all = ids(valuationColumns(ctx('zh', { kind: 'all', figures: null })))
    expect(all).toEqual(expect.arrayContaining(['mcapPrinted', 'marketCap', 'pe:FY22E', 'ps:FY24E', 'price', 'asOf', 'reportTable']))
    const some = ids(valuationColumns(ctx('zh', { kind: 'all', figures: new Set(['marketCap', 'pe:FY23E']) })))
    expect(some.filter((id) => /^(mcap|marketCap|price|pe:|ps:)/.test(id!))).toEqual(['mcapPrinted', 'marketCap', 'pe:FY23E'])
    // P/S has no year left: no empty P/S group either
    const groups = valuationColumns(ctx('zh', { kind: 'all', figures: new Set(['pe:FY23E']) })).filter(isGroup).map((g) => g.headerName)
    expect(groups).toEqual(['P/E'])
  })

  it('one table (招银国际 图 19): exactly its columns, in printed order, the groups naming the metric', () => {
    const cols = valuationColumns(ctx('zh', { kind: 'table', layout: FIG19 }))
    expect(ids(cols)).toEqual(['company', 'flags', 'notes', 'ticker', 'market', 'layer', 'price', 'mcapPrinted', 'marketCap', 'pe:FY22E', 'pe:FY23E', 'pe:FY24E', 'ps:FY22E', 'ps:FY23E', 'ps:FY24E'])
    expect(cols.filter(isGroup).map((g) => g.headerName)).toEqual(['市值', 'P/E', 'P/S'])
    expect(leaves(cols).filter((l) => l.group === 'P/E').map((l) => l.col.headerName)).toEqual(['FY22E', 'FY23E', 'FY24E'])
    // the grid's own columns sort and filter as in every view
    for (const l of leaves(cols).filter((x) => /^(pe|ps):/.test(x.col.colId!))) expect(l.col.sortable).toBe(true)
  })

  it('a table of other figures: printed columns with metric, years and unit in the headers', () => {
    const cols = valuationColumns(ctx('zh', { kind: 'table', layout: MIXED }))
    expect(ids(cols).slice(6)).toEqual(['fig:0', 'fig:1', 'fig:2', 'fig:3', 'fig:4', 'fig:5', 'pe:FY23E'])
    const byId = new Map(leaves(cols).map((l) => [l.col.colId, l]))
    expect(byId.get('fig:0')!.col.headerName).toBe('业务')
    expect(byId.get('fig:1')!.col.headerName).toBe('估值（亿美元）')
    expect(byId.get('fig:2')!.group).toBe('收入（亿美元）')
    expect(byId.get('fig:2')!.col.headerName).toBe('2021')
    expect(byId.get('fig:4')!.group).toBe('占收入比重') // the cells print the %
    expect(byId.get('pe:FY23E')!.group).toBe('P/E')
    expect(byId.get('pe:FY23E')!.col.headerName).toBe('2023E') // the year as printed; the id stays the grid's
    // printed columns are shown as printed: no sort, no filter
    for (const id of ['fig:0', 'fig:1', 'fig:2']) expect(byId.get(id)!.col.sortable).toBe(false)
  })

  it('exports one unique header per column naming metric, basis and unit (zh and en)', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const layout of [FIG19, MIXED]) {
        const table = exportOf(valuationColumns(ctx(lang, { kind: 'table', layout })), [], lang)
        expect(new Set(table.header).size, table.header.join(' | ')).toBe(table.header.length)
        expect(table.header).not.toContain('2021')
        expect(table.header).not.toContain('FY22E')
      }
    }
    const zh = exportOf(valuationColumns(ctx('zh', { kind: 'table', layout: MIXED })), [], 'zh').header
    expect(zh).toEqual(expect.arrayContaining(['业务', '估值（百万，当地货币）', '估值币种', '收入 2021（百万，当地货币）', '收入 2022（百万，当地货币）', '占收入比重 2021（%）', '市盈率 FY23E（倍）']))
    const en = exportOf(valuationColumns(ctx('en', { kind: 'table', layout: FIG19 })), [], 'en').header
    expect(en).toEqual(expect.arrayContaining(['P/E FY22E (x)', 'P/S FY24E (x)', 'Mkt cap (USD m)', 'Mkt cap as reported (local m)', 'Price (local)', 'Price currency']))
  })

  it('exports printed figures as numbers (money in millions of its currency), text as text', () => {
    const r = row([
      fig({ metric: 'other', label: '业务', printed: '造车;L4自动驾驶' }),
      fig({ metric: 'valuation', printed: '70亿', value: 70, unit: '亿美元', currency: 'USD', valueMn: 7000 }),
      fig({ metric: 'revenue', fy: '2021', fyKey: 'FY21', printed: 'NA', unit: '亿美元', currency: 'USD' }),
      fig({ metric: 'other', label: '占收入比重', fy: '2021', fyKey: 'FY21', printed: '28%', value: 28, unit: '%' }),
    ])
    const t = exportOf(valuationColumns(ctx('zh', { kind: 'table', layout: MIXED })), [r], 'zh')
    const cell = (h: string) => t.rows[0]![t.header.indexOf(h)]
    expect(cell('业务')).toBe('造车;L4自动驾驶')
    expect(cell('估值（百万，当地货币）')).toBe(7000)
    expect(cell('估值币种')).toBe('USD')
    expect(cell('收入 2021（百万，当地货币）')).toBeNull() // NA: empty, never 0
    expect(cell('占收入比重 2021（%）')).toBe(28)
  })
})

describe('printedFigure / metricName', () => {
  it('matches metric, label and year (as printed when it has no normalised key)', () => {
    const r = row([
      fig({ metric: 'other', label: '占收入比重', fy: '2014-2021年累计', printed: '28%' }),
      fig({ metric: 'other', label: '占收入比重', fy: '2021', fyKey: 'FY21', printed: '68%' }),
      fig({ metric: 'other', label: '内容成本（亿）', fy: '2021', fyKey: 'FY21', printed: '207' }),
    ])
    expect(printedFigure(r, { metric: 'other', label: '占收入比重', fyKey: null, fy: '2014-2021年累计' })?.printed).toBe('28%')
    expect(printedFigure(r, { metric: 'other', label: '占收入比重', fyKey: 'FY21', fy: '2021' })?.printed).toBe('68%')
    expect(printedFigure(r, { metric: 'other', label: '内容成本（亿）', fyKey: 'FY21', fy: '2021' })?.printed).toBe('207')
    expect(printedFigure(r, { metric: 'revenue', label: null, fyKey: 'FY21', fy: '2021' })).toBeNull()
  })
  it('names a metric in the UI language, an "other" figure by its printed label', () => {
    expect(metricName({ metric: 'revenue', label: null }, VALUATIONS_TEXT.zh)).toBe('收入')
    expect(metricName({ metric: 'revenue', label: null }, VALUATIONS_TEXT.en)).toBe('Revenue')
    expect(metricName({ metric: 'other', label: '融资金额' }, VALUATIONS_TEXT.en)).toBe('融资金额')
    expect(metricName({ metric: 'mystery', label: null }, VALUATIONS_TEXT.en)).toBe('mystery')
  })
})

describe('engine: printed order and grid order', () => {
  const k = (m: string, fy: string | null = null, label: string | null = null) => columnKey(m, label, fy, null)
  it('merges the rows’ own orders; a row leaving a column out does not move it', () => {
    const full = [k('price'), k('marketCap'), k('pe', 'FY22E'), k('pe', 'FY23E'), k('ps', 'FY22E')]
    const gap = [k('price'), k('marketCap'), k('pe', 'FY23E'), k('ps', 'FY22E')]
    // the gappy row is the commoner one, and comes first
    expect(printedOrder([{ keys: gap, n: 5 }, { keys: full, n: 1 }])).toEqual(full)
  })
  it('keeps first-seen order for columns no row orders, and breaks a contradiction the same way', () => {
    expect(printedOrder([{ keys: ['a', 'b'], n: 2 }, { keys: ['c'], n: 1 }])).toEqual(['a', 'b', 'c'])
    expect(printedOrder([{ keys: ['a', 'b'], n: 2 }, { keys: ['b', 'a'], n: 1 }])).toEqual(['a', 'b'])
    expect(printedOrder([])).toEqual([])
  })
  it('keys a column by metric, label and year (normalised, else as printed)', () => {
    expect(columnKey('other', '占收入比重', null, '2014-2021年累计')).not.toBe(columnKey('other', '占收入比重', 'FY21', '2021'))
    expect(columnKey('pe', null, 'FY23E', '2023E')).toBe(columnKey('pe', null, 'FY23E', 'FY23E'))
  })
  it('orders grid columns: market cap, price, P/E by year, P/S by year', () => {
    expect(gridColumnOrder(['ps:FY22E', 'pe:FY24E', 'price', 'pe:FY22E', 'marketCap', 'pe:FY22E'])).toEqual(['marketCap', 'price', 'pe:FY22E', 'pe:FY24E', 'ps:FY22E'])
  })
})
