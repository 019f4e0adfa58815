/**
 * Which figure columns a valuations grid should show.
 *
 *  - gridColumns: of the grid's own figure columns (market cap, price, P/E and P/S per fiscal
 *    year), those with at least one non-blank printed cell among the rows of a filter, so the
 *    "all tables" grid never shows a column that is blank top to bottom.
 *  - tableLayout: one valuation table as printed — every figure column it prints (any metric),
 *    in its printed order, with how many cells are filled.
 *
 * Figures are only ever reached by row_id for rows already chosen, or probed from the
 * (metric, fy_key) index with a stop at the first hit; no statement reads every figure.
 */
import type { ApiParsed } from '../../../../shared/contract'
import type { ValuationTableColumn, ValuationTableLayout } from '../../../../shared/api/valuations'
import type { Db } from '../../db/connection'

type PageInput = ApiParsed<'valuations.page'>

/** A filter as SQL, from page.ts: the fx CTE it may need, the joins from valuation_row v, the conditions. */
export interface FilterSql {
  cte: string
  cteParams: unknown[]
  /** joins after `valuation_row v` (t: its table, s: its security) */
  joins: string
  /** the conditions, without WHERE */
  where: string
  params: unknown[]
  /** no condition beyond "not an aggregate row" */
  whole: boolean
}

/** The multiples the grid has per fiscal year. */
const MULTIPLES = ['pe', 'ps'] as const

/** Marker columns: a row's data-quality flags, and notes about its company. */
export const MARKERS = ['flags', 'notes'] as const

/** Grid order: flags, notes, market cap, price, then P/E by year, then P/S by year. */
export function gridColumnOrder(ids: Iterable<string>): string[] {
  const RANK: Record<string, number> = { flags: 0, notes: 1, marketCap: 2, price: 3 }
  const rank = (id: string) => RANK[id] ?? (id.startsWith('pe:') ? 4 : id.startsWith('ps:') ? 5 : 6)
  return [...new Set(ids)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
}

interface Candidate {
  id: string
  metric: string
  fyKey: string | null
}

/** Every (multiple, fiscal year) printed anywhere: a skip-scan of the (metric, fy_key) index, one probe per pair. */
function candidates(db: Db): Candidate[] {
  const pairs = db
    .prepare(
      `WITH RECURSIVE m(metric) AS (VALUES ${MULTIPLES.map((x) => `('${x}')`).join(', ')}),
         k(metric, fy) AS (
           SELECT metric, (SELECT min(f.fy_key) FROM valuation_figure f WHERE f.metric = m.metric AND f.fy_key IS NOT NULL) FROM m
           UNION ALL
           SELECT k.metric, (SELECT min(f.fy_key) FROM valuation_figure f WHERE f.metric = k.metric AND f.fy_key > k.fy) FROM k WHERE k.fy IS NOT NULL)
       SELECT metric, fy FROM k WHERE fy IS NOT NULL`,
    )
    .all() as { metric: string; fy: string }[]
  return [
    { id: 'marketCap', metric: 'marketCap', fyKey: null },
    { id: 'price', metric: 'price', fyKey: null },
    ...pairs.map((p) => ({ id: `${p.metric}:${p.fy}`, metric: p.metric, fyKey: p.fy })),
  ]
}

/** Rows looked at from the rows' side before the columns still missing are probed from the other side. */
const ROW_BUDGET = 5_000

/**
 * The grid's figure columns with a non-blank printed cell among the filter's rows, and the
 * marker columns (flags, notes) when a row of the filter has a quality flag / its company a
 * note. `figures: false`: the markers only.
 *
 * Two ways to find out, each cheap where the other is dear: from the rows (batches of the
 * filter's rows in id order, their figures, flags and notes by row, stopping as soon as every
 * column is found) — quick for a narrow filter and for columns most rows print; and from the
 * other side (the column's figures through the (metric, fy_key) index, the flags, the notes,
 * each row checked against the filter, stopping at the first hit) — quick for a column few rows
 * print. The rows' side goes first, up to ROW_BUDGET rows; what is still missing then is probed
 * from the other side.
 */
export function gridColumns(db: Db, f: FilterSql, opts: { figures: boolean; fewMarkers?: number } = { figures: true }): string[] {
  const few = opts.fewMarkers ?? FEW_MARKERS
  const want: Candidate[] = opts.figures ? candidates(db) : []
  const found = new Set<string>()
  const idOf = (metric: string, fyKey: string | null) => (metric === 'marketCap' || metric === 'price' ? (fyKey == null ? metric : null) : fyKey ? `${metric}:${fyKey}` : null)
  const missing = () => want.filter((c) => !found.has(c.id))
  // A marker the workspace has few of is probed from its own side only (a few hundred notes are
  // quicker to check against the filter than thousands of rows against the notes); one it has
  // none of is not looked for at all.
  const upTo = (sql: string) => db.prepare(`SELECT count(*) FROM (${sql} LIMIT ?)`).pluck().get(few + 1) as number
  const markerCount: Record<(typeof MARKERS)[number], number> = {
    flags: upTo('SELECT 1 FROM quality_flag'),
    notes: upTo("SELECT 1 FROM note WHERE subject_kind = 'security' AND deleted_at IS NULL"),
  }
  const rowMarkers = MARKERS.filter((m) => markerCount[m] > few)
  /** every row of the filter looked at from the rows' side */
  let exhausted = false

  if (!f.whole) {
    const batch = db.prepare(`${f.cte} SELECT v.id FROM valuation_row v ${f.joins} WHERE ${f.where} AND v.id > ? ORDER BY v.id LIMIT ?`).pluck()
    const figures = db.prepare(
      `SELECT DISTINCT f.metric, f.fy_key FROM json_each(?) j CROSS JOIN valuation_figure f ON f.row_id = j.value
       WHERE f.metric IN ('marketCap', 'price', ${MULTIPLES.map((x) => `'${x}'`).join(', ')}) AND f.printed <> ''`,
    )
    const rowsHave: Record<(typeof MARKERS)[number], { get(json: string): unknown }> = {
      flags: db.prepare('SELECT EXISTS (SELECT 1 FROM json_each(?) j CROSS JOIN quality_flag q ON q.row_id = j.value)').pluck(),
      notes: db
        .prepare(
          `SELECT EXISTS (SELECT 1 FROM json_each(?) j CROSS JOIN valuation_row v ON v.id = j.value
             CROSS JOIN note n ON n.subject_kind = 'security' AND n.subject_id = v.security_id WHERE n.deleted_at IS NULL)`,
        )
        .pluck(),
    }
    let after = 0
    let size = 200
    let seen = 0
    while (seen < ROW_BUDGET && (missing().length > 0 || rowMarkers.some((m) => !found.has(m)))) {
      const ids = batch.all(...f.cteParams, ...f.params, after, size) as number[]
      const json = JSON.stringify(ids)
      if (ids.length > 0 && missing().length > 0) {
        for (const r of figures.all(json) as { metric: string; fy_key: string | null }[]) {
          const id = idOf(r.metric, r.fy_key)
          if (id && want.some((c) => c.id === id)) found.add(id)
        }
      }
      for (const m of rowMarkers) if (ids.length > 0 && !found.has(m) && rowsHave[m].get(json)) found.add(m)
      if (ids.length < size) {
        exhausted = true
        break
      }
      seen += ids.length
      after = ids[ids.length - 1]!
      size = Math.min(size * 5, ROW_BUDGET)
    }
  }
  // From the other side: the column's figures in index order (the flags, the notes), each row against the filter.
  if (!exhausted) {
    const probe = db
      .prepare(
        `${f.cte} SELECT EXISTS (SELECT 1 FROM valuation_figure f CROSS JOIN valuation_row v ON v.id = f.row_id ${f.joins}
           WHERE f.metric = ? AND f.fy_key IS ? AND f.printed <> '' AND ${f.where})`,
      )
      .pluck()
    for (const c of missing()) if (probe.get(...f.cteParams, c.metric, c.fyKey, ...f.params)) found.add(c.id)
  }
  const markerProbe: Record<(typeof MARKERS)[number], string> = {
    flags: `${f.cte} SELECT EXISTS (SELECT 1 FROM quality_flag q CROSS JOIN valuation_row v ON v.id = q.row_id ${f.joins} WHERE ${f.where})`,
    notes: `${f.cte} SELECT EXISTS (SELECT 1 FROM note n CROSS JOIN valuation_row v ON v.security_id = n.subject_id ${f.joins}
              WHERE n.subject_kind = 'security' AND n.deleted_at IS NULL AND ${f.where})`,
  }
  for (const m of MARKERS) {
    if (found.has(m) || markerCount[m] === 0 || (exhausted && rowMarkers.includes(m))) continue
    if (db.prepare(markerProbe[m]).pluck().get(...f.cteParams, ...f.params)) found.add(m)
  }
  return gridColumnOrder(found)
}

/** Below this many flags / notes in the workspace, they are checked against the filter from their own side. */
const FEW_MARKERS = 2_000

/** The key a printed column goes by: metric, label, and the fiscal year (normalised, else as printed). */
export function columnKey(metric: string, label: string | null, fyKey: string | null, fy: string | null): string {
  return [metric, label ?? '', fyKey ?? (fy ? `~${fy}` : '')].join('\u001f')
}

/**
 * One printed order from every row's own order of its figures (most rows print every column,
 * some leave one out): a topological merge of the rows' sequences. Among the columns no other
 * remaining column must precede, the one seen first (sequences by frequency, then position) is
 * taken; a contradiction between rows (a cycle) is broken the same way.
 */
export function printedOrder(sequences: readonly { keys: readonly string[]; n: number }[]): string[] {
  const seqs = [...sequences].sort((a, b) => b.n - a.n)
  const first = new Map<string, number>()
  for (const s of seqs) for (const k of s.keys) if (!first.has(k)) first.set(k, first.size)
  const before = new Map<string, Set<string>>() // key → keys printed right before it in some row
  for (const s of seqs) {
    for (let i = 1; i < s.keys.length; i++) {
      const [a, b] = [s.keys[i - 1]!, s.keys[i]!]
      if (a === b) continue
      if (!before.has(b)) before.set(b, new Set())
      before.get(b)!.add(a)
    }
  }
  const remaining = new Set(first.keys())
  const out: string[] = []
  const byFirst = (a: string, b: string) => first.get(a)! - first.get(b)!
  while (remaining.size > 0) {
    const free = [...remaining].filter((k) => ![...(before.get(k) ?? [])].some((p) => remaining.has(p)))
    const pick = (free.length ? free : [...remaining]).sort(byFirst)[0]!
    out.push(pick)
    remaining.delete(pick)
  }
  return out
}

const STANDARD = (metric: string, label: string | null, fyKey: string | null, fy: string | null): string | null => {
  if (label != null) return null
  if ((metric === 'marketCap' || metric === 'price') && fyKey == null && fy == null) return metric
  if ((MULTIPLES as readonly string[]).includes(metric) && fyKey) return `${metric}:${fyKey}`
  return null
}

const NEVER_MONEY = new Set(['pe', 'ps', 'pb', 'price', 'eps'])

/** Rows of a table whose figures give its printed order (the first ones, by printed row number). */
const ORDER_SAMPLE = 500

/**
 * One table as printed: caption, provenance and its figure columns with a non-blank cell, in
 * printed order. The columns are one pass over the table's figures (by row_id); the order comes
 * from the first ORDER_SAMPLE rows' own figure order, a column first printed further down
 * following those; unit, "has numbers" and "has money" are probes that stop at the first hit.
 */
export function tableLayout(db: Db, tableId: number): ValuationTableLayout | null {
  const t = db
    .prepare(
      `SELECT t.id, t.report_id, r.institution, t.label, t.source, t.line, t.as_of_date, t.as_of_inferred, t.as_of_note, t.header_printed,
              (SELECT count(*) FROM valuation_row v WHERE v.table_id = t.id AND v.is_aggregate = 0) AS n
       FROM valuation_table t JOIN report r ON r.id = t.report_id WHERE t.id = ?`,
    )
    .get(tableId) as Record<string, any> | undefined
  if (!t) return null
  const keyed = db
    .prepare(
      `SELECT DISTINCT f.metric, f.label, f.fy_key, f.fy FROM valuation_row v CROSS JOIN valuation_figure f ON f.row_id = v.id
       WHERE v.table_id = ? AND v.is_aggregate = 0 AND f.printed <> ''`,
    )
    .all(tableId) as { metric: string; label: string | null; fy_key: string | null; fy: string | null }[]
  const byKey = new Map<string, (typeof keyed)[number]>()
  for (const k of keyed) {
    const key = columnKey(k.metric, k.label, k.fy_key, k.fy)
    if (!byKey.has(key)) byKey.set(key, k)
  }
  // the first rows' figures in printed order (blank cells too: they still say where a column sits)
  const sequences = (
    db
      .prepare(
        `SELECT seq, count(*) AS n FROM (
           SELECT group_concat(f.metric || char(31) || coalesce(f.label, '') || char(31) || coalesce(f.fy_key, CASE WHEN coalesce(f.fy, '') = '' THEN '' ELSE '~' || f.fy END), char(30) ORDER BY f.id) AS seq
           FROM (SELECT id FROM valuation_row WHERE table_id = ? AND is_aggregate = 0 ORDER BY row_no LIMIT ${ORDER_SAMPLE}) v
           CROSS JOIN valuation_figure f ON f.row_id = v.id
           GROUP BY v.id)
         GROUP BY seq`,
      )
      .all(tableId) as { seq: string | null; n: number }[]
  ).map((s) => ({ keys: s.seq ? s.seq.split('\u001e') : [], n: s.n }))
  const order = printedOrder(sequences)
  for (const key of byKey.keys()) if (!order.includes(key)) order.push(key)

  const match = `v.table_id = ? AND v.is_aggregate = 0 AND +f.metric = ? AND f.label IS ? AND f.fy_key IS ? AND (f.fy_key IS NOT NULL OR coalesce(f.fy, '') = ?) AND f.printed <> ''`
  const from = 'FROM valuation_row v CROSS JOIN valuation_figure f ON f.row_id = v.id'
  const unitOf = db.prepare(`SELECT f.unit ${from} WHERE ${match} LIMIT 1`).pluck()
  const hasNumber = db.prepare(`SELECT EXISTS (SELECT 1 ${from} WHERE ${match} AND f.value IS NOT NULL)`).pluck()
  const hasMoney = db.prepare(`SELECT EXISTS (SELECT 1 ${from} WHERE ${match} AND f.value_mn IS NOT NULL)`).pluck()
  const columns: ValuationTableColumn[] = []
  const used = new Set<string>()
  order.forEach((key, n) => {
    const k = byKey.get(key)
    if (!k) return // printed blank in every row
    const args = [tableId, k.metric, k.label, k.fy_key, k.fy ?? '']
    // a second column mapping to the same grid id (two market caps printed) is shown as printed
    const std = STANDARD(k.metric, k.label, k.fy_key, k.fy)
    const id = std && !used.has(std) ? std : `fig:${n}`
    used.add(id)
    columns.push({
      id,
      metric: k.metric,
      fyKey: k.fy_key,
      fy: k.fy,
      label: k.label,
      unit: (unitOf.get(...args) as string | null | undefined) ?? null,
      numbers: !!hasNumber.get(...args),
      // multiples and per-share figures are never normalised to millions (write.ts)
      money: !NEVER_MONEY.has(k.metric) && !!hasMoney.get(...args),
    })
  })
  return {
    id: t.id,
    reportId: t.report_id,
    institution: t.institution,
    label: t.label,
    source: t.source ?? null,
    line: t.line ?? null,
    asOfDate: t.as_of_date ?? null,
    asOfInferred: !!t.as_of_inferred,
    asOfNote: t.as_of_note ?? null,
    headerPrinted: t.header_printed ?? null,
    rows: t.n,
    columns,
  }
}

/** Columns asked for with a page (see ValuationPage.columns / .table). */
export function pageColumns(db: Db, i: PageInput, f: FilterSql): { columns: string[]; table?: ValuationTableLayout | null } {
  if (!i.tableId) return { columns: gridColumns(db, f) }
  const table = tableLayout(db, i.tableId)
  // the table alone: its layout already says which of the grid's columns it prints
  const onlyTable = !i.reportId && !i.market && !i.layerId && !i.search && !i.latestOnly && i.ranges.length === 0
  const columns = onlyTable
    ? gridColumnOrder([...(table?.columns ?? []).map((c) => c.id).filter((id) => !id.startsWith('fig:')), ...gridColumns(db, f, { figures: false })])
    : gridColumns(db, f)
  return { columns, table }
}
