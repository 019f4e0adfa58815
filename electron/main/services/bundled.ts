/**
 * The facts extracted from the five bundled reports (data/reports/*.json), validated.
 * Imported statically so the desktop bundle, browser mode and the CLI all carry the same data
 * without resolving paths at run time.
 */
import r000 from '../../../data/reports/000.json'
import r001 from '../../../data/reports/001.json'
import r002 from '../../../data/reports/002.json'
import r003 from '../../../data/reports/003.json'
import r004 from '../../../data/reports/004.json'
import { seedReport, type SeedReport } from '../../../shared/seedSchema'

const RAW: Record<string, unknown> = { '000': r000, '001': r001, '002': r002, '003': r003, '004': r004 }

export class BundledDataError extends Error {}

let cache: SeedReport[] | null = null

export function bundledReports(): SeedReport[] {
  if (cache) return cache
  cache = Object.entries(RAW).map(([key, raw]) => {
    const r = seedReport.safeParse(raw)
    if (!r.success) {
      const where = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`)
      throw new BundledDataError(`data/reports/${key}.json is invalid — ${where.join('; ')}`)
    }
    return r.data
  })
  return cache
}
