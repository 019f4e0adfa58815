/**
 * What a commit writes, decided before anything is written: the source record, one table per
 * as-of date, the rows with their securities and figures (printed string, parsed value, unit,
 * currency, source column), and the securities to create. Stored with the import so redo writes
 * exactly the same thing again.
 */
import type { ImportRow, RejectedRow, ColumnMapping } from '../../../../shared/import/types'
import { parseCellNumber } from '../../../../shared/import/cells'
import type { Run } from './pipeline'
import { listingCurrency } from './resolve'
import { marketOf } from '../../../../shared/tickers'

/** [metric, fy as printed, fy key, printed, value, unit, currency, value in millions, source column] */
export type PayloadFigure = [string, string | null, string | null, string, number | null, string | null, string | null, number | null, string | null]

export interface PayloadRow {
  /** index into tables */
  t: number
  sourceRow: number
  securityId: string
  company: string
  ticker: string | null
  figures: PayloadFigure[]
}

export interface NewSecurity {
  id: string
  nameZh: string | null
  nameEn: string | null
  market: string
  currency: string | null
  listed: boolean
  aliases: string[]
}

export interface PayloadTable {
  label: string
  asOf: string | null
  asOfInferred: boolean
  source: string
  header: string
}

export interface ImportPayload {
  v: 1
  report: { id: string; created: boolean; institution: string; title: string | null; date: string | null }
  tables: PayloadTable[]
  rows: PayloadRow[]
  securities: NewSecurity[]
}

export interface Decisions {
  skipRows: ReadonlySet<number>
  skipRejected: boolean
  createNew: boolean
}

export interface Planned {
  rows: PayloadRow[]
  securities: NewSecurity[]
  tables: PayloadTable[]
  /** rows left out, each with its reason */
  leftOut: RejectedRow[]
  /** problems that refuse the commit until the analyst decides */
  blocking: RejectedRow[]
}

const headerOf = (cols: ColumnMapping[], i: number) => cols.find((c) => c.index === i)?.header ?? null

function figuresOf(r: ImportRow, cols: ColumnMapping[]): PayloadFigure[] {
  const out: PayloadFigure[] = []
  const col = (kind: string) => cols.find((c) => c.role.kind === kind)
  const price = col('price')
  if (r.pricePrinted != null && r.pricePrinted.trim() !== '') {
    out.push(['price', null, null, r.pricePrinted, r.price, price?.unit ?? null, r.currency, null, price?.header ?? null])
  }
  const cap = col('marketCap')
  if (r.marketCapPrinted != null && r.marketCapPrinted.trim() !== '') {
    out.push(['marketCap', null, null, r.marketCapPrinted, parseCellNumber(r.marketCapPrinted).value, cap?.unit ?? null, r.marketCapCurrency, r.marketCapMn, cap?.header ?? null])
  }
  for (const m of r.multiples) {
    if (m.printed.trim() === '') continue
    const c = cols.find((x) => x.index === m.column)
    out.push([m.metric, c?.basisPrinted ?? m.basis, m.basis, m.printed, m.value, c?.unit ?? 'x', null, null, headerOf(cols, m.column)])
  }
  return out
}

const reject = (sourceRow: number, reason: string, message: string): RejectedRow => ({ sourceRow, column: null, value: null, reason, message })

/** Tables by as-of date: a file of several trade dates (tushare daily_basic) is one snapshot per date. */
function tablesOf(run: Run, asOf: string | null, fileLabel: string): { tables: PayloadTable[]; indexOf: (r: ImportRow) => number } {
  const { interpretation: it } = run
  const dates = [...new Set(it.rows.map((r) => r.date ?? ''))].sort()
  const header = it.columns.map((c) => c.header).join(' | ')
  const source = `${fileLabel}${run.sheet ? ` · ${run.sheet}` : ''} · sha256 ${run.src.fileHash.slice(0, 12)}`
  const tables = dates.map((d) => ({
    label: d ? `${fileLabel} (${d})` : fileLabel,
    asOf: d || asOf || it.asOf,
    asOfInferred: !d && !asOf && !it.asOf,
    source,
    header,
  }))
  const index = new Map(dates.map((d, i) => [d, i]))
  return { tables, indexOf: (r) => index.get(r.date ?? '')! }
}

export function plan(run: Run, d: Decisions, asOf: string | null): Planned {
  const { interpretation: it, resolutions } = run
  const leftOut: RejectedRow[] = []
  const blocking: RejectedRow[] = []
  const rejectedRows = new Set(it.rejected.map((r) => r.sourceRow))
  for (const r of it.rejected) {
    if (d.skipRows.has(r.sourceRow) || d.skipRejected) leftOut.push(r)
    else blocking.push(r)
  }
  // a multiple whose basis the file does not print cannot be compared with anything: ask
  for (const c of it.columns) {
    if (c.role.kind === 'multiple' && !c.role.basis) {
      blocking.push({ sourceRow: it.headerRows[0] ?? 1, column: c.index, value: c.header, reason: 'column.basisMissing', message: `column ${c.index + 1} ("${c.header}"): the ${c.role.metric === 'pe' ? 'P/E' : 'P/S'} basis (fiscal year, TTM, LYR…) is not printed; choose it in the column mapping` })
    }
  }
  const { tables, indexOf } = tablesOf(run, asOf, run.src.fileName)
  const rows: PayloadRow[] = []
  const created = new Map<string, NewSecurity>()
  const seen = new Set<string>()
  it.rows.forEach((r, i) => {
    if (rejectedRows.has(r.sourceRow)) return
    if (d.skipRows.has(r.sourceRow)) return void leftOut.push(reject(r.sourceRow, 'row.skipped', `row ${r.sourceRow}: skipped by the analyst`))
    const res = resolutions[i]!
    if (res.status === 'unresolved') {
      const p = reject(r.sourceRow, 'security.unresolved', `row ${r.sourceRow}: no security found for "${r.codePrinted ?? r.name ?? ''}"; choose one or skip the row`)
      return void (d.skipRejected ? leftOut : blocking).push(p)
    }
    if (res.status === 'new') {
      if (!d.createNew) {
        const p = reject(r.sourceRow, 'security.new', `row ${r.sourceRow}: ${res.securityId} (${r.name ?? ''}) is not in the workspace; confirm creating it, choose another, or skip the row`)
        return void (d.skipRejected ? leftOut : blocking).push(p)
      }
      if (!created.has(res.securityId)) {
        const market = marketOf(res.securityId)
        created.set(res.securityId, {
          id: res.securityId,
          nameZh: res.nameZh,
          nameEn: res.nameEn,
          market,
          currency: market === 'unlisted' ? null : (r.currency ?? listingCurrency(res.securityId)),
          listed: market !== 'unlisted',
          aliases: [...new Set([r.codePrinted, r.name, res.securityId].filter((x): x is string => !!x && x.trim() !== ''))],
        })
      }
    }
    const t = indexOf(r)
    const key = `${t}\u0000${res.securityId}`
    if (seen.has(key)) {
      const p = reject(r.sourceRow, 'row.duplicate', `row ${r.sourceRow}: ${res.securityId} appears twice for the same date; skip one of the rows`)
      return void (d.skipRejected ? leftOut : blocking).push(p)
    }
    seen.add(key)
    rows.push({ t, sourceRow: r.sourceRow, securityId: res.securityId, company: r.name?.trim() || r.codePrinted || res.securityId, ticker: r.codePrinted, figures: figuresOf(r, it.columns) })
  })
  return { rows, securities: [...created.values()], tables, leftOut, blocking }
}
