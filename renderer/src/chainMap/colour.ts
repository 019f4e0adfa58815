/**
 * Quantile colour scale for chain-map cards: five classes (dark-low, light-low, pale middle,
 * light-high, dark-high) cut at quantiles of the values drawn, so every class holds about as many
 * cards whatever the metric's distribution. Pure: no DOM, so tests and the SVG export share it.
 */

/** 'cn': A-share custom, high/up = red. 'intl': high = green. 'cb': blue → orange, safe for red–green colour blindness. */
export type Convention = 'cn' | 'intl' | 'cb'

type Palette = readonly [darkLow: string, lightLow: string, middle: string, lightHigh: string, darkHigh: string]

/**
 * Diverging palettes would pair dark-low with dark-high in greyscale (a printout, a projector
 * washing out hues), so the high side runs a step darker than the low side: L* ≈ 45, 81, 97, 68, 34.
 * Every class keeps its own grey level, ≥ 9 L* apart.
 */
export const PALETTES: Readonly<Record<Convention, Palette>> = {
  cn: ['#1b7837', '#a1d99b', '#f7f7f7', '#ef8a62', '#a50f15'],
  intl: ['#c62a2f', '#fcbba1', '#f7f7f7', '#5fb86a', '#005a32'],
  cb: ['#3570b0', '#a6cee3', '#f7f7f7', '#e9923a', '#7f3b08'],
}

/** No figure: one grey for every convention, so "missing" never reads as a signal. */
export const NEUTRAL = '#d9d9d9'
/**
 * The same on a dark page: a light grey card per missing figure made the map a wall of white
 * blocks. Dark, but lighter than the lane (#1b212b) so a card still reads as one; white text.
 */
export const NEUTRAL_DARK = '#3b4351'

const BLACK = '#000000'
const WHITE = '#ffffff'

export interface LegendEntry {
  /** class bounds for display; the first starts at the smallest value, the last ends at the largest; null = no values */
  from: number | null
  to: number | null
  fill: string
  text: string
  /** values in this class */
  count: number
}

export interface Scale {
  /** cut points between consecutive classes (classes − 1 of them; 4 when all five classes are used) */
  breaks: number[]
  /** index into `legend`; null for null / NaN / ±Infinity */
  classOf(v: number | null): number | null
  fill(v: number | null): string
  /** black or white, whichever contrasts more with fill (always ≥ 4.5:1) */
  text(v: number | null): string
  /** only classes that hold values (a single class when there are none) */
  legend: LegendEntry[]
  neutral: string
}

export interface ScaleOptions {
  /** centre on 0 (premium / discount): negatives take the low side, positives the high side */
  diverging?: boolean
  /** diverging only: |v| ≤ zeroBand counts as "in line" (pale middle); default 0, i.e. exactly 0 */
  zeroBand?: number
}

/** A cut point; a value equal to `at` falls in the upper class when `upperIncludes`. */
interface Boundary {
  at: number
  upperIncludes: boolean
}

/** Classes in ascending order: boundaries between them and each one's palette position. */
interface Plan {
  bounds: Boundary[]
  positions: number[]
}

/** Which palette positions k classes use: keep the extremes, drop from the middle outwards. */
const SPREAD: readonly (readonly number[])[] = [[], [2], [0, 4], [0, 2, 4], [0, 1, 3, 4], [0, 1, 2, 3, 4]]

export function quantileScale(values: readonly (number | null)[], convention: Convention, opts: ScaleOptions = {}): Scale {
  const xs = finiteSorted(values)
  const plan = opts.diverging ? divergingPlan(xs, Math.max(0, opts.zeroBand ?? 0)) : sequentialPlan(xs)
  return buildScale(xs, plan, PALETTES[convention])
}

function finiteSorted(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b)
}

/**
 * k-quantile cut points. Each cut is snapped to the nearest place where the sorted values change,
 * so a run of equal values never straddles two classes; cuts that snap to the same place merge,
 * and the classes collapse (e.g. 5 low, 90 ties, 5 high → three classes, not two lopsided ones).
 */
export function quantileBreaks(sorted: readonly number[], k: number): number[] {
  const steps = valueSteps(sorted)
  const out: number[] = []
  for (let j = 1; j < k && steps.length > 0; j++) {
    const b = sorted[nearest(steps, (j * sorted.length) / k)]!
    if (out.length === 0 || b > out[out.length - 1]!) out.push(b)
  }
  return out
}

/** Indices i where sorted[i] > sorted[i − 1]: the only places a cut can fall. */
function valueSteps(sorted: readonly number[]): number[] {
  const steps: number[] = []
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! > sorted[i - 1]!) steps.push(i)
  return steps
}

/** The element of ascending, non-empty `xs` closest to t (the lower one on a tie). */
function nearest(xs: readonly number[], t: number): number {
  let lo = 0
  let hi = xs.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (xs[mid]! < t) lo = mid + 1
    else hi = mid
  }
  const below = xs[lo - 1]
  return below !== undefined && t - below <= xs[lo]! - t ? below : xs[lo]!
}

function upper(at: number): Boundary {
  return { at, upperIncludes: true }
}

function sequentialPlan(xs: readonly number[]): Plan {
  const bounds = quantileBreaks(xs, 5).map(upper)
  return { bounds, positions: [...SPREAD[bounds.length + 1]!] }
}

type Side = 'low' | 'mid' | 'high'

interface Part {
  side: Side
  bounds: Boundary[]
  positions: number[]
}

/** −0 would print as "-0" through Intl.NumberFormat in the legend. */
function negate(x: number): number {
  return x === 0 ? 0 : -x
}

function divergingPlan(xs: readonly number[], band: number): Plan {
  const parts = [
    sidePart('low', xs.filter((v) => v < -band)),
    xs.some((v) => Math.abs(v) <= band) ? { side: 'mid' as const, bounds: [], positions: [2] } : null,
    sidePart('high', xs.filter((v) => v > band)),
  ].filter((p): p is Part => p !== null)
  if (parts.length === 0) return { bounds: [], positions: [2] }
  const plan: Plan = { bounds: [], positions: [] }
  parts.forEach((p, i) => {
    const prev = parts[i - 1]
    if (prev) plan.bounds.push(joint(prev.side, p.side, band))
    plan.bounds.push(...p.bounds)
    plan.positions.push(...p.positions)
  })
  return plan
}

/** One side of zero, split at its own median so its two shades hold about as many cards each. */
function sidePart(side: 'low' | 'high', sorted: readonly number[]): Part | null {
  if (sorted.length === 0) return null
  const bounds = quantileBreaks(sorted, 2).map(upper)
  const shades = side === 'low' ? [0, 1] : [3, 4]
  // a side with one class takes the dark shade: the same choice as a two-class sequential scale
  const positions = bounds.length ? shades : [side === 'low' ? 0 : 4]
  return { side, bounds, positions }
}

/** The middle band is closed at both ends: ±zeroBand itself is "in line". */
function joint(a: Side, b: Side, band: number): Boundary {
  if (a === 'low' && b === 'mid') return { at: negate(band), upperIncludes: true }
  if (a === 'mid' && b === 'high') return { at: band, upperIncludes: false }
  return upper(0)
}

function classIndex(bounds: readonly Boundary[], v: number): number {
  let i = 0
  for (const b of bounds) {
    if (v > b.at || (v === b.at && b.upperIncludes)) i++
    else break
  }
  return i
}

function buildScale(xs: readonly number[], plan: Plan, palette: Palette): Scale {
  const { bounds, positions } = plan
  const fills = positions.map((p) => palette[p]!)
  const texts = fills.map(textOn)
  const counts = positions.map(() => 0)
  for (const x of xs) counts[classIndex(bounds, x)]!++
  const classOf = (v: number | null): number | null => (v == null || !Number.isFinite(v) ? null : classIndex(bounds, v))
  const last = positions.length - 1
  const legend = fills.map((fill, i) => ({
    from: i === 0 ? (xs[0] ?? null) : bounds[i - 1]!.at,
    to: i === last ? (xs[xs.length - 1] ?? null) : bounds[i]!.at,
    fill,
    text: texts[i]!,
    count: counts[i]!,
  }))
  return {
    breaks: bounds.map((b) => b.at),
    classOf,
    fill: (v) => pick(classOf(v), fills, NEUTRAL),
    text: (v) => pick(classOf(v), texts, textOn(NEUTRAL)),
    legend,
    neutral: NEUTRAL,
  }
}

function pick(i: number | null, xs: readonly string[], otherwise: string): string {
  return i == null ? otherwise : (xs[i] ?? otherwise)
}

/** Black or white, whichever is further from the fill: the better of the two is always ≥ 4.58:1. */
export function textOn(fill: string): string {
  return contrastRatio(fill, BLACK) >= contrastRatio(fill, WHITE) ? BLACK : WHITE
}

function channel(hex2: string): number {
  const c = parseInt(hex2, 16) / 255
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

/** Linear-light RGB of #rgb / #rrggbb. */
export function linearRgb(colour: string): [number, number, number] {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim())
  if (!m) throw new Error(`Not a hex colour: ${colour}`)
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!
  return [channel(h.slice(0, 2)), channel(h.slice(2, 4)), channel(h.slice(4, 6))]
}

/** WCAG 2 relative luminance. */
export function relativeLuminance(colour: string): number {
  const [r, g, b] = linearRgb(colour)
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG 2 contrast ratio, 1 … 21, order-independent. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a)
  const lb = relativeLuminance(b)
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
}
