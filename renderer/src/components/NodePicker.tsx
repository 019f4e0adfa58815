import { useEffect, useState } from 'react'
import type { ChainNode } from '../../../shared/compare'
import { useI18n } from '../i18n'

interface Props {
  nodes: ChainNode[]
  value: string[]
  onSave: (ids: string[]) => void
  label: string
}

/** Chips for the chosen chain nodes; click to tick nodes grouped by layer (order of ticking kept). */
export function NodePicker({ nodes, value, onSave, label }: Props) {
  const { t, lang } = useI18n()
  const [open, setOpen] = useState(false)
  const [draft, setDraft] = useState<string[]>(value)
  const name = (id: string) => {
    const n = nodes.find((x) => x.id === id)
    return n ? (lang === 'zh' ? n.nameZh : n.nameEn) : id
  }
  // Esc closes the picker (unsaved ticks dropped), like every dialog; the panel under it stays
  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      e.preventDefault()
      setOpen(false)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open])
  const layers = nodes.filter((n) => n.kind === 'layer')
  const toggle = (id: string) => setDraft(draft.includes(id) ? draft.filter((x) => x !== id) : [...draft, id])
  return (
    <span className="node-picker">
      <button className="chips" onClick={() => (setDraft(value), setOpen(!open))} aria-label={label} aria-expanded={open}>
        {value.length === 0 ? <span className="muted">{t.unmapped}</span> : value.map((id) => <span key={id} className="node-chip">{name(id)}</span>)}
      </button>
      {open && (
        <div className="picker-backdrop" onClick={(e) => e.target === e.currentTarget && setOpen(false)}>
        <div className="picker" role="dialog" aria-modal="true" aria-label={label}>
          <div className="picker-title">{label}</div>
          <div className="picker-cols">
            {layers.map((l) => (
              <div key={l.id}>
                <label className="picker-layer">
                  <input type="checkbox" checked={draft.includes(l.id)} onChange={() => toggle(l.id)} /> {name(l.id)}
                </label>
                {nodes
                  .filter((s) => s.parentId === l.id)
                  .map((s) => (
                    <label key={s.id} className="picker-seg">
                      <input type="checkbox" checked={draft.includes(s.id)} onChange={() => toggle(s.id)} /> {name(s.id)}
                    </label>
                  ))}
              </div>
            ))}
          </div>
          <div className="picker-foot">
            <span className="muted small">{t.primaryFirst}</span>
            <span className="spacer" />
            <button onClick={() => setOpen(false)}>{t.close}</button>
            <button className="primary" onClick={() => (onSave(draft), setOpen(false))}>
              {t.save}
            </button>
          </div>
        </div>
        </div>
      )}
    </span>
  )
}
