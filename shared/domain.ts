/** Domain types returned by the API. Plain data: they cross IPC and HTTP as JSON. */
import type { Market } from './tickers'
import type { Currency } from './units'
import type { BackupEntry } from './api/backup'

export interface ReportSummary {
  id: string
  origin: 'bundled' | 'user'
  institution: string
  title: string | null
  date: string | null
  dateInferred: boolean
  dateNote: string | null
  industryRating: string | null
  seedFile: string | null
  coverageCount: number
  valuationRowCount: number
  tableCount: number
}

export interface Security {
  id: string
  nameZh: string | null
  nameEn: string | null
  market: Market
  currency: Currency | null
  listed: boolean
}

export interface CoverageView {
  id: number
  reportId: string
  institution: string
  reportDate: string | null
  securityId: string
  nameZh: string | null
  nameEn: string | null
  market: Market
  companyPrinted: string
  tickerPrinted: string | null
  stance: string | null
  layerLabel: string | null
  role: string
  roleZh: string | null
  source: string | null
  line: number | null
}

export interface FigureView {
  metric: string
  label: string | null
  fy: string | null
  fyKey: string | null
  printed: string
  value: number | null
  unit: string | null
  currency: Currency | null
  valueMn: number | null
}

export interface FlagView {
  code: string
  note: string
}

export interface ValuationRowView {
  id: number
  reportId: string
  institution: string
  tableId: number
  tableLabel: string
  tableSource: string | null
  tableLine: number | null
  rowNo: number
  line: number | null
  securityId: string | null
  nameZh: string | null
  nameEn: string | null
  market: Market | null
  companyPrinted: string
  tickerPrinted: string | null
  isAggregate: boolean
  layerLabel: string | null
  asOfDate: string | null
  asOfInferred: boolean
  asOfNote: string | null
  figures: FigureView[]
  flags: FlagView[]
}

export interface TaxonomyView {
  id: number
  reportId: string
  institution: string
  label: string
  line: number | null
  layers: { position: number; label: string; segments: string[] }[]
}

export interface SecurityDetail {
  security: Security
  aliases: string[]
  /** canonical chain nodes the security sits in */
  nodeIds: string[]
  coverage: CoverageView[]
  valuations: ValuationRowView[]
}

export interface WorkspaceInfo {
  schemaVersion: number
  dataDir: string
  counts: { reports: number; securities: number; coverage: number; valuationRows: number }
  /** open-time checks of this launch (null when opened by a tool that does not measure) */
  openStats: { quickCheckMs: number; openMs: number } | null
  /** set when this launch found the workspace damaged and moved it aside (until a restore) */
  recovery?: WorkspaceRecovery | null
  /** the newest backup in the backups folder (not checked; backup.restore checks it) */
  backups?: { latest: BackupEntry | null }
}

/**
 * What happened when the workspace failed its check at open: it was moved to the quarantine
 * folder (byte-identical, never deleted) and a fresh workspace with the bundled reports opened.
 */
export interface WorkspaceRecovery {
  /** absolute path of the damaged main file in <dataDir>/quarantine/ (its -wal/-shm beside it) */
  quarantinedTo: string
  /** every file moved (main file first) */
  files: string[]
  /** what the check found (SQLite's words) */
  reason: string
  /** ISO time it was moved */
  at: string
  /** the newest backup that passes its check (integrity, version), to offer a restore; null if none */
  latestBackup: BackupEntry | null
}

export interface ResetResult {
  reports: number
  coverage: number
  valuationRows: number
}

/** One report label and the canonical nodes it maps to (empty = not mapped yet). */
export interface CrosswalkRow {
  reportId: string
  institution: string
  label: string
  /** where the label is used: coverage entries, valuation rows, the report's taxonomy */
  uses: number
  nodeIds: string[]
}

export interface SecurityNodes {
  securityId: string
  nameZh: string | null
  nameEn: string | null
  nodeIds: string[]
  /** placed by hand (derived assignments no longer change it) */
  locked: boolean
}
