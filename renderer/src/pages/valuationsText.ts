/**
 * Strings of the valuations page that i18n.tsx does not have yet (kept here so the page can be
 * built while i18n.tsx is edited elsewhere; move them into the main dictionaries later).
 * `{n}` / `{ccy}` are filled by fill().
 */
import type { Lang } from '../../../shared/format'

const zh = {
  searchPlaceholder: '搜索公司名称或代码…',
  allReports: '全部研报',
  allTablesOf: '该研报全部估值表',
  allMarkets: '全部市场',
  allLayers: '全部产业链层',
  notPlaced: '未归属产业链',
  groupByLayer: '按产业链层分组',
  latestOnly: '每家公司仅最新一期',
  rowsTotal: '共 {n} 行',
  reportTable: '研报 · 估值表',
  layer: '产业链层',
  mcapPrinted: '原文',
  mcapConverted: '折算 {ccy}',
  mcapHeaderTip: '按估值日最近的汇率折算为 {ccy}；排序按折算值。筛选输入单位：百万 {ccy}',
  multipleHeaderTip: '显示研报原文；排序与筛选按解析值',
  fxStaleTip: '汇率距估值日超过 7 天（或估值日未知），折算值仅供参考',
  fxMissingTip: '缺少 {ccy} 折算所需的汇率',
  notLoadedYet: '载入中…',
  exportLoadedTip: '导出已载入的行（滚动可载入更多）',
  groupSummary: '按产业链层',
  layerFilterTip: '点击只看该层',
  statsRuleCcy: 'NM 与质量规则生效；覆盖全部筛选结果（不只是已载入的行）；权重为折算 {ccy} 市值',
  flagsTip: '数据质量标记（不修改任何数值）',
  price: '股价',
} as const

export type ValuationsText = { [K in keyof typeof zh]: string }

const en: ValuationsText = {
  searchPlaceholder: 'Search company name or ticker…',
  allReports: 'All reports',
  allTablesOf: 'All tables of this report',
  allMarkets: 'All markets',
  allLayers: 'All layers',
  notPlaced: 'Not placed in the chain',
  groupByLayer: 'Group by layer',
  latestOnly: 'Latest row only',
  rowsTotal: '{n} rows',
  reportTable: 'Report · table',
  layer: 'Chain layer',
  mcapPrinted: 'Printed',
  mcapConverted: 'In {ccy}',
  mcapHeaderTip: 'Converted to {ccy} at the rate nearest the valuation date; sorted on the converted value. Filter in millions of {ccy}',
  multipleHeaderTip: 'Shown as printed; sorted and filtered on the parsed value',
  fxStaleTip: 'The FX rate is more than 7 days from the valuation date (or the date is unknown): indicative only',
  fxMissingTip: 'No FX rate to convert into {ccy}',
  notLoadedYet: 'Loading…',
  exportLoadedTip: 'Exports the rows loaded so far (scroll to load more)',
  groupSummary: 'By chain layer',
  layerFilterTip: 'Click to show only this layer',
  statsRuleCcy: 'NM and quality rules on; over every filtered row (not only the loaded ones); weights are market caps in {ccy}',
  flagsTip: 'Data-quality flags (a flag never changes a value)',
  price: 'Price',
}

export const VALUATIONS_TEXT: Record<Lang, ValuationsText> = { zh, en }

export function fill(s: string, params: Record<string, string | number>): string {
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m))
}

/** AG Grid's own texts (filter popup, overlays) in Chinese; English uses the grid's defaults. */
export const AG_GRID_ZH: Record<string, string> = {
  applyFilter: '应用',
  clearFilter: '清除',
  resetFilter: '重置',
  cancelFilter: '取消',
  numberFilter: '数值筛选',
  textFilter: '文本筛选',
  filterOoo: '筛选…',
  empty: '请选择',
  equals: '等于',
  notEqual: '不等于',
  lessThan: '小于',
  greaterThan: '大于',
  lessThanOrEqual: '小于等于',
  greaterThanOrEqual: '大于等于',
  inRange: '介于',
  inRangeStart: '从',
  inRangeEnd: '到',
  blank: '空白',
  notBlank: '非空白',
  andCondition: '且',
  orCondition: '或',
  loadingOoo: '载入中…',
  noRowsToShow: '没有可显示的行',
  pinColumn: '固定列',
  pinLeft: '固定在左侧',
  pinRight: '固定在右侧',
  noPin: '不固定',
  autosizeThisColumn: '自动调整此列宽度',
  autosizeAllColumns: '自动调整所有列宽度',
  resetColumns: '重置列',
  sortAscending: '升序',
  sortDescending: '降序',
  sortUnSort: '取消排序',
  columnFilter: '列筛选',
  columnChooser: '选择列',
}
