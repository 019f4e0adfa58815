/**
 * The security filter shared by the chain map and the comparison: the same four fields give the
 * same set on both pages, so a lane's roll-up and the Compare card for that layer agree.
 */
import { z } from 'zod'
import { STANCE_FILTERS } from '../chainMap'
import { distinct, reportId } from './common'

export const MARKETS = ['CN-A', 'HK', 'US', 'unlisted', 'other'] as const

export const securityFilter = {
  /** rows and coverage from these reports only (empty or absent = every report) */
  reportIds: distinct(reportId, 200).optional(),
  /** listing markets; absent = all */
  markets: distinct(z.enum(MARKETS), MARKETS.length).optional(),
  /** stances printed in coverage (in the chosen reports); 'none' = covered without a stance or not covered */
  stances: distinct(z.enum(STANCE_FILTERS), STANCE_FILTERS.length).optional(),
  /** id, ticker alias or name contains this text (case-insensitive) */
  search: z.string().max(100).optional(),
}

export interface SecurityFilter {
  reportIds?: string[]
  markets?: (typeof MARKETS)[number][]
  stances?: (typeof STANCE_FILTERS)[number][]
  search?: string
}
