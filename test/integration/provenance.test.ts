import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundledReports } from '../../electron/main/services/bundled'

/**
 * Every bundled figure must be printed in its report: the printed string appears on the cited
 * line or the lines right around it (tables wrap), and every coverage entry's company is printed
 * near the line it cites. The seeds live beside the checkout (../shared/seeds).
 */
const seeds = join(__dirname, '../../../shared/seeds')
const have = existsSync(seeds)
if (!have) console.warn(`!! ${seeds} not found: provenance checks against the source reports are skipped`)

// CI always has shared/ beside the clone: there a missing seed folder is a broken checkout, not
// a reason to skip the one test that ties every figure to its printed line.
describe.runIf(process.env.CI === 'true')('seed reports under CI', () => {
  it('are present beside the checkout', () => {
    expect(have, `${seeds} must exist under CI=true`).toBe(true)
  })
})

function seedLines(file: string): string[] {
  return readFileSync(join(seeds, file), 'utf8').split('\n')
}

const squash = (s: string) => s.replace(/\s+/g, '')

describe.skipIf(!have)('bundled facts match the printed reports', () => {
  it('has one data file per seed', () => {
    expect(bundledReports().map((r) => r.report.seedFile).sort()).toEqual(readdirSync(seeds).sort())
  })

  for (const r of have ? bundledReports() : []) {
    it(`${r.report.key}: every table figure is printed at its row's line`, () => {
      const lines = seedLines(r.report.seedFile)
      const missing: string[] = []
      for (const t of r.valuationTables) {
        for (const row of t.rows) {
          if (!row.line) continue
          const near = squash(lines.slice(Math.max(0, row.line - 4), row.line + 5).join(' '))
          // Transposed tables (companies across, items down) print a row's cells on many lines.
          const region = squash(lines.slice(Math.max(0, row.line - 10), row.line + 80).join(' '))
          for (const f of row.figures) {
            if (f.printed.trim() === '') continue
            const ok = near.includes(squash(f.printed)) || (/transposed/.test(t.headerPrinted ?? '') && region.includes(squash(f.printed)))
            if (!ok) missing.push(`${t.label} row ${row.row} (${row.company}) ${f.metric} ${f.fy ?? ''} "${f.printed}" not near line ${row.line}`)
          }
        }
      }
      expect(missing).toEqual([])
    })

    it(`${r.report.key}: every coverage entry's company is printed near its line`, () => {
      const lines = seedLines(r.report.seedFile)
      const text = squash(lines.join(''))
      const missing = r.coverage
        .filter((c) => !text.includes(squash(c.company)) && !(c.tickerPrinted && text.includes(squash(c.tickerPrinted))))
        .map((c) => c.company)
      expect(missing).toEqual([])
    })
  }

  it("reads 招银国际's 图 19 Microsoft row exactly", () => {
    const r = bundledReports().find((x) => x.report.key === '000')!
    const row = r.valuationTables[0]!.rows.find((x) => x.tickerPrinted === 'MSFT US')!
    const printed = row.figures.map((f) => f.printed).join(' ')
    expect(printed).toBe('266.7 1,985,486 28.1 28.6 24.5 10.0 9.4 8.5')
  })
})
