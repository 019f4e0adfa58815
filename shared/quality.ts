/**
 * Data-quality flags, computed from the stored rows — a flag never changes a value.
 *  implausible-margin P/E within 2× of P/S for one fiscal year: implied net margin (P/S ÷ P/E) of
 *                     50% or more, which almost no company earns; P/E below P/S means above 100%
 *  unit-vs-caption    a cell's printed unit names a different currency than its table caption
 *  as-of-inferred     the table's as-of date is partly inferred (e.g. the year)
 *  as-of-partial      the table prints an as-of that is not a day (e.g. 截至2022年2月)
 *  as-of-missing      the table prints no as-of date
 *  cross-report-diff  the same multiple (metric + fiscal year) differs across reports for one security
 *                     at the same time (as-of dates within SAME_TIME_DAYS, or unknown); figures of
 *                     one security on different dates are history, not disagreement
 *  extraction         a flag recorded when the figure was extracted (kept with its note)
 */
import type { ValuationRowView } from './domain'
import { parseUnit } from './units'

export type QualityCode = 'implausible-margin' | 'unit-vs-caption' | 'as-of-inferred' | 'as-of-partial' | 'as-of-missing' | 'cross-report-diff' | 'extraction'
/** In order of severity: what can change a conclusion first, paperwork last. */
export const QUALITY_CODES: readonly QualityCode[] = ['implausible-margin', 'unit-vs-caption', 'cross-report-diff', 'extraction', 'as-of-missing', 'as-of-partial', 'as-of-inferred']

export interface QualityFlag {
  code: QualityCode
  rowId: number
  securityId: string | null
  reportId: string
  tableLabel: string
  company: string
  nameZh: string | null
  nameEn: string | null
  fyKey: string | null
  /** facts behind the flag, for the message (numbers as printed) */
  detail: Record<string, string | number | null>
}

/** Implied net margin from which a P/E–P/S pair is flagged. */
export const IMPLAUSIBLE_MARGIN = 0.5

const MONEY_METRICS = new Set(['marketCap', 'valuation', 'revenue', 'netProfit'])

function captionCurrencies(row: ValuationRowView): Set<string> {
  const text = `${row.tableLabel} ${row.asOfNote ?? ''}`
  const found = new Set<string>()
  for (const m of text.matchAll(/(千亿|百亿|十亿|亿|千万|百万|万)?(美元|港元|港币|人民币|元)/g)) {
    const c = parseUnit(m[0]).currency
    if (c) found.add(c)
  }
  return found
}

export function qualityFlags(rows: readonly ValuationRowView[]): QualityFlag[] {
  const out: QualityFlag[] = []
  const base = (r: ValuationRowView) => ({
    rowId: r.id,
    securityId: r.securityId,
    reportId: r.reportId,
    tableLabel: r.tableLabel,
    company: r.companyPrinted,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
  })
  for (const r of rows) {
    if (!r.asOfDate) out.push({ code: r.asOfNote ? 'as-of-partial' : 'as-of-missing', ...base(r), fyKey: null, detail: { note: r.asOfNote } })
    else if (r.asOfInferred) out.push({ code: 'as-of-inferred', ...base(r), fyKey: null, detail: { asOf: r.asOfDate, note: r.asOfNote } })
    for (const f of r.flags) out.push({ code: 'extraction', ...base(r), fyKey: null, detail: { kind: f.code, note: f.note } })
    if (r.isAggregate) continue
    for (const pe of r.figures.filter((f) => f.metric === 'pe' && f.fyKey && f.value != null && f.value > 0)) {
      const ps = r.figures.find((f) => f.metric === 'ps' && f.fyKey === pe.fyKey && f.value != null && f.value > 0)
      if (ps && ps.value! / pe.value! >= IMPLAUSIBLE_MARGIN) {
        out.push({ code: 'implausible-margin', ...base(r), fyKey: pe.fyKey, detail: { pe: pe.printed, ps: ps.printed, margin: ps.value! / pe.value! } })
      }
    }
    const caption = captionCurrencies(r)
    if (caption.size === 1) {
      const [cap] = [...caption]
      for (const f of r.figures) {
        if (!MONEY_METRICS.has(f.metric) || f.value == null) continue
        const own = parseUnit(cellUnit(f.printed) ?? f.unit).currency
        if (own && own !== cap) out.push({ code: 'unit-vs-caption', ...base(r), fyKey: f.fyKey, detail: { printed: f.printed, caption: cap!, cell: own } })
      }
    }
  }
  for (const f of crossReport(rows)) out.push(f) // no spread: a whole market overflows the stack
  const rank = (c: QualityCode) => QUALITY_CODES.indexOf(c)
  return out.sort((a, b) => rank(a.code) - rank(b.code) || a.rowId - b.rowId)
}

/** The unit a cell prints after its number ("1400亿港元" → "亿港元"), if any. */
function cellUnit(printed: string): string | null {
  const m = printed.trim().match(/^[-+]?[\d,.]+\s*(\D+)$/)
  return m ? m[1]! : null
}

/** Two as-of dates this close count as "the same time" (a week, as for FX staleness). */
export const SAME_TIME_DAYS = 7

function sameTime(a: string | null, b: string | null): boolean {
  if (!a || !b) return true
  return Math.abs(Date.parse(a) - Date.parse(b)) <= SAME_TIME_DAYS * 86_400_000
}

function crossReport(rows: readonly ValuationRowView[]): QualityFlag[] {
  const out: QualityFlag[] = []
  const bySec = new Map<string, ValuationRowView[]>()
  for (const r of rows) {
    if (!r.securityId || r.isAggregate) continue
    const list = bySec.get(r.securityId)
    if (list) list.push(r)
    else bySec.set(r.securityId, [r])
  }
  for (const list of bySec.values()) {
    if (new Set(list.map((r) => r.reportId)).size < 2) continue
    const seen = new Map<string, { r: ValuationRowView; printed: string; value: number }[]>()
    for (const r of list) {
      for (const f of r.figures) {
        if ((f.metric !== 'pe' && f.metric !== 'ps') || !f.fyKey || f.value == null) continue
        const k = `${f.metric}:${f.fyKey}`
        const list = seen.get(k)
        if (list) list.push({ r, printed: f.printed, value: f.value })
        else seen.set(k, [{ r, printed: f.printed, value: f.value }])
      }
    }
    for (const [k, all] of seen) {
      for (const v of all) {
        // the values printed by other reports at the same time as this one
        const vals = all.filter((x) => x === v || (x.r.reportId !== v.r.reportId && sameTime(x.r.asOfDate, v.r.asOfDate)))
        if (new Set(vals.map((x) => x.r.reportId)).size < 2 || new Set(vals.map((x) => x.value)).size < 2) continue
        out.push({
          code: 'cross-report-diff',
          rowId: v.r.id,
          securityId: v.r.securityId,
          reportId: v.r.reportId,
          tableLabel: v.r.tableLabel,
          company: v.r.companyPrinted,
          nameZh: v.r.nameZh,
          nameEn: v.r.nameEn,
          fyKey: k.split(':')[1]!,
          detail: { metric: k.split(':')[0]!, values: vals.map((x) => `${x.r.institution}: ${x.printed}`).join(' / ') },
        })
      }
    }
  }
  return out
}

export function countByCode(flags: readonly QualityFlag[]): Record<QualityCode, number> {
  const c = Object.fromEntries(QUALITY_CODES.map((k) => [k, 0])) as Record<QualityCode, number>
  for (const f of flags) c[f.code]++
  return c
}
