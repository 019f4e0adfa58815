import { z } from 'zod'
import { METRICS } from './seedSchema'
import { aliasKey } from './tickers'

/**
 * The workspace export (docs/export-schema.md) as a schema, so a file is checked completely
 * before a load writes anything: a bad file is refused with the path of every problem
 * (`valuationRows[12].figures[3].printed: expected string`), never loaded half-way.
 * Versions 2 and 3 are read; 3 only adds fields (what an equal re-import needs). The exporter
 * is typed against ExportV3, so writer and reader cannot drift apart.
 */

export const EXPORT_SCHEMA = 'aigc-workbench-export'
export const EXPORT_VERSIONS_READ = [2, 3] as const
export type ExportVersion = (typeof EXPORT_VERSIONS_READ)[number]

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
const iso4217 = z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter currency code')
const id = z.string().min(1, 'expected a non-empty id')
const text = z.string()
const maybe = z.string().nullable()
const lineNo = z.number().int().nullable()

const report = z.object({
  id,
  origin: z.string().min(1),
  institution: text,
  title: maybe,
  date: isoDate.nullable(),
  dateInferred: z.boolean(),
  dateNote: maybe,
  industryRating: maybe,
  seedFile: maybe,
})

const security = z.object({
  id,
  nameZh: maybe,
  nameEn: maybe,
  market: z.enum(['CN-A', 'HK', 'US', 'unlisted', 'other']),
  currency: iso4217.nullable(),
  listed: z.boolean(),
  aliases: z.array(z.string().min(1)),
})

const coverage = z.object({
  reportId: id,
  securityId: id,
  companyPrinted: text,
  tickerPrinted: maybe,
  stance: maybe,
  layerLabel: maybe,
  role: text,
  roleZh: maybe,
  provenance: z.object({ reportId: id, source: maybe, line: lineNo }),
})

const figureV2 = z.object({
  metric: z.enum(METRICS),
  label: maybe,
  fy: maybe,
  fyKey: maybe,
  printed: text,
  value: z.number().nullable(),
  unit: maybe,
  currency: iso4217.nullable(),
  valueMn: z.number().nullable(),
})
const figureV3 = figureV2.extend({ sourceCol: maybe })

const provenanceV2 = z.object({
  reportId: id,
  table: z.string().min(1),
  tableSource: maybe,
  tableLine: lineNo,
  row: z.number().int(),
  line: lineNo,
})
const provenanceV3 = provenanceV2.extend({
  tableSeq: z.number().int().positive(),
  headerPrinted: maybe,
  importFile: maybe,
  importHash: maybe,
  importFormat: maybe,
})

const rowFields = {
  reportId: id,
  securityId: id.nullable(),
  companyPrinted: text,
  tickerPrinted: maybe,
  aggregate: z.boolean(),
  layerLabel: maybe,
  asOfDate: isoDate.nullable(),
  asOfInferred: z.boolean(),
  asOfNote: maybe,
  flags: z.array(z.object({ code: z.string().min(1), note: text })),
}
const rowV2 = z.object({ ...rowFields, figures: z.array(figureV2), provenance: provenanceV2 })
const rowV3 = z.object({ ...rowFields, figures: z.array(figureV3), provenance: provenanceV3 })

const taxonomy = z.object({
  reportId: id,
  label: text,
  line: lineNo,
  layers: z.array(z.object({ position: z.number().int(), label: text, segments: z.array(text) })),
})

const node = { id, position: z.number().int(), nameZh: text, nameEn: text }
const assignmentV2 = z.object({ securityId: id, nodeIds: z.array(id).min(1), manual: z.boolean() })
const assignmentV3 = assignmentV2.extend({ sources: z.array(z.string().min(1)) })
const chainFields = {
  layers: z.array(z.object({ ...node, segments: z.array(z.object(node)) })),
  crosswalk: z.array(z.object({ reportId: id, label: text, nodeIds: z.array(id) })),
}
const chainV2 = z.object({ ...chainFields, assignments: z.array(assignmentV2) })
/** v3: securities placed by hand in no node (locked: derived placements do not come back) */
const chainV3 = z.object({ ...chainFields, assignments: z.array(assignmentV3), unplacedByHand: z.array(id) })

const fxRate = z.object({
  currency: iso4217.refine((c) => c !== 'USD', 'rates are per 1 USD: USD itself has none'),
  asOf: isoDate,
  perUsd: z.number().positive(),
  source: text,
})

/** Derived data: recomputed on load, so only its shape is checked. */
const qualityFlag = z.object({
  code: z.string(),
  reportId: z.string(),
  securityId: maybe,
  table: z.string(),
  company: z.string(),
  fyKey: maybe,
  detail: z.record(z.string(), z.unknown()),
})

const common = {
  schema: z.literal(EXPORT_SCHEMA),
  databaseSchemaVersion: z.number().int(),
  exportedAt: z.string(),
  reports: z.array(report),
  securities: z.array(security),
  coverage: z.array(coverage),
  taxonomies: z.array(taxonomy),
  fxRates: z.array(fxRate),
  qualityFlags: z.array(qualityFlag),
}

export const exportV2 = z.object({ ...common, version: z.literal(2), valuationRows: z.array(rowV2), chain: chainV2 })
export const exportV3 = z.object({ ...common, version: z.literal(3), valuationRows: z.array(rowV3), chain: chainV3 })

export type ExportV2 = z.infer<typeof exportV2>
export type ExportV3 = z.infer<typeof exportV3>
export type ExportDoc = ExportV2 | ExportV3

type RowV3 = ExportV3['valuationRows'][number]
type AnyRow = ExportDoc['valuationRows'][number]
type AssignmentV3 = ExportV3['chain']['assignments'][number]
type AnyAssignment = ExportDoc['chain']['assignments'][number]

/** Version 3 rows name their table and carry import provenance; version 2 rows do not. */
export const isV3Row = (r: AnyRow): r is RowV3 => 'tableSeq' in r.provenance
export const isV3Assignment = (a: AnyAssignment): a is AssignmentV3 => 'sources' in a

export type ExportParse = { ok: true; doc: ExportDoc } | { ok: false; problems: string[] }

/** `valuationRows[12].figures[3].printed` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') || '(file)'
}

function issueText(issue: z.core.$ZodIssue): string {
  // zod's own wording ("Invalid input: expected string, received undefined") buries the point
  if (issue.code === 'invalid_type') return `${formatPath(issue.path)}: expected ${issue.expected}`
  return `${formatPath(issue.path)}: ${issue.message}`
}

function header(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return '(file): expected a JSON object (a workspace export)'
  const d = data as Record<string, unknown>
  if (d.schema !== EXPORT_SCHEMA) return `schema: expected "${EXPORT_SCHEMA}", got ${JSON.stringify(d.schema) ?? 'nothing'} (not a workbench export)`
  if (!EXPORT_VERSIONS_READ.includes(d.version as ExportVersion)) {
    return `version: expected ${EXPORT_VERSIONS_READ.join(' or ')}, got ${JSON.stringify(d.version) ?? 'nothing'} (this app reads export versions ${EXPORT_VERSIONS_READ.join(' and ')})`
  }
  return null
}

/** Shape first (every problem, with its path), then the references between the parts. */
export function parseWorkspaceExport(data: unknown): ExportParse {
  const bad = header(data)
  if (bad) return { ok: false, problems: [bad] }
  const schema = (data as { version: ExportVersion }).version === 2 ? exportV2 : exportV3
  const parsed = schema.safeParse(data)
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(issueText) }
  const problems = checkReferences(parsed.data)
  return problems.length ? { ok: false, problems } : { ok: true, doc: parsed.data }
}

// ---- references: everything a row, a placement or a mapping points at is in the file ----

type Problems = string[]

function duplicates<T>(items: readonly T[], keyOf: (t: T) => string, where: (i: number) => string, what: string, out: Problems): Set<string> {
  const seen = new Set<string>()
  items.forEach((t, i) => {
    const k = keyOf(t)
    if (seen.has(k)) out.push(`${where(i)}: duplicate ${what} ${k}`)
    seen.add(k)
  })
  return seen
}

const LIST_OF = { report: 'reports', security: 'securities', 'chain node': 'chain.layers' } as const

function unknown(known: ReadonlySet<string>, value: string | null, where: string, what: keyof typeof LIST_OF, out: Problems): void {
  if (value != null && !known.has(value)) out.push(`${where}: unknown ${what} "${value}" (not in ${LIST_OF[what]})`)
}

function checkAliases(doc: ExportDoc, out: Problems): void {
  const owner = new Map<string, string>()
  doc.securities.forEach((s, si) =>
    s.aliases.forEach((a, ai) => {
      const k = aliasKey(a)
      const other = owner.get(k)
      if (other && other !== s.id) out.push(`securities[${si}].aliases[${ai}]: "${a}" is also an alias of ${other} (one alias names one security)`)
      owner.set(k, s.id)
    }),
  )
}

/** An import is named by its file, hash and format together, or not at all. */
function checkImport(p: RowV3['provenance'], where: string, out: Problems): void {
  const given = [p.importFile, p.importHash, p.importFormat].filter((x) => x != null).length
  if (given !== 0 && given !== 3) out.push(`${where}: importFile, importHash and importFormat go together (all set for an imported table, all null otherwise)`)
}

function checkRows(doc: ExportDoc, reports: Set<string>, securities: Set<string>, out: Problems): void {
  doc.valuationRows.forEach((r, i) => {
    unknown(reports, r.reportId, `valuationRows[${i}].reportId`, 'report', out)
    unknown(securities, r.securityId, `valuationRows[${i}].securityId`, 'security', out)
    if (!r.aggregate && r.securityId == null) out.push(`valuationRows[${i}].securityId: required when aggregate is false`)
    if (isV3Row(r)) checkImport(r.provenance, `valuationRows[${i}].provenance`, out)
  })
  groupTables(doc, out)
}

function checkChain(doc: ExportDoc, reports: Set<string>, securities: Set<string>, out: Problems): void {
  const nodes = doc.chain.layers.flatMap((l, li) => [{ id: l.id, at: `chain.layers[${li}].id` }, ...l.segments.map((s, si) => ({ id: s.id, at: `chain.layers[${li}].segments[${si}].id` }))])
  const ids = duplicates(nodes, (n) => n.id, (i) => nodes[i]!.at, 'chain node', out)
  doc.chain.crosswalk.forEach((c, i) => {
    unknown(reports, c.reportId, `chain.crosswalk[${i}].reportId`, 'report', out)
    c.nodeIds.forEach((n, j) => unknown(ids, n, `chain.crosswalk[${i}].nodeIds[${j}]`, 'chain node', out))
    if (new Set(c.nodeIds).size !== c.nodeIds.length) out.push(`chain.crosswalk[${i}].nodeIds: the same node appears twice`)
  })
  duplicates(doc.chain.crosswalk, (c) => `${c.reportId} "${c.label}"`, (i) => `chain.crosswalk[${i}]`, 'crosswalk label', out)
  doc.chain.assignments.forEach((a, i) => {
    unknown(securities, a.securityId, `chain.assignments[${i}].securityId`, 'security', out)
    a.nodeIds.forEach((n, j) => unknown(ids, n, `chain.assignments[${i}].nodeIds[${j}]`, 'chain node', out))
    if (new Set(a.nodeIds).size !== a.nodeIds.length) out.push(`chain.assignments[${i}].nodeIds: the same node appears twice`)
    if (isV3Assignment(a) && a.sources.length !== a.nodeIds.length) out.push(`chain.assignments[${i}].sources: expected one per node id (${a.nodeIds.length}), got ${a.sources.length}`)
  })
  const placed = duplicates(doc.chain.assignments, (a) => a.securityId, (i) => `chain.assignments[${i}].securityId`, 'security', out)
  if (doc.version === 3) {
    doc.chain.unplacedByHand.forEach((sec, i) => {
      unknown(securities, sec, `chain.unplacedByHand[${i}]`, 'security', out)
      if (placed.has(sec)) out.push(`chain.unplacedByHand[${i}]: ${sec} also has assignments`)
    })
  }
}

function checkReferences(doc: ExportDoc): Problems {
  const out: Problems = []
  const reports = duplicates(doc.reports, (r) => r.id, (i) => `reports[${i}].id`, 'report', out)
  const securities = duplicates(doc.securities, (s) => s.id, (i) => `securities[${i}].id`, 'security', out)
  checkAliases(doc, out)
  doc.coverage.forEach((c, i) => {
    unknown(reports, c.reportId, `coverage[${i}].reportId`, 'report', out)
    unknown(securities, c.securityId, `coverage[${i}].securityId`, 'security', out)
  })
  doc.taxonomies.forEach((t, i) => unknown(reports, t.reportId, `taxonomies[${i}].reportId`, 'report', out))
  checkRows(doc, reports, securities, out)
  checkChain(doc, reports, securities, out)
  duplicates(doc.fxRates, (r) => `${r.currency} ${r.asOf}`, (i) => `fxRates[${i}]`, 'rate', out)
  return out
}

// ---- tables: the export lists rows; a load writes tables of rows ----

export type LoadFigure = RowV3['figures'][number]

export interface LoadRow {
  /** index in valuationRows, for messages */
  at: number
  rowNo: number
  line: number | null
  securityId: string | null
  companyPrinted: string
  tickerPrinted: string | null
  aggregate: boolean
  layerLabel: string | null
  figures: LoadFigure[]
  flags: { code: string; note: string }[]
}

export interface LoadImport {
  file: string
  hash: string
  format: string
}

export interface LoadTable {
  reportId: string
  /** position within the report (natural key) */
  seq: number
  label: string
  line: number | null
  source: string | null
  asOfNote: string | null
  asOfDate: string | null
  asOfInferred: boolean
  headerPrinted: string | null
  import: LoadImport | null
  /** false for a version 2 file, which has no header or import provenance: a load keeps the workspace's */
  provenanceKnown: boolean
  rows: LoadRow[]
}

function tableOf(r: AnyRow, seq: number): LoadTable {
  const p = r.provenance
  const v3 = isV3Row(r) ? r.provenance : null
  return {
    reportId: r.reportId,
    seq,
    label: p.table,
    line: p.tableLine,
    source: p.tableSource,
    asOfNote: r.asOfNote,
    asOfDate: r.asOfDate,
    asOfInferred: r.asOfInferred,
    headerPrinted: v3?.headerPrinted ?? null,
    import: v3?.importFile != null && v3.importHash != null && v3.importFormat != null ? { file: v3.importFile, hash: v3.importHash, format: v3.importFormat } : null,
    provenanceKnown: v3 != null,
    rows: [],
  }
}

function rowOf(r: AnyRow, at: number): LoadRow {
  return {
    at,
    rowNo: r.provenance.row,
    line: r.provenance.line,
    securityId: r.securityId,
    companyPrinted: r.companyPrinted,
    tickerPrinted: r.tickerPrinted,
    aggregate: r.aggregate,
    layerLabel: r.layerLabel,
    figures: isV3Row(r) ? r.figures : r.figures.map((f) => ({ ...f, sourceCol: null })),
    flags: r.flags,
  }
}

const tableFacts = (t: LoadTable) => JSON.stringify([t.label, t.line, t.source, t.asOfNote, t.asOfDate, t.asOfInferred, t.headerPrinted, t.import])

/** Version 2: a row continues the previous row's table when the table's facts match and row numbers go on. */
function continues(last: LoadTable | null, r: AnyRow): last is LoadTable {
  const prev = last?.rows[last.rows.length - 1]
  return !!last && !!prev && last.reportId === r.reportId && prev.rowNo < r.provenance.row && tableFacts(last) === tableFacts(tableOf(r, 0))
}

/**
 * Version 3 names each row's table (report, tableSeq). Version 2 did not: a new table starts
 * where the table's facts change or the printed row numbers start again, numbered in file order.
 */
export function groupTables(doc: ExportDoc, out: Problems = []): LoadTable[] {
  const tables = new Map<string, LoadTable>()
  const rowNos = new Map<LoadTable, Set<number>>()
  const seqs = new Map<string, number>()
  const nextSeq = (reportId: string) => {
    const n = (seqs.get(reportId) ?? 0) + 1
    seqs.set(reportId, n)
    return n
  }
  let last: LoadTable | null = null
  doc.valuationRows.forEach((r, i) => {
    const seq = isV3Row(r) ? r.provenance.tableSeq : continues(last, r) ? last.seq : nextSeq(r.reportId)
    const key = `${r.reportId}\u0000${seq}`
    let t = tables.get(key)
    if (!t) {
      tables.set(key, (t = tableOf(r, seq)))
      rowNos.set(t, new Set())
    } else if (tableFacts(t) !== tableFacts(tableOf(r, seq))) {
      out.push(`valuationRows[${i}].provenance: table ${r.reportId} #${seq} is described differently than in valuationRows[${t.rows[0]!.at}]`)
    }
    const nos = rowNos.get(t)!
    if (nos.has(r.provenance.row)) out.push(`valuationRows[${i}].provenance.row: duplicate row ${r.provenance.row} in table ${r.reportId} #${seq}`)
    nos.add(r.provenance.row)
    t.rows.push(rowOf(r, i))
    last = t
  })
  return [...tables.values()]
}
