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
 *
 * This file renders the page; its state is wired in valuations/useValuationsGrid.ts, and the
 * toolbar, the bars above the grid and the column builders are in pages/valuations/ too.
 */
import { ServerGrid } from '../components/ServerGrid'
import { errorText } from '../errorText'
import { useI18n } from '../i18n'
import { exportProvenance, type Row } from './valuations/columnKit'
import { LayerGroups } from './valuations/LayerGroups'
import { StatsBar } from './valuations/StatsBar'
import { TableInfo } from './valuations/TableInfo'
import { VALUATIONS_TEXT } from './valuations/text'
import { ValuationsToolbar } from './valuations/Toolbar'
import { useValuationsGrid } from './valuations/useValuationsGrid'
import './valuations/valuations.css'

interface Props {
  reportId?: string
  onSecurity: (id: string) => void
  onClearReport: () => void
}

const BLOCK = 100

export function ValuationsPage({ reportId, onSecurity, onClearReport }: Props) {
  const { t, lang } = useI18n()
  const v = VALUATIONS_TEXT[lang]
  const g = useValuationsGrid(reportId)
  const { facets, opts, saveOpts, filters, layout, summary, groups } = g
  const { tableId } = filters
  const viewKey = g.query.viewKey

  if (facets.error) return <div className="error">{t.error}: {facets.error}</div>
  if (!opts || !facets.data) return <div className="loading">{t.loading}</div>

  // The report passed in (from the Reports page) shows in this select; another choice, or
  // "all tables", clears it.
  const changeScope = (s: string) => {
    filters.setScope(s)
    if (reportId) onClearReport()
  }
  const { currencies, currency, layers, layerName } = g
  const toolbarNode = <ValuationsToolbar {...{ filters, reportId, layers, layerName, currencies, currency, opts, saveOpts }} facets={facets.data} onScope={changeScope} />
  const header = (
    <>
      {g.error != null && (
        <div className="error" style={{ padding: '4px 0' }}>
          {t.error}: {errorText(g.error, lang)}
        </div>
      )}
      {tableId != null && layout && <TableInfo layout={layout} onBack={() => changeScope('')} />}
      <StatsBar
        total={summary ? summary.total : null}
        stats={summary?.stats ?? null}
        fyKeys={g.statFyKeys}
        metric={opts.metric}
        fyKey={g.statFy}
        currency={currency}
        hiddenEmpty={g.hiddenEmpty}
        onMetric={(metric) => saveOpts({ ...opts, metric })}
        onFy={(fyKey) => saveOpts({ ...opts, fyKey })}
      />
      {opts.groupByLayer && groups && <LayerGroups groups={groups} layerId={filters.layerId} onLayer={filters.setLayerId} layerName={layerName} />}
    </>
  )

  return (
    <div className="page fill valuations-page" data-view={tableId != null ? 'table' : 'all'}>
      {g.gridReady ? (
        <ServerGrid<Row>
          // a view of its own: a new grid, with that view's saved column state
          key={viewKey}
          id={viewKey}
          handle={g.grid}
          columns={g.columns}
          queryKey={g.query.queryKey}
          fetchBlock={g.fetchBlock}
          getRowId={(r) => String(r.id)}
          onRowClicked={(r) => r.securityId && onSecurity(r.securityId)}
          rowStyle={g.rowStyle}
          blockSize={BLOCK}
          maxBlocks={30}
          exportName={tableId != null ? `valuations-table-${tableId}` : 'valuations'}
          exportTitle={v.exportLoadedTip}
          exportProvenance={exportProvenance}
          toolbar={toolbarNode}
          header={header}
          onFilterChanged={g.query.setFilterModel}
        />
      ) : (
        <div className="grid-wrap">
          <div className="toolbar">{toolbarNode}</div>
          {header}
          <div className="loading">{g.layoutError ? `${t.error}: ${g.layoutError}` : t.loading}</div>
        </div>
      )}
    </div>
  )
}
