/** In-app dialogs for chain edits (no window.prompt/confirm, which Electron does not implement). */
import { useState } from 'react'
import type { ChainNode } from '../../../shared/compare'
import type { ApiError } from '../api'
import { ConfirmDialog, Dialog } from '../components/Dialog'
import { errorFields, errorText } from '../errorText'
import { useI18n } from '../i18n'
import { notify } from '../notices'
import { useApiMutation } from '../useApi'

export type Edit = { mode: 'create'; parent: ChainNode | null } | { mode: 'rename'; node: ChainNode }

/** Create or rename: both names, the engine's verdict shown beside the field it concerns. */
export function NodeDialog({ edit, onClose }: { edit: Edit; onClose: () => void }) {
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
export function DeleteDialog({ node, nodes, onClose }: { node: ChainNode; nodes: ChainNode[]; onClose: () => void }) {
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
