/**
 * Finds the workspace's security for each imported row: the canonical id from the ticker form,
 * then the alias table by printed code, then by name. What is not found is proposed as a new
 * security (created only when the analyst confirms), with look-alike names as suggestions.
 */
import type { Resolution } from '../../../../shared/api/imports'
import type { ImportRow } from '../../../../shared/import/types'
import { aliasKey, marketOf } from '../../../../shared/tickers'
import type { Db } from '../../db/connection'

const CJK = /[\u3400-\u9fff]/
const CCY: Record<string, string | null> = { 'CN-A': 'CNY', HK: 'HKD', US: 'USD', unlisted: null, other: null }

export interface Resolver {
  resolve(row: ImportRow, choice?: string): Resolution
  known(id: string): boolean
}

/** A slug for an unlisted company's id: PRIVATE:<ascii words> or PRIVATE:<hash of the CJK name>. */
export function privateId(name: string): string {
  const ascii = name.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30)
  if (ascii.length >= 2) return `PRIVATE:${ascii}`
  let h = 2166136261
  for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0
  return `PRIVATE:u${h.toString(36)}`
}

export function resolver(db: Db): Resolver {
  const aliases = new Map((db.prepare('SELECT alias_key, security_id FROM security_alias').raw().all() as [string, string][]))
  const ids = new Set(db.prepare('SELECT id FROM security').pluck().all() as string[])
  const like = db.prepare(
    `SELECT id, coalesce(name_zh, name_en, id) AS name FROM security
     WHERE name_zh LIKE ? ESCAPE '\\' OR name_en LIKE ? ESCAPE '\\' ORDER BY length(coalesce(name_zh, name_en)) LIMIT 3`,
  )
  const suggestions = (name: string | null): { id: string; name: string }[] => {
    const n = name?.trim()
    if (!n || n.length < 2) return []
    const pat = `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return like.all(pat, pat) as { id: string; name: string }[]
  }
  return {
    known: (id) => ids.has(id),
    resolve(row, choice) {
      if (choice) return { status: 'matched', securityId: choice, by: 'choice' }
      if (row.security && ids.has(row.security)) return { status: 'matched', securityId: row.security, by: 'id' }
      for (const [text, by] of [
        [row.codePrinted, 'alias'],
        [row.security, 'alias'],
        [row.name, 'name'],
      ] as const) {
        const hit = text ? aliases.get(aliasKey(text)) : undefined
        if (hit) return { status: 'matched', securityId: hit, by }
      }
      const name = row.name?.trim() || null
      const id = row.security ?? (name ? privateId(name) : null)
      if (!id) return { status: 'unresolved', suggestions: suggestions(name) }
      const zh = name && CJK.test(name) ? name : null
      return { status: 'new', securityId: id, nameZh: zh, nameEn: name && !zh ? name : null, suggestions: suggestions(name) }
    },
  }
}

export function listingCurrency(id: string): string | null {
  return CCY[marketOf(id)] ?? null
}
