/**
 * The basis of a roll-up (shared/compare.ts GroupBasis): how many values it rests on and why the
 * others were left out, which tables and dates they come from, how much of the weight sits with
 * companies placed in other layers too, the heaviest member, and a visible warning when the
 * figure leans on one company, on shared companies, on few values or on one table.
 *
 * Full mode (Compare cards): every line spelled out, warnings as lines of their own.
 * Compact mode (chain-map lane / segment headers): one line — n and a warning mark per warning
 * (full text in its tooltip) — that opens (a <details>) into everything the full mode shows.
 * A click inside does not reach a clickable header around it.
 */
import { institutionText } from '../../../shared/bundledText'
import type { MouseEvent } from 'react'
import type { BasisSource, BasisWarning, GroupBasis } from '../../../shared/compare'
import { formatPercent, type Lang } from '../../../shared/format'
import { companyName, fillText, useI18n, type Dict } from '../i18n'

export function reasonLabel(reason: string, t: Dict): string {
  return (
    { missing: t.reasonMissing, 'nm-negative': t.reasonNmNegative, 'nm-high': t.reasonNmHigh, flagged: t.reasonFlagged, user: t.reasonUser, included: t.included }[reason] ??
    reason
  )
}

/** Punctuation that differs between the two languages. */
const punct = (lang: Lang) => (lang === 'zh' ? { colon: '：', sep: '；', open: '（', close: '）' } : { colon: ': ', sep: '; ', open: ' (', close: ')' })

export interface BasisProps {
  basis: GroupBasis
  /** one line (n and warning marks with tooltips) that expands into the details */
  compact?: boolean
  /** show the count of included values that carry no weight (default true; a card that shows them beside its total passes false) */
  showUnweighted?: boolean
  className?: string
}

/** Sources listed before "+n more" (the rest are in the tooltip). */
const SOURCES_SHOWN = 3

const pct = (v: number | null | undefined) => formatPercent(v, 0)

/** "图 19：AIGC 相关企业估值" → "图 19"; a label without a numbered prefix is kept (shortened). */
export function shortTableLabel(label: string): string {
  const head = label.split(/[：:]/)[0]!.trim()
  if (head !== label && /\d/.test(head)) return head
  return label.length > 18 ? `${label.slice(0, 17)}…` : label
}

export function sourceText(s: BasisSource, t: Dict, lang: Lang): string {
  return `${institutionText(s.institution, lang)} ${shortTableLabel(s.tableLabel)} · ${s.asOfDate ?? t.basisNoDate} ×${s.rows}`
}

function sourceTitle(s: BasisSource, t: Dict, lang: Lang): string {
  return `${institutionText(s.institution, lang)} · ${s.tableLabel} · ${s.asOfDate ?? t.basisNoDate} · ${s.rows} ${t.rows}`
}

/** The excluded members by reason, e.g. "质量标记 1 · 手动剔除 1"; empty when none. */
export function excludedText(b: GroupBasis, t: Dict): string {
  return Object.entries(b.excluded)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${reasonLabel(r, t)} ${n}`)
    .join(' · ')
}

export const excludedTotal = (b: GroupBasis) => Object.values(b.excluded).reduce((a, n) => a + n, 0)

/** "n = 5 included / 1 excluded" */
export function countText(b: GroupBasis, t: Dict): string {
  return `n = ${b.included} ${t.basisIncluded} / ${excludedTotal(b)} ${t.basisExcluded}`
}

/** The full sentence of one warning, with the figures that triggered it. */
export function warningText(w: BasisWarning, b: GroupBasis, t: Dict, lang: Lang): string {
  switch (w) {
    case 'concentrated':
      return fillText(t.warnConcentrated, { name: b.heaviest ? companyName(b.heaviest, lang) : '—', w: pct(b.heaviest?.weight) })
    case 'shared':
      return fillText(t.warnShared, { w: pct(b.sharedWeight) })
    case 'thin':
      return fillText(t.warnThin, { n: b.included })
    case 'one-source':
      return t.warnOneSource
  }
}

export function warningShort(w: BasisWarning, t: Dict): string {
  return { concentrated: t.warnConcentratedShort, shared: t.warnSharedShort, thin: t.warnThinShort, 'one-source': t.warnOneSourceShort }[w]
}

function Details({ basis: b }: { basis: GroupBasis }) {
  const { t, lang } = useI18n()
  const p = punct(lang)
  const shown = b.sources.slice(0, SOURCES_SHOWN)
  const rest = b.sources.slice(SOURCES_SHOWN)
  return (
    <>
      {b.sources.length > 0 && (
        <div className="basis-line" data-basis="sources">
          <span className="basis-key">{t.basisSources}{p.colon}</span>
          {shown.map((s, i) => (
            <span key={`${s.reportId}|${s.tableLabel}|${s.asOfDate ?? ''}`} className="basis-source" title={sourceTitle(s, t, lang)}>
              {i > 0 && p.sep}
              {sourceText(s, t, lang)}
            </span>
          ))}
          {rest.length > 0 && (
            <span className="basis-source muted" title={rest.map((s) => sourceTitle(s, t, lang)).join('\n')}>
              {p.sep}
              {fillText(t.basisMoreSources, { n: rest.length })}
            </span>
          )}
        </div>
      )}
      {b.members > 0 && (
        <div className="basis-line" data-basis="shared">
          <span className="basis-key">{t.basisShared}{p.colon}</span>
          {b.sharedWeight != null && b.shared > 0
            ? fillText(t.basisSharedValue, { n: b.shared, w: pct(b.sharedWeight) })
            : fillText(t.basisSharedCount, { n: b.shared })}
        </div>
      )}
      {b.heaviest && (
        <div className="basis-line" data-basis="heaviest">
          <span className="basis-key">{t.basisHeaviest}{p.colon}</span>
          {companyName(b.heaviest, lang)} {pct(b.heaviest.weight)}
        </div>
      )}
    </>
  )
}

function CountLine({ basis: b, showUnweighted }: { basis: GroupBasis; showUnweighted: boolean }) {
  const { t, lang } = useI18n()
  const p = punct(lang)
  const reasons = excludedText(b, t)
  return (
    <span className="basis-n" data-basis="count">
      {b.members === 0 ? `n = 0 · ${t.basisEmpty}` : countText(b, t)}
      {reasons && (
        <span className="basis-reasons" data-basis="reasons">
          {p.open}
          {reasons}
          {p.close}
        </span>
      )}
      {showUnweighted && b.unweighted > 0 && (
        <span className="basis-reasons warn" data-basis="unweighted">
          {' · '}
          {t.unweighted} {b.unweighted}
        </span>
      )}
    </span>
  )
}

/** Stops a click inside (opening the details) from also reaching a clickable header around it. */
const stop = (e: MouseEvent) => e.stopPropagation()

export function Basis({ basis: b, compact = false, showUnweighted = true, className }: BasisProps) {
  const { t, lang } = useI18n()
  const cls = ['basis', compact ? 'compact' : '', b.warnings.length ? 'has-warnings' : '', className ?? ''].filter(Boolean).join(' ')
  if (compact) {
    return (
      <div className={cls} data-testid="basis" data-warnings={b.warnings.join(' ')}>
        <details onClick={stop}>
          <summary title={t.basisTitle}>
            <span className="basis-n" data-basis="summary">
              {b.members === 0 ? `n = 0 · ${t.basisEmpty}` : countText(b, t)}
            </span>
            {b.warnings.map((w) => (
              <span key={w} className="basis-flag" data-warning={w} title={warningText(w, b, t, lang)} aria-label={warningText(w, b, t, lang)}>
                ⚠{warningShort(w, t)}
              </span>
            ))}
          </summary>
          <div className="basis-details">
            <div className="basis-line">
              <CountLine basis={b} showUnweighted={showUnweighted} />
            </div>
            <Details basis={b} />
            <Warnings basis={b} />
          </div>
        </details>
      </div>
    )
  }
  return (
    <div className={cls} data-testid="basis" data-warnings={b.warnings.join(' ')} aria-label={t.basisTitle}>
      <div className="basis-line">
        <CountLine basis={b} showUnweighted={showUnweighted} />
      </div>
      <Details basis={b} />
      <Warnings basis={b} />
    </div>
  )
}

function Warnings({ basis: b }: { basis: GroupBasis }) {
  const { t, lang } = useI18n()
  if (b.warnings.length === 0) return null
  return (
    <ul className="basis-warnings" role="note">
      {b.warnings.map((w) => (
        <li key={w} className="basis-warning" data-warning={w}>
          <span aria-hidden="true">⚠ </span>
          {warningText(w, b, t, lang)}
        </li>
      ))}
    </ul>
  )
}
