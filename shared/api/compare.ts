/** Compare domain: group statistics per chain layer or segment, and printed aggregates reproduced. */
import { z } from 'zod'
import type { CompareResult } from '../compare'
import type { ReproducedColumn } from '../reproduce'
import { currency, fyKey, noInput, reportId } from './common'
import { securityFilter } from './scope'

export const compareApi = {
  /** Group statistics per chain layer or segment for one metric, fiscal year and currency. */
  'compare.run': {
    input: z
      .object({
        metric: z.enum(['pe', 'ps', 'marketCap']),
        fyKey: fyKey.nullable(),
        currency,
        nmRule: z.boolean(),
        nmCap: z.number().positive().max(10_000).default(100),
        excludeFlagged: z.boolean().default(true),
        level: z.enum(['layer', 'segment']),
        primaryOnly: z.boolean().default(false),
        excludedRowIds: z.array(z.number().int().positive()).max(10_000).default([]),
        reportId: reportId.optional(),
        ...securityFilter,
        tableId: z.number().int().positive().optional(),
        /** members listed per group, heaviest first (statistics always use every member) */
        memberLimit: z.number().int().min(0).max(100_000).default(100),
      })
      .strict()
      .refine((o) => o.metric === 'marketCap' || o.fyKey !== null, {
        message: 'fyKey: required for P/E and P/S',
        path: ['fyKey'],
        params: { code: 'compare.fyRequired' },
      }),
  },
  /** Every printed aggregate row (e.g. 市值加权平均) beside the app's own computation. */
  'compare.reproduce': { input: noInput },
} as const

export interface CompareResults {
  'compare.run': CompareResult
  'compare.reproduce': { tableId: number; reportId: string; institution: string; tableLabel: string; columns: ReproducedColumn[] }[]
}
