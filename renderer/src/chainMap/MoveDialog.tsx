import { useState } from 'react'
import type { MapCard } from '../../../shared/chainMap'
import type { ChainNode } from '../../../shared/compare'
import { Dialog } from '../components/Dialog'
import { companyName, useI18n } from '../i18n'
import { MAP_TEXT } from './text'

/** The keyboard way to do what a drag does: move this placement, or add a secondary one. */
export function MoveDialog({ card, nodes, onMove, onClose }: { card: MapCard; nodes: ChainNode[]; onMove: (to: string, copy: boolean) => void; onClose: () => void }) {
  const { t: g, lang } = useI18n()
  const t = MAP_TEXT[lang]
  const name = (n: ChainNode) => (lang === 'zh' ? n.nameZh : n.nameEn)
  const path = (n: ChainNode) => {
    const p = nodes.find((x) => x.id === n.parentId)
    return p ? `${name(p)} › ${name(n)}` : name(n)
  }
  const layers = nodes.filter((n) => n.kind === 'layer').sort((a, b) => a.position - b.position)
  const targets = layers.flatMap((l) => [l, ...nodes.filter((n) => n.parentId === l.id).sort((a, b) => a.position - b.position)]).filter((n) => n.id !== card.nodeId)
  const [to, setTo] = useState(targets[0]?.id ?? '')
  const [copy, setCopy] = useState(false)
  const from = nodes.find((n) => n.id === card.nodeId)
  return (
    <Dialog
      title={`${t.moveTitle} · ${companyName(card, lang)}`}
      onClose={onClose}
      onSubmit={() => to && onMove(to, copy)}
      testId="move-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            {g.cancel}
          </button>
          <button type="submit" className="primary" disabled={!to}>
            {g.save}
          </button>
        </>
      }
    >
      <p className="muted small">
        {t.from} {from ? path(from) : '—'}
      </p>
      <label className="field">
        <span>{t.moveTo}</span>
        <select value={to} onChange={(e) => setTo(e.target.value)} aria-label={t.moveTo} autoFocus>
          {targets.map((n) => (
            <option key={n.id} value={n.id}>
              {path(n)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={copy} onChange={(e) => setCopy(e.target.checked)} /> {t.copyTo}
      </label>
    </Dialog>
  )
}
