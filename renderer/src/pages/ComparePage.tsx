import { useEffect, useMemo, useRef, useState } from 'react'
import { reportChip } from '../../../shared/bundledText'
import { MARKETS } from '../../../shared/api/scope'
import { STANCE_FILTERS } from '../../../shared/chainMap'
import type { ApiInput } from '../../../shared/contract'
import type { CompareGroup } from '../../../shared/compare'
import { CompareDrill } from '../components/CompareDrill'
import { FxEditor } from '../components/FxEditor'
import { GroupChart } from '../components/GroupChart'
import { ReproducePanel } from '../components/ReproducePanel'
import { StatsCard } from '../components/StatsCard'
import { errorText } from '../errorText'
import { companyName, marketLabel, useI18n } from '../i18n'
import { useApiQuery } from '../useApi'
import { useReportingCurrencies } from '../useReportingCurrencies'
import { parsePref, usePref } from '../usePref'

type Options = ApiInput<'compare.run'>

/**
 * Open the page on one group (e.g. from a chain-map lane or segment): switch to its level, select
 * it (its drill-down opens, as after a click on its card) and, when `filter` is given, replace the
 * security filter with it (absent fields = no restriction). A new `key` applies it again.
 */
export interface CompareFocus {
  level: 'layer' | 'segment'
  nodeId: string
  filter?: { reportIds?: readonly string[]; markets?: readonly string[]; stances?: readonly string[]; search?: string }
  key: number
}

type SecurityFilter = Pick<Options, 'reportIds' | 'markets' | 'stances' | 'search'>
type Market = (typeof MARKETS)[number]
type StanceFilter = (typeof STANCE_FILTERS)[number]
const isMarket = (m: string): m is Market => (MARKETS as readonly string[]).includes(m)
const isStance = (s: string): s is StanceFilter => (STANCE_FILTERS as readonly string[]).includes(s)
const SEARCH_MAX = 100

/** A filter the API accepts: known markets and stances only, no duplicates, empty = absent. */
function cleanFilter(f: CompareFocus['filter'] | SecurityFilter | undefined): SecurityFilter {
  const list = <T extends string>(xs: readonly string[] | undefined, ok: (x: string) => x is T): T[] | undefined => {
    const out = [...new Set((xs ?? []).filter(ok))]
    return out.length ? out : undefined
  }
  const search = f?.search?.trim().slice(0, SEARCH_MAX)
  return {
    reportIds: list(f?.reportIds, (x): x is string => typeof x === 'string' && x.length > 0),
    markets: list(f?.markets, isMarket),
    stances: list(f?.stances, isStance),
    search: search || undefined,
  }
}

/** The key of the last focus applied (module state: survives the page unmounting). */
let lastFocusKey: number | null = null

const hasFilter = (f: SecurityFilter) => !!(f.reportIds?.length || f.markets?.length || f.stances?.length || f.search)

const DEFAULTS: Options = {
  metric: 'pe',
  fyKey: 'FY23E',
  currency: 'USD',
  nmRule: true,
  nmCap: 100,
  excludeFlagged: true,
  level: 'layer',
  primaryOnly: false,
  excludedRowIds: [],
}

/** Hand exclusions are kept per metric and fiscal year: leaving out a bad P/E must not drop a good P/S. */
const exclusionKey = (o: Options) => `${o.metric}:${o.fyKey ?? ''}`

const OPTIONS_PREF = { key: 'compare:options' } as const
const EXCLUSIONS_PREF = { key: 'compare:exclusions' } as const



export function ComparePage({ onSecurity, focus }: { onSecurity: (id: string) => void; focus?: CompareFocus }) {
  const { t, lang } = useI18n()
  const optionsPref = usePref(OPTIONS_PREF)
  const exclusionsPref = usePref(EXCLUSIONS_PREF)
  const saved = useMemo<Options>(() => {
    const saved = { ...DEFAULTS, ...parsePref<Partial<Options>>(optionsPref.value, {}, OPTIONS_PREF.key), excludedRowIds: [] }
    // A saved filter is cleaned like a new one: a value this version does not know is dropped, not sent.
    return { ...saved, ...cleanFilter(saved) }
  }, [optionsPref.value])
  // Reporting currencies: USD and those with a rate; a saved one whose rates are gone falls back to USD.
  const ccy = useReportingCurrencies(saved.currency)
  const o = useMemo<Options>(() => (ccy.currency === saved.currency ? saved : { ...saved, currency: ccy.currency }), [saved, ccy.currency])
  const filter = cleanFilter(o)
  const exclusions = useMemo(() => parsePref<Record<string, number[]>>(exclusionsPref.value, {}, EXCLUSIONS_PREF.key), [exclusionsPref.value])
  const [selected, setSelected] = useState<string | null>(null)
  const excludedRowIds = exclusions[exclusionKey(o)] ?? []
  const input = { ...o, excludedRowIds }
  // Waits for the saved options, so the page does not compute the defaults first and then again.
  const { data, error } = useApiQuery('compare.run', input, { enabled: optionsPref.ready && exclusionsPref.ready && ccy.ready, keepPrevious: true })
  const drillRef = useRef<HTMLDivElement>(null)
  const tables = useApiQuery('valuations.list', {})
  const reports = useApiQuery('reports.list', {}, { enabled: hasFilter(filter) })

  const update = (patch: Partial<Options>) => {
    const next = { ...o, ...patch }
    if (next.metric !== 'marketCap' && !next.fyKey) next.fyKey = data?.fyKeys.at(-2) ?? 'FY23E'
    const { excludedRowIds: _x, ...keep } = next
    void optionsPref.save(JSON.stringify(keep))
  }
  const setFilter = (f: SecurityFilter) => update(cleanFilter(f))

  // A focus from another page, applied once per key and only after the saved options are read
  // (so the save keeps them rather than writing the defaults over them). The last key applied is
  // kept outside the component: coming back to the page later (a remount with the same focus)
  // must not undo what the user changed since.
  useEffect(() => {
    if (!focus || !optionsPref.ready || lastFocusKey === focus.key) return
    lastFocusKey = focus.key
    update({ level: focus.level, ...(focus.filter ? cleanFilter(focus.filter) : {}) })
    setSelected(focus.nodeId)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- update reads the current options; the key decides
  }, [focus?.key, optionsPref.ready])
  const toggleExclude = (rowId: number) => {
    const ex = new Set(excludedRowIds)
    if (ex.has(rowId)) ex.delete(rowId)
    else ex.add(rowId)
    void exclusionsPref.save(JSON.stringify({ ...exclusions, [exclusionKey(o)]: [...ex] }))
  }

  const tableOptions = useMemo(() => {
    // Only tables that print the chosen metric: an empty comparison helps nobody.
    const seen = new Map<number, string>()
    for (const r of tables.data ?? []) {
      if (seen.has(r.tableId) || r.isAggregate) continue
      if (r.figures.some((f) => f.metric === o.metric && f.value != null)) seen.set(r.tableId, `${r.institution} · ${r.tableLabel}`)
    }
    return [...seen]
  }, [tables.data, o.metric])

  const groups = data?.groups ?? []
  const current: CompareGroup | undefined = groups.find((g) => g.node.id === selected) ?? undefined
  const isMultiple = o.metric !== 'marketCap'
  const currentId = current?.node.id ?? null
  // Scrolls once the selected group is on screen: after a click, or after a focus once its level has loaded.
  useEffect(() => {
    if (currentId) drillRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }, [currentId])

  const reportName = (id: string) => {
    const r = reports.data?.find((x) => x.id === id)
    return r ? reportChip(r, lang) : id
  }
  const stanceName = (s: StanceFilter) => (s === 'none' ? t.stanceNone : s)
  const chips: { key: string; kind: string; label: string; title?: string; remove: () => void }[] = [
    ...(filter.reportIds ?? []).map((id) => ({
      key: `r:${id}`,
      kind: 'report',
      label: `${t.report}: ${reportName(id)}`,
      title: reports.data?.find((x) => x.id === id)?.title ?? id,
      remove: () => setFilter({ ...filter, reportIds: filter.reportIds?.filter((x) => x !== id) }),
    })),
    ...(filter.markets ?? []).map((m) => ({
      key: `m:${m}`,
      kind: 'market',
      label: `${t.market}: ${marketLabel(m, lang)}`,
      remove: () => setFilter({ ...filter, markets: filter.markets?.filter((x) => x !== m) }),
    })),
    ...(filter.stances ?? []).map((st) => ({
      key: `s:${st}`,
      kind: 'stance',
      label: `${t.stance}: ${stanceName(st)}`,
      remove: () => setFilter({ ...filter, stances: filter.stances?.filter((x) => x !== st) }),
    })),
    ...(filter.search ? [{ key: 'q', kind: 'search', label: `${t.filterSearch}: “${filter.search}”`, remove: () => setFilter({ ...filter, search: undefined }) }] : []),
  ]

  return (
    <div className="page compare">
      <div className="controls" data-testid="compare-controls">
        <label>
          {t.metric}
          <select aria-label={t.metric} value={o.metric} onChange={(e) => update({ metric: e.target.value as Options['metric'], fyKey: e.target.value === 'marketCap' ? null : (o.fyKey ?? 'FY23E') })}>
            <option value="pe">P/E</option>
            <option value="ps">P/S</option>
            <option value="marketCap">{t.marketCap}</option>
          </select>
        </label>
        {isMultiple && (
          <label>
            {t.fiscalYear}
            <select aria-label={t.fiscalYear} value={o.fyKey ?? ''} onChange={(e) => update({ fyKey: e.target.value })}>
              {(data?.fyKeys ?? [o.fyKey ?? 'FY23E']).map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t.reportingCurrency}
          <select aria-label={t.reportingCurrency} value={o.currency} onChange={(e) => update({ currency: e.target.value })}>
            {ccy.currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          {t.level}
          <select aria-label={t.level} value={o.level} onChange={(e) => (setSelected(null), update({ level: e.target.value as Options['level'] }))}>
            <option value="layer">{t.levelLayer}</option>
            <option value="segment">{t.levelSegment}</option>
          </select>
        </label>
        <label>
          {t.membership}
          <select aria-label={t.membership} value={o.primaryOnly ? 'primary' : 'all'} onChange={(e) => update({ primaryOnly: e.target.value === 'primary' })}>
            <option value="all">{t.membershipAll}</option>
            <option value="primary">{t.membershipPrimary}</option>
          </select>
        </label>
        <label>
          {t.scope}
          <select aria-label={t.scope} value={o.tableId ?? ''} onChange={(e) => update({ tableId: e.target.value ? Number(e.target.value) : undefined })}>
            <option value="">{t.scopeAll}</option>
            {tableOptions.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {isMultiple && (
          <label className="check" title={t.nmRuleText}>
            <input type="checkbox" checked={o.nmRule} onChange={(e) => update({ nmRule: e.target.checked })} />
            {t.nmRule}: <span className="muted">{t.nmRuleText}</span>
          </label>
        )}
        {isMultiple && (
          <label className="check" title={t.flagRuleText}>
            <input type="checkbox" checked={o.excludeFlagged ?? true} onChange={(e) => update({ excludeFlagged: e.target.checked })} />
            {t.flagRule}: <span className="muted">{t.flagRuleText}</span>
          </label>
        )}
      </div>

      {chips.length > 0 && (
        <div className="compare-filter" data-testid="compare-filter" role="group" aria-label={t.filterTitle}>
          <span className="muted">{t.filterTitle}:</span>
          {chips.map((c) => (
            <span key={c.key} className="chip" data-filter={c.kind} title={c.title}>
              {c.label}
              <button className="chip-x" onClick={c.remove} aria-label={`${t.filterRemove} ${c.label}`} title={t.filterRemove}>
                ×
              </button>
            </span>
          ))}
          <button className="link" onClick={() => setFilter({})}>
            {t.filterClear}
          </button>
        </div>
      )}
      {error && <div className="error">{errorText(error, lang)}</div>}
      {data && (
        <>
          <div className="cards" data-testid="compare-cards">
            {groups
              .filter((g) => o.level === 'layer' || g.members.length > 0 || g.node.id === selected)
              .map((g) => (
                <StatsCard
                  key={g.node.id}
                  group={g}
                  metric={o.metric}
                  currency={o.currency}
                  active={selected === g.node.id}
                  onClick={() => setSelected(selected === g.node.id ? null : g.node.id)}
                />
              ))}
          </div>
          {isMultiple && <GroupChart groups={groups.filter((g) => g.stats.count > 0)} metric={o.metric} />}
          {data.unassigned.length > 0 && (
            <p className="muted small">
              {t.unassignedN}: {data.unassigned.map((u) => companyName(u, lang)).join('、')}
            </p>
          )}
          <p className="muted small">{t.drillHint}</p>
          <div ref={drillRef}>
            {current && (
              <CompareDrill group={current} metric={o.metric} currency={o.currency} excluded={excludedRowIds} onToggle={toggleExclude} onSecurity={onSecurity} />
            )}
          </div>
        </>
      )}
      <ReproducePanel />
      <FxEditor />
    </div>
  )
}
