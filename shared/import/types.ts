/**
 * The import pipeline's data shapes, shared by the pure parsers (shared/import/*), the engine
 * (electron/main/domains/imports/*), the CLI and the wizard. Every stage keeps the printed
 * string and where it came from (source row, column), so a figure stays traceable to the file.
 *
 *   bytes ──decode──▶ text ──parseDelimited / parsePastedTable──▶ Grid
 *   XLSX  ──(main: exceljs)──────────────────────────────────────▶ Grid (one per sheet)
 *   Grid ──detectLayout / interpret (presets, header recognition, units)──▶ Interpretation
 *   Interpretation ──(main: resolve aliases, commit in one change set)──▶ workspace
 */

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030'

export interface DecodedText {
  text: string
  /** what the bytes were read as: BOM, else strict UTF-8, else GB18030 (a superset of GBK) */
  encoding: TextEncodingName
}

/** One row of cells as read, before any interpretation. */
export interface GridRow {
  /** 1-based row (line) number in the file or sheet: the provenance of every figure in it */
  sourceRow: number
  /** cell texts exactly as read (a number stored as a number in XLSX comes as its shortest text) */
  cells: string[]
}

/** A rectangular-ish table of text cells: a CSV/TSV file, one XLSX sheet, or a pasted table. */
export interface Grid {
  rows: GridRow[]
  /** XLSX merged ranges (0-based, inclusive) so two-level headers can be spread over their columns */
  merges?: { top: number; left: number; bottom: number; right: number }[]
  /** the sheet name for XLSX, null otherwise */
  sheet: string | null
}

export type SourceFormat = 'csv' | 'tsv' | 'xlsx' | 'paste'

/** What a column means. `multiple` keeps its basis as printed and normalised (never mixed in one statistic). */
export type ColumnRole =
  | { kind: 'code' }
  | { kind: 'name' }
  | { kind: 'price' }
  | { kind: 'marketCap' }
  | { kind: 'multiple'; metric: 'pe' | 'ps'; basis: string }
  | { kind: 'currency' }
  | { kind: 'date' }
  | { kind: 'ignore' }

export interface ColumnMapping {
  /** 0-based column index in the grid */
  index: number
  /** the header as printed (multi-line / multi-row headers joined with ' / ') */
  header: string
  role: ColumnRole
  /** unit for this column: from the header, a title row, or the preset ('亿元', '万元', '百万美元', '%', 'x', '元'…) */
  unit: string | null
  /** basis as printed in the header for multiples ('2025E', '24A', 'TTM', '动态'…) */
  basisPrinted?: string | null
}

/**
 * Normalised bases for multiples: fiscal years as FYyyA/FYyyE ('2025E', 'FY25E', '25E' → FY25E;
 * '24A' → FY24A), and the non-fiscal bases 'TTM', 'LYR' (static / 静态), 'DYN' (动态), 'FWD'
 * (blended forward), or the printed text upper-cased when unknown.
 */
export type Basis = string

export interface ImportMultiple {
  metric: 'pe' | 'ps'
  basis: Basis
  /** null when printed as missing ('--', 'NA', '#N/A N/A', blank) or loss-making ('亏损') */
  value: number | null
  printed: string
  /** 0-based column index */
  column: number
}

/** One data row, interpreted but not yet resolved against the workspace's securities. */
export interface ImportRow {
  sourceRow: number
  /** the code cell as printed ('002230', '700 HK Equity', 'HK0700', '105.NVDA') */
  codePrinted: string | null
  /** canonical id from the ticker form alone ('002230.SZ', '0700.HK', 'NVDA.US'); null if the form is not certain */
  security: string | null
  name: string | null
  /** trading currency (price currency): from a currency column/unit, else the listing's market */
  currency: string | null
  price: number | null
  pricePrinted: string | null
  /** market cap in millions of marketCapCurrency */
  marketCapMn: number | null
  marketCapCurrency: string | null
  marketCapPrinted: string | null
  multiples: ImportMultiple[]
  /** an as-of / trade date printed on the row (tushare trade_date…), ISO */
  date: string | null
  /** every mapped cell as printed, for provenance: column index → printed text */
  cells: Record<number, string>
  /** things the analyst should see but that do not stop the row: codes like 'code.zeroRestored' */
  warnings: string[]
}

/** A row that cannot be imported as it is (shown in the preview; can be fixed or skipped). */
export interface RejectedRow {
  sourceRow: number
  column: number | null
  value: string | null
  /** a stable code ('code.missing', 'value.notNumber', 'bloomberg.invalidSecurity', …) */
  reason: string
  /** the same in plain English, naming row, column and value */
  message: string
}

/** A row left out on purpose: header repeats, summary rows, footers, section headings, blank lines. */
export interface SkippedRow {
  sourceRow: number
  /** 'summary' (平均/中位数/合计/Average/Median/行业中值…), 'footer' (数据来源：…), 'header' (repeated), 'section', 'blank', 'preamble', 'note' */
  reason: string
  text: string
}

export interface Interpretation {
  /** preset that was applied (given, or recognised from the headers) */
  preset: string | null
  /** source rows that form the header (one or more) */
  headerRows: number[]
  columns: ColumnMapping[]
  /** unit stated in a title/preamble row (单位：亿元…), applied to money columns without their own */
  titleUnit: string | null
  /** an as-of date found in the preamble ("As of 2026-11-30", 截止日期…), ISO */
  asOf: string | null
  rows: ImportRow[]
  rejected: RejectedRow[]
  skipped: SkippedRow[]
}

/** A saved or built-in column-mapping profile (one per terminal or broker). */
export interface ImportPreset {
  id: string
  nameZh: string
  nameEn: string
  builtIn: boolean
  /** header text (normalised) → role and unit; matched after header normalisation */
  columns: { match: string; role: ColumnRole; unit?: string | null }[]
  /** default unit for market-cap columns that print none (akshare: 元; tushare: 万元; Bloomberg: 百万 of trading currency) */
  marketCapUnit?: string | null
  /** rows to skip before the header (fixed preambles) */
  skipRows?: number
}
