/**
 * `npm run import` as scripts use it: the public --dry-run --json shape (docs/import.md), a dry
 * run that creates nothing, a commit, and a refusal (exit 2) that writes nothing.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/workspace'

const root = join(__dirname, '../..')
const FIX = join(root, 'test/fixtures/import')
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'electron/main/cli/import.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 })
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('npm run import', () => {
  it('--dry-run --json prints the documented shape and writes nothing', () => {
    const dir = join(tempDir(), 'absent')
    dirs.push(dir)
    const r = cli('--data-dir', dir, join(FIX, 'cn-gbk-yi.csv'), '--dry-run', '--json')
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({ format: 'csv', encoding: 'gb18030' })
    expect(out.rows).toHaveLength(4)
    expect(out.rows[0]).toMatchObject({ sourceRow: 2, security: '002230.SZ', name: '科大讯飞', currency: 'CNY', price: 46.3, marketCapMn: 107652, marketCapCurrency: 'CNY', multiples: [{ metric: 'pe', basis: 'TTM', value: 82.1 }, { metric: 'ps', basis: 'TTM', value: 5 }] })
    expect(Object.keys(out.rows[0])).toEqual(expect.arrayContaining(['sourceRow', 'security', 'name', 'currency', 'price', 'marketCapMn', 'marketCapCurrency', 'multiples', 'warnings']))
    expect(out.rejected).toEqual([])
    expect(existsSync(dir)).toBe(false)
  })

  it('commits, then refuses the same file again with exit 2 and writes nothing', () => {
    const dir = tempDir()
    dirs.push(dir)
    const first = cli('--data-dir', dir, join(FIX, 'bloomberg.xlsx'), '--institution', 'Bloomberg', '--skip-bad', '--json')
    expect(first.status, first.stderr).toBe(0)
    const done = JSON.parse(first.stdout)
    expect(done.result.import).toMatchObject({ rows: 4, format: 'xlsx', preset: 'bloomberg' })
    expect(done.result.leftOut.map((r: { reason: string }) => r.reason)).toEqual(['bloomberg.invalidSecurity'])
    const again = cli('--data-dir', dir, join(FIX, 'bloomberg.xlsx'), '--skip-bad')
    expect(again.status).toBe(2)
    expect(again.stderr).toContain('import.duplicate')
    expect(readdirSync(dir)).toContain('workbench.sqlite')
  })
})
