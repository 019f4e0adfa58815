/**
 * Valuations: every printed valuation row of the workspace, on AG Grid's Infinite Row Model.
 * Rows, sort (market cap converted to the reporting currency, multiples per fiscal year),
 * filters and grouping by chain layer are done by `valuations.page` in the engine; the browser
 * holds only the blocks near the viewport, so the page stays fast at whole-market scale.
 *
 * Table-aware: the "研报 · 估值表" select lists every source table (institution · caption, by
 * report). One table chosen, the grid shows only the columns that table prints, in its printed
 * order (valuations.page `table` layout), with its own saved column state. All tables (or one
 * report), it shows the grid's own columns less those empty under the filter (`columns`).
 */
import type { RowStyle } from 'ag-grid-community'
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react'
import { MARKETS, type ValuationFacets, type ValuationPage, type ValuationPageStats, type ValuationTableLayout } from '../../../shared/api/valuations'
import { formatMillions, formatMultiple, formatNumber } from '../../../shared/format'
import { isAffected } from '../../../shared/push'
import { api } from '../api'
import { errorText } from '../errorText'
import { ServerGrid, type BlockRequest, type ServerGridHandle } from '../components/ServerGrid'
import { reasonLabel } from '../components/StatsCard'
import { marketLabel, useI18n } from '../i18n'
import { useLoad } from '../useApi'
import { exportProvenance, leafColumnIds, valuationColumns, type ColumnView, type Row } from './valuationsColumns'
import { apiColumn, completeColumnState, EMPTY_TOOLBAR, filterInput, gridIdOf, scopeTableId, shownFigureColumns, toRanges, toSort, type Market, type PageInput, type Toolbar } from './valuationsQuery'
import { fill, VALUATIONS_TEXT, type ValuationsText } from './valuationsText'
import './valuations.css'

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

/** Filter keys whose figure columns are known, most recent last (a few dozen kept). */
function useColumnsCache() {
  const cache = useRef(new Map<string, string[]>())
  const [version, bump] = useReducer((n: number) => n + 1, 0)
  const remember = useCallback((key: string, cols: string[]) => {
    const m = cache.current
    m.delete(key)
    m.set(key, cols)
    if (m.size > 40) m.delete(m.keys().next().value!)
    bump()
  }, [])
  const clear = useCallback(() => {
    cache.current.clear()
    bump()
  }, [])
  return { cache, version, remember, clear }
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
  const scopeValue = scope || (reportId ? `r:${reportId}` : '')
  const tableId = scopeTableId(scopeValue)

  const currencies = useMemo(() => ['USD', ...new Set((fx.data ?? []).map((r) => r.currency).filter((c) => c !== 'USD'))].sort(), [fx.data])
  const currency = opts && currencies.includes(opts.currency) ? opts.currency : 'USD'
  const fyKeys = useMemo(() => facets.data?.fyKeys ?? [], [facets.data])
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
  // a view (all tables, or one table) is a grid of its own: its columns, its saved state, its filters
  const viewKey = gridIdOf(tableId)
  useEffect(() => setFilterModel({}), [viewKey])

  // One table: its printed layout (columns in printed order), asked once per table.
  const layoutLoad = useLoad(
    () =>
      tableId == null
        ? Promise.resolve(null)
        : api['valuations.page']({ tableId, currency: 'USD', limit: 0, counts: false, columns: true }).then((p) => (p.table ? { table: p.table, columns: p.columns ?? [] } : null)),
    [tableId],
  )
  const layout: ValuationTableLayout | null = tableId != null && layoutLoad.data?.table.id === tableId ? layoutLoad.data.table : null
  const layoutColumns = layout ? layoutLoad.data!.columns : null

  // All tables: the grid's figure columns with a printed cell under the filter (engine-side).
  const columnsCache = useColumnsCache()
  const lastPresent = useRef<string[] | null>(null)
  const present = useMemo(() => {
    const known = columnsCache.cache.current.get(summaryKey)
    if (known) lastPresent.current = known
    return known ?? lastPresent.current
  }, [summaryKey, columnsCache.version]) // eslint-disable-line react-hooks/exhaustive-deps
  const latestKey = useRef(summaryKey)
  latestKey.current = summaryKey
  // the first columns of the all-tables view, before its grid is made (no column pops out later)
  useEffect(() => {
    if (!opts || tableId != null || present) return
    let live = true
    const key = summaryKey
    api['valuations.page']({ ...base, ranges, limit: 0, counts: false, columns: true })
      .then((p) => live && p.columns && columnsCache.remember(key, p.columns))
      .catch((e: unknown) => live && setError(e))
    return () => {
      live = false
    }
  }, [opts != null, tableId, present == null, summaryKey]) // eslint-disable-line react-hooks/exhaustive-deps

  // columns sorted on stay visible even when the filter empties them (the sort can be undone)
  const [sortCols, setSortCols] = useState<string[]>([])

  const grid = useRef<ServerGridHandle<Row> | null>(null)
  const gate = useFirstBlockGate()
  const [summary, setSummary] = useState<Summary | null>(null)
  const [error, setError] = useState<unknown>(null)

  const fetchBlock = useCallback(
    async (req: BlockRequest) => {
      const r = toRanges(req.filterModel)
      const key = JSON.stringify([base, r])
      const wantColumns = req.startRow === 0 && base.tableId == null && !columnsCache.cache.current.has(key)
      const input: PageInput = {
        ...base,
        sort: toSort(req.sortModel),
        ranges: r,
        offset: req.startRow,
        limit: req.endRow - req.startRow,
        counts: req.startRow === 0,
        ...(wantColumns ? { columns: true } : {}),
      }
      if (req.startRow === 0) {
        const sorted = req.sortModel.map((s) => s.colId).filter((c) => apiColumn(c))
        setSortCols((old) => (old.join() === sorted.join() ? old : sorted))
      }
      try {
        const page = await api['valuations.page'](input)
        setError(null)
        if (req.startRow === 0) setSummary((s) => (s?.key === key ? { ...s, total: page.total, groups: page.groups } : { key, total: page.total, groups: page.groups, stats: null }))
        // an empty result says nothing about the columns: the last ones stay
        if (page.columns && page.total !== 0) columnsCache.remember(key, page.columns)
        return { rows: page.rows, total: page.total >= 0 ? page.total : null }
      } catch (e) {
        setError(e)
        throw e
      } finally {
        if (req.startRow === 0) gate.mark(key)
      }
    },
    [base, gate, columnsCache],
  )

  // The fiscal years the statistics offer: those the view shows for P/E or P/S.
  const viewFigures = useMemo(
    () => (tableId != null ? (layout ? layout.columns.map((c) => c.id) : null) : present),
    [tableId, layout, present],
  )
  const statFyKeys = useMemo(() => {
    if (!viewFigures) return fyKeys
    const shown = new Set(viewFigures.filter((id) => /^(pe|ps):/.test(id)).map((id) => id.slice(3)))
    return fyKeys.filter((y) => shown.has(y))
  }, [fyKeys, viewFigures])
  const statFy = opts && statFyKeys.includes(opts.fyKey) ? opts.fyKey : (statFyKeys.find((y) => y === 'FY23E') ?? statFyKeys[0] ?? '')

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

  /** Reloads what is on screen (rows in place, counts, statistics, which columns are empty). */
  const refresh = useCallback(() => {
    columnsCache.clear()
    grid.current?.refresh()
    setRefreshN((n) => n + 1)
  }, [columnsCache])
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
    (_r: Row, i: number): RowStyle | undefined => (toolbar.groupByLayer && groupStarts.has(i) ? { borderTop: '2px solid var(--val-group-rule, #14213d)' } : undefined),
    [toolbar.groupByLayer, groupStarts],
  )
  useEffect(() => {
    grid.current?.api()?.redrawRows()
  }, [rowStyle])

  const filteredCols = useMemo(() => Object.keys(filterModel), [filterModel])
  const figures = useMemo(() => shownFigureColumns(present, [...sortCols, ...filteredCols]), [present, sortCols, filteredCols])
  const markers = useMemo(() => (layoutColumns ? new Set(layoutColumns) : null), [layoutColumns])
  const view: ColumnView | null = tableId != null ? (layout ? { kind: 'table', layout, markers } : null) : present ? { kind: 'all', figures } : null
  const columns = useMemo(
    () => (view ? valuationColumns({ t, v, lang, currency, fyKeys, layerName, view }) : []),
    [t, v, lang, currency, fyKeys, layerName, view?.kind === 'table' ? view.layout : figures, markers, view == null], // eslint-disable-line react-hooks/exhaustive-deps
  )
  // Before a view's grid is made: its saved column state made whole for the columns it has now
  // (a column hidden as empty when the state was saved would otherwise come back at the far right).
  const [stateReady, setStateReady] = useState<string | null>(null)
  const hasView = view != null
  useEffect(() => {
    if (!hasView || stateReady === viewKey) return
    let live = true
    const key = `grid:${viewKey}:columns`
    const order = leafColumnIds(columns)
    api['prefs.get']({ key })
      .then((r) => {
        const saved: unknown = r.value ? JSON.parse(r.value) : null
        if (!Array.isArray(saved) || saved.length === 0 || !live) return
        const whole = completeColumnState(saved as { colId: string }[], order)
        if (whole.length !== saved.length) return api['prefs.set']({ key, value: JSON.stringify(whole) })
      })
      .catch(() => {})
      .finally(() => live && setStateReady(viewKey))
    return () => {
      live = false
    }
  }, [viewKey, hasView]) // eslint-disable-line react-hooks/exhaustive-deps

  // all tables: the grid's columns the filter leaves blank top to bottom (named as in the headers)
  const hiddenEmpty = useMemo(() => {
    if (tableId != null || !figures) return []
    const named: [string, string][] = [
      ['flags', t.flags],
      ['notes', lang === 'zh' ? '笔记' : 'Notes'],
      ['marketCap', t.marketCap],
      ['price', v.price],
      ...(['pe', 'ps'] as const).flatMap((m) => fyKeys.map((y): [string, string] => [`${m}:${y}`, `${m === 'pe' ? 'P/E' : 'P/S'} ${y}`])),
    ]
    return named.filter(([id]) => !figures.has(id)).map(([, name]) => name)
  }, [tableId, figures, fyKeys, t, v, lang])

  if (facets.error) return <div className="error">{t.error}: {facets.error}</div>
  if (!opts || !facets.data) return <div className="loading">{t.loading}</div>

  // The report passed in (from the Reports page) shows in this select; another choice, or
  // "all tables", clears it.
  const changeScope = (s: string) => {
    setScope(s)
    if (reportId) onClearReport()
  }
  const scopeTitle = scopeLabel(facets.data, scopeValue, v)

  const toolbarNode = (
    <>
      <input
        className="search val-search"
        placeholder={t.quickSearch}
        title={v.searchPlaceholder}
        aria-label={v.searchPlaceholder}
        value={searchText}
        maxLength={60}
        onChange={(e) => setSearchText(e.target.value)}
      />
      <select
        className="val-scope"
        data-testid="valuations-table-select"
        aria-label={v.tableSelect}
        title={`${v.tableSelect}: ${scopeTitle}\n${v.tableSelectTip}`}
        value={scopeValue}
        onChange={(e) => changeScope(e.target.value)}
      >
        <option value="">{v.allTables}</option>
        {facets.data.reports.map((r) => (
          <optgroup key={r.id} label={[r.institution, r.title, r.date].filter(Boolean).join(' · ')}>
            {r.tables.length > 1 && <option value={`r:${r.id}`}>{fill(v.reportAllTables, { inst: r.institution, n: r.tables.length })}</option>}
            {r.tables.map((tb) => (
              <option key={tb.id} value={`t:${tb.id}`}>
                {fill(v.tableOption, { inst: r.institution, caption: tb.label, n: tb.rows })}
              </option>
            ))}
          </optgroup>
        ))}
        {reportId && !facets.data.reports.some((r) => r.id === reportId) && <option value={`r:${reportId}`}>{reportId}</option>}
      </select>
      <select className="val-market" aria-label={t.market} value={market} onChange={(e) => setMarket(e.target.value as Market | '')}>
        <option value="">{v.allMarkets}</option>
        {MARKETS.map((m) => (
          <option key={m} value={m}>
            {marketLabel(m, lang)}
          </option>
        ))}
      </select>
      <select className="val-layer" aria-label={v.layer} value={layerId} onChange={(e) => setLayerId(e.target.value)}>
        <option value="">{v.allLayers}</option>
        {layers.map((l) => (
          <option key={l.id} value={l.id}>
            {layerName(l.id)}
          </option>
        ))}
      </select>
      <label className="group-select val-compact" title={t.reportingCurrency}>
        {v.currencyShort}
        <select aria-label={t.reportingCurrency} value={currency} onChange={(e) => saveOpts({ ...opts, currency: e.target.value })}>
          {currencies.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label className="group-select val-compact" title={v.groupByLayer}>
        <input type="checkbox" aria-label={v.groupByLayer} checked={opts.groupByLayer} onChange={(e) => saveOpts({ ...opts, groupByLayer: e.target.checked })} />
        {v.groupByLayerShort}
      </label>
      <label className="group-select val-compact" title={v.latestOnly}>
        <input type="checkbox" aria-label={v.latestOnly} checked={opts.latestOnly} onChange={(e) => saveOpts({ ...opts, latestOnly: e.target.checked })} />
        {v.latestOnlyShort}
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
      {tableId != null && layout && <TableInfo layout={layout} onBack={() => changeScope('')} />}
      <StatsBar
        total={current ? current.total : null}
        stats={current?.stats ?? null}
        fyKeys={statFyKeys}
        metric={opts.metric}
        fyKey={statFy}
        currency={currency}
        hiddenEmpty={hiddenEmpty}
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
    <div className="page fill valuations-page" data-view={tableId != null ? 'table' : 'all'}>
      {view && stateReady === viewKey ? (
        <ServerGrid<Row>
          // a view of its own: a new grid, with that view's saved column state
          key={viewKey}
          id={viewKey}
          handle={grid}
          columns={columns}
          queryKey={queryKey}
          fetchBlock={fetchBlock}
          getRowId={(r) => String(r.id)}
          onRowClicked={(r) => r.securityId && onSecurity(r.securityId)}
          rowStyle={rowStyle}
          blockSize={BLOCK}
          maxBlocks={30}
          exportName={tableId != null ? `valuations-table-${tableId}` : 'valuations'}
          exportTitle={v.exportLoadedTip}
          exportProvenance={exportProvenance}
          toolbar={toolbarNode}
          header={header}
          onFilterChanged={setFilterModel}
        />
      ) : (
        <div className="grid-wrap">
          <div className="toolbar">{toolbarNode}</div>
          {header}
          <div className="loading">{layoutLoad.error ? `${t.error}: ${layoutLoad.error}` : t.loading}</div>
        </div>
      )}
    </div>
  )
}

/** The select's choice in words (its tooltip): "all tables", a report, or "institution · caption". */
function scopeLabel(f: ValuationFacets, scope: string, v: ValuationsText): string {
  if (!scope) return v.allTables
  for (const r of f.reports) {
    if (scope === `r:${r.id}`) return fill(v.reportAllTables, { inst: r.institution, n: r.tables.length })
    const tb = r.tables.find((x) => scope === `t:${x.id}`)
    if (tb) return `${r.institution} · ${tb.label}`
  }
  return scope.slice(2)
}

/** One table's caption and where it is printed, above its grid. */
function TableInfo({ layout, onBack }: { layout: ValuationTableLayout; onBack: () => void }) {
  const { t, lang } = useI18n()
  const v = VALUATIONS_TEXT[lang]
  const asOf = layout.asOfDate ? `${layout.asOfDate}${layout.asOfInferred ? `* (${t.inferred})` : ''}` : null
  return (
    <div className="val-table-info" data-testid="valuations-table-info">
      <b className="val-table-caption">
        {layout.institution} · {layout.label}
      </b>
      {layout.source && (
        <span>
          {v.tableSource}: {layout.source}
        </span>
      )}
      {(asOf || layout.asOfNote) && (
        <span>
          {/* a note that already says 截至… is not prefixed with it again */}
          {asOf || !(layout.asOfNote ?? '').startsWith(t.asOf) ? `${t.asOf} ` : ''}
          {[asOf, layout.asOfNote].filter(Boolean).join(' · ')}
        </span>
      )}
      {layout.line != null && (
        <span className="muted">
          {t.line} {layout.line}
        </span>
      )}
      {layout.headerPrinted && (
        <span className="muted val-header-printed" title={layout.headerPrinted}>
          {v.headerPrinted}: {layout.headerPrinted}
        </span>
      )}
      {layout.columns.length === 0 && <span className="warn">{v.tableColumnsNone}</span>}
      <span className="spacer" />
      <button className="val-back" onClick={onBack}>
        {v.backToAll}
      </button>
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
  /** figure columns hidden because the filter leaves them empty */
  hiddenEmpty: string[]
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
  const hidden = props.hiddenEmpty.length > 0 && (
    <span className="muted small val-hidden" data-testid="valuations-hidden-empty" title={`${v.hiddenEmptyTip}\n${props.hiddenEmpty.join(', ')}`}>
      {fill(v.hiddenEmpty, { n: props.hiddenEmpty.length })}
    </span>
  )
  if (!props.fyKeys.length)
    return (
      <div className="filtered-stats">
        {total}
        {hidden}
      </div>
    )
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
      <span className="muted small val-rule" tabIndex={0} title={fill(v.statsRuleCcy, { ccy: props.currency })} aria-label={fill(v.statsRuleCcy, { ccy: props.currency })}>
        ⓘ {v.statsRuleShort}
      </span>
      {hidden}
    </div>
  )
}
