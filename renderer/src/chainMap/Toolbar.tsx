import { institutionText } from '../../../shared/bundledText'
import { useEffect, useState } from 'react'
import type { ChainMap } from '../../../shared/chainMap'
import { STANCES } from '../../../shared/chainMap'
import { MARKETS } from '../../../shared/api/scope'
import { marketLabel, useI18n } from '../i18n'
import { useApiQuery } from '../useApi'
import { useReportingCurrencies } from '../useReportingCurrencies'
import type { ColourBy, MapOptions } from './options'
import { MAP_TEXT } from './text'

interface Props {
  o: MapOptions
  map: ChainMap | undefined
  update: (p: Partial<MapOptions>) => void
}

const toggle = (xs: string[], x: string) => (xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x])

/** Lens, metric and statistic, colour, then the filter (reports, markets, stances, search). */
export function Toolbar({ o, map, update }: Props) {
  const { lang } = useI18n()
  const { currencies } = useReportingCurrencies(o.currency)
  const t = MAP_TEXT[lang]
  const reports = useApiQuery('reports.list', {})
  const [search, setSearch] = useState(o.search)
  useEffect(() => setSearch(o.search), [o.search])
  // The ticked reports live here first: the saved options reach the page a tick later (through the
  // query cache), and a controlled checkbox would flick back unticked in between.
  const [picked, setPicked] = useState(o.reportIds)
  useEffect(() => setPicked(o.reportIds), [o.reportIds])
  const pick = (id: string) => {
    const next = toggle(picked, id)
    setPicked(next)
    update({ reportIds: next })
  }
  // Typing waits a moment: every keystroke would otherwise recompute the whole map.
  useEffect(() => {
    if (search === o.search) return
    const id = setTimeout(() => update({ search }), 250)
    return () => clearTimeout(id)
  }, [search]) // eslint-disable-line react-hooks/exhaustive-deps
  const filtered = o.reportIds.length + o.markets.length + o.stances.length > 0 || o.search.trim() !== ''
  const fyKeys = map?.fyKeys.length ? map.fyKeys : [o.fyKey ?? 'FY23E']
  const lensName = (l: ChainMap['lenses'][number]) => (l.kind === 'canonical' ? t.canonical : `${institutionText(l.institution, lang)} · ${l.label}`)
  return (
    <div className="map-toolbar" data-testid="map-toolbar">
      <label>
        {t.lens}
        <select value={o.lens ?? ''} onChange={(e) => update({ lens: e.target.value ? Number(e.target.value) : null })} aria-label={t.lens} className="lens-select">
          {(map?.lenses ?? []).map((l) => (
            <option key={l.taxonomyId ?? 'c'} value={l.taxonomyId ?? ''}>
              {lensName(l)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.metric}
        <select
          value={o.metric}
          onChange={(e) => update({ metric: e.target.value as MapOptions['metric'], fyKey: o.fyKey ?? fyKeys.at(-2) ?? 'FY23E' })}
          aria-label={t.metric}
        >
          <option value="pe">{t.pe}</option>
          <option value="ps">{t.ps}</option>
          <option value="marketCap">{t.marketCap}</option>
        </select>
      </label>
      {o.metric !== 'marketCap' && (
        <>
          <select value={o.fyKey ?? ''} onChange={(e) => update({ fyKey: e.target.value })} aria-label={t.fy}>
            {fyKeys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
          <select value={o.stat} onChange={(e) => update({ stat: e.target.value as MapOptions['stat'] })} aria-label={t.stat}>
            <option value="aggregate">{t.aggregate}</option>
            <option value="median">{t.median}</option>
            <option value="weightedMean">{t.weightedMean}</option>
          </select>
        </>
      )}
      <select value={o.currency} onChange={(e) => update({ currency: e.target.value })} aria-label="currency">
        {currencies.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
      <label>
        {t.colourBy}
        <select value={o.colourBy} onChange={(e) => update({ colourBy: e.target.value as ColourBy })} aria-label={t.colourBy}>
          <option value="value">{t.colourValue}</option>
          <option value="marketCap">{t.colourMcap}</option>
          <option value="margin">{t.colourMargin}</option>
          <option value="premiumLayer">{t.colourPremLayer}</option>
          <option value="premiumSegment">{t.colourPremSeg}</option>
        </select>
      </label>
      <select value={o.convention} onChange={(e) => update({ convention: e.target.value as MapOptions['convention'] })} aria-label={t.convention}>
        <option value="cn">{t.conventionCn}</option>
        <option value="intl">{t.conventionIntl}</option>
        <option value="cb">{t.conventionCb}</option>
      </select>
      <label className="check">
        <input type="checkbox" checked={o.primaryOnly} onChange={(e) => update({ primaryOnly: e.target.checked })} /> {t.primaryOnly}
      </label>
      <div className="map-filter">
        <details className="report-pick">
          <summary aria-label={t.reports}>
            {t.reports}: {o.reportIds.length ? o.reportIds.length : t.allReports}
          </summary>
          <div className="report-list">
            {(reports.data ?? []).map((r) => (
              <label key={r.id} className="check">
                <input type="checkbox" checked={picked.includes(r.id)} onChange={() => pick(r.id)} data-report={r.id} /> {institutionText(r.institution, lang)}
                <span className="muted small"> {r.date ?? ''}</span>
              </label>
            ))}
          </div>
        </details>
        <span className="chips-row" role="group" aria-label={t.markets}>
          {MARKETS.map((m) => (
            <button key={m} className={o.markets.includes(m) ? 'chip on' : 'chip'} aria-pressed={o.markets.includes(m)} onClick={() => update({ markets: toggle(o.markets, m) })}>
              {marketLabel(m, lang)}
            </button>
          ))}
        </span>
        <span className="chips-row" role="group" aria-label={t.stances}>
          {[...STANCES, 'none'].map((s) => (
            <button key={s} className={o.stances.includes(s) ? 'chip on' : 'chip'} aria-pressed={o.stances.includes(s)} onClick={() => update({ stances: toggle(o.stances, s) })}>
              {s === 'none' ? t.noStance : lang === 'zh' ? s : (t.stanceLong[s] ?? s)}
            </button>
          ))}
        </span>
        <input className="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t.search} aria-label={t.search} maxLength={100} />
        {filtered && (
          <button className="link small" onClick={() => update({ reportIds: [], markets: [], stances: [], search: '' })}>
            {t.clear}
          </button>
        )}
      </div>
    </div>
  )
}
