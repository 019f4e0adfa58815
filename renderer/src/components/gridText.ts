/**
 * Words of the grids' own menus (the column menu, the columns chooser, collapsible groups), in
 * Chinese (default) and English. AG Grid Community has no column menu of its own (that menu is
 * Enterprise), so DataGrid and ServerGrid draw one; its words follow AG_GRID_LOCALE_CN where
 * AG Grid has the same item (固定在左侧, 自动调整该列…), with the workbench's 筛选 for "filter".
 */
import type { Lang } from '../../../shared/format'
import { useI18n } from '../i18n'

const zh = {
  menuButton: '列菜单',
  menuTitle: (column: string) => `列菜单：${column}`,
  filter: '筛选…',
  pinLeft: '固定在左侧',
  pinRight: '固定在右侧',
  noPin: '取消固定',
  autosizeThis: '自动调整该列',
  autosizeAll: '自动调整所有列',
  hideColumn: '隐藏该列',
  chooseColumns: '选择列…',
  resetColumns: '重置列',
  columnsButton: '列',
  columnsButtonTitle: '选择要显示的列（隐藏的列在此找回）',
  chooserTitle: '显示的列',
  showAll: '全部显示',
  hiddenCount: (n: number) => `已隐藏 ${n} 列`,
  lastColumn: '至少保留一列',
  collapseAll: '全部折叠',
  expandAll: '全部展开',
  groupCollapsed: (n: number) => `已折叠 ${n} 行`,
  groupToggleTitle: '点击或按 Enter / 空格折叠、展开此组',
}

type GridWords = { [K in keyof typeof zh]: (typeof zh)[K] }

const en: GridWords = {
  menuButton: 'Column menu',
  menuTitle: (column: string) => `Column menu: ${column}`,
  filter: 'Filter…',
  pinLeft: 'Pin Left',
  pinRight: 'Pin Right',
  noPin: 'No Pin',
  autosizeThis: 'Autosize This Column',
  autosizeAll: 'Autosize All Columns',
  hideColumn: 'Hide Column',
  chooseColumns: 'Choose Columns…',
  resetColumns: 'Reset Columns',
  columnsButton: 'Columns',
  columnsButtonTitle: 'Choose the columns shown (hidden columns come back here)',
  chooserTitle: 'Columns shown',
  showAll: 'Show all',
  hiddenCount: (n: number) => `${n} hidden`,
  lastColumn: 'At least one column stays',
  collapseAll: 'Collapse all',
  expandAll: 'Expand all',
  groupCollapsed: (n: number) => `${n} ${n === 1 ? 'row' : 'rows'} collapsed`,
  groupToggleTitle: 'Click, or press Enter / Space, to collapse or expand this group',
}

export type GridText = GridWords

export const GRID_TEXT: Record<Lang, GridText> = { zh, en }

export function useGridText(): GridText {
  return GRID_TEXT[useI18n().lang]
}
