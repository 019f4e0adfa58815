import { institutionText } from '../../../shared/bundledText'
import { memo } from 'react'
import type { MapCard } from '../../../shared/chainMap'
import { formatPercent, type Lang } from '../../../shared/format'
import { companyName, marketLabel, useI18n } from '../i18n'
import { MAP_TEXT } from './text'

export const CARD_MIME = 'application/x-workbench-card'

/** What a drag carries: the security, the placement it leaves and all its placements. */
export interface CardDrag {
  securityId: string
  from: string
  nodeIds: string[]
}

interface Props {
  card: MapCard
  value: string
  fill: string
  text: string
  editable: boolean
  onOpen: (c: MapCard) => void
}

/**
 * One security in one placement. Fixed size and clipped text so cards never overlap; the
 * tooltip holds what the card has no room for. Memoised: a 2,000-card map re-renders only the
 * cards whose data or colour changed.
 */
export const Card = memo(function Card({ card: c, value, fill, text, editable, onOpen }: Props) {
  const { lang } = useI18n()
  const t = MAP_TEXT[lang]
  const name = companyName(c, lang)
  const stance = c.stances[0]
  return (
    <button
      type="button"
      className={c.primary ? 'mcard' : 'mcard secondary'}
      style={{ background: fill, color: text }}
      data-security={c.securityId}
      data-node={c.nodeId}
      draggable={editable}
      // The tooltip is built when it is needed: 2,000 cards need not format it up front.
      onMouseEnter={(e) => (e.currentTarget.title = cardTip(c, lang))}
      onFocus={(e) => (e.currentTarget.title = cardTip(c, lang))}
      onClick={() => onOpen(c)}
      onDragStart={(e) => {
        const drag: CardDrag = { securityId: c.securityId, from: c.nodeId, nodeIds: c.nodeIds }
        e.dataTransfer.setData(CARD_MIME, JSON.stringify(drag))
        e.dataTransfer.effectAllowed = 'copyMove'
      }}
    >
      <span className="mcard-name">{name}</span>
      <span className="mcard-value">{value}</span>
      <span className="mcard-badges">
        {stance && <span className="mb stance">{t.stanceShort[stance] ?? stance}</span>}
        {/* one text run, not a span per badge: fewer nodes to lay out on a 2,000-card map */}
        <span className="mb">{badgeText(c)}</span>
      </span>
    </button>
  )
}, same)

/** Re-render only when what the card shows changes (a refetch brings new but equal objects). */
function same(a: Props, b: Props): boolean {
  const x = a.card
  const y = b.card
  const view = a.value === b.value && a.fill === b.fill && a.text === b.text && a.editable === b.editable && a.onOpen === b.onOpen
  if (x === y) return view
  return (
    a.value === b.value &&
    a.fill === b.fill &&
    a.text === b.text &&
    a.editable === b.editable &&
    a.onOpen === b.onOpen &&
    x.securityId === y.securityId &&
    x.nodeId === y.nodeId &&
    x.primary === y.primary &&
    x.locked === y.locked &&
    x.flags === y.flags &&
    x.notes === y.notes &&
    x.thesisFlags === y.thesisFlags &&
    x.reports === y.reports &&
    !!x.elsewhere === !!y.elsewhere &&
    x.stances.join() === y.stances.join() &&
    x.nodeIds.join() === y.nodeIds.join() &&
    x.nameZh === y.nameZh &&
    x.nameEn === y.nameEn &&
    x.rowId === y.rowId &&
    x.weightInLayer === y.weightInLayer &&
    x.premiumToLayer === y.premiumToLayer &&
    x.premiumToSegment === y.premiumToSegment
  )
}

/** Flags, covering reports, disagreeing placements, hand placement: "⚑1 4R ⇄ ✎". */
export function badgeText(c: MapCard): string {
  return [c.thesisFlags > 0 ? `⚠${c.thesisFlags}` : '', c.flags > 0 ? `⚑${c.flags}` : '', `${c.reports}R`, c.notes > 0 ? `✍${c.notes}` : '', c.elsewhere ? '⇄' : '', c.locked ? '✎' : '']
    .filter(Boolean)
    .join(' ')
}

/** Everything the card has no room for. */
export function cardTip(c: MapCard, lang: Lang): string {
  const t = MAP_TEXT[lang]
  const name = companyName(c, lang)
  return [
    `${name} · ${c.securityId} · ${marketLabel(c.market, lang)}`,
    c.stances.length ? c.stances.join(' / ') : null,
    c.rowId != null ? `${t.source}: ${institutionText(c.institution, lang)} ${c.tableLabel ?? ''} ${c.asOfDate ? `${t.asOf} ${c.asOfDate}` : ''}` : null,
    c.weightInLayer != null ? `${t.weight} ${formatPercent(c.weightInLayer, 1)}` : null,
    c.premiumToLayer != null ? `${t.premLayer} ${formatPercent(c.premiumToLayer, 0)}` : c.rowId != null && c.layerPeers === 0 ? `${t.premLayer}: ${t.na} (${t.groupOfOne})` : null,
    c.premiumToSegment != null ? `${t.premSeg} ${formatPercent(c.premiumToSegment, 0)}` : c.rowId != null && c.segmentPeers === 0 ? `${t.premSeg}: ${t.na} (${t.groupOfOne})` : null,
    c.thesisFlags ? `⚠ ${c.thesisFlags} ${t.thesisFlags}` : null,
    c.flags ? `⚑ ${c.flags} ${t.flags}` : null,
    c.notes ? `✍ ${c.notes} ${t.notesN}` : null,
    `${c.reports} ${t.reportsN}`,
    c.elsewhere ? `⇄ ${t.elsewhere}: ${c.elsewhere.map((e) => `${institutionText(e.institution, lang)} “${e.label}”`).join('; ')}` : null,
    !c.primary ? t.secondary : null,
    c.locked ? t.locked : null,
  ]
    .filter(Boolean)
    .join('\n')
}
