/**
 * AG Grid's own texts (filter popups, menus, overlays, paging, ARIA labels) in the UI language,
 * from the official @ag-grid-community/locale package (kept at ag-grid-community's version).
 *
 * AG Grid reads `localeText` only when a grid is created (an "initial" option), so every grid
 * that uses this is also keyed by the language: a switch re-creates the grid with the new texts.
 */
import { AG_GRID_LOCALE_CN, AG_GRID_LOCALE_EN } from '@ag-grid-community/locale'
import type { Lang } from '../../../shared/format'

/**
 * The package's Simplified Chinese says 过滤 / 过滤器 for "filter"; the rest of the workbench
 * says 筛选 (筛选条件, 列筛选), so the grid follows the workbench.
 */
function workbenchZh(locale: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(locale)) out[k] = v.replace(/过滤器?/g, '筛选')
  return out
}

const ZH: Record<string, string> = workbenchZh(AG_GRID_LOCALE_CN)
const EN: Record<string, string> = { ...AG_GRID_LOCALE_EN }

/** The localeText for every AgGridReact; the same object for the same language (stable prop). */
export function gridLocale(lang: Lang): Record<string, string> {
  return lang === 'zh' ? ZH : EN
}
