/**
 * What every valuations column builder shares: the row and context types, the number filter the
 * API can answer, how a figure is found in a row and where it is printed (tooltips, exports).
 * Kept apart from the builders so they can import it without importing each other.
 */
import type { ColDef, ColGroupDef } from 'ag-grid-community'
import type { ValuationGridRow, ValuationTableLayout } from '../../../../shared/api/valuations'
import type { FigureView } from '../../../../shared/domain'
import type { Lang } from '../../../../shared/format'
import type { ExportMeta, Provenance } from '../../../../shared/gridExport'
import type { Dict } from '../../i18n'
import type { ValuationsText } from './text'
import { institutionText } from '../../../../shared/bundledText'

export type Row = ValuationGridRow
export type Col = ColDef<Row> | ColGroupDef<Row>

/**
 * Which figure columns the grid has: every table ('all', the grid's own columns, those not in
 * `figures` left out — flags and notes too; null: all of them) or one table as printed ('table').
 */
export type ColumnView =
  | { kind: 'all'; figures: ReadonlySet<string> | null }
  /** `markers`: of flags / notes, those with something to show (null: both) */
  | { kind: 'table'; layout: ValuationTableLayout; markers?: ReadonlySet<string> | null }

export interface ColumnContext {
  t: Dict
  v: ValuationsText
  lang: Lang
  currency: string
  fyKeys: string[]
  layerName: (id: string | null) => string
  /** default: every table, every column */
  view?: ColumnView
}

/** Numbers only, inclusive ranges, one condition: exactly what the API's `ranges` can say. */
export const NUMBER_FILTER = {
  filter: 'agNumberColumnFilter',
  filterParams: {
    filterOptions: ['inRange', 'greaterThanOrEqual', 'lessThanOrEqual'],
    defaultOption: 'greaterThanOrEqual',
    maxNumConditions: 1,
    inRangeInclusive: true,
    buttons: ['reset', 'apply'],
    closeOnApply: true,
  },
} as const

export function figure(r: Row, metric: string, fyKey: string | null = null): FigureView | null {
  return r.figures.find((f) => f.metric === metric && (f.fyKey ?? null) === fyKey) ?? null
}

/** Where a figure is printed and exactly how (tooltip). */
export function provenance(r: Row, f: FigureView | null, { t, lang }: { t: Dict; lang: Lang }): string {
  const where = `${institutionText(r.institution, lang)} · ${r.tableLabel} · ${t.row} ${r.rowNo}${r.line ? ` · ${t.line} ${r.line}` : ''}`
  if (!f) return where
  return `${where}\n${t.printed}: "${f.printed}"${f.unit ? ` (${f.unit})` : ''}${f.fy ? ` · ${f.fy}` : ''}`
}

export const data = (p: { data?: Row }) => p.data

/** How a column exports (renderer/src/exportXlsx.ts reads colDef.context.export). */
export const exportAs = (m: ExportMeta<Row>) => ({ export: m })

/** Provenance columns of the valuations export: where each row is printed. */
export const exportProvenance = (r: Row): Provenance => ({ report: r.reportId, table: r.tableLabel, row: r.rowNo, line: r.line })
