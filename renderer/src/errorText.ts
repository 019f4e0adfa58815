/**
 * Error codes → Chinese or English text. The engine raises {kind, code, field, params}
 * (shared/errors.ts); this file is the one place that says them in words, naming the field
 * and quoting the offending value (taken from the input the client sent) or the limit.
 * An unknown code falls back to the engine's English message, never to silence.
 */
import type { ErrorParams } from '../../shared/errors'
import type { Lang } from '../../shared/format'
import { JUMP_PCT } from '../../shared/fx'
import { ApiError } from './api'

type Pair = readonly [zh: string, en: string]

/** Input field paths (last named segment) as an analyst would call them. */
const FIELDS: Record<string, Pair> = {
  asOf: ['截至日期', 'As-of date'],
  currency: ['币种', 'Currency'],
  perUsd: ['汇率', 'Rate'],
  source: ['出处', 'Source'],
  nameZh: ['中文名', 'Chinese name'],
  nameEn: ['英文名', 'English name'],
  parentId: ['所属层', 'Parent layer'],
  moveTo: ['成员去向', 'Move members to'],
  id: ['编号', 'Id'],
  nodeIds: ['产业链节点', 'Chain nodes'],
  securityId: ['证券', 'Security'],
  reportId: ['研报', 'Report'],
  label: ['标签', 'Label'],
  key: ['设置项', 'Setting'],
  value: ['值', 'Value'],
  to: ['还原目标', 'Revert target'],
  position: ['位置', 'Position'],
  limit: ['条数', 'Limit'],
  offset: ['起始行', 'Offset'],
  beforeId: ['起点', 'Start'],
  metric: ['指标', 'Metric'],
  fyKey: ['财年', 'Fiscal year'],
  tableId: ['估值表', 'Table'],
  layerId: ['产业链层', 'Chain layer'],
  market: ['市场', 'Market'],
  search: ['搜索词', 'Search'],
  excludedRowIds: ['剔除行', 'Excluded rows'],
  nmCap: ['NM 上限', 'NM cap'],
  level: ['层级', 'Level'],
  confirm: ['确认', 'Confirmation'],
  code: ['标记类型', 'Flag kind'],
  col: ['列', 'Column'],
  min: ['下限', 'Minimum'],
  max: ['上限', 'Maximum'],
  sort: ['排序', 'Sort'],
  ranges: ['范围筛选', 'Range filters'],
  file: ['文件', 'File'],
  institution: ['机构', 'Institution'],
  title: ['标题', 'Title'],
  date: ['日期', 'Date'],
  sheet: ['工作表', 'Sheet'],
  columns: ['列映射', 'Column mapping'],
  fixes: ['修正的单元格', 'Fixed cells'],
  matches: ['证券选择', 'Security choices'],
  skipRows: ['跳过的行', 'Skipped rows'],
  unit: ['单位', 'Unit'],
  basis: ['口径', 'Basis'],
  match: ['表头', 'Header'],
}

export function fieldLabel(path: string | undefined, lang: Lang): string {
  if (!path) return ''
  const parts = path.split('.')
  const index = parts.length > 1 && /^\d+$/.test(parts.at(-1)!) ? Number(parts.pop()) : null
  const name = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? path
  const base = FIELDS[name]?.[lang === 'zh' ? 0 : 1] ?? name
  if (index == null) return base
  return lang === 'zh' ? `${base}（第 ${index + 1} 项）` : `${base} (item ${index + 1})`
}

/** The value at a dotted path of the input the client sent. */
function valueAt(input: unknown, path: string | undefined): unknown {
  if (!path) return undefined
  let v: unknown = input
  for (const p of path.split('.')) {
    if (v == null || typeof v !== 'object') return undefined
    v = (v as Record<string, unknown>)[p]
  }
  return v
}

/** Large limits read better grouped: 1,000,000. */
const numText = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && Math.abs(x) >= 10_000 ? x.toLocaleString('en-US') : String(x))

/** The offending value as shown in a message: text quoted, numbers as numbers. */
function quote(v: unknown, lang: Lang): string {
  if (v === undefined) return ''
  if (typeof v === 'number') return numText(v)
  let s = typeof v === 'string' ? v : JSON.stringify(v)
  // Control characters are the problem in some inputs: show them, do not print them.
  s = s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  if (s.length > 40) s = `${s.slice(0, 39)}…`
  return lang === 'zh' ? `“${s}”` : `"${s}"`
}

const TYPE_NAMES: Record<string, Pair> = {
  string: ['文本', 'text'],
  number: ['数字', 'a number'],
  boolean: ['是/否', 'true/false'],
  array: ['列表', 'a list'],
  object: ['对象', 'an object'],
  int: ['整数', 'a whole number'],
}

/** Format errors, by the field they concern (zod reports a failed regex as input.invalid_format). */
const FORMAT_OF_FIELD: Record<string, string> = {
  asOf: 'date.format',
  currency: 'currency.format',
  id: 'nodeId.format',
  parentId: 'nodeId.format',
  moveTo: 'nodeId.format',
  nodeIds: 'nodeId.format',
  layerId: 'nodeId.format',
  securityId: 'securityId.format',
  reportId: 'reportId.format',
  key: 'prefKey.format',
  fyKey: 'fyKey.format',
}

interface Issue {
  code: string
  field?: string
  params: ErrorParams
  message: string
}

type Ctx = { v: unknown; q: string; f: string; p: ErrorParams; message: string; input: unknown; issue: Issue }
type Template = (c: Ctx) => string

const num = (x: unknown) => (typeof x === 'number' ? x : Number(x))
/** A signed move in percent: +849.7%, −12.5%. */
const pct = (x: unknown) => `${num(x) > 0 ? '+' : num(x) < 0 ? '−' : ''}${Math.abs(num(x))}%`

/** zod's "too small/too big": what the limit means depends on the kind of value. */
function sizeText(big: boolean, c: Ctx, lang: Lang): string {
  const limit = big ? c.p.maximum : c.p.minimum
  const origin = String(c.p.origin ?? (typeof c.v === 'string' ? 'string' : Array.isArray(c.v) ? 'array' : 'number'))
  if (origin === 'string') {
    const len = typeof c.v === 'string' ? [...c.v.trim()].length : null
    if (!big && num(limit) <= 1) return lang === 'zh' ? '不能为空' : 'must not be blank'
    if (lang === 'zh') return `${big ? '最多' : '至少'} ${limit} 个字符${len != null ? `（现在 ${len} 个）` : ''}`
    return `must be at ${big ? 'most' : 'least'} ${limit} characters${len != null ? ` (now ${len})` : ''}`
  }
  if (origin === 'array' || origin === 'set') {
    const n = Array.isArray(c.v) ? c.v.length : null
    if (lang === 'zh') return `${big ? '最多' : '至少'} ${limit} 项${n != null ? `（现在 ${n} 项）` : ''}`
    return `must have at ${big ? 'most' : 'least'} ${limit} items${n != null ? ` (now ${n})` : ''}`
  }
  // Numbers: zod's message says whether the bound itself is allowed (">0" vs ">=0").
  const exclusive = big ? /<(?!=)/.test(c.message) : />(?!=)/.test(c.message) && !/>=|≥/.test(c.message)
  const got = c.v !== undefined ? (lang === 'zh' ? `，收到${typeof c.v === 'number' ? ' ' : ''}${c.q}` : `, got ${c.q}`) : ''
  if (lang === 'zh') return `须${big ? (exclusive ? '小于' : '不大于') : exclusive ? '大于' : '不小于'} ${numText(limit)}${got}`
  return `must be ${big ? (exclusive ? 'less than' : 'at most') : exclusive ? 'greater than' : 'at least'} ${numText(limit)}${got}`
}

const ZH: Record<string, Template> = {
  'date.format': (c) => `须为 YYYY-MM-DD 格式的日期${c.q ? `，收到${c.q}` : ''}`,
  'date.notReal': (c) => `${c.q}不是有效的日历日期（须在 1970–2100 年之间，且该月有这一天）`,
  'currency.format': (c) => `须为三位大写字母的货币代码（如 CNY、HKD、USD）${c.q ? `，收到${c.q}` : ''}`,
  'currency.unknown': (c) => `${c.q}不是 ISO 4217 货币代码（如 CNY、HKD、USD、GBP）`,
  'fx.usdBase': () => 'USD 是基准货币（恒为 1），不需要汇率',
  'workspace.importJson.invalid': (c) => `工作区文件未载入（未做任何改动）：发现 ${c.p.problems} 处问题${c.p.path ? `，首处在 ${c.p.path}` : ''}`,
  'text.blank': () => '不能为空',
  'text.control': (c) => `含有控制字符（如换行、制表符）：${c.q}`,
  'text.badUnicode': () => '含有损坏的 Unicode 字符（不成对的代理项），请重新输入',
  'text.tooLong': (c) => `最多 ${c.p.max} 个字符${typeof c.v === 'string' ? `（现在 ${[...c.v.trim()].length} 个）` : ''}`,
  'list.duplicate': () => '同一项出现了两次',
  'nodeId.format': (c) => `产业链节点编号格式不正确${c.q ? `：${c.q}` : ''}`,
  'securityId.format': (c) => `证券代码格式不正确${c.q ? `：${c.q}` : ''}（例如 002230.SZ、0700.HK、MSFT.US）`,
  'reportId.format': (c) => `研报编号格式不正确${c.q ? `：${c.q}` : ''}`,
  'prefKey.format': (c) => `设置项名称格式不正确${c.q ? `：${c.q}` : ''}`,
  'fyKey.format': (c) => `财年格式须如 FY23E${c.q ? `，收到${c.q}` : ''}`,
  'compare.fyRequired': () => 'P/E 与 P/S 需要选择财年',
  'grid.column': (c) => `不支持按该列排序或筛选${c.q ? `：${c.q}` : ''}`,
  'chain.nameTaken': (c) => `同一层级下已有节点“${c.p.nameZh} / ${c.p.nameEn}”，${c.q ? `${c.q}与之重名，` : ''}请换一个名称`,
  'chain.nodeInUse': (c) =>
    `${c.p.nameZh ? `“${c.p.nameZh}”` : '该节点'}下还有 ${c.p.members} 家公司、${c.p.segments} 个细分环节、${c.p.mappings} 个研报标签映射；请选择它们移到哪里`,
  'chain.nodeNotFound': (c) => `找不到产业链节点 ${c.p.id ?? ''}（可能已被删除或撤销）`,
  'chain.lensNotFound': () => '找不到这个研报视角（研报可能已被删除），已回到标准产业链即可',
  'notes.notFound': () => '找不到这条笔记（可能已从回收站永久删除）',
  'notes.revisionNotFound': (c) => `这条笔记没有第 ${c.p.revision ?? ''} 版`,
  'notes.conflict': (c) => `这条笔记已在别处保存（第 ${c.p.revision} 版，本页基于第 ${c.p.base} 版）；请重新载入或另存为新版本`,
  'notes.subject': () => '笔记对象不正确：主题笔记不带编号，其他对象必须指定',
  'notes.importInvalid': (c) => `导入被拒绝，未写入任何内容：${c.p.files} 个文件无法读取，例如 ${c.p.first ?? ''}`,
  'scenario.probabilityTotal': () => '各情景概率之和必须为 100%',
  'scenario.driverMismatch': () => 'P/E 对应 EPS 或净利润，P/S 对应每股销售额或营收',
  'chain.segmentUnderLayer': () => '细分环节只能放在产业链层之下',
  'chain.layerStaysLayer': () => '层不能变成细分环节，细分环节也不能变成层',
  'chain.moveToSelf': () => '不能把节点的内容移到它自己或它的细分环节里',
  'chain.segmentsNeedLayer': () => '该节点下有细分环节，只能移到另一个产业链层',
  'chain.idTaken': (c) => `节点编号 ${c.p.id} 已存在`,
  'security.notFound': (c) => `找不到证券 ${c.p.id ?? ''}`,
  'report.notFound': (c) => `找不到研报 ${c.p.id ?? ''}`,
  'fx.notFound': (c) => `没有 ${c.p.currency} 在 ${c.p.asOf} 的汇率（可能已被删除）`,
  'fx.jump': (c) => `${c.p.currency} ${c.p.perUsd} 与 ${c.p.previousAsOf} 的汇率 ${c.p.previous} 相比变动 ${pct(c.p.changePct)}（超过 ±${JUMP_PCT}%），请确认不是输错`,
  'currency.noRate': (c) => `${c.p.currency} 还没有任何汇率，无法折算；请先在“跨层比较 → 汇率”里添加一个`,
  'history.notFound': (c) => `找不到变更记录 #${c.p.id}`,
  'history.nothingToUndo': () => '没有可以撤销的操作',
  'history.nothingToRedo': () => '没有可以重做的操作',
  'history.revertPastBulk': (c) => `无法还原到 #${c.p.to}：之后有一次不可撤销的批量载入（#${c.p.barrier}），最早只能还原到 #${c.p.barrier}`,
  'history.nothingToRevert': (c) => `#${c.p.to} 之后没有任何改动，无需还原`,
  'backup.fileName': () => '请从备份列表中选择一个备份',
  'backup.notFound': (c) => `找不到备份 ${c.p.file ?? ''}（可能已被删除或轮换掉），请刷新列表`,
  'backup.damaged': (c) => `备份 ${c.p.file ?? ''} 已损坏，不能用来恢复（${c.p.detail ?? ''}）；当前工作区没有任何改动，请选择另一个备份`,
  'backup.newer': (c) => `备份 ${c.p.file ?? ''} 是由更新版本的工作台写入的（数据结构版本 ${c.p.found}，本版本最高支持 ${c.p.supported}）；请先升级应用。当前工作区没有任何改动`,
  'backup.notWorkspace': (c) => `${c.p.file ?? ''} 不是工作台的工作区备份；当前工作区没有任何改动`,
  'backup.incompatible': (c) => `备份 ${c.p.file ?? ''} 与当前工作区不兼容（${c.p.detail ?? ''}）；当前工作区没有任何改动`,
  'backup.checkFailed': (c) => `新备份未通过完整性检查，已丢弃（${c.p.detail ?? ''}）；当前工作区可能已损坏，请尽快从较早的备份恢复`,
  'backup.restoreCancelled': () => '恢复已取消，当前工作区没有任何改动',
  'backup.migrateFailed': (c) => `备份 ${c.p.file ?? ''} 无法升级到当前版本（${c.p.detail ?? ''}）；已放回原工作区，没有任何改动`,
  'backup.closing': () => '工作台正在关闭，备份已停止',
  'db.busy': () => '工作区正忙于另一项写入，请稍后重试',
  'engine.stopped': (c) => `数据引擎已停止，请重新启动应用（${c.message}）`,
  'api.unknownMethod': (c) => `应用版本不匹配：后台不认识 ${c.p.method}`,
  'ipc.untrusted': () => '请求来自不受信任的页面，已拒绝',
  'http.token': () => '访问令牌无效：请使用启动时打印的链接重新打开',
  'http.crossOrigin': () => '跨站请求已被拒绝',
  'http.badHost': () => '地址不正确：请使用启动时打印的链接',
  'net.unreachable': (c) => `无法连接到工作台后台（${c.p.detail ?? c.message}）`,
  'net.badReply': (c) => `后台的回复无法读取（${c.p.detail ?? c.message}）`,
  internal: (c) => `内部错误：${c.p.detail ?? c.message}`,
  'import.empty': (c) => `${c.p.file ? `“${c.p.file}”` : '文件'}是空的，没有可读的内容`,
  'import.badWorkbook': (c) => `${c.p.file ? `“${c.p.file}”` : '文件'}不是可读取的 Excel（.xlsx）工作簿${c.p.detail ? `（${c.p.detail}）` : ''}`,
  'import.binaryXls': (c) => `${c.p.file ? `“${c.p.file}”` : '文件'}是旧版二进制 Excel（.xls）或其他二进制文件：请在 Excel 中另存为 .xlsx 或 CSV 后再导入`,
  'import.noSheet': (c) => `工作簿中没有名为“${c.p.sheet ?? ''}”的工作表`,
  'import.sourceKind': () => '请选择一个文件，或粘贴一个表格（二者选一）',
  'import.duplicate': (c) => `“${c.p.file ?? ''}”已于 ${String(c.p.at ?? '').slice(0, 10)} 导入过（导入 #${c.p.importId}）；如确需再次导入，请勾选“仍然再次导入”`,
  'import.needsDecision': (c) =>
    `还有 ${c.p.count} 行需要处理后才能导入（修正或跳过被拒绝的行、为未识别的证券选择匹配、确认新建证券）${c.p.row != null ? `；第一处在第 ${c.p.row} 行` : ''}；未写入任何内容`,
  'import.nothing': (c) => `${c.p.file ? `“${c.p.file}”` : '文件'}中没有可导入的行（全部被跳过或拒绝）`,
  'import.noReport': (c) => `找不到研报 ${c.p.reportId ?? ''}（可能已被删除或撤销）`,
  'import.unknownSecurity': (c) => `第 ${c.p.row} 行选择的证券 ${c.p.securityId ?? ''} 不在工作区中`,
  'import.cancelled': () => '导入已取消，未写入任何内容',
  'input.too_small': () => '',
  'input.too_big': () => '',
  'input.invalid_type': (c) =>
    c.v === undefined ? '缺少此项' : `应为${TYPE_NAMES[String(c.p.expected)]?.[0] ?? c.p.expected}，收到${typeof c.v === 'number' ? ' ' : ''}${c.q}`,
  'input.invalid_value': (c) => `须为以下之一：${c.p.values}${c.q ? `，收到${c.q}` : ''}`,
  'input.invalid_format': (c) => `格式不正确${c.q ? `：${c.q}` : ''}`,
  'input.unrecognized_keys': (c) => `不认识的字段：${c.p.keys}`,
  'input.not_multiple_of': (c) => `须为整数${c.q ? `，收到${c.q}` : ''}`,
  'input.custom': (c) => `无效${c.q ? `：${c.q}` : ''}`,
  'input.invalid_union': (c) => `无效${c.q ? `：${c.q}` : ''}`,
}

const EN: Record<string, Template> = {
  'date.format': (c) => `must be a date as YYYY-MM-DD${c.q ? `, got ${c.q}` : ''}`,
  'date.notReal': (c) => `${c.q} is not a calendar date (1970–2100, and the month must have that day)`,
  'currency.format': (c) => `must be a three-letter currency code such as CNY, HKD, USD${c.q ? `, got ${c.q}` : ''}`,
  'currency.unknown': (c) => `${c.q} is not an ISO 4217 currency code (e.g. CNY, HKD, USD, GBP)`,
  'fx.usdBase': () => 'USD is the base currency (always 1); it needs no rate',
  'workspace.importJson.invalid': (c) => `workspace file not loaded (nothing changed): ${c.p.problems} problem(s)${c.p.path ? `, the first at ${c.p.path}` : ''}`,
  'text.blank': () => 'must not be blank',
  'text.control': (c) => `contains control characters (line breaks, tabs): ${c.q}`,
  'text.badUnicode': () => 'contains broken Unicode (a lone surrogate); please type it again',
  'text.tooLong': (c) => `must be at most ${c.p.max} characters${typeof c.v === 'string' ? ` (now ${[...c.v.trim()].length})` : ''}`,
  'list.duplicate': () => 'the same item appears twice',
  'nodeId.format': (c) => `not a valid chain node id${c.q ? `: ${c.q}` : ''}`,
  'securityId.format': (c) => `not a valid security id${c.q ? `: ${c.q}` : ''} (e.g. 002230.SZ, 0700.HK, MSFT.US)`,
  'reportId.format': (c) => `not a valid report id${c.q ? `: ${c.q}` : ''}`,
  'prefKey.format': (c) => `not a valid setting name${c.q ? `: ${c.q}` : ''}`,
  'fyKey.format': (c) => `fiscal year must look like FY23E${c.q ? `, got ${c.q}` : ''}`,
  'compare.fyRequired': () => 'P/E and P/S need a fiscal year',
  'grid.column': (c) => `cannot sort or filter on this column${c.q ? `: ${c.q}` : ''}`,
  'chain.nameTaken': (c) => `a node at the same level is already called "${c.p.nameZh} / ${c.p.nameEn}"${c.q ? ` (${c.q} clashes)` : ''}; choose another name`,
  'chain.lensNotFound': () => 'this report lens no longer exists (the report may have been deleted); switch back to the canonical chain',
  'notes.notFound': () => 'this note does not exist (it may have been deleted from the trash for good)',
  'notes.revisionNotFound': (c) => `this note has no revision ${c.p.revision ?? ''}`,
  'notes.conflict': (c) => `this note was saved elsewhere (revision ${c.p.revision}; this page had ${c.p.base}); reload it or save yours as a new revision`,
  'notes.subject': () => 'note subject: a theme has no id; every other subject needs one',
  'notes.importInvalid': (c) => `import refused, nothing was written: ${c.p.files} file(s) cannot be read, e.g. ${c.p.first ?? ''}`,
  'scenario.probabilityTotal': () => 'scenario probabilities must total 100%',
  'scenario.driverMismatch': () => 'P/E goes with EPS or net income, P/S with sales per share or revenue',
  'chain.nodeInUse': (c) =>
    `${c.p.nameEn ? `"${c.p.nameEn}"` : 'This node'} still has ${c.p.members} companies, ${c.p.segments} segments and ${c.p.mappings} report labels mapped to it; choose where they go`,
  'chain.nodeNotFound': (c) => `chain node ${c.p.id ?? ''} not found (deleted or undone?)`,
  'chain.segmentUnderLayer': () => 'segments sit directly under a chain layer',
  'chain.layerStaysLayer': () => 'a layer cannot become a segment, nor a segment a layer',
  'chain.moveToSelf': () => "a node's contents cannot move into itself or its own segments",
  'chain.segmentsNeedLayer': () => 'this node has segments, so its contents can only move to another layer',
  'chain.idTaken': (c) => `node id ${c.p.id} already exists`,
  'security.notFound': (c) => `security ${c.p.id ?? ''} not found`,
  'report.notFound': (c) => `report ${c.p.id ?? ''} not found`,
  'fx.notFound': (c) => `no ${c.p.currency} rate dated ${c.p.asOf} (deleted already?)`,
  'fx.jump': (c) => `${c.p.currency} ${c.p.perUsd} moves ${pct(c.p.changePct)} from the ${c.p.previousAsOf} rate ${c.p.previous} (more than ±${JUMP_PCT}%); check it is not a typo`,
  'currency.noRate': (c) => `${c.p.currency} has no FX rate yet, so nothing can be converted to it; add one first (Compare → FX rates)`,
  'history.notFound': (c) => `change set #${c.p.id} not found`,
  'history.nothingToUndo': () => 'Nothing to undo',
  'history.nothingToRedo': () => 'Nothing to redo',
  'history.revertPastBulk': (c) => `cannot revert to #${c.p.to}: a bulk load after it (#${c.p.barrier}) cannot be undone; #${c.p.barrier} is the earliest point`,
  'history.nothingToRevert': (c) => `nothing changed after #${c.p.to}`,
  'backup.fileName': () => 'choose a backup from the list',
  'backup.notFound': (c) => `backup ${c.p.file ?? ''} not found (deleted or rotated out?); refresh the list`,
  'backup.damaged': (c) => `backup ${c.p.file ?? ''} is damaged and cannot be restored (${c.p.detail ?? ''}); the workspace was not changed; choose another backup`,
  'backup.newer': (c) => `backup ${c.p.file ?? ''} was written by a newer version of the workbench (schema ${c.p.found}; this version knows up to ${c.p.supported}); update the app first. The workspace was not changed`,
  'backup.notWorkspace': (c) => `${c.p.file ?? ''} is not a workbench workspace backup; the workspace was not changed`,
  'backup.incompatible': (c) => `backup ${c.p.file ?? ''} does not fit this workspace (${c.p.detail ?? ''}); the workspace was not changed`,
  'backup.checkFailed': (c) => `the new backup failed its integrity check and was discarded (${c.p.detail ?? ''}); the workspace itself may be damaged: restore an earlier backup soon`,
  'backup.restoreCancelled': () => 'Restore cancelled; the workspace was not changed',
  'backup.migrateFailed': (c) => `backup ${c.p.file ?? ''} could not be upgraded to this version (${c.p.detail ?? ''}); the workspace was put back unchanged`,
  'backup.closing': () => 'The workbench is closing; backups have stopped',
  'db.busy': () => 'The workspace is busy with another write; try again in a moment',
  'engine.stopped': (c) => `The data engine stopped; please restart the app (${c.message})`,
  'api.unknownMethod': (c) => `App version mismatch: the back end does not know ${c.p.method}`,
  'ipc.untrusted': () => 'Refused: the request came from an untrusted page',
  'http.token': () => 'Invalid access token: open the link printed at start-up again',
  'http.crossOrigin': () => 'Cross-site request refused',
  'http.badHost': () => 'Wrong address: use the link printed at start-up',
  'net.unreachable': (c) => `Cannot reach the workbench back end (${c.p.detail ?? c.message})`,
  'net.badReply': (c) => `Unreadable reply from the back end (${c.p.detail ?? c.message})`,
  internal: (c) => `Internal error: ${c.p.detail ?? c.message}`,
  'import.empty': (c) => `${c.p.file ? `"${c.p.file}"` : 'The file'} is empty: nothing to read`,
  'import.badWorkbook': (c) => `${c.p.file ? `"${c.p.file}"` : 'The file'} is not a readable Excel (.xlsx) workbook${c.p.detail ? ` (${c.p.detail})` : ''}`,
  'import.binaryXls': (c) => `${c.p.file ? `"${c.p.file}"` : 'The file'} is an old binary Excel (.xls) or another binary file: save it as .xlsx or CSV in Excel and import that`,
  'import.noSheet': (c) => `the workbook has no sheet named "${c.p.sheet ?? ''}"`,
  'import.sourceKind': () => 'choose a file or paste a table (one of the two)',
  'import.duplicate': (c) => `"${c.p.file ?? ''}" was already imported on ${String(c.p.at ?? '').slice(0, 10)} (import #${c.p.importId}); tick "import again anyway" if you mean to`,
  'import.needsDecision': (c) =>
    `${c.p.count} row(s) need a decision before importing (fix or skip rejected rows, choose a security for unresolved ones, confirm creating new securities)${c.p.row != null ? `; the first is row ${c.p.row}` : ''}; nothing was written`,
  'import.nothing': (c) => `${c.p.file ? `"${c.p.file}"` : 'The file'} has no rows to import (all skipped or rejected)`,
  'import.noReport': (c) => `report ${c.p.reportId ?? ''} not found (deleted or undone?)`,
  'import.unknownSecurity': (c) => `row ${c.p.row}: the chosen security ${c.p.securityId ?? ''} is not in the workspace`,
  'import.cancelled': () => 'Import cancelled; nothing was written',
  'input.too_small': () => '',
  'input.too_big': () => '',
  'input.invalid_type': (c) => (c.v === undefined ? 'is missing' : `must be ${TYPE_NAMES[String(c.p.expected)]?.[1] ?? c.p.expected}, got ${c.q}`),
  'input.invalid_value': (c) => `must be one of: ${c.p.values}${c.q ? `, got ${c.q}` : ''}`,
  'input.invalid_format': (c) => `wrong format${c.q ? `: ${c.q}` : ''}`,
  'input.unrecognized_keys': (c) => `unknown fields: ${c.p.keys}`,
  'input.not_multiple_of': (c) => `must be a whole number${c.q ? `, got ${c.q}` : ''}`,
  'input.custom': (c) => `invalid${c.q ? `: ${c.q}` : ''}`,
  'input.invalid_union': (c) => `invalid${c.q ? `: ${c.q}` : ''}`,
}

/** Which of the two names clashes: the engine names nameZh, but either name may be the one taken. */
function clashField(input: unknown, p: ErrorParams): string | undefined {
  const i = (input ?? {}) as { nameZh?: unknown; nameEn?: unknown }
  const taken = [p.nameZh, p.nameEn].map((x) => String(x ?? '').trim().toLowerCase())
  for (const f of ['nameZh', 'nameEn'] as const) {
    const v = typeof i[f] === 'string' ? (i[f] as string).trim().toLowerCase() : ''
    if (v && taken.includes(v)) return f
  }
  return undefined
}

/** Codes whose text already says what it is about: no "Field: " prefix. */
const SELF_NAMED = new Set([
  'import.empty',
  'import.badWorkbook',
  'import.binaryXls',
  'import.noSheet',
  'import.sourceKind',
  'import.duplicate',
  'import.needsDecision',
  'import.nothing',
  'import.noReport',
  'import.unknownSecurity',
  'import.cancelled',
])

/** Whether an engine error code has its own text in that language (the completeness test asks). */
export function hasErrorText(code: string, lang: Lang): boolean {
  return code in (lang === 'zh' ? ZH : EN)
}

function issueText(issue: Issue, input: unknown, lang: Lang, extra: ErrorParams): string {
  let { code, field } = issue
  const last = field?.split('.').filter((p) => !/^\d+$/.test(p)).at(-1) ?? ''
  if (code === 'input.invalid_format' && FORMAT_OF_FIELD[last]) code = FORMAT_OF_FIELD[last]!
  if (code === 'chain.nameTaken') field = clashField(input, issue.params) ?? field
  const p = { ...extra, ...issue.params }
  // Some codes name their field in params (not-found errors).
  if (!field && typeof p.field === 'string') field = p.field
  const v = valueAt(input, field)
  const ctx: Ctx = { v, q: quote(v, lang), f: fieldLabel(field, lang), p, message: issue.message, input, issue }
  const table = lang === 'zh' ? ZH : EN
  let body: string
  if (code === 'input.too_small' || code === 'input.too_big') body = sizeText(code === 'input.too_big', ctx, lang)
  else body = table[code]?.(ctx) ?? issue.message
  if (!ctx.f || field === '' || SELF_NAMED.has(code)) return body
  return lang === 'zh' ? `${ctx.f}：${body}` : `${ctx.f}: ${body}`
}

/**
 * The user-facing text of any error: an ApiError in the user's language, anything else as it is.
 * `extra` adds what the caller knows and the engine did not send (e.g. the node's names).
 */
export function errorText(e: unknown, lang: Lang, extra: ErrorParams = {}): string {
  if (e instanceof ApiError) {
    const b = e.body
    const issues: Issue[] = b.issues?.length ? b.issues : [{ code: b.code, field: b.field, params: b.params, message: b.message }]
    // One message per field: a bad date also fails the calendar check; saying both is noise.
    const seen = new Set<string>()
    const texts: string[] = []
    for (const i of issues) {
      const f = i.field ?? ''
      if (seen.has(f)) continue
      seen.add(f)
      texts.push(issueText(i, e.input, lang, extra))
    }
    return texts.join(lang === 'zh' ? '；' : '; ')
  }
  if (e instanceof Error) return (lang === 'zh' ? '出错了：' : 'Error: ') + e.message
  return String(e)
}

/** The input fields an error concerns (to mark them invalid in a form). */
export function errorFields(e: unknown): Set<string> {
  const out = new Set<string>()
  if (!(e instanceof ApiError)) return out
  const b = e.body
  for (const i of b.issues?.length ? b.issues : [{ code: b.code, field: b.field, params: b.params }]) {
    const f = i.code === 'chain.nameTaken' ? (clashField(e.input, i.params) ?? i.field) : i.field
    if (f) out.add(f.split('.')[0]!)
  }
  return out
}
