import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/workspace'

/** Runs the real CLI (`npm run export` runs this same entry) on an empty data directory. */
describe('npm run export', () => {
  it('seeds an empty data dir and writes the documented JSON', () => {
    const dir = tempDir()
    const out = join(tempDir(), 'ws.json')
    const root = join(__dirname, '../..')
    execFileSync(join(root, 'node_modules/.bin/tsx'), ['electron/main/cli/export.ts', '--data-dir', dir, '--out', out], { cwd: root })
    const doc = JSON.parse(readFileSync(out, 'utf8'))
    expect(doc.schema).toBe('aigc-workbench-export')
    expect(doc.version).toBe(3)
    expect(doc.reports).toHaveLength(5)
    const msft = doc.valuationRows.find((r: any) => r.securityId === 'MSFT.US' && r.reportId === 'r000')
    expect(msft.figures.map((f: any) => f.printed)).toEqual(['266.7', '1,985,486', '28.1', '28.6', '24.5', '10.0', '9.4', '8.5'])
    expect(msft.provenance).toMatchObject({ table: expect.stringMatching(/图 19/), row: 1, tableSeq: 1, importFile: null, importHash: null })
    expect(msft.figures.every((f: any) => f.sourceCol === null)).toBe(true)
    expect(doc.securities.find((s: any) => s.id === '002230.SZ').aliases).toEqual(expect.arrayContaining(['002230 CH', '科大讯飞']))
    expect(doc.chain.layers.map((l: any) => l.id)).toEqual(['infra', 'model', 'app'])
    expect(doc.chain.crosswalk.length).toBeGreaterThan(50)
    expect(doc.fxRates.length).toBeGreaterThan(0)
    expect(doc.qualityFlags.some((f: any) => f.code === 'implausible-margin' && f.securityId === 'BABA.US')).toBe(true)
  })

  it('fails with a clear message without --out', () => {
    const root = join(__dirname, '../..')
    expect(() => execFileSync(join(root, 'node_modules/.bin/tsx'), ['electron/main/cli/export.ts', '--data-dir', tempDir()], { cwd: root, stdio: 'pipe' })).toThrow(/missing --out/)
  })
})
