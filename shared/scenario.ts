/**
 * Scenario cards (bear / base / bull …) attached to a note about a security: what the analyst
 * believes (driver × target multiple), how likely, and what would prove it wrong. Computation:
 * shared/scenarioMath.ts; thesis checks: shared/thesis.ts.
 */

/** Per-share drivers are in currency units; net income and revenue in millions of the currency. */
export type DriverKind = 'eps' | 'sps' | 'netIncome' | 'revenue'
export type TargetMultiple = 'pe' | 'ps'

/** Rules re-evaluated whenever data changes; a breach flags the note. */
export type ThesisCheck =
  /** the latest price is below this scenario's target price (use on the bear case) */
  | { rule: 'priceBelowTarget' }
  /** the market's multiple for the driver year is above this scenario's target multiple (use on the bull case) */
  | { rule: 'multipleAboveTarget' }
  /** a report's P/E for the driver year moved more than pct % from `baseline` (the value when written) */
  | { rule: 'reportPeMove'; pct: number; baseline: number | null }
  /** the stance printed for the company is no longer `baseline` */
  | { rule: 'stanceChange'; baseline: string | null }

export interface Scenario {
  /** bear / base / bull or the analyst's own name */
  name: string
  /** percent, 0–100; a set's probabilities must total 100 */
  probability: number
  driver: { kind: DriverKind; value: number; fyKey: string; currency: string }
  multiple: { kind: TargetMultiple; value: number }
  /** e.g. "12m" or "2025-12-31" */
  horizon: string
  rationale: string
  assumptions: string
  /** what would prove it wrong */
  disproof: string
  checks: ThesisCheck[]
}

export interface ScenarioSet {
  scenarios: Scenario[]
  /** when the thesis was written (ISO date-time): baselines of checks refer to it */
  writtenAt: string
}

/** The default three cases a new thesis starts from. */
export const DEFAULT_SCENARIO_NAMES = ['bear', 'base', 'bull'] as const
