/**
 * The bundled facts (data/), validated. Imported statically so the desktop bundle, browser mode
 * and the CLI all carry the same data without resolving paths at run time.
 */
import r000 from '../../../data/reports/000.json'
import r001 from '../../../data/reports/001.json'
import r002 from '../../../data/reports/002.json'
import r003 from '../../../data/reports/003.json'
import r004 from '../../../data/reports/004.json'
import taxonomyJson from '../../../data/chain/taxonomy.json'
import crosswalkJson from '../../../data/chain/crosswalk.json'
import assignmentsJson from '../../../data/chain/assignments.json'
import fxJson from '../../../data/fx.json'
import type { z } from 'zod'
import {
  seedAssignments,
  seedChainTaxonomy,
  seedCrosswalk,
  seedFx,
  seedReport,
  type SeedAssignments,
  type SeedChainTaxonomy,
  type SeedCrosswalk,
  type SeedFx,
  type SeedReport,
} from '../../../shared/seedSchema'

const RAW: Record<string, unknown> = { '000': r000, '001': r001, '002': r002, '003': r003, '004': r004 }

export class BundledDataError extends Error {}

function parse<T>(schema: z.ZodType<T>, raw: unknown, file: string): T {
  const r = schema.safeParse(raw)
  if (!r.success) {
    const where = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new BundledDataError(`${file} is invalid — ${where.join('; ')}`)
  }
  return r.data
}

let reports: SeedReport[] | null = null
export function bundledReports(): SeedReport[] {
  reports ??= Object.entries(RAW).map(([key, raw]) => parse(seedReport, raw, `data/reports/${key}.json`))
  return reports
}

export interface BundledChain {
  taxonomy: SeedChainTaxonomy
  crosswalk: SeedCrosswalk
  assignments: SeedAssignments
  fx: SeedFx
}

let chain: BundledChain | null = null
export function bundledChain(): BundledChain {
  chain ??= {
    taxonomy: parse(seedChainTaxonomy, taxonomyJson, 'data/chain/taxonomy.json'),
    crosswalk: parse(seedCrosswalk, crosswalkJson, 'data/chain/crosswalk.json'),
    assignments: parse(seedAssignments, assignmentsJson, 'data/chain/assignments.json'),
    fx: parse(seedFx, fxJson, 'data/fx.json'),
  }
  return chain
}
