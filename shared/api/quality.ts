/** Quality domain: data-quality flags (a flag never changes a value), materialised and paged. */
import { z } from 'zod'
import type { QualityCode, QualityFlag } from '../quality'
import { QUALITY_CODES } from '../quality'
import { noInput, reportId } from './common'

export const qualityApi = {
  /** Every flag with counts per kind (bundled-scale convenience; screens use quality.page). */
  'quality.flags': { input: noInput },
  /** One page of flags, most severe kind first, with counts per kind for the same filter. */
  'quality.page': {
    input: z
      .object({
        code: z.enum(QUALITY_CODES as unknown as [QualityCode, ...QualityCode[]]).optional(),
        reportId: reportId.optional(),
        offset: z.number().int().min(0).max(10_000_000).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
  },
} as const

export interface QualityResults {
  'quality.flags': { flags: QualityFlag[]; counts: Record<QualityCode, number> }
  'quality.page': { flags: QualityFlag[]; total: number; counts: Record<QualityCode, number> }
}
