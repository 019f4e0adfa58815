/**
 * Scenario cards for a note about a security: probability, driver × target multiple, horizon,
 * the reasoning, thesis checks; computed target price / market cap / upside per card and the
 * probability-weighted target (shared/scenarioMath.ts), against the latest price in the data.
 * The reports' own figures for the company sit beside the inputs.
 */
import { institutionText } from '../../../shared/bundledText'
import { LayerReference } from './LayerReference'
import { useEffect, useMemo, useState } from 'react'
import type { SecurityDetail } from '../../../shared/domain'
import { formatMillions, formatMultiple, formatNumber, type Lang } from '../../../shared/format'
import { pivotValuation, yearColumns } from '../../../shared/pivot'
import type { DriverKind, Scenario, ScenarioSet, ThesisCheck } from '../../../shared/scenario'
import { computeScenarios, type MarketFacts, type ScenarioResult } from '../../../shared/scenarioMath'
import { baselineChecks } from '../../../shared/thesis'
import { ConfirmDialog } from '../components/Dialog'
import { fillText, useI18n } from '../i18n'
import { useApiQuery } from '../useApi'
import { defaultScenarios, formatSigned, fyKeysOf, latestFirst, marketFactsOf, multipleFor, noteErrorText, scenarioLabel, thesisFactsOf } from './model'
import { NOTES_TEXT, type NotesText } from './text'

interface Props {
  securityId: string
  value: ScenarioSet | null
  /** why the current set is not saved (schema code), null when fine */
  problem: string | null
  readOnly: boolean
  /**
   * The latest price and market cap as main measures thesis checks against (it includes prices
   * entered with prices.set), when notes.get supplies them; otherwise the latest printed row of
   * securities.get is used, which does not know entered prices.
   */
  market?: MarketFacts | null
  onChange: (set: ScenarioSet | null) => void
}

const DRIVERS: DriverKind[] = ['eps', 'sps', 'netIncome', 'revenue']
const EMPTY_FACTS: MarketFacts = { price: null, priceCurrency: null, priceAsOf: null, priceSource: null, mcapMn: null, mcapCurrency: null }

export function Scenarios({ securityId, value, problem, readOnly, market, onChange }: Props) {
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  const detail = useApiQuery('securities.get', { id: securityId })
  const d = detail.data
  const facts = useMemo(() => market ?? (d ? marketFactsOf(d) : EMPTY_FACTS), [d, market])
  const tfacts = useMemo(() => (d ? thesisFactsOf(d, facts) : null), [d, facts])
  const summary = useMemo(() => (value ? computeScenarios(value, facts) : null), [value, facts])
  const [removing, setRemoving] = useState(false)

  const years = useMemo(() => {
    const s = new Set(fyKeysOf(d))
    for (const x of value?.scenarios ?? []) s.add(x.driver.fyKey)
    return [...s]
  }, [d, value])
  const currencies = useMemo(
    () => [...new Set(['CNY', 'HKD', 'USD', d?.security.currency, facts.priceCurrency, ...(value?.scenarios.map((s) => s.driver.currency) ?? [])].filter((c): c is string => !!c))],
    [d, facts, value],
  )

  // Baselines of new checks come from today's data (the median report P/E, the current stance).
  const commit = (set: ScenarioSet) => onChange(tfacts ? baselineChecks(set, tfacts) : set)
  const update = (i: number, f: (s: Scenario) => Scenario) => value && commit({ ...value, scenarios: value.scenarios.map((s, j) => (j === i ? f(s) : s)) })

  return (
    <section className="scenarios" aria-label={tx.scenarios} data-testid="scenarios">
      <div className="scen-head">
        <h3>{tx.scenarios}</h3>
        <span className="spacer" />
        {value && !readOnly && (
          <>
            <button
              className="small"
              onClick={() => {
                const base = value.scenarios[Math.min(1, value.scenarios.length - 1)]!
                commit({ ...value, scenarios: [...value.scenarios, { ...base, name: `S${value.scenarios.length + 1}`, probability: 0, checks: [] }] })
              }}
              disabled={value.scenarios.length >= 12}
            >
              + {tx.addScenario}
            </button>
            <button className="small danger-text" onClick={() => setRemoving(true)}>
              {tx.removeScenarios}
            </button>
          </>
        )}
      </div>
      {detail.error && <p className="error small">{noteErrorText(detail.error, lang)}</p>}
      <MarketLine facts={facts} lang={lang} tx={tx} />
      {d && <Reference d={d} />}
      <LayerReference securityId={securityId} fyKey={value?.scenarios[0]?.driver.fyKey ?? 'FY23E'} kind={value?.scenarios[0]?.multiple.kind ?? 'pe'} />
      {!value && !readOnly && (
        <div className="scen-empty">
          <button className="primary" onClick={() => commit(defaultScenarios(d, facts, new Date()))} disabled={!d} data-testid="add-scenarios">
            {tx.addDefaultScenarios}
          </button>
          <span className="muted small">{tx.defaultsHint}</span>
        </div>
      )}
      {value && summary && (
        <>
          <div className="scen-summary" data-testid="scenario-summary">
            <span className={summary.problems.includes('probability-total') ? 'prob-total bad' : 'prob-total'}>
              {tx.probabilityTotal} <b>{formatNumber(summary.probabilityTotal, 0)}%</b>
            </span>
            <span>
              {tx.weightedTarget}{' '}
              <b data-testid="weighted-target">
                {summary.weightedTargetPrice != null ? `${formatNumber(summary.weightedTargetPrice, 2)} ${summary.weightedCurrency ?? ''}` : '—'}
              </b>
            </span>
            <span>
              {tx.weightedUpside} <b className={upClass(summary.weightedUpside)} data-testid="weighted-upside">{formatSigned(summary.weightedUpside)}</b>
            </span>
            {summary.problems
              .filter((p) => p !== 'probability-total')
              .map((p) => (
                <span key={p} className="warn small">
                  {tx.problem[p] ?? p}
                </span>
              ))}
          </div>
          {problem && (
            <div className="warn-box" role="alert" data-testid="scenario-problem">
              {problem === 'scenario.probabilityTotal'
                ? fillText(tx.probabilityBad, { total: formatNumber(summary.probabilityTotal, 1).replace(/\.0$/, '') })
                : fillText(tx.scenariosPending, { reason: tx.errors[problem] ?? problem })}
            </div>
          )}
          <div className="scen-cards">
            {value.scenarios.map((s, i) => (
              <Card
                key={i}
                s={s}
                r={summary.results[i]!}
                years={years}
                currencies={currencies}
                readOnly={readOnly}
                canRemove={value.scenarios.length > 1}
                onChange={(f) => update(i, f)}
                onRemove={() => commit({ ...value, scenarios: value.scenarios.filter((_, j) => j !== i) })}
              />
            ))}
          </div>
        </>
      )}
      {removing && (
        <ConfirmDialog
          title={tx.removeScenarios}
          message={<p>{tx.removeScenariosConfirm}</p>}
          confirmLabel={tx.removeScenarios}
          danger
          onCancel={() => setRemoving(false)}
          onConfirm={() => (onChange(null), setRemoving(false))}
        />
      )}
    </section>
  )
}

// (red up, green down, as elsewhere in the app; under 0.05 % reads as flat)
const upClass = (v: number | null) => (v == null || Math.abs(v) < 5e-4 ? '' : v > 0 ? 'pos' : 'neg')

function MarketLine({ facts, lang, tx }: { facts: MarketFacts; lang: Lang; tx: NotesText }) {
  if (facts.price == null) return <p className="muted small">{tx.noPrice}</p>
  return (
    <div className="market-line" data-testid="market-line">
      <span>
        {tx.latestPrice} <b>{formatNumber(facts.price, 2)}</b> {facts.priceCurrency}
      </span>
      {facts.mcapMn != null && (
        <span>
          {tx.latestMcap} <b>{formatMillions(facts.mcapMn, lang, facts.mcapCurrency)}</b>
        </span>
      )}
      <span className="muted">
        {tx.asOf} {facts.priceAsOf ?? '—'} · {tx.source} {facts.priceSource ?? '—'}
      </span>
    </div>
  )
}

/** The reports' figures for the company: price, market cap, P/E and P/S per fiscal year, newest first. */
function Reference({ d }: { d: SecurityDetail }) {
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  const rows = useMemo(() => latestFirst(d.valuations.filter((r) => !r.isAggregate)).map(pivotValuation), [d])
  const cols = useMemo(() => yearColumns(rows, ['pe', 'ps']), [rows])
  if (!rows.length) return <p className="muted small">{tx.noFigures}</p>
  return (
    <details className="scen-ref" open>
      <summary>{tx.referenceTitle}</summary>
      <div className="scroll-x">
        <table className="mini ref-table" data-testid="reference-figures">
          <thead>
            <tr>
              <th>{tx.institution}</th>
              <th>{tx.asOf}</th>
              <th className="num">{tx.price}</th>
              <th className="num">{tx.mcap}</th>
              {cols.map((c) => (
                <th key={`${c.metric}:${c.fyKey}`} className="num">
                  {c.metric === 'pe' ? 'P/E' : 'P/S'} {c.fyKey}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.row.id} title={`${r.row.tableLabel}${r.row.tableSource ? ` · ${r.row.tableSource}` : ''}${r.row.line ? ` · L${r.row.line}` : ''}`}>
                <td>{institutionText(r.row.institution, lang)}</td>
                <td className={r.row.asOfInferred ? 'muted' : ''}>{r.row.asOfDate ?? '—'}</td>
                <td className="num">{r.price?.value != null ? `${formatNumber(r.price.value, 2)} ${r.price.currency ?? ''}` : '—'}</td>
                <td className="num">{formatMillions(r.marketCap?.valueMn, lang, r.marketCap?.currency)}</td>
                {cols.map((c) => (
                  <td key={`${c.metric}:${c.fyKey}`} className="num">
                    {formatMultiple(r.byYear[`${c.metric}:${c.fyKey}`]?.value, lang)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  )
}

interface CardProps {
  s: Scenario
  r: ScenarioResult
  years: string[]
  currencies: string[]
  readOnly: boolean
  canRemove: boolean
  onChange: (f: (s: Scenario) => Scenario) => void
  onRemove: () => void
}

function Card({ s, r, years, currencies, readOnly, canRemove, onChange, onRemove }: CardProps) {
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  const has = (rule: ThesisCheck['rule']) => s.checks.find((c) => c.rule === rule)
  const toggle = (rule: ThesisCheck['rule'], on: boolean) =>
    onChange((x) => {
      const rest = x.checks.filter((c) => c.rule !== rule)
      if (!on) return { ...x, checks: rest }
      const c: ThesisCheck =
        rule === 'reportPeMove' ? { rule, pct: 20, baseline: null } : rule === 'stanceChange' ? { rule, baseline: null } : { rule }
      return { ...x, checks: [...rest, c] }
    })
  const peMove = has('reportPeMove')
  const stance = has('stanceChange')
  const mk = multipleFor(s.driver.kind)
  const cls = `scen-card scen-${['bear', 'base', 'bull'].includes(s.name) ? s.name : 'other'}`

  return (
    <fieldset className={cls} disabled={readOnly} data-testid={`scenario-${s.name}`}>
      <div className="scen-card-head">
        <input className="scen-name" aria-label={tx.name} value={scenarioLabel(s.name, tx)} maxLength={40} onChange={(e) => onChange((x) => ({ ...x, name: e.target.value }))} />
        <label className="prob">
          <NumField value={s.probability} min={0} max={100} label={tx.probability} onChange={(v) => onChange((x) => ({ ...x, probability: v }))} />%
        </label>
        {canRemove && !readOnly && (
          <button type="button" className="icon danger" title={tx.removeScenario} aria-label={tx.removeScenario} onClick={onRemove}>
            ×
          </button>
        )}
      </div>
      <div className="scen-grid">
        <label>
          {tx.driver}
          <select
            value={s.driver.kind}
            onChange={(e) => {
              const kind = e.target.value as DriverKind
              onChange((x) => ({ ...x, driver: { ...x.driver, kind }, multiple: { ...x.multiple, kind: multipleFor(kind) } }))
            }}
          >
            {DRIVERS.map((k) => (
              <option key={k} value={k}>
                {tx.driverKind[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tx.driverValue}
          <NumField value={s.driver.value} label={tx.driverValue} onChange={(v) => onChange((x) => ({ ...x, driver: { ...x.driver, value: v } }))} />
        </label>
        <label>
          {tx.fy}
          <select
            value={s.driver.fyKey}
            onChange={(e) => {
              const fyKey = e.target.value
              // A P/E baseline belongs to its year: a new year takes a new baseline.
              onChange((x) => ({
                ...x,
                driver: { ...x.driver, fyKey },
                checks: x.checks.map((c) => (c.rule === 'reportPeMove' ? { ...c, baseline: null } : c)),
              }))
            }}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tx.currency}
          <select value={s.driver.currency} onChange={(e) => onChange((x) => ({ ...x, driver: { ...x.driver, currency: e.target.value } }))}>
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tx.targetMultiple} ({tx.multipleKind[mk]})
          <NumField value={s.multiple.value} min={0} exclusiveMin label={tx.targetMultiple} onChange={(v) => onChange((x) => ({ ...x, multiple: { kind: mk, value: v } }))} />
        </label>
        <label>
          {tx.horizon}
          <input value={s.horizon} maxLength={40} onChange={(e) => onChange((x) => ({ ...x, horizon: e.target.value }))} />
        </label>
      </div>
      <div className="scen-out" data-testid="scenario-result">
        <div>
          <span className="muted">{tx.targetPrice}</span>
          <b>{r.targetPrice != null ? `${formatNumber(r.targetPrice, 2)} ${r.currency}` : '—'}</b>
        </div>
        <div>
          <span className="muted">{tx.targetMcap}</span>
          <b>{formatMillions(r.targetMcapMn, lang, r.currency)}</b>
        </div>
        <div>
          <span className="muted">{tx.upside}</span>
          <b className={upClass(r.upside)}>{formatSigned(r.upside)}</b>
        </div>
        <div>
          <span className="muted">
            {tx.impliedToday} ({tx.multipleKind[mk]})
          </span>
          <b>{formatMultiple(r.impliedMultipleToday, lang)}</b>
        </div>
        {r.problems.length > 0 && (
          <div className="scen-problems warn small">
            {r.problems.map((p) => tx.problem[p] ?? p).join(lang === 'zh' ? '；' : '; ')}
          </div>
        )}
      </div>
      <label className="scen-text">
        {tx.rationale}
        <textarea rows={2} value={s.rationale} onChange={(e) => onChange((x) => ({ ...x, rationale: e.target.value }))} />
      </label>
      <label className="scen-text">
        {tx.assumptions}
        <textarea rows={2} value={s.assumptions} onChange={(e) => onChange((x) => ({ ...x, assumptions: e.target.value }))} />
      </label>
      <label className="scen-text">
        {tx.disproof}
        <textarea rows={2} value={s.disproof} onChange={(e) => onChange((x) => ({ ...x, disproof: e.target.value }))} />
      </label>
      <div className="scen-checks">
        <div className="muted">{tx.checks}</div>
        <label className="check">
          <input type="checkbox" checked={!!has('priceBelowTarget')} onChange={(e) => toggle('priceBelowTarget', e.target.checked)} />
          {tx.checkPriceBelow}
          {s.name === 'bear' && <span className="suggest">{tx.suggestBear}</span>}
        </label>
        <label className="check">
          <input type="checkbox" checked={!!has('multipleAboveTarget')} onChange={(e) => toggle('multipleAboveTarget', e.target.checked)} />
          {tx.checkMultipleAbove}
          {s.name === 'bull' && <span className="suggest">{tx.suggestBull}</span>}
        </label>
        <div className="check">
          <label>
            <input type="checkbox" checked={!!peMove} onChange={(e) => toggle('reportPeMove', e.target.checked)} />
            {tx.checkPeMove}
          </label>
          {peMove?.rule === 'reportPeMove' && (
            <>
              <NumField
                value={peMove.pct}
                min={0}
                exclusiveMin
                max={1000}
                label={tx.checkPeMove}
                onChange={(v) => onChange((x) => ({ ...x, checks: x.checks.map((c) => (c.rule === 'reportPeMove' ? { ...c, pct: v } : c)) }))}
              />
              %
              <span className="baseline">
                {peMove.baseline != null ? `${tx.baseline} ${s.driver.fyKey} P/E ${formatMultiple(peMove.baseline, lang)}` : tx.noBaseline}
              </span>
            </>
          )}
        </div>
        <div className="check">
          <label>
            <input type="checkbox" checked={!!stance} onChange={(e) => toggle('stanceChange', e.target.checked)} />
            {tx.checkStance}
          </label>
          {stance?.rule === 'stanceChange' && <span className="baseline">{stance.baseline != null ? `${tx.baseline} “${stance.baseline}”` : tx.noBaseline}</span>}
        </div>
      </div>
    </fieldset>
  )
}

/**
 * A number typed as text: what is typed stays as typed ("1.", "-", "") and a finite number in
 * range is passed on; out of range or not a number is marked and not passed on.
 */
function NumField({ value, onChange, label, min, max, exclusiveMin }: { value: number; onChange: (v: number) => void; label: string; min?: number; max?: number; exclusiveMin?: boolean }) {
  const { lang } = useI18n()
  const [text, setText] = useState(String(value))
  useEffect(() => {
    if (Number(text) !== value) setText(String(value))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value])
  const parse = (t: string) => {
    if (!t.trim()) return null
    const v = Number(t)
    if (!Number.isFinite(v)) return null
    if (min != null && (exclusiveMin ? v <= min : v < min)) return null
    if (max != null && v > max) return null
    return v
  }
  const bad = parse(text) == null
  return (
    <input
      className="num-input"
      inputMode="decimal"
      aria-label={label}
      aria-invalid={bad || undefined}
      title={bad ? NOTES_TEXT[lang].invalidNumber : undefined}
      value={text}
      onChange={(e) => {
        setText(e.target.value)
        const v = parse(e.target.value)
        if (v != null) onChange(v)
      }}
    />
  )
}
