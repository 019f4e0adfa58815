/**
 * Valuations: every printed valuation row of the workspace, on AG Grid's Infinite Row Model.
 * Rows, sort (market cap converted to the reporting currency, multiples per fiscal year),
 * filters and grouping by chain layer are done by `valuations.page` in the engine; the browser
 * holds only the blocks near the viewport, so the page stays fast at whole-market scale.
 */
import type { RowStyle } from 'ag-grid-community'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { MARKETS, type ValuationPage, type ValuationPageStats } from '../../../shared/api/valuations'
import { formatMillions, formatMultiple, formatNumber } from '../../../shared/format'
import { isAffected } from '../../../shared/push'
import { api } from '../api'
import { errorText } from '../errorText'
import { ServerGrid, type BlockRequest, type ServerGridHandle } from '../components/ServerGrid'
import { reasonLabel } from '../components/StatsCard'
import { marketLabel, useI18n } from '../i18n'
import { useLoad } from '../useApi'
import { exportProvenance, valuationColumns, type Row } from './valuationsColumns'
import { EMPTY_TOOLBAR, filterInput, toRanges, toSort, type Market, type PageInput, type Toolbar } from './valuationsQuery'
import { fill, VALUATIONS_TEXT } from './valuationsText'

interface Props {
  reportId?: string
  onSecurity: (id: string) => void
  onClearReport: () => void
}

const OPTIONS_KEY = 'valuations:options'
const BLOCK = 100

interface Options {
  currency: string
  latestOnly: boolean
  groupByLayer: boolean
  metric: 'pe' | 'ps'
  fyKey: string
}

interface Summary {
  key: string
  total: number
  groups: ValuationPage['groups']
  stats: ValuationPageStats | null
}

/** Resolves when the first block of a query has been answered (or after a while anyway). */
function useFirstBlockGate() {
  const done = useRef(new Set<string>())
  const waiting = useRef(new Map<string, () => void>())
  const mark = useCallback((key: string) => {
    done.current.add(key)
    waiting.current.get(key)?.()
    waiting.current.delete(key)
  }, [])
  const wait = useCallback(
    (key: string, ms = 1500) =>
      new Promise<void>((resolve) => {
        if (done.current.has(key)) return resolve()
        const timer = setTimeout(resolve, ms)
        waiting.current.set(key, () => (clearTimeout(timer), resolve()))
      }),
    [],
  )
  return { mark, wait }
}

export function ValuationsPage({ reportId, onSecurity, onClearReport }: Props) {
  const { t, lang } = useI18n()
  const v = VALUATIONS_TEXT[lang]
  const facets = useLoad(() => api['valuations.facets']({}), [])
  const fx = useLoad(() => api['fx.list']({}), [])
  const chain = useLoad(() => api['chain.get']({}), [])

  // Saved view options; the grid waits for them so it does not fetch twice.
  const [opts, setOpts] = useState<Options | null>(null)
  useEffect(() => {
    const defaults: Options = { currency: 'USD', latestOnly: false, groupByLayer: false, metric: 'pe', fyKey: '' }
    api['prefs.get']({ key: OPTIONS_KEY })
      .then((r) => setOpts({ ...defaults, ...(r.value ? (JSON.parse(r.value) as Partial<Options>) : {}) }))
      .catch(() => setOpts(defaults))
  }, [])
  const saveOpts = (next: Options) => {
    setOpts(next)
    api['prefs.set']({ key: OPTIONS_KEY, value: JSON.stringify(next) }).catch(() => {})
  }

  const [scope, setScope] = useState('')
  const [market, setMarket] = useState<Market | ''>('')
  const [layerId, setLayerId] = useState('')
  const [searchText, setSearchText] = useState('')
  const [search, setSearch] = useState('')
  useEffect(() => {
    // short: the engine answers a search from the security index, so typing can drive it
    const h = setTimeout(() => setSearch(searchText), 120)
    return () => clearTimeout(h)
  }, [searchText])
  // A report chosen on the Reports page replaces whatever scope was picked here (and clearing it
  // from here, which sets the scope first, keeps the new choice).
  useEffect(() => {
    if (reportId) setScope('')
  }, [reportId])

  const currencies = useMemo(() => ['USD', ...new Set((fx.data ?? []).map((r) => r.currency).filter((c) => c !== 'USD'))].sort(), [fx.data])
  const currency = opts && currencies.includes(opts.currency) ? opts.currency : 'USD'
  const fyKeys = useMemo(() => facets.data?.fyKeys ?? [], [facets.data])
  const statFy = opts && fyKeys.includes(opts.fyKey) ? opts.fyKey : (fyKeys.find((y) => y === 'FY23E') ?? fyKeys[0] ?? '')
  const layers = useMemo(() => (chain.data?.nodes ?? []).filter((n) => n.kind === 'layer').sort((a, b) => a.position - b.position), [chain.data])
  const layerName = useCallback(
    (id: string | null) => {
      if (!id) return v.notPlaced
      const n = layers.find((l) => l.id === id)
      return n ? (lang === 'zh' ? n.nameZh || n.nameEn : n.nameEn || n.nameZh) : id
    },
    [layers, lang, v],
  )

  const toolbar: Toolbar = {
    ...EMPTY_TOOLBAR,
    scope,
    market,
    layerId,
    search,
    currency,
    latestOnly: !!opts?.latestOnly,
    groupByLayer: !!opts?.groupByLayer,
  }
  const base = useMemo(() => filterInput(toolbar, reportId, lang), [JSON.stringify(toolbar), reportId, lang]) // eslint-disable-line react-hooks/exhaustive-deps
  const queryKey = JSON.stringify(base)
  const [filterModel, setFilterModel] = useState<Record<string, unknown>>({})
  const ranges = useMemo(() => toRanges(filterModel), [filterModel])
  const summaryKey = JSON.stringify([base, ranges])

  const grid = useRef<ServerGridHandle<Row> | null>(null)
  const gate = useFirstBlockGate()
  const [summary, setSummary] = useState<Summary | null>(null)
  const [error, setError] = useState<unknown>(null)

  const fetchBlock = useCallback(
    async (req: BlockRequest) => {
      const r = toRanges(req.filterModel)
      const key = JSON.stringify([base, r])
      const input: PageInput = { ...base, sort: toSort(req.sortModel), ranges: r, offset: req.startRow, limit: req.endRow - req.startRow, counts: req.startRow === 0 }
      try {
        const page = await api['valuations.page'](input)
        setError(null)
        if (req.startRow === 0) setSummary((s) => (s?.key === key ? { ...s, total: page.total, groups: page.groups } : { key, total: page.total, groups: page.groups, stats: null }))
        return { rows: page.rows, total: page.total >= 0 ? page.total : null }
      } catch (e) {
        setError(e)
        throw e
      } finally {
        if (req.startRow === 0) gate.mark(key)
      }
    },
    [base, gate],
  )

  // Counts, layer groups and statistics of the whole filter: asked after the first block so the
  // rows come first (the engine answers one request at a time).
  const [refreshN, setRefreshN] = useState(0)
  useEffect(() => {
    if (!opts) return
    let live = true
    const key = summaryKey
    const stats = statFy ? { stats: { metric: opts.metric, fyKey: statFy } } : {}
    gate
      .wait(key)
      .then(() => (live ? api['valuations.page']({ ...base, ranges, limit: 0, counts: true, ...stats }) : null))
      .then((page) => {
        if (!live || !page) return
        setSummary({ key, total: page.total, groups: page.groups, stats: page.stats ?? null })
        grid.current?.setRowCount(page.total)
      })
      .catch((e: unknown) => live && setError(e))
    return () => {
      live = false
    }
  }, [summaryKey, opts?.metric, statFy, refreshN]) // eslint-disable-line react-hooks/exhaustive-deps

  /** Reloads what is on screen (rows in place, counts, statistics). */
  const refresh = useCallback(() => {
    grid.current?.refresh()
    setRefreshN((n) => n + 1)
  }, [])
  useEffect(() => {
    const on = (e: Event) => {
      const entities = (e as CustomEvent<{ entities?: string[] } | undefined>).detail?.entities
      if (!entities || isAffected('valuations.page', entities)) refresh()
    }
    window.addEventListener('workbench:changed', on)
    return () => window.removeEventListener('workbench:changed', on)
  }, [refresh])

  const current = summary?.key === summaryKey ? summary : null
  const groups = current?.groups ?? null
  // Rows come ordered by layer when grouped: each layer starts where the previous ones' counts end.
  const groupStarts = useMemo(() => {
    const s = new Set<number>()
    let at = 0
    for (const g of groups ?? []) {
      if (at > 0) s.add(at)
      at += g.count
    }
    return s
  }, [groups])
  const rowStyle = useCallback(
    (_r: Row, i: number): RowStyle | undefined => (toolbar.groupByLayer && groupStarts.has(i) ? { borderTop: '2px solid #14213d' } : undefined),
    [toolbar.groupByLayer, groupStarts],
  )
  useEffect(() => {
    grid.current?.api()?.redrawRows()
  }, [rowStyle])

  const columns = useMemo(() => valuationColumns({ t, v, lang, currency, fyKeys, layerName }), [t, v, lang, currency, fyKeys, layerName])

  if (facets.error) return <div className="error">{t.error}: {facets.error}</div>
  if (!opts || !facets.data) return <div className="loading">{t.loading}</div>

  const reportsWithTables = facets.data.reports
  const scopeValue = scope || (reportId ? `r:${reportId}` : '')
  // The report passed in (from the Reports page) shows in this select; another choice, or
  // "all reports", clears it.
  const changeScope = (s: string) => {
    setScope(s)
    if (reportId) onClearReport()
  }

  const toolbarNode = (
    <>
      <input
        className="search"
        style={{ width: 150 }}
        placeholder={t.quickSearch}
        title={v.searchPlaceholder}
        aria-label={v.searchPlaceholder}
        value={searchText}
        maxLength={60}
        onChange={(e) => setSearchText(e.target.value)}
      />
      <select aria-label={t.report} value={scopeValue} onChange={(e) => changeScope(e.target.value)} style={{ maxWidth: 180 }}>
        <option value="">{v.allReports}</option>
        {reportsWithTables.map((r) => (
          <optgroup key={r.id} label={r.institution}>
            <option value={`r:${r.id}`}>
              {r.institution} · {v.allTablesOf}
            </option>
            {r.tables.map((tb) => (
              <option key={tb.id} value={`t:${tb.id}`}>
                {tb.label} ({tb.rows})
              </option>
            ))}
          </optgroup>
        ))}
        {reportId && !reportsWithTables.some((r) => r.id === reportId) && <option value={`r:${reportId}`}>{reportId}</option>}
      </select>
      <select aria-label={t.market} value={market} onChange={(e) => setMarket(e.target.value as Market | '')}>
        <option value="">{v.allMarkets}</option>
        {MARKETS.map((m) => (
          <option key={m} value={m}>
            {marketLabel(m, lang)}
          </option>
        ))}
      </select>
      <select aria-label={v.layer} value={layerId} onChange={(e) => setLayerId(e.target.value)} style={{ maxWidth: 160 }}>
        <option value="">{v.allLayers}</option>
        {layers.map((l) => (
          <option key={l.id} value={l.id}>
            {layerName(l.id)}
          </option>
        ))}
      </select>
      <label className="group-select">
        {t.reportingCurrency}
        <select aria-label={t.reportingCurrency} value={currency} onChange={(e) => saveOpts({ ...opts, currency: e.target.value })}>
          {currencies.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label className="group-select">
        <input type="checkbox" checked={opts.groupByLayer} onChange={(e) => saveOpts({ ...opts, groupByLayer: e.target.checked })} />
        {v.groupByLayer}
      </label>
      <label className="group-select">
        <input type="checkbox" checked={opts.latestOnly} onChange={(e) => saveOpts({ ...opts, latestOnly: e.target.checked })} />
        {v.latestOnly}
      </label>
    </>
  )

  const header = (
    <>
      {error != null && (
        <div className="error" style={{ padding: '4px 0' }}>
          {t.error}: {errorText(error, lang)}
        </div>
      )}
      <StatsBar
        total={current ? current.total : null}
        stats={current?.stats ?? null}
        fyKeys={fyKeys}
        metric={opts.metric}
        fyKey={statFy}
        currency={currency}
        onMetric={(metric) => saveOpts({ ...opts, metric })}
        onFy={(fyKey) => saveOpts({ ...opts, fyKey })}
      />
      {opts.groupByLayer && groups && (
        <div className="filtered-stats" data-testid="layer-groups">
          <b>{v.groupSummary}</b>
          {groups.map((g) => (
            <button
              key={g.layerId ?? '-'}
              className={layerId && g.layerId === layerId ? 'pill active' : 'pill'}
              data-layer={g.layerId ?? ''}
              title={g.layerId ? v.layerFilterTip : undefined}
              disabled={!g.layerId}
              onClick={() => g.layerId && setLayerId(layerId === g.layerId ? '' : g.layerId)}
            >
              {layerName(g.layerId)}
              <b>{formatNumber(g.count, 0)}</b>
            </button>
          ))}
        </div>
      )}
    </>
  )

  return (
    <div className="page fill">
      <ServerGrid<Row>
        id="valuations-server"
        handle={grid}
        columns={columns}
        queryKey={queryKey}
        fetchBlock={fetchBlock}
        getRowId={(r) => String(r.id)}
        onRowClicked={(r) => r.securityId && onSecurity(r.securityId)}
        rowStyle={rowStyle}
        blockSize={BLOCK}
        maxBlocks={30}
        exportName="valuations"
        exportTitle={v.exportLoadedTip}
        exportProvenance={exportProvenance}
        toolbar={toolbarNode}
        header={header}
        onFilterChanged={setFilterModel}
      />
    </div>
  )
}

function StatsBar(props: {
  total: number | null
  stats: ValuationPageStats | null
  fyKeys: string[]
  metric: 'pe' | 'ps'
  fyKey: string
  currency: string
  onMetric: (m: 'pe' | 'ps') => void
  onFy: (fy: string) => void
}) {
  const { t, lang } = useI18n()
  const v = VALUATIONS_TEXT[lang]
  const total = (
    <span className="muted" data-testid="valuations-total">
      {props.total != null ? fill(v.rowsTotal, { n: formatNumber(props.total, 0) }) : t.loading}
    </span>
  )
  if (!props.fyKeys.length) return <div className="filtered-stats">{total}</div>
  // statistics of another metric or year (the new ones are on their way) are not shown
  const s = props.stats && props.stats.metric === props.metric && props.stats.fyKey === props.fyKey && props.stats.currency === props.currency ? props.stats : null
  const f = (x: number | null | undefined) => (s ? formatMultiple(x, lang) : '…')
  const reasons = s ? Object.entries(s.excludedCounts).filter(([, n]) => n > 0) : []
  const excluded = s ? Object.values(s.excludedCounts).reduce((a, b) => a + b, 0) - s.excludedCounts.missing : 0
  return (
    <div className="filtered-stats" data-testid="filtered-stats">
      {total}
      <b>{t.filteredStats}</b>
      <select aria-label={t.metric} value={props.metric} onChange={(e) => props.onMetric(e.target.value as 'pe' | 'ps')}>
        <option value="pe">P/E</option>
        <option value="ps">P/S</option>
      </select>
      <select aria-label={t.fiscalYear} value={props.fyKey} onChange={(e) => props.onFy(e.target.value)}>
        {props.fyKeys.map((y) => (
          <option key={y}>{y}</option>
        ))}
      </select>
      <span>
        {t.count} <b data-stat="count">{s ? s.count : '…'}</b>
      </span>
      <span title={reasons.map(([r, n]) => `${reasonLabel(r, t)} ${n}`).join(' · ')}>
        {t.excludedN} <b>{s ? excluded : '…'}</b>
        <span className="muted">
          {' '}
          ({t.reasonMissing} {s ? s.excludedCounts.missing : '…'})
        </span>
      </span>
      <span>
        {t.mean} <b>{f(s?.mean)}</b>
      </span>
      <span>
        {t.median} <b>{f(s?.median)}</b>
      </span>
      <span>
        {t.weightedMean} <b>{f(s?.weightedMean)}</b>
      </span>
      <span>
        {props.metric === 'ps' ? t.aggregateMultiplePs : t.aggregateMultiple} <b data-stat="aggregate">{f(s?.aggregate)}</b>
      </span>
      <span className="muted">
        {t.totalMcap} {s ? formatMillions(s.totalMcap, lang, props.currency) : '…'}
      </span>
      <span className="muted small">{fill(v.statsRuleCcy, { ccy: props.currency })}</span>
    </div>
  )
}
