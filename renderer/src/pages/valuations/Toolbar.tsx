/**
 * The valuations grid's one-line toolbar: search, table select, market, chain layer, and the
 * saved options (reporting currency, group by layer, latest only). AG Grid owns sort and the
 * column filters; the grid adds its own buttons after these.
 */
import { MARKETS, type ValuationFacets } from '../../../../shared/api/valuations'
import { marketLabel, useI18n } from '../../i18n'
import type { Market } from './query'
import { TableSelect } from './TableSelect'
import { VALUATIONS_TEXT } from './text'
import type { ToolbarFilters } from './useToolbarFilters'
import type { Options } from './useViewOptions'

interface Props {
  filters: ToolbarFilters
  /** a choice in the table select (it also clears a report passed in) */
  onScope: (scope: string) => void
  facets: ValuationFacets
  reportId?: string
  layers: readonly { id: string }[]
  layerName: (id: string | null) => string
  currencies: string[]
  currency: string
  opts: Options
  saveOpts: (next: Options) => void
}

export function ValuationsToolbar({ filters, onScope, facets, reportId, layers, layerName, currencies, currency, opts, saveOpts }: Props) {
  const { t, lang } = useI18n()
  const v = VALUATIONS_TEXT[lang]
  return (
    <>
      <input
        className="search val-search"
        placeholder={t.quickSearch}
        title={v.searchPlaceholder}
        aria-label={v.searchPlaceholder}
        value={filters.searchText}
        maxLength={60}
        onChange={(e) => filters.setSearchText(e.target.value)}
      />
      <TableSelect facets={facets} value={filters.scopeValue} reportId={reportId} onChange={onScope} />
      <select className="val-market" aria-label={t.market} value={filters.market} onChange={(e) => filters.setMarket(e.target.value as Market | '')}>
        <option value="">{v.allMarkets}</option>
        {MARKETS.map((m) => (
          <option key={m} value={m}>
            {marketLabel(m, lang)}
          </option>
        ))}
      </select>
      <select className="val-layer" aria-label={v.layer} value={filters.layerId} onChange={(e) => filters.setLayerId(e.target.value)}>
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
}
