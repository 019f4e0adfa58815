/**
 * History labels in words. A change set's label is a code ('chain.renameNode') with params
 * ({fromZh, nameZh, …}); undo and redo sets point at the set they invert (targetId), so
 * "撤销：重命名 服务器 → 算力服务器" is found by following targetId to the original edit.
 */
import type { ChangeSetView } from '../../shared/api/history'
import type { Lang } from '../../shared/format'

export interface Names {
  node(id: string): { nameZh: string; nameEn: string } | undefined
  security(id: string): { nameZh: string | null; nameEn: string | null } | undefined
  report(id: string): string | undefined
}

export const NO_NAMES: Names = { node: () => undefined, security: () => undefined, report: () => undefined }

type P = ChangeSetView['params']
type Render = (p: P, lang: Lang, n: Names) => string

const s = (v: unknown) => (v == null ? '' : String(v))
const pick = (lang: Lang, zh: unknown, en: unknown) => s(lang === 'zh' ? (zh ?? en) : (en ?? zh))
const nodeName = (id: unknown, lang: Lang, n: Names) => {
  const node = n.node(s(id))
  return node ? pick(lang, node.nameZh, node.nameEn) : s(id)
}
const secName = (id: unknown, lang: Lang, n: Names) => {
  const sec = n.security(s(id))
  const name = sec && pick(lang, sec.nameZh, sec.nameEn)
  return name ? `${name} (${s(id)})` : s(id)
}
const q = (lang: Lang, x: string) => (lang === 'zh' ? `“${x}”` : `"${x}"`)

/** Plain names of the labels, for when the params are not at hand. */
const NAMES: Record<string, readonly [string, string]> = {
  'chain.renameNode': ['重命名产业链节点', 'Rename chain node'],
  'chain.createNode': ['新建产业链节点', 'Add chain node'],
  'chain.moveNode': ['移动产业链节点', 'Move chain node'],
  'chain.deleteNode': ['删除产业链节点', 'Delete chain node'],
  'chain.setCrosswalk': ['修改研报标签映射', 'Edit report label mapping'],
  'chain.seed': ['载入产业链分类与默认归属', 'Load chain taxonomy and default placements'],
  'securities.setNodes': ['调整产业链归属', 'Edit chain placement'],
  'securities.resetNodes': ['恢复自动归属', 'Back to automatic placement'],
  'fx.set': ['设置汇率', 'Set FX rate'],
  'fx.delete': ['删除汇率', 'Delete FX rate'],
  'prefs.set': ['修改设置', 'Change a setting'],
  'workspace.resetToBundled': ['重置为内置数据', 'Reset to bundled data'],
  'workspace.seed': ['载入内置研报', 'Load bundled reports'],
  'quality.refresh': ['计算数据质量标记', 'Compute data-quality flags'],
  'import.commit': ['导入数据', 'Import data'],
  'import.savePreset': ['保存导入预设', 'Save import preset'],
  'history.undo': ['撤销', 'Undo'],
  'history.redo': ['重做', 'Redo'],
  'history.revert': ['还原', 'Revert'],
  'backup.create': ['备份工作区', 'Back up the workspace'],
  'backup.restore': ['从备份恢复', 'Restore from backup'],
}

const PREF_NAMES: Record<string, readonly [string, string]> = {
  'compare:exclusions': ['修改跨层比较的手动剔除', 'Edit hand exclusions (Compare)'],
}

const RENDER: Record<string, Render> = {
  'chain.renameNode': (p, lang) => {
    const from = pick(lang, p.fromZh, p.fromEn)
    const to = pick(lang, p.nameZh, p.nameEn)
    return lang === 'zh' ? `重命名 ${from} → ${to}` : `Rename ${from} → ${to}`
  },
  'chain.createNode': (p, lang) => (lang === 'zh' ? `新建节点 ${pick(lang, p.nameZh, p.nameEn)}` : `Add node ${pick(lang, p.nameZh, p.nameEn)}`),
  'chain.moveNode': (p, lang) =>
    lang === 'zh' ? `移动 ${pick(lang, p.nameZh, p.nameEn)} 到第 ${s(p.position)} 位` : `Move ${pick(lang, p.nameZh, p.nameEn)} to position ${s(p.position)}`,
  'chain.deleteNode': (p, lang, n) => {
    const name = pick(lang, p.nameZh, p.nameEn)
    if (!p.moveTo) return lang === 'zh' ? `删除节点 ${name}` : `Delete node ${name}`
    const to = nodeName(p.moveTo, lang, n)
    return lang === 'zh' ? `删除节点 ${name}（内容移至 ${to}）` : `Delete node ${name} (contents to ${to})`
  },
  'chain.setCrosswalk': (p, lang, n) => {
    const rep = n.report(s(p.reportId)) ?? s(p.reportId)
    return lang === 'zh' ? `修改映射：${rep} 的标签${q(lang, s(p.label))}` : `Map ${rep}'s label ${q(lang, s(p.label))}`
  },
  'securities.setNodes': (p, lang, n) => {
    const ids = s(p.nodes).split(',').map((x) => x.trim()).filter(Boolean)
    const to = ids.length ? ids.map((id) => nodeName(id, lang, n)).join(lang === 'zh' ? '、' : ', ') : lang === 'zh' ? '未归属' : 'none'
    return lang === 'zh' ? `调整 ${secName(p.securityId, lang, n)} 的归属 → ${to}` : `Place ${secName(p.securityId, lang, n)} in ${to}`
  },
  'securities.resetNodes': (p, lang, n) =>
    lang === 'zh' ? `恢复 ${secName(p.securityId, lang, n)} 的自动归属` : `${secName(p.securityId, lang, n)} back to automatic placement`,
  'fx.set': (p, lang) => (lang === 'zh' ? `设置汇率 ${s(p.currency)} ${s(p.asOf)} = ${s(p.perUsd)}` : `Set FX ${s(p.currency)} ${s(p.asOf)} = ${s(p.perUsd)}`),
  'fx.delete': (p, lang) => (lang === 'zh' ? `删除汇率 ${s(p.currency)} ${s(p.asOf)}` : `Delete FX ${s(p.currency)} ${s(p.asOf)}`),
  'prefs.set': (p, lang) => {
    const known = PREF_NAMES[s(p.key)]
    if (known) return known[lang === 'zh' ? 0 : 1]
    return lang === 'zh' ? `修改设置 ${s(p.key)}` : `Change setting ${s(p.key)}`
  },
  'history.revert': (p, lang) => (lang === 'zh' ? `还原到 #${s(p.to)}` : `Revert to #${s(p.to)}`),
  'backup.restore': (p, lang) => (lang === 'zh' ? `从备份 ${s(p.file)} 恢复` : `Restore from backup ${s(p.file)}`),
  'import.commit': (p, lang) => {
    const rows = p.rows == null ? '' : lang === 'zh' ? `（${s(p.rows)} 行）` : ` (${s(p.rows)} ${Number(p.rows) === 1 ? 'row' : 'rows'})`
    return lang === 'zh' ? `导入 ${s(p.file)}${rows}` : `Import ${s(p.file)}${rows}`
  },
  'import.savePreset': (p, lang) => (lang === 'zh' ? `保存导入预设${q(lang, s(p.name))}` : `Save import preset ${q(lang, s(p.name))}`),
}

type Lookup = (id: number) => ChangeSetView | undefined

export function labelName(code: string, lang: Lang): string {
  return NAMES[code]?.[lang === 'zh' ? 0 : 1] ?? code
}

/** One set's own label (an undo/redo set reads as its kind only; see describe). */
function own(set: ChangeSetView, lang: Lang, n: Names, byId: Lookup): string {
  if (set.label === 'history.revert') {
    // "Revert to #12" says little; name the entry it went back to when it is at hand.
    const to = Number(set.params.to)
    const target = byId(to)
    if (to === 0) return lang === 'zh' ? '还原到最初' : 'Revert to the beginning'
    if (target && target.label !== 'history.revert') {
      const what = describe(target, lang, n, byId)
      return lang === 'zh' ? `还原到“${what}”之后（#${to}）` : `Revert to after "${what}" (#${to})`
    }
  }
  return RENDER[set.label]?.(set.params, lang, n) ?? labelName(set.label, lang)
}

/**
 * The action a set stands for: an undo or redo stands for the edit at the end of its targetId
 * chain (undoing a redo of X undoes X). Falls back to the label code when the target is unknown.
 */
export function core(set: ChangeSetView, lang: Lang, n: Names, byId: Lookup): string {
  let cur = set
  for (let hops = 0; (cur.kind === 'undo' || cur.kind === 'redo') && hops < 50; hops++) {
    const target = cur.targetId != null ? byId(cur.targetId) : undefined
    if (!target) {
      const code = s(cur.params.label)
      return code && code !== 'history.undo' && code !== 'history.redo' ? labelName(code, lang) : `#${s(cur.targetId)}`
    }
    cur = target
  }
  return own(cur, lang, n, byId)
}

/** The row text in the history list. */
export function describe(set: ChangeSetView, lang: Lang, n: Names, byId: Lookup): string {
  if (set.kind === 'undo') return `${lang === 'zh' ? '撤销：' : 'Undo: '}${core(set, lang, n, byId)}`
  if (set.kind === 'redo') return `${lang === 'zh' ? '重做：' : 'Redo: '}${core(set, lang, n, byId)}`
  return own(set, lang, n, byId)
}

export const KIND_LABEL: Record<ChangeSetView['kind'], readonly [string, string]> = {
  edit: ['编辑', 'edit'],
  undo: ['撤销', 'undo'],
  redo: ['重做', 'redo'],
  revert: ['还原', 'revert'],
  bulk: ['批量载入', 'bulk load'],
}

/** "15:40:58" today, "11-22 15:40" this year, "2025-11-22 15:40" before. */
export function timeText(iso: string, now = new Date()): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const pad = (x: number) => String(x).padStart(2, '0')
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  if (d.toDateString() === now.toDateString()) return `${hm}:${pad(d.getSeconds())}`
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return d.getFullYear() === now.getFullYear() ? `${md} ${hm}` : `${d.getFullYear()}-${md} ${hm}`
}
