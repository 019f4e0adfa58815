/**
 * Chain node edits: create (id minted here), rename, move, delete. Each runs inside mutate().
 * Names are unique among siblings, so "Servers" can never silently rename 服务器; deleting a
 * node that still has members, segments or mappings is refused unless the caller says where
 * they go.
 */
import { conflict, invalid, notFound } from '../../../../shared/errors'
import type { ChainNode } from '../../../../shared/compare'
import type { Db } from '../../db/connection'
import { rebuildDerivedAssignments } from './assignments'
import { getNode, nodesOf } from './queries'
import { placeSecurity } from './placements'

function mustGet(db: Db, id: string, field = 'id'): ChainNode {
  const n = getNode(db, id)
  if (!n) throw notFound('chain.nodeNotFound', `chain node ${id} not found`, { id, field })
  return n
}

function assertNameFree(db: Db, parentId: string | null, nameZh: string, nameEn: string, except: string | null): void {
  const clash = db
    .prepare(
      `SELECT id, name_zh, name_en FROM chain_node WHERE parent_id IS ? AND id IS NOT ?
         AND (lower(name_zh) = lower(?) OR lower(name_en) = lower(?) OR lower(name_zh) = lower(?) OR lower(name_en) = lower(?))`,
    )
    .get(parentId, except, nameZh, nameEn, nameEn, nameZh) as { id: string; name_zh: string; name_en: string } | undefined
  if (clash) {
    // name the field that actually clashed, so the form can point at it
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
    const field = same(clash.name_zh, nameZh) || same(clash.name_en, nameZh) ? 'nameZh' : 'nameEn'
    throw conflict('chain.nameTaken', `a sibling node already has this name: ${clash.name_zh} / ${clash.name_en} (${clash.id})`, {
      id: clash.id,
      nameZh: clash.name_zh,
      nameEn: clash.name_en,
    }, field)
  }
}

function siblingsCount(db: Db, parentId: string | null): number {
  return db.prepare('SELECT count(*) FROM chain_node WHERE parent_id IS ?').pluck().get(parentId) as number
}

/** Closes the gap a node leaves and opens one at `position` (1-based, clamped to the end). */
function placeAmongSiblings(db: Db, id: string, parentId: string | null, position: number): void {
  const ids = db.prepare('SELECT id FROM chain_node WHERE parent_id IS ? AND id <> ? ORDER BY position, id').pluck().all(parentId, id) as string[]
  ids.splice(Math.min(Math.max(position, 1), ids.length + 1) - 1, 0, id)
  const set = db.prepare('UPDATE chain_node SET position = ? WHERE id = ?')
  ids.forEach((x, i) => set.run(i + 1, x))
}

function renumber(db: Db, parentId: string | null): void {
  const ids = db.prepare('SELECT id FROM chain_node WHERE parent_id IS ? ORDER BY position, id').pluck().all(parentId) as string[]
  const set = db.prepare('UPDATE chain_node SET position = ? WHERE id = ?')
  ids.forEach((x, i) => set.run(i + 1, x))
}

/** A new id that no display name decides: parent-prefixed, numbered, never reused. */
function mintId(db: Db, parentId: string | null): string {
  const key = 'chain.nextNodeNo'
  const n = Number((db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) ?? '1')
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, String(n + 1))
  const id = parentId ? `${parentId}.n${n}` : `n${n}`
  return getNode(db, id) ? mintId(db, parentId) : id
}

export interface CreateInput {
  parentId: string | null
  nameZh: string
  nameEn: string
  position?: number
  /** only chain.saveNode (older API) passes its own id */
  id?: string
}

export function createNode(db: Db, n: CreateInput): string {
  if (n.parentId) {
    const parent = mustGet(db, n.parentId, 'parentId')
    if (parent.kind !== 'layer') throw invalid('chain.segmentUnderLayer', 'segments sit directly under a layer', { parentId: n.parentId }, 'parentId')
  }
  assertNameFree(db, n.parentId, n.nameZh, n.nameEn, null)
  const id = n.id ?? mintId(db, n.parentId)
  if (getNode(db, id)) throw conflict('chain.idTaken', `chain node ${id} already exists`, { id }, 'id')
  const end = siblingsCount(db, n.parentId) + 1
  db.prepare('INSERT INTO chain_node(id, parent_id, kind, position, name_zh, name_en) VALUES (?, ?, ?, ?, ?, ?)').run(
    id,
    n.parentId,
    n.parentId ? 'segment' : 'layer',
    end,
    n.nameZh,
    n.nameEn,
  )
  if (n.position != null && n.position < end) placeAmongSiblings(db, id, n.parentId, n.position)
  return id
}

export function renameNode(db: Db, id: string, nameZh: string, nameEn: string): void {
  const n = mustGet(db, id)
  assertNameFree(db, n.parentId, nameZh, nameEn, id)
  db.prepare('UPDATE chain_node SET name_zh = ?, name_en = ? WHERE id = ?').run(nameZh, nameEn, id)
}

export function moveNode(db: Db, id: string, position: number, parentId?: string | null): void {
  const n = mustGet(db, id)
  const to = parentId === undefined ? n.parentId : parentId
  if (to !== n.parentId) {
    if (n.kind === 'layer' || to === null) throw invalid('chain.layerStaysLayer', 'a layer cannot become a segment, nor a segment a layer', { id }, 'parentId')
    const parent = mustGet(db, to, 'parentId')
    if (parent.kind !== 'layer') throw invalid('chain.segmentUnderLayer', 'segments sit directly under a layer', { parentId: to }, 'parentId')
    assertNameFree(db, to, n.nameZh, n.nameEn, id)
    db.prepare('UPDATE chain_node SET parent_id = ? WHERE id = ?').run(to, id)
    renumber(db, n.parentId)
  }
  placeAmongSiblings(db, id, to, position)
  if (to !== n.parentId) rebuildDerivedAssignments(db)
}

export function deleteNode(db: Db, id: string, moveTo?: string): number {
  const n = mustGet(db, id)
  const segments = db.prepare('SELECT id FROM chain_node WHERE parent_id = ?').pluck().all(id) as string[]
  const members = db.prepare('SELECT DISTINCT security_id FROM security_node WHERE node_id = ?').pluck().all(id) as string[]
  const mappings = db.prepare('SELECT count(*) FROM chain_crosswalk WHERE node_id = ?').pluck().get(id) as number
  if ((segments.length || members.length || mappings) && !moveTo) {
    throw conflict('chain.nodeInUse', `${n.nameZh} / ${n.nameEn} still has ${members.length} companies, ${segments.length} segments and ${mappings} report labels mapped to it; say where they go`, {
      id,
      nameZh: n.nameZh,
      nameEn: n.nameEn,
      members: members.length,
      segments: segments.length,
      mappings,
    })
  }
  if (moveTo) moveContents(db, n, moveTo, segments, members)
  db.prepare('DELETE FROM chain_node WHERE id = ?').run(id)
  renumber(db, n.parentId)
  rebuildDerivedAssignments(db)
  return members.length
}

function moveContents(db: Db, n: ChainNode, moveTo: string, segments: string[], members: string[]): void {
  const target = mustGet(db, moveTo, 'moveTo')
  if (target.id === n.id || target.parentId === n.id) throw invalid('chain.moveToSelf', 'cannot move a node\'s contents into itself', { moveTo }, 'moveTo')
  if (segments.length && target.kind !== 'layer') throw invalid('chain.segmentsNeedLayer', 'segments can only move to another layer', { moveTo }, 'moveTo')
  for (const s of segments) {
    const seg = getNode(db, s)!
    assertNameFree(db, target.id, seg.nameZh, seg.nameEn, s)
    db.prepare('UPDATE chain_node SET parent_id = ?, position = ? WHERE id = ?').run(target.id, siblingsCount(db, target.id) + 1, s)
  }
  // Members become hand placements in the target, so the move holds even for bundled defaults.
  for (const sec of members) placeSecurity(db, sec, [...new Set(nodesOf(db, sec).map((x) => (x === n.id ? target.id : x)))])
  db.prepare(
    `UPDATE OR IGNORE chain_crosswalk SET node_id = ? WHERE node_id = ?`,
  ).run(target.id, n.id)
  db.prepare('DELETE FROM chain_crosswalk WHERE node_id = ?').run(n.id)
}
