import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { KeyboardEvent } from 'react'
import type { MapCard } from '../../../shared/chainMap'
import type { ChainNode } from '../../../shared/compare'
import { api } from '../api'
import { Card, type CardDrag } from '../chainMap/Card'
import { NEUTRAL, NEUTRAL_DARK, textOn } from '../chainMap/colour'
import { allCards, cardColour, cardValueText, formatColourValue, mapScale, metricLabel, statText } from '../chainMap/colouring'
import { Crosswalk } from '../chainMap/Crosswalk'
import { downloadBlob, drawingToPngBlob, drawingToSvg, mapDrawing } from '../chainMap/exportMap'
import { isArrow, moveFocus } from '../chainMap/keyboard'
import { cardKey, Lane, type CardLook, type NodeAction } from '../chainMap/Lane'
import { MoveDialog } from '../chainMap/MoveDialog'
import { DeleteDialog, NodeDialog, type Edit } from '../chainMap/NodeDialogs'
import { useMapOptions, type MapOptions } from '../chainMap/options'
import { MAP_TEXT } from '../chainMap/text'
import { Toolbar } from '../chainMap/Toolbar'
import '../chainMap/map.css'
import { useThemeMode } from '../components/useThemeMode'
import { errorText } from '../errorText'
import { companyName, useI18n } from '../i18n'
import { attempt, notify, notifyError } from '../notices'
import { useApiQuery } from '../useApi'
import type { CompareFocus } from './ComparePage'

const FIRST_CARDS = 60
const STEP_CARDS = 180

interface Props {
  onSecurity: (id: string) => void
  onCloseSecurity: () => void
  onCompare: (focus: Omit<CompareFocus, 'key'>, metric: { metric: string; fyKey: string | null; currency: string; primaryOnly: boolean }) => void
}

/**
 * The chain map: layers as lanes (upstream → downstream), segments as groups, securities as
 * cards coloured by a chosen metric, every lane and segment with the comparison's roll-up and
 * its basis. Edits (drag, dialogs) go through the engine: one undoable change each.
 */
export function MapPage({ onSecurity, onCloseSecurity, onCompare }: Props) {
  const { lang } = useI18n()
  const t = MAP_TEXT[lang]
  const { o, input, update, ready } = useMapOptions()
  const { data: map, error, isFetching } = useApiQuery('chain.map', input, { enabled: ready, keepPrevious: true })
  const chain = useApiQuery('chain.get', {})
  const [edit, setEdit] = useState<Edit | null>(null)
  const [deleting, setDeleting] = useState<ChainNode | null>(null)
  const [moving, setMoving] = useState<MapCard | null>(null)
  const [sideOpen, setSideOpen] = useState(false)
  const lanesRef = useRef<HTMLDivElement>(null)
  const editable = map?.lens.kind === 'canonical'
  const nodes = chain.data?.nodes ?? []

  // A big map is drawn in steps (the first screenful, then STEP cards per lane per task): one
  // commit of 2,000 cards blocked the page for ~0.5 s; steps keep every task short. The count
  // restarts when the question changes, not when an edit refetches the same map.
  const inputKey = JSON.stringify(input)
  const [limit, setLimit] = useState({ key: inputKey, n: FIRST_CARDS })
  const shown = limit.key === inputKey ? limit.n : FIRST_CARDS
  const longest = map ? Math.max(0, ...map.lanes.map((l) => l.groups.reduce((n, g) => n + g.cards.length, 0))) : 0
  useEffect(() => {
    if (limit.key !== inputKey) return setLimit({ key: inputKey, n: FIRST_CARDS })
    if (!map || shown >= longest) return
    const id = setTimeout(() => setLimit({ key: inputKey, n: shown + STEP_CARDS }), 0)
    return () => clearTimeout(id)
  }, [map, shown, longest, inputKey, limit.key])

  const scale = useMemo(() => (map ? mapScale(map, o) : null), [map, o])
  // On screen "no figure" follows the theme; the export is always the light (slide) version.
  const neutral = useThemeMode() === 'dark' ? NEUTRAL_DARK : NEUTRAL
  const colour = useCallback((c: MapCard) => cardColour(scale, c, o.colourBy, neutral), [scale, o.colourBy, neutral])
  // Stable across renders: cards are memoised and compare their handlers.
  const openCard = useCallback((c: MapCard) => onSecurity(c.securityId), [onSecurity])
  // Every card's figure and colours once per map, options and language, not once per drawing step.
  const look = useMemo(() => {
    const m = new Map<string, CardLook>()
    if (map) for (const c of [...allCards(map), ...map.unplaced]) m.set(cardKey(c), { value: cardValueText(c, o, lang, t), ...colour(c) })
    return m
  }, [map, o, lang, t, colour])
  const nodeName = (n: ChainNode) => (lang === 'zh' ? n.nameZh : n.nameEn)

  const place = useCallback(
    async (d: CardDrag, to: string, copy: boolean) => {
      if (d.from === to || (copy && d.nodeIds.includes(to))) return
      const next = copy ? [...d.nodeIds, to] : [...new Set(d.nodeIds.map((n) => (n === d.from ? to : n)))]
      const target = nodes.find((n) => n.id === to)
      const sec = map ? allCards(map).find((c) => c.securityId === d.securityId) : null
      const who = sec ? companyName(sec, lang) : d.securityId
      if (await attempt(api['securities.setNodes']({ securityId: d.securityId, nodeIds: next }))) {
        notify('ok', ({ lang: l }) => {
          const tt = MAP_TEXT[l]
          const where = target ? (l === 'zh' ? target.nameZh : target.nameEn) : to
          return `${copy ? tt.copied : tt.moved} ${who} → ${where}${tt.undoHint}`
        })
      }
    },
    [nodes, map, lang],
  )

  const onNode = (action: NodeAction, node: ChainNode) => {
    const siblings = nodes.filter((n) => n.parentId === node.parentId).sort((a, b) => a.position - b.position)
    const at = siblings.findIndex((n) => n.id === node.id) + 1
    if (action === 'rename') setEdit({ mode: 'rename', node })
    else if (action === 'delete') setDeleting(node)
    else if (action === 'addSegment') setEdit({ mode: 'create', parent: node })
    else void attempt(api['chain.moveNode']({ id: node.id, position: action === 'back' ? at - 1 : at + 1 }))
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = e.target as HTMLElement
    if (e.key === 'Escape') return onCloseSecurity()
    if (!el.classList.contains('mcard') || !lanesRef.current) return
    if (isArrow(e.key) && moveFocus(lanesRef.current, el, e.key)) e.preventDefault()
    else if ((e.key === 'm' || e.key === 'M') && editable && map) {
      const c = allCards(map).find((x) => x.securityId === el.dataset.security && x.nodeId === el.dataset.node)
      if (c) (e.preventDefault(), setMoving(c))
    }
  }

  const exportMap = async (kind: 'svg' | 'png') => {
    if (!map || !scale) return
    const subtitle = [metricLabel(o, t), filterText(), new Date().toISOString().slice(0, 10)].filter(Boolean).join(' · ')
    const legend = scale.legend.map((l) => ({ label: `${formatColourValue(l.from, o, lang)} – ${formatColourValue(l.to, o, lang)}`, fill: l.fill, text: l.text }))
    legend.push({ label: t.legendNeutral, fill: NEUTRAL, text: textOn(NEUTRAL) })
    const drawing = mapDrawing(map, {
      lang,
      title: map.lens.kind === 'canonical' ? t.title : `${t.title} · ${map.lens.institution} ${map.lens.label}`,
      subtitle,
      statLabel: metricLabel(o, t),
      colour: (c) => cardColour(scale, c, o.colourBy, NEUTRAL),
      legend,
      laneValue: (l) => `${statText(l.stats, o, lang)}`,
      groupValue: (g) => `${statText(g.stats, o, lang)}`,
      cardValue: (c) => cardValueText(c, o, lang, t),
      name: (c) => companyName(c, lang),
      nodeName,
      unsegmented: t.unsegmented,
    })
    const name = `chain-map-${new Date().toISOString().slice(0, 10)}`
    try {
      if (kind === 'svg') downloadBlob(new Blob([drawingToSvg(drawing)], { type: 'image/svg+xml' }), `${name}.svg`)
      else downloadBlob(await drawingToPngBlob(drawing), `${name}.png`)
    } catch (e) {
      notifyError(e)
    }
  }
  const filterText = () =>
    [o.reportIds.length ? `${t.reports} ${o.reportIds.length}` : '', o.markets.join('/'), o.stances.join('/'), o.search ? `“${o.search}”` : ''].filter(Boolean).join(' · ')

  const openCompare = (level: 'layer' | 'segment', nodeId: string) => {
    if (!editable) return
    onCompare(
      { level, nodeId, filter: { reportIds: o.reportIds, markets: o.markets, stances: o.stances, search: o.search } },
      { metric: o.metric, fyKey: o.fyKey, currency: o.currency, primaryOnly: o.primaryOnly },
    )
  }

  return (
    <div className={sideOpen ? 'page map-page with-side' : 'page map-page'} data-testid="chain-page">
      <div className="page-head">
        <h2>{t.title}</h2>
        <span className="hint-icon" title={t.hint} aria-label={t.hint} tabIndex={0}>
          ⓘ
        </span>
        <span className="spacer" />
        {editable && <button onClick={() => setEdit({ mode: 'create', parent: null })}>+ {t.addLayer}</button>}
        <button onClick={() => setSideOpen(!sideOpen)} aria-pressed={sideOpen}>
          {t.crosswalk}
        </button>
        <button onClick={() => void exportMap('svg')} disabled={!map}>
          {t.exportSvg}
        </button>
        <button onClick={() => void exportMap('png')} disabled={!map}>
          {t.exportPng}
        </button>
      </div>
      <Toolbar o={o} map={map} update={update} />
      {error && <div className="error">{errorText(error, lang)}</div>}
      {!map && !error && <div className="loading">{t.loading}</div>}
      {map && scale && (
        <>
          <div className="map-status small muted">
            <span data-testid="map-count">
              {map.securities} {t.securities} · {map.cards} {t.cards}
            </span>
            <span>· {metricLabel(o, t)}</span>
            <span>· {t.rulesHint}</span>
            {!editable && <span className="warn">· {t.lensReadOnly}</span>}
            {isFetching && <span>· {t.loading}</span>}
            <span className="spacer" />
            <Legend scale={scale} o={o} neutral={neutral} />
          </div>
          <div className="map-main">
            <div className="map-lanes" ref={lanesRef} onKeyDown={onKeyDown} data-testid="chain-map" style={{ gridTemplateColumns: `repeat(${Math.max(map.lanes.length, 1)}, minmax(${sideOpen ? 250 : 300}px, 1fr))` }}>
              {map.lanes.length === 0 && <div className="muted">{t.noLanes}</div>}
              {map.lanes.map((l, i) => (
                <Lane
                  key={l.node.id}
                  lane={l}
                  limit={shown}
                  index={i}
                  count={map.lanes.length}
                  o={o}
                  look={look}
                  editable={editable}
                  onOpen={openCard}
                  onDrop={(d, to, copy) => void place(d, to, copy)}
                  onCompare={openCompare}
                  onNode={onNode}
                />
              ))}
            </div>
            {sideOpen && chain.data && <Crosswalk rows={chain.data.crosswalk} nodes={chain.data.nodes} reportIds={map.lens.reportId ? [map.lens.reportId] : o.reportIds} />}
          </div>
          {map.unplaced.length > 0 && (
            <details className="unplaced" data-testid="unplaced">
              <summary>
                {t.unplaced} ({map.unplaced.length})
              </summary>
              <div className="mcards">
                {map.unplaced.map((c) => (
                  <Card key={c.securityId} card={c} value={cardValueText(c, o, lang, t)} {...colour(c)} editable={false} onOpen={(x) => onSecurity(x.securityId)} />
                ))}
              </div>
            </details>
          )}
        </>
      )}
      {edit && <NodeDialog edit={edit} onClose={() => setEdit(null)} />}
      {deleting && <DeleteDialog node={deleting} nodes={nodes} onClose={() => setDeleting(null)} />}
      {moving && (
        <MoveDialog
          card={moving}
          nodes={nodes}
          onClose={() => setMoving(null)}
          onMove={(to, copy) => {
            setMoving(null)
            void place({ securityId: moving.securityId, from: moving.nodeId, nodeIds: moving.nodeIds }, to, copy)
          }}
        />
      )}
    </div>
  )
}

function Legend({ scale, o, neutral }: { scale: NonNullable<ReturnType<typeof mapScale>>; o: MapOptions; neutral: string }) {
  const { lang } = useI18n()
  const t = MAP_TEXT[lang]
  return (
    <span className="legend" data-testid="map-legend" aria-label={t.colourBy}>
      {scale.legend.map((l, i) => (
        <span key={i} className="legend-item" style={{ background: l.fill, color: l.text }} title={`${l.count}`}>
          {formatColourValue(l.from, o, lang)}–{formatColourValue(l.to, o, lang)}
        </span>
      ))}
      <span className="legend-item" style={{ background: neutral, color: textOn(neutral) }}>
        {t.legendNeutral}
      </span>
    </span>
  )
}
