import type { DragEvent } from 'react'
import type { MapCard, MapGroup, MapLane } from '../../../shared/chainMap'
import type { ChainNode } from '../../../shared/compare'
import { formatMillions } from '../../../shared/format'
import { Basis } from '../components/Basis'
import { useI18n } from '../i18n'
import { Card, CARD_MIME, type CardDrag } from './Card'
import { statText } from './colouring'
import type { MapOptions } from './options'
import { MAP_TEXT } from './text'

export type NodeAction = 'rename' | 'delete' | 'addSegment' | 'back' | 'forward'

export interface LaneHandlers {
  onOpen: (c: MapCard) => void
  onDrop: (drag: CardDrag, to: string, copy: boolean) => void
  onCompare: (level: 'layer' | 'segment', nodeId: string) => void
  onNode: (action: NodeAction, node: ChainNode) => void
}

/** What each card shows, worked out once per map and options (key: cardKey). */
export type CardLook = { value: string; fill: string; text: string }
export const cardKey = (c: MapCard) => `${c.securityId}@${c.nodeId}`

interface Props extends LaneHandlers {
  lane: MapLane
  /** cards drawn so far in this lane (the map grows in steps, see MapPage) */
  limit: number
  index: number
  count: number
  o: MapOptions
  look: ReadonlyMap<string, CardLook>
  editable: boolean
}

/** A layer: header with its roll-up and basis, then its segments, upstream lane first. */
export function Lane({ lane, limit, index, count, o, look, editable, ...h }: Props) {
  const { lang } = useI18n()
  const t = MAP_TEXT[lang]
  const name = lang === 'zh' ? lane.node.nameZh : lane.node.nameEn
  const cards = lane.groups.reduce((n, g) => n + g.cards.length, 0)
  const offsets = lane.groups.reduce<number[]>((acc, g, i) => (acc.push(i ? acc[i - 1]! + lane.groups[i - 1]!.cards.length : 0), acc), [])
  return (
    <section className="lane" data-node={lane.node.id} aria-label={name}>
      <header className="lane-head">
        <div className="lane-title">
          <span className="step">{index + 1}</span>
          {editable ? (
            <button className="link lane-name" onClick={() => h.onCompare('layer', lane.node.id)} title={t.openCompare}>
              {name}
            </button>
          ) : (
            <span className="lane-name">{name}</span>
          )}
          <span className="spacer" />
          {editable && (
            <span className="node-actions">
              <button className="icon" onClick={() => h.onNode('rename', lane.node)} title={t.rename} aria-label={`${t.rename} ${name}`}>
                ✎
              </button>
              <button className="icon" disabled={index === 0} onClick={() => h.onNode('back', lane.node)} title={t.moveLeft} aria-label={`${t.moveLeft} ${name}`}>
                ←
              </button>
              <button className="icon" disabled={index === count - 1} onClick={() => h.onNode('forward', lane.node)} title={t.moveRight} aria-label={`${t.moveRight} ${name}`}>
                →
              </button>
              <button className="icon danger" onClick={() => h.onNode('delete', lane.node)} title={t.delete} aria-label={`${t.delete} ${name}`}>
                ✕
              </button>
            </span>
          )}
        </div>
        <Figures stats={lane} cards={cards} o={o} />
        <Basis basis={lane.basis} compact />
      </header>
      <div className="lane-body">
        {lane.groups.map((g, j) => {
          const shown = Math.max(0, Math.min(g.cards.length, limit - offsets[j]!))
          return <Group key={g.node?.id ?? '(layer)'} group={g} shown={shown} lane={lane} index={j} o={o} look={look} editable={editable} {...h} />
        })}
        {editable && (
          <button className="small add-seg" onClick={() => h.onNode('addSegment', lane.node)}>
            + {t.addSegment}
          </button>
        )}
      </div>
    </section>
  )
}

function Figures({ stats: g, cards, o }: { stats: MapLane | MapGroup; cards: number; o: MapOptions }) {
  const { lang } = useI18n()
  const t = MAP_TEXT[lang]
  return (
    <div className="figures">
      <span className="fig-n" data-cards={cards}>
        {cards} {t.cards}
      </span>
      <span className="fig-stat" title={t[o.stat]} data-stat={statText(g.stats, o, lang)}>
        {o.metric === 'marketCap' ? '' : `${t[o.stat]} `}
        <b>{statText(g.stats, o, lang)}</b>
      </span>
      {o.metric !== 'marketCap' && (
        <span className="fig-mcap" title={t.mcapIn}>
          Σ {formatMillions(g.stats.totalMcap, lang, o.currency)}
        </span>
      )}
    </div>
  )
}

interface GroupProps extends LaneHandlers {
  group: MapGroup
  shown: number
  lane: MapLane
  index: number
  o: MapOptions
  look: ReadonlyMap<string, CardLook>
  editable: boolean
}

const readDrag = (e: DragEvent): CardDrag | null => {
  try {
    return JSON.parse(e.dataTransfer.getData(CARD_MIME)) as CardDrag
  } catch {
    return null
  }
}
/** Alt (Option on a Mac) or Ctrl copies: the platforms' own copy-drag modifiers. */
const isCopy = (e: DragEvent) => e.altKey || e.ctrlKey || e.metaKey

/** A segment (or the layer's unsegmented companies): header, then a drop zone of cards. */
function Group({ group: g, shown, lane, index, o, look, editable, ...h }: GroupProps) {
  const { lang } = useI18n()
  const t = MAP_TEXT[lang]
  const node = g.node
  const name = node ? (lang === 'zh' ? node.nameZh : node.nameEn) : t.unsegmented
  const target = node?.id ?? lane.node.id
  const segs = lane.groups.filter((x) => x.node)
  const pos = node ? segs.indexOf(g) : -1
  // Highlight via the class list: a drag over one group must not re-render 2,000 cards.
  const over = (e: DragEvent<HTMLDivElement>, on: boolean) => e.currentTarget.classList.toggle('drop-over', on)
  return (
    <div className={node ? 'group' : 'group unsegmented'} data-node={target} data-index={index}>
      <div className="group-head">
        {node && editable ? (
          <button className="link group-name" onClick={() => h.onCompare('segment', node.id)} title={t.openCompare}>
            {name}
          </button>
        ) : (
          <span className={node ? 'group-name' : 'group-name muted'}>{name}</span>
        )}
        <span className="muted small">{g.cards.length}</span>
        <span className="small group-stat">{statText(g.stats, o, lang)}</span>
        <span className="spacer" />
        {editable && node && (
          <span className="node-actions">
            <button className="icon" onClick={() => h.onNode('rename', node)} title={t.rename} aria-label={`${t.rename} ${name}`}>
              ✎
            </button>
            <button className="icon" disabled={pos === 0} onClick={() => h.onNode('back', node)} title={t.moveUp} aria-label={`${t.moveUp} ${name}`}>
              ↑
            </button>
            <button className="icon" disabled={pos === segs.length - 1} onClick={() => h.onNode('forward', node)} title={t.moveDown} aria-label={`${t.moveDown} ${name}`}>
              ↓
            </button>
            <button className="icon danger" onClick={() => h.onNode('delete', node)} title={t.delete} aria-label={`${t.delete} ${name}`}>
              ✕
            </button>
          </span>
        )}
      </div>
      {g.basis.members > 0 && <Basis basis={g.basis} compact className="group-basis" />}
      <div
        className={editable || g.cards.length ? 'mcards' : 'mcards empty'}
        data-drop={editable ? target : undefined}
        onDragOver={(e) => {
          if (!editable || !e.dataTransfer.types.includes(CARD_MIME)) return
          e.preventDefault()
          e.dataTransfer.dropEffect = isCopy(e) ? 'copy' : 'move'
          over(e, true)
        }}
        onDragLeave={(e) => over(e, false)}
        onDrop={(e) => {
          over(e, false)
          const d = readDrag(e)
          if (!editable || !d) return
          e.preventDefault()
          h.onDrop(d, target, isCopy(e))
        }}
      >
        {(shown < g.cards.length ? g.cards.slice(0, shown) : g.cards).map((c) => {
          const k = cardKey(c)
          const l = look.get(k)!
          return <Card key={k} card={c} value={l.value} fill={l.fill} text={l.text} editable={editable} onOpen={h.onOpen} />
        })}
      </div>
    </div>
  )
}
