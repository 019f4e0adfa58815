/**
 * Builds one security master from the securities each report file lists: one row per
 * canonical id, aliases merged, and a loud error when one alias would point at two companies
 * (that is exactly how duplicate securities creep in).
 */
import type { SeedSecurity } from './seedSchema'
import { aliasKey, normalizeTicker } from './tickers'

export interface MasterSecurity extends SeedSecurity {}

export interface SecurityMaster {
  securities: MasterSecurity[]
  /** aliasKey → security id */
  aliases: Map<string, string>
  /** aliasKey → alias as printed (first seen) */
  aliasText: Map<string, string>
}

export class AliasConflictError extends Error {
  constructor(readonly conflicts: string[]) {
    super(`Alias conflicts in bundled securities: ${conflicts.join('; ')}`)
    this.name = 'AliasConflictError'
  }
}

export function buildSecurityMaster(lists: readonly (readonly SeedSecurity[])[]): SecurityMaster {
  const byId = new Map<string, MasterSecurity>()
  for (const list of lists) {
    for (const s of list) {
      const prev = byId.get(s.id)
      if (!prev) {
        byId.set(s.id, { ...s, aliases: [...s.aliases] })
        continue
      }
      prev.nameZh ??= s.nameZh
      prev.nameEn ??= s.nameEn
      prev.currency ??= s.currency
      for (const a of s.aliases) if (!prev.aliases.includes(a)) prev.aliases.push(a)
    }
  }
  const aliases = new Map<string, string>()
  const aliasText = new Map<string, string>()
  const conflicts: string[] = []
  const add = (text: string | null, id: string) => {
    if (!text) return
    const key = aliasKey(text)
    if (!key) return
    const prev = aliases.get(key)
    if (prev && prev !== id) conflicts.push(`"${text}" → ${prev} and ${id}`)
    else if (!prev) {
      aliases.set(key, id)
      aliasText.set(key, text)
    }
  }
  for (const s of byId.values()) {
    add(s.id, s.id)
    add(s.nameZh, s.id)
    add(s.nameEn, s.id)
    for (const a of s.aliases) {
      // A printed ticker that normalises to a *different* canonical id is a data error.
      const canon = normalizeTicker(a)
      if (canon && canon !== s.id && !s.id.startsWith('PRIVATE:') && byId.has(canon)) {
        conflicts.push(`ticker "${a}" on ${s.id} normalises to ${canon}`)
      }
      add(a, s.id)
    }
  }
  if (conflicts.length) throw new AliasConflictError(conflicts)
  return { securities: [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)), aliases, aliasText }
}
