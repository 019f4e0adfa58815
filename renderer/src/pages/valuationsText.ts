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
