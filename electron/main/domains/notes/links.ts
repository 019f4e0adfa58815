/** Resolves a note's [[links]] and @mentions to securities, chain nodes and notes. */
import { parseLinks } from '../../../../shared/noteLinks'
import { aliasKey } from '../../../../shared/tickers'
import type { Db } from '../../db/connection'

export interface Link {
  kind: 'security' | 'segment' | 'layer' | 'note'
  id: string
}

export function noteLinks(db: Db, body: string): Link[] {
  const { wiki, mentions } = parseLinks(body)
  if (!wiki.length && !mentions.length) return []
  const out: Link[] = []
  const bySecurity = db.prepare(
    `SELECT id FROM security WHERE id = @name COLLATE NOCASE OR name_zh = @name OR name_en = @name COLLATE NOCASE
     UNION SELECT security_id FROM security_alias WHERE alias_key = @key LIMIT 1`,
  )
  const byNode = db.prepare('SELECT id, kind FROM chain_node WHERE name_zh = @name OR name_en = @name COLLATE NOCASE LIMIT 1')
  const byNote = db.prepare('SELECT id FROM note WHERE title = ? AND deleted_at IS NULL LIMIT 1')
  for (const name of [...wiki, ...mentions]) {
    const s = bySecurity.pluck().get({ name, key: aliasKey(name) }) as string | undefined
    if (s) {
      out.push({ kind: 'security', id: s })
      continue
    }
    if (!wiki.includes(name)) continue
    const n = byNode.get({ name }) as { id: string; kind: 'layer' | 'segment' } | undefined
    if (n) {
      out.push({ kind: n.kind, id: n.id })
      continue
    }
    const note = byNote.pluck().get(name) as string | undefined
    if (note) out.push({ kind: 'note', id: note })
  }
  return out
}
