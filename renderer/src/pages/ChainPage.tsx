import { useState } from 'react'
import type { ChainNode } from '../../../shared/compare'
import { api, type ApiError } from '../api'
import { ConfirmDialog, Dialog } from '../components/Dialog'
import { NodePicker } from '../components/NodePicker'
import { errorFields, errorText } from '../errorText'
import { companyName, useI18n } from '../i18n'
import { attempt, notify } from '../notices'
import { useApiMutation, useApiQuery } from '../useApi'

type Edit = { mode: 'create'; parent: ChainNode | null } | { mode: 'rename'; node: ChainNode }

const byPosition = (a: ChainNode, b: ChainNode) => a.position - b.position

/**
 * Canonical chain (upstream → downstream) with each node's securities, and the editable
 * crosswalk. Nodes are created, renamed, moved and deleted through the engine, which mints the
 * ids; every edit is one undoable change set.
 */
export function ChainPage({ onSecurity }: { onSecurity: (id: string) => void }) {
  const { t, lang } = useI18n()
  const { data, error } = useApiQuery('chain.get', {})
  const [edit, setEdit] = useState<Edit | null>(null)
  const [deleting, setDeleting] = useState<ChainNode | null>(null)
  if (error) return <div className="error">{errorText(error, lang)}</div>
  if (!data) return <div className="loading">{t.loading}</div>
  const name = (n: ChainNode) => (lang === 'zh' ? n.nameZh : n.nameEn)
  const layers = data.nodes.filter((n) => n.kind === 'layer').sort(byPosition)
  const segmentsOf = (id: string) => data.nodes.filter((s) => s.parentId === id).sort(byPosition)
  const inNode = (id: string) => data.assignments.filter((a) => a.nodeIds.includes(id))
  /** Moves a node one place among its siblings (positions are 1-based). */
  const move = (siblings: ChainNode[], n: ChainNode, delta: -1 | 1) =>
    attempt(api['chain.moveNode']({ id: n.id, position: siblings.indexOf(n) + 1 + delta }))

  return (
    <div className="page chain">
      <div className="page-head">
        <h2>{t.chainTitle}</h2>
        <span className="muted small">{t.chainHint}</span>
        <span className="spacer" />
        <button onClick={() => setEdit({ mode: 'create', parent: null })}>+ {t.addLayer}</button>
      </div>
      <div className="chain-cols" data-testid="chain-map" style={{ gridTemplateColumns: `repeat(${Math.max(layers.length, 1)}, minmax(240px, 1fr))` }}>
        {layers.map((l, i) => {
          const segs = segmentsOf(l.id)
          return (
            <div key={l.id} className="chain-col" data-node={l.id}>
              <div className="chain-layer">
                <span className="step">{i + 1}</span>
                <span className="chain-name">{name(l)}</span>
                <span className="node-actions">
                  <button className="link small" onClick={() => setEdit({ mode: 'rename', node: l })}>
                    {t.rename}
                  </button>
                  <button className="icon" disabled={i === 0} onClick={() => move(layers, l, -1)} aria-label={`${t.moveLeft} ${name(l)}`} title={t.moveLeft}>
                    ←
                  </button>
                  <button className="icon" disabled={i === layers.length - 1} onClick={() => move(layers, l, 1)} aria-label={`${t.moveRight} ${name(l)}`} title={t.moveRight}>
                    →
                  </button>
                  <button className="icon danger" onClick={() => setDeleting(l)} aria-label={`${t.delete} ${name(l)}`} title={t.delete}>
                    ✕
                  </button>
                </span>
              </div>
              {inNode(l.id).length > 0 && <NodeMembers ids={inNode(l.id)} onSecurity={onSecurity} lang={lang} />}
              {segs.map((s, j) => (
                <div key={s.id} className="chain-seg" data-node={s.id}>
                  <div className="chain-seg-head">
                    <b className="chain-name">{name(s)}</b> <span className="muted small">{inNode(s.id).length}</span>
                    <span className="node-actions">
                      <button className="link small" onClick={() => setEdit({ mode: 'rename', node: s })}>
                        {t.rename}
                      </button>
                      <button className="icon" disabled={j === 0} onClick={() => move(segs, s, -1)} aria-label={`${t.moveUp} ${name(s)}`} title={t.moveUp}>
                        ↑
                      </button>
                      <button className="icon" disabled={j === segs.length - 1} onClick={() => move(segs, s, 1)} aria-label={`${t.moveDown} ${name(s)}`} title={t.moveDown}>
                        ↓
                      </button>
                      <button className="icon danger" onClick={() => setDeleting(s)} aria-label={`${t.delete} ${name(s)}`} title={t.delete}>
                        ✕
                      </button>
                    </span>
                  </div>
                  <NodeMembers ids={inNode(s.id)} onSecurity={onSecurity} lang={lang} />
                </div>
              ))}
              <button className="small" onClick={() => setEdit({ mode: 'create', parent: l })}>
                + {t.addSegment}
              </button>
            </div>
          )
        })}
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
                  onSave={(ids) => attempt(api['chain.setCrosswalk']({ reportId: c.reportId, label: c.label, nodeIds: ids }))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {edit && <NodeDialog edit={edit} onClose={() => setEdit(null)} />}
      {deleting && <DeleteDialog node={deleting} nodes={data.nodes} onClose={() => setDeleting(null)} />}
    </div>
  )
}

/** Create or rename: both names, the engine's verdict shown beside the field it concerns. */
function NodeDialog({ edit, onClose }: { edit: Edit; onClose: () => void }) {
  const { t, lang } = useI18n()
  const [nameZh, setNameZh] = useState(edit.mode === 'rename' ? edit.node.nameZh : '')
  const [nameEn, setNameEn] = useState(edit.mode === 'rename' ? edit.node.nameEn : '')
  const create = useApiMutation('chain.createNode', { inline: true })
  const rename = useApiMutation('chain.renameNode', { inline: true })
  const m = edit.mode === 'create' ? create : rename
  const bad = errorFields(m.error)
  const title =
    edit.mode === 'rename'
      ? `${t.rename} · ${lang === 'zh' ? edit.node.nameZh : edit.node.nameEn}`
      : edit.parent
        ? `${t.addSegment} · ${lang === 'zh' ? edit.parent.nameZh : edit.parent.nameEn}`
        : t.addLayer
  const submit = () => {
    // A blank English name takes the Chinese one (the field says so); the engine trims both.
    const en = nameEn.trim() ? nameEn : nameZh
    if (edit.mode === 'create') create.mutate({ parentId: edit.parent?.id ?? null, nameZh, nameEn: en }, { onSuccess: onClose })
    else rename.mutate({ id: edit.node.id, nameZh, nameEn: en }, { onSuccess: onClose })
  }
  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={submit}
      testId="node-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            {t.cancel}
          </button>
          <button type="submit" className="primary" disabled={m.isPending}>
            {t.save}
          </button>
        </>
      }
    >
      <label className="field">
        <span>{t.nameZh}</span>
        <input value={nameZh} onChange={(e) => setNameZh(e.target.value)} aria-label={t.nameZh} aria-invalid={bad.has('nameZh')} maxLength={200} />
      </label>
      <label className="field">
        <span>{t.nameEn}</span>
        <input
          value={nameEn}
          onChange={(e) => setNameEn(e.target.value)}
          aria-label={t.nameEn}
          aria-invalid={bad.has('nameEn')}
          placeholder={t.nameEnDefault}
          maxLength={200}
        />
      </label>
      {m.error && (
        <div className="error small form-error" role="alert">
          {errorText(m.error, lang)}
        </div>
      )}
    </Dialog>
  )
}

/**
 * Delete: asks first; if the engine refuses because the node still has members, segments or
 * mappings, shows its reason and lets the analyst choose where they go (or cancel).
 */
function DeleteDialog({ node, nodes, onClose }: { node: ChainNode; nodes: ChainNode[]; onClose: () => void }) {
  const { t, lang } = useI18n()
  const [inUse, setInUse] = useState<ApiError | null>(null)
  const del = useApiMutation('chain.deleteNode', { inline: true })
  const name = (n: ChainNode) => (lang === 'zh' ? n.nameZh : n.nameEn)
  const needsLayer = Number(inUse?.params.segments ?? 0) > 0
  const parent = nodes.find((n) => n.id === node.parentId)
  const layerName = (n: ChainNode) => {
    const p = nodes.find((x) => x.id === n.parentId)
    return p ? `${name(p)} › ${name(n)}` : name(n)
  }
  // Anywhere but the node itself and its own segments; only layers if segments must move too.
  const targets = nodes
    .filter((n) => n.id !== node.id && n.parentId !== node.id && (!needsLayer || n.kind === 'layer'))
    .sort((a, b) => layerName(a).localeCompare(layerName(b), lang === 'zh' ? 'zh-CN' : 'en'))
  const [moveTo, setMoveTo] = useState<string>('')
  const chosen = moveTo || (parent && targets.includes(parent) ? parent.id : (targets.find((n) => n.kind === 'layer')?.id ?? targets[0]?.id ?? ''))
  const done = () => {
    notify('ok', ({ lang: l }) => (l === 'zh' ? `已删除 ${node.nameZh}（可撤销）` : `Deleted ${node.nameEn} (undoable)`))
    onClose()
  }
  const submit = () =>
    del.mutate(inUse ? { id: node.id, moveTo: chosen } : { id: node.id }, {
      onSuccess: done,
      onError: (e) => e.code === 'chain.nodeInUse' && setInUse(e),
    })
  const otherError = del.error && del.error !== inUse ? del.error : null
  const extra = { nameZh: node.nameZh, nameEn: node.nameEn }
  if (!inUse) {
    return (
      <ConfirmDialog
        title={`${t.delete} · ${name(node)}`}
        testId="delete-dialog"
        danger
        busy={del.isPending}
        confirmLabel={t.delete}
        onCancel={onClose}
        onConfirm={submit}
        message={
          <>
            <p>{t.deleteConfirm.replace('{name}', name(node))}</p>
            {otherError && (
              <div className="error small form-error" role="alert">
                {errorText(otherError, lang, extra)}
              </div>
            )}
          </>
        }
      />
    )
  }
  return (
    <Dialog
      title={`${t.delete} · ${name(node)}`}
      onClose={onClose}
      onSubmit={submit}
      testId="delete-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            {t.cancel}
          </button>
          <button type="submit" className="primary danger" disabled={del.isPending || !chosen}>
            {t.moveAndDelete}
          </button>
        </>
      }
    >
      <div className="warn-box" role="alert">
        {errorText(inUse, lang, extra)}
      </div>
      <label className="field">
        <span>{t.moveMembersTo}</span>
        <select value={chosen} onChange={(e) => setMoveTo(e.target.value)} aria-label={t.moveMembersTo}>
          {targets.map((n) => (
            <option key={n.id} value={n.id}>
              {layerName(n)}
            </option>
          ))}
        </select>
      </label>
      {otherError && (
        <div className="error small form-error" role="alert">
          {errorText(otherError, lang, extra)}
        </div>
      )}
    </Dialog>
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
