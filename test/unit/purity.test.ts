import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Layering rule: shared/ is pure; renderer/ may import only shared/ (and its own libraries). */
const root = join(__dirname, '../..')
/** libraries with no Node, DOM or Electron dependency that shared/ may use */
const PURE_LIBS = new Set(['zod', 'papaparse'])

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(f) ? [p] : []
  })
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8')
  return [...src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!)
}

describe('layering', () => {
  it('shared/ imports only shared/ and pure libraries (zod, papaparse) — no Node, DOM or Electron', () => {
    const bad: string[] = []
    for (const f of files(join(root, 'shared'))) {
      for (const i of imports(f)) {
        const inside = i.startsWith('.') && resolve(dirname(f), i).startsWith(join(root, 'shared') + sep)
        if (!(inside || PURE_LIBS.has(i))) bad.push(`${f}: ${i}`)
      }
      const src = readFileSync(f, 'utf8')
      if (/\b(window|document|localStorage|process\.|require\()/.test(src)) bad.push(`${f}: uses a runtime global`)
    }
    expect(bad).toEqual([])
  })
  it('renderer/ never imports electron/ or Node builtins', () => {
    const bad: string[] = []
    for (const f of files(join(root, 'renderer/src'))) {
      for (const i of imports(f)) if (i.includes('electron') || i.startsWith('node:') || i === 'better-sqlite3') bad.push(`${f}: ${i}`)
    }
    expect(bad).toEqual([])
  })
  it('only electron/main/db touches better-sqlite3 directly', () => {
    const bad: string[] = []
    for (const dir of ['electron', 'renderer', 'shared']) {
      for (const f of files(join(root, dir))) {
        if (imports(f).includes('better-sqlite3') && !f.includes(join('electron', 'main', 'db'))) bad.push(f)
      }
    }
    expect(bad).toEqual([])
  })
})
