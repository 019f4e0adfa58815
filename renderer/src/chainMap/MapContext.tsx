import { institutionText } from '../../../shared/bundledText'
import type { ChainMap, MapCard } from '../../../shared/chainMap'
import { formatMillions, formatMultiple, formatPercent } from '../../../shared/format'
import { useI18n } from '../i18n'
import { useApiQuery } from '../useApi'
import { allCards, cardValueText, metricLabel, statText } from './colouring'
import { useMapOptions } from './options'
import { MAP_TEXT } from './text'

const signed = (v: number | null) => (v == null ? null : `${v > 0 ? '+' : ''}${formatPercent(v, 0)}`)

/**
 * In the company panel, opened from the map: where the company sits on the map as it is drawn
 * (lens, filter, metric), its figure, weight and premium/discount to its layer and segment.
 * Reads the map's own cached answer, so the panel and the map cannot disagree.
 */
export function MapContext({ securityId }: { securityId: string }) {
  const { lang } = useI18n()
  const t = MAP_TEXT[lang]
  const { o, input, ready } = useMapOptions()
  const { data } = useApiQuery('chain.map', input, { enabled: ready })
  if (!data) return null
  const cards = allCards(data).filter((c) => c.securityId === securityId)
  if (!cards.length) return null
  return (
    <section data-testid="map-context">
      <h4>
        {t.title} · {metricLabel(o, t)}
      </h4>
      <table className="mini">
        <thead>
          <tr>
            <th>{t.nodeOf}</th>
            <th className="num">{o.metric === 'marketCap' ? t.marketCap : t.metric}</th>
            <th className="num">{t.weight}</th>
            <th className="num">{t.premLayer}</th>
            <th className="num">{t.premSeg}</th>
          </tr>
        </thead>
        <tbody>
          {cards.map((c) => (
            <Row key={c.nodeId} c={c} map={data} />
          ))}
        </tbody>
      </table>
      {cards[0]!.rowId != null && (
        <p className="muted small">
          {t.source}: {institutionText(cards[0]!.institution, lang)} {cards[0]!.tableLabel} {cards[0]!.asOfDate ? `· ${t.asOf} ${cards[0]!.asOfDate}` : ''} · {formatMillions(cards[0]!.mcap, lang, data.currency)}
        </p>
      )}
    </section>
  )
}

function Row({ c, map }: { c: MapCard; map: ChainMap }) {
  const { lang } = useI18n()
  const t = MAP_TEXT[lang]
  const { o } = useMapOptions()
  const lane = map.lanes.find((l) => l.groups.some((g) => g.cards.includes(c)))
  const group = lane?.groups.find((g) => g.cards.includes(c))
  const name = (n: { nameZh: string; nameEn: string }) => (lang === 'zh' ? n.nameZh : n.nameEn)
  const where = [lane && name(lane.node), group?.node ? name(group.node) : t.unsegmented].filter(Boolean).join(' › ')
  const na = (peers: number) => (c.rowId != null && peers === 0 ? <span title={t.groupOfOne}>{t.na}</span> : '—')
  return (
    <tr>
      <td>
        {where}
        {!c.primary && <span className="muted small"> ({t.secondary})</span>}
      </td>
      <td className="num">{cardValueText(c, o, lang, t)}</td>
      <td className="num">{c.weightInLayer != null ? formatPercent(c.weightInLayer, 1) : '—'}</td>
      <td className="num" title={lane ? statText(lane.stats, o, lang) : ''}>
        {signed(c.premiumToLayer) ?? na(c.layerPeers)}
      </td>
      <td className="num" title={group?.node ? `${t.median} ${formatMultiple(group.stats.median, lang)}` : ''}>
        {signed(c.premiumToSegment) ?? (group?.node ? na(c.segmentPeers) : '—')}
      </td>
    </tr>
  )
}
