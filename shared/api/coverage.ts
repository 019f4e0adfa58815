/** Coverage domain: who each report rates, and how. */
import { z } from 'zod'
import type { CoverageView } from '../domain'
import { reportId, securityId } from './common'

export const coverageApi = {
  /** Coverage entries, optionally for one report or one security. */
  'coverage.list': { input: z.object({ reportId: reportId.optional(), securityId: securityId.optional() }).strict() },
} as const

export interface CoverageResults {
  'coverage.list': CoverageView[]
}
