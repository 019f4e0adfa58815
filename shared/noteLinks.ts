/**
 * Links written in a note: [[科大讯飞]] (a security, segment, layer or another note by name or
 * title) and @002230.SZ / @NVDA (a security by ticker or alias). Pure parsing; main resolves
 * the names against the workspace.
 */
export interface WrittenLinks {
  /** text inside [[…]], trimmed */
  wiki: string[]
  /** text after @ (ticker-like: letters, digits, . : -) */
  mentions: string[]
}

const WIKI = /\[\[([^[\]\n]{1,80})\]\]/g
// @ must start a word: an e-mail address (a@b.com) is not a mention.
const MENTION = /(^|[^\w@])@([A-Za-z0-9][A-Za-z0-9.:-]{0,30})/g

export function parseLinks(body: string): WrittenLinks {
  const wiki = new Set<string>()
  const mentions = new Set<string>()
  for (const m of body.matchAll(WIKI)) if (m[1]!.trim()) wiki.add(m[1]!.trim())
  for (const m of body.matchAll(MENTION)) mentions.add(m[2]!.replace(/[.:-]+$/, ''))
  return { wiki: [...wiki], mentions: [...mentions] }
}
