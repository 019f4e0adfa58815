/** zod schema of a note's scenario set (shared/scenario.ts): what main accepts from the renderer. */
import { z } from 'zod'
import { fyKey, label, text } from './common'

const finite = z.number().finite()

const check = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('priceBelowTarget') }).strict(),
  z.object({ rule: z.literal('multipleAboveTarget') }).strict(),
  z.object({ rule: z.literal('reportPeMove'), pct: z.number().positive().max(1000), baseline: finite.nullable() }).strict(),
  z.object({ rule: z.literal('stanceChange'), baseline: z.string().max(20).nullable() }).strict(),
])

export const scenario = z
  .object({
    name: label(40),
    probability: z.number().min(0).max(100),
    driver: z.object({ kind: z.enum(['eps', 'sps', 'netIncome', 'revenue']), value: finite, fyKey, currency: z.string().regex(/^[A-Z]{3}$/) }).strict(),
    multiple: z.object({ kind: z.enum(['pe', 'ps']), value: z.number().positive().finite().max(10_000) }).strict(),
    horizon: text(40),
    rationale: text(20_000),
    assumptions: text(20_000),
    disproof: text(20_000),
    checks: z.array(check).max(20),
  })
  .strict()
  .refine((s) => (s.multiple.kind === 'pe') === (s.driver.kind === 'eps' || s.driver.kind === 'netIncome'), {
    message: 'scenario: P/E goes with EPS or net income, P/S with sales per share or revenue',
    path: ['multiple', 'kind'],
    params: { code: 'scenario.driverMismatch' },
  })

export const scenarioSet = z
  .object({ scenarios: z.array(scenario).min(1).max(12), writtenAt: z.string().max(40) })
  .strict()
  .refine((s) => Math.abs(s.scenarios.reduce((a, x) => a + x.probability, 0) - 100) < 1e-6, {
    message: 'scenarios: probabilities must total 100%',
    path: ['scenarios'],
    params: { code: 'scenario.probabilityTotal' },
  })
