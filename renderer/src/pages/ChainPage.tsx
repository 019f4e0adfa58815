import { useState } from 'react'
import type { ChainNode } from '../../../shared/compare'
import { api } from '../api'
import { NodePicker } from '../components/NodePicker'
import { companyName, useI18n } from '../i18n'
import { useLoad } from '../useApi'

/** Canonical chain (upstream → downstream) with each node's securities, and the editable crosswalk. */
export function ChainPage({ onSecurity }: { onSecurity: (id: string) => void }) {
  const { t, lang } = useI18n()
  const { data, error, reload } = useLoad(() => api['chain.get']({}), [])
  const [msg, setMsg] = useState<string | null>(null)
  const act = async (p: Promise<unknown>) => {
    try {
      await p
      setMsg(null)
      reload()
    } catch (e) {
      setMsg(e instanceof Error ? e.message : String(e))
    }
  }
  if (error) return <div className="error">{error}</div>
  if (!data) return <div className="loading">{t.loading}</div>
  const name = (n: ChainNode) => (lang === 'zh' ? n.nameZh : n.nameEn)
  const layers = data.nodes.filter((n) => n.kind === 'layer').sort((a, b) => a.position - b.position)
  const inNode = (id: string) => data.assignments.filter((a) => a.nodeIds.includes(id))
  const addSegment = (layer: ChainNode) => {
    const nameZh = window.prompt(`${t.addSegment} · ${t.nameZh}`)
    if (!nameZh) return
    const nameEn = window.prompt(`${t.addSegment} · ${t.nameEn}`) || nameZh
    const slug = nameEn.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || String(Date.now())
    act(api['chain.saveNode']({ id: `${layer.id}.${slug}`.slice(0, 60), parentId: layer.id, nameZh, nameEn }))
  }
  const rename = (n: ChainNode) => {
    const nameZh = window.prompt(`${t.rename} · ${t.nameZh}`, n.nameZh)
    if (!nameZh) return
    const nameEn = window.prompt(`${t.rename} · ${t.nameEn}`, n.nameEn) || n.nameEn
    act(api['chain.saveNode']({ id: n.id, parentId: n.parentId, nameZh, nameEn, position: n.position }))
  }
  return (
    <div className="page chain">
      <div className="page-head">
        <h2>{t.chainTitle}</h2>
      </div>
      {msg && <div className="error small">{msg}</div>}
      <div className="chain-cols" data-testid="chain-map">
        {layers.map((l, i) => (
          <div key={l.id} className="chain-col">
            <div className="chain-layer">
              <span className="step">{i + 1}</span> {name(l)}
              <button className="link small" onClick={() => rename(l)}>
                {t.rename}
              </button>
            </div>
            {inNode(l.id).length > 0 && <NodeMembers ids={inNode(l.id)} onSecurity={onSecurity} lang={lang} />}
            {data.nodes
              .filter((s) => s.parentId === l.id)
              .sort((a, b) => a.position - b.position)
              .map((s) => (
                <div key={s.id} className="chain-seg" data-node={s.id}>
                  <div className="chain-seg-head">
                    <b>{name(s)}</b> <span className="muted small">{inNode(s.id).length}</span>
                    <button className="link small" onClick={() => rename(s)}>
                      {t.rename}
                    </button>
                  </div>
                  <NodeMembers ids={inNode(s.id)} onSecurity={onSecurity} lang={lang} />
                </div>
              ))}
            <button className="small" onClick={() => addSegment(l)}>
              + {t.addSegment}
            </button>
          </div>
        ))}
      </div>

      <h3>{t.crosswalkTitle}</h3>
      <p className="muted small">{t.crosswalkHint}</p>
      <table className="reports crosswalk" data-testid="crosswalk">
        <thead>
          <tr>
            <th>{t.report}</th>
            <th>{t.label}</th>
            <th className="num">{t.uses}</th>
            <th>{t.nodes}</th>
          </tr>
        </thead>
        <tbody>
          {data.crosswalk.map((c) => (
            <tr key={`${c.reportId}|${c.label}`} className={c.nodeIds.length ? '' : 'unmapped'}>
              <td>{c.institution}</td>
              <td>{c.label}</td>
              <td className="num">{c.uses}</td>
              <td>
                <NodePicker
                  nodes={data.nodes}
                  value={c.nodeIds}
                  label={`${c.institution} ${c.label}`}
                  onSave={(ids) => act(api['chain.setCrosswalk']({ reportId: c.reportId, label: c.label, nodeIds: ids }))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function NodeMembers({ ids, onSecurity, lang }: { ids: { securityId: string; nameZh: string | null; nameEn: string | null; locked: boolean }[]; onSecurity: (id: string) => void; lang: 'zh' | 'en' }) {
  return (
    <div className="members">
      {ids.map((a) => (
        <button key={a.securityId} className="member" onClick={() => onSecurity(a.securityId)} title={a.securityId}>
          {companyName(a, lang)}
          {a.locked && ' ✎'}
        </button>
      ))}
    </div>
  )
}
