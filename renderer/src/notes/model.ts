/**
 * What the notes screens compute from data already in the renderer: a security's market facts
 * and thesis facts (read from `securities.get`, the same rules as the back end's
 * electron/main/domains/notes/market.ts), default scenarios, and words for errors and flags.
 */
import type { NoteSummary, ThesisFlagView } from '../../../shared/api/notes'
import type { FigureView, SecurityDetail, ValuationRowView } from '../../../shared/domain'
import { formatMultiple, formatNumber, formatPercent, type Lang } from '../../../shared/format'
import { compareFy } from '../../../shared/pivot'
import type { DriverKind, Scenario, ScenarioSet, ThesisCheck } from '../../../shared/scenario'
import type { MarketFacts } from '../../../shared/scenarioMath'
import type { ReportPe, ThesisFacts } from '../../../shared/thesis'
import { ApiError } from '../api'
import { errorText } from '../errorText'
import { fillText } from '../i18n'
import { NOTES_TEXT, type NotesText } from './text'

const priced = (r: ValuationRowView, metric: string) => !r.isAggregate && r.figures.some((f) => f.metric === metric && f.value != null)
const fig = (r: ValuationRowView, metric: string, fyKey: string | null): FigureView | undefined =>
  r.figures.find((f) => f.metric === metric && (f.fyKey ?? null) === fyKey && f.value != null)

/** Rows newest first (as-of descending, undated last), the order the back end reads "latest" in. */
export function latestFirst(rows: readonly ValuationRowView[]): ValuationRowView[] {
  return [...rows].sort((a, b) => {
    if (a.asOfDate !== b.asOfDate) {
      if (a.asOfDate == null) return 1
      if (b.asOfDate == null) return -1
      return a.asOfDate < b.asOfDate ? 1 : -1
    }
    return a.reportId.localeCompare(b.reportId) || a.tableId - b.tableId || a.rowNo - b.rowNo
  })
}

/**
 * Latest printed price and market cap. Prices the analyst entered with prices.set are not in
 * securities.get, so they do not show here (thesis flags, computed by main, do use them).
 */
export function marketFactsOf(d: SecurityDetail): MarketFacts {
  const row = latestFirst(d.valuations).find((r) => priced(r, 'price'))
  const price = row ? fig(row, 'price', null) : undefined
  const mcap = row ? fig(row, 'marketCap', null) : undefined
  return {
    price: price?.value ?? null,
    priceCurrency: price?.currency ?? null,
    priceAsOf: row?.asOfDate ?? null,
    priceSource: row ? `${row.institution}${row.tableLabel ? ` · ${row.tableLabel}` : ''}` : null,
    mcapMn: mcap?.valueMn ?? null,
    mcapCurrency: mcap?.currency ?? null,
  }
}

/** The report-side facts the thesis checks read (baselines are filled from these). */
export function thesisFactsOf(d: SecurityDetail, m: MarketFacts): ThesisFacts {
  const rows = latestFirst(d.valuations)
  return {
    price: m.price,
    priceCurrency: m.priceCurrency,
    marketMultiple: (kind, fyKey) => {
      for (const r of rows) if (priced(r, kind)) {
        const f = fig(r, kind, fyKey)
        if (f?.value != null) return f.value
      }
      return null
    },
    reportPe: (fyKey) => {
      const seen = new Set<string>()
      const out: ReportPe[] = []
      for (const r of rows) {
        if (r.isAggregate || seen.has(r.reportId)) continue
        const f = fig(r, 'pe', fyKey)
        if (f?.value == null) continue
        seen.add(r.reportId)
        out.push({ value: f.value, reportId: r.reportId, institution: r.institution, asOf: r.asOfDate })
      }
      return out
    },
    stances: [...new Set(d.coverage.map((c) => c.stance).filter((s): s is string => !!s))],
  }
}

/** Fiscal years present in the data (P/E or P/S), oldest first. */
export function fyKeysOf(d: SecurityDetail | undefined): string[] {
  const s = new Set<string>()
  for (const r of d?.valuations ?? []) for (const f of r.figures) if (f.fyKey && (f.metric === 'pe' || f.metric === 'ps')) s.add(f.fyKey)
  return [...s].sort(compareFy)
}

export const isPerShare = (k: DriverKind) => k === 'eps' || k === 'sps'
export const multipleFor = (k: DriverKind): 'pe' | 'ps' => (k === 'eps' || k === 'netIncome' ? 'pe' : 'ps')

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits

/**
 * Bear / base / bull at 25 / 50 / 25, started from the latest report: the driver is the EPS the
 * printed P/E implies (price ÷ P/E) for the first estimate year, or sales per share from P/S
 * for a loss-maker; target multiples at 0.7×, 1× and 1.3× today's. The analyst changes them.
 */
export function defaultScenarios(d: SecurityDetail | undefined, m: MarketFacts, now: Date): ScenarioSet {
  const years = fyKeysOf(d)
  const facts = d ? thesisFactsOf(d, m) : null
  // The first estimate year not yet over when the latest report was dated (a February 2023
  // report's FY22E is all but reported), then other estimates, then actuals.
  const asOfYear = Number((m.priceAsOf ?? '').slice(0, 4)) || now.getFullYear()
  const fyYear = (y: string) => 2000 + Number(y.slice(2, 4))
  const pick = (kind: 'pe' | 'ps') => {
    const est = years.filter((y) => y.endsWith('E'))
    const ys = [...est.filter((y) => fyYear(y) >= asOfYear), ...est.filter((y) => fyYear(y) < asOfYear), ...years.filter((y) => !y.endsWith('E'))]
    for (const y of ys) {
      const v = facts?.marketMultiple(kind, y)
      if (v != null && v > 0) return { fyKey: y, multiple: v }
    }
    return null
  }
  const pe = pick('pe')
  const ps = pe ? null : pick('ps')
  const base = pe ?? ps
  const kind: DriverKind = ps ? 'sps' : 'eps'
  const fyKey = base?.fyKey ?? years.at(-1) ?? `FY${String((now.getFullYear() + 1) % 100).padStart(2, '0')}E`
  const driverValue = base && m.price ? round(m.price / base.multiple, 3) : 1
  const multiple = base ? base.multiple : 20
  const currency = m.priceCurrency ?? d?.security.currency ?? 'CNY'
  const make = (name: string, probability: number, k: number, checks: ThesisCheck[]): Scenario => ({
    name,
    probability,
    driver: { kind, value: driverValue, fyKey, currency },
    multiple: { kind: multipleFor(kind), value: Math.max(0.1, round(multiple * k, 1)) },
    horizon: '12m',
    rationale: '',
    assumptions: '',
    disproof: '',
    checks,
  })
  return {
    writtenAt: now.toISOString(),
    scenarios: [
      make('bear', 25, 0.7, [{ rule: 'priceBelowTarget' }]),
      make('base', 50, 1, []),
      make('bull', 25, 1.3, [{ rule: 'multipleAboveTarget' }]),
    ],
  }
}

/** A scenario's display name: bear/base/bull in the user's language, the analyst's own name as typed. */
export const scenarioLabel = (name: string, tx: NotesText) => tx.scenarioNames[name] ?? name

/** Subject name in the user's language (the other language as fallback). */
export function subjectText(n: Pick<NoteSummary, 'subject' | 'subjectName'>, lang: Lang): string {
  const tx = NOTES_TEXT[lang]
  if (n.subject.kind === 'theme') return tx.kind.theme!
  const name = n.subjectName ? (lang === 'zh' ? (n.subjectName.zh ?? n.subjectName.en) : (n.subjectName.en ?? n.subjectName.zh)) : null
  return name ?? n.subject.id ?? '—'
}

const pad = (n: number) => String(n).padStart(2, '0')
export const clock = (iso: string) => {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}
export const stamp = (iso: string | null | undefined) => {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Errors in words: the notes codes here, everything else through the app's table. */
export function noteErrorText(e: unknown, lang: Lang): string {
  if (e instanceof ApiError) {
    const own = NOTES_TEXT[lang].errors[e.code]
    if (own) return fillText(own, Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, String(v ?? '')])))
    const issue = e.body.issues?.find((i) => NOTES_TEXT[lang].errors[i.code])
    if (issue) return NOTES_TEXT[lang].errors[issue.code]!
  }
  return errorText(e, lang)
}

const num = (v: unknown) => (typeof v === 'number' ? v : null)

/** Why a thesis check fired, from the numbers the back end recorded with it. */
export function flagReason(f: ThesisFlagView, lang: Lang): string {
  const d = f.detail
  const zh = lang === 'zh'
  switch (f.rule) {
    case 'priceBelowTarget':
      return zh
        ? `最新价 ${formatNumber(num(d.price), 2)} ${d.currency ?? ''}${d.priceAsOf ? `（${d.priceAsOf}${d.priceSource ? `，${d.priceSource}` : ''}）` : ''} 低于目标价 ${formatNumber(num(d.target), 2)}`
        : `latest price ${formatNumber(num(d.price), 2)} ${d.currency ?? ''}${d.priceAsOf ? ` (${d.priceAsOf}${d.priceSource ? `, ${d.priceSource}` : ''})` : ''} is below the target ${formatNumber(num(d.target), 2)}`
    case 'multipleAboveTarget': {
      const k = d.kind === 'ps' ? 'P/S' : 'P/E'
      return zh
        ? `${d.fyKey} 市场 ${k} ${formatMultiple(num(d.multiple), lang)} 高于目标 ${formatMultiple(num(d.target), lang)}`
        : `market ${k} for ${d.fyKey} ${formatMultiple(num(d.multiple), lang)} is above the target ${formatMultiple(num(d.target), lang)}`
    }
    case 'reportPeMove': {
      const others = num(d.reports) != null && num(d.reports)! > 1 ? num(d.reports)! - 1 : 0
      return zh
        ? `${d.institution ?? d.report}${d.asOf ? `（${d.asOf}）` : ''} ${d.fyKey} P/E 由 ${formatMultiple(num(d.from), lang)} 变为 ${formatMultiple(num(d.to), lang)}（${formatSigned(num(d.move))}，阈值 ±${d.pct}%）${others ? `；另有 ${others} 份研报超出阈值` : ''}`
        : `${d.institution ?? d.report}${d.asOf ? ` (${d.asOf})` : ''} P/E for ${d.fyKey} moved from ${formatMultiple(num(d.from), lang)} to ${formatMultiple(num(d.to), lang)} (${formatSigned(num(d.move))}, limit ±${d.pct}%)${others ? `; ${others} more reports past the limit` : ''}`
    }
    case 'stanceChange':
      return zh ? `观点由“${d.from}”变为${d.to ? `“${d.to}”` : '无观点'}` : `stance changed from "${d.from}" to ${d.to ? `"${d.to}"` : 'none'}`
    default:
      return JSON.stringify(d)
  }
}

export function formatSigned(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—'
  if (Math.abs(v) < 5e-4) return formatPercent(0)
  return `${v > 0 ? '+' : ''}${formatPercent(v)}`
}
