/**
 * Slide-ready export of the chain map: a self-contained SVG (lanes as columns, segments as card
 * grids, title on top, legend below) and a PNG of the same drawing. The drawing is a list of
 * shapes built from the data, not from the live DOM, so it is deterministic, testable in Node and
 * independent of the page's scroll position, zoom, CSS and theme (exports are always light).
 */
import type { ChainMap, MapCard, MapGroup, MapLane } from '../../../shared/chainMap'
import type { ChainNode } from '../../../shared/compare'

export interface ExportOptions {
  lang: 'zh' | 'en'
  title: string
  /** e.g. filter + metric + date */
  subtitle: string
  statLabel: string
  colour: (card: MapCard) => { fill: string; text: string }
  legend: { label: string; fill: string; text: string }[]
  laneValue: (lane: MapLane) => string
  groupValue: (g: MapGroup) => string
  cardValue: (c: MapCard) => string
  name: (c: MapCard) => string
  nodeName: (n: ChainNode) => string
  /** heading of the group of cards placed in a layer but in none of its segments */
  unsegmented: string
}

/** The app's bundled font (@fontsource-variable/noto-sans-sc, loaded by main.tsx). */
export const BUNDLED_FONT = 'Noto Sans SC Variable'
/**
 * The bundled font first, as on screen; then the same design as installed fonts, then the
 * platforms' CJK fonts: an SVG opened outside the app uses the first one the machine has.
 */
export const FONT_FAMILY = `'${BUNDLED_FONT}', 'Noto Sans SC', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif`

// Layout in CSS pixels; integers only, so the output is byte-stable across runs.
const PAD = 24
const MIN_WIDTH = 480
const HEADER_H = 84
const CARD_W = 132
const CARD_H = 44
const CARD_GAP = 6
const CARD_TEXT_PAD = 7
const LANE_PAD = 8
const LANE_GAP = 12
const LANE_HEAD_H = 46
const GROUP_HEAD_H = 22
const GROUP_GAP = 8
const LEGEND_GAP = 16
const LEGEND_H = 20
const LEGEND_ITEM_GAP = 6
const LEGEND_TEXT_PAD = 8
const SLIDE_ASPECT = 16 / 9

// Light colours in every theme (see mapDrawing)
const PAGE = '#ffffff'
const INK = '#1f2329'
const MUTED = '#5c6370'
const LANE_FILL = '#f2f3f5'
const CARD_STROKE = '#9aa0a8'
const RULE = '#d0d4da'

// ---------------------------------------------------------------------------------------------
// Text: escaping and width estimate

/** Characters XML 1.0 forbids outright; one of them would make the whole image fail to load. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

export function escapeXml(s: string): string {
  return s.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!)
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303f) ||
    (cp >= 0x3040 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
}

const NARROW = new Set([...'ijlftr.,:;\'"!|()[] '])
const BROAD = /[A-Zmw@%&]/

/**
 * Width of one character in em. The font is not measurable here (no canvas in Node, and the
 * PNG may be rendered with a fallback font), so the estimate errs wide: CJK is exactly 1 em,
 * Latin is taken at the top of its usual range.
 */
function charEm(ch: string): number {
  if (isWide(ch.codePointAt(0)!)) return 1
  if (NARROW.has(ch)) return 0.32
  if (BROAD.test(ch)) return 0.7
  return 0.58
}

export function estimateWidth(s: string, fontSize: number): number {
  let em = 0
  for (const ch of s) em += charEm(ch)
  return em * fontSize
}

const ELLIPSIS = '…'
/** CJK fonts draw the ellipsis full-width. */
const ELLIPSIS_EM = 1

/** Cut to fit maxWidth with an ellipsis; iterates by code point so a surrogate pair is never split. */
export function truncate(s: string, maxWidth: number, fontSize: number): string {
  if (estimateWidth(s, fontSize) <= maxWidth) return s
  const budget = maxWidth - ELLIPSIS_EM * fontSize
  if (budget <= 0) return ''
  let used = 0
  let out = ''
  for (const ch of s) {
    used += charEm(ch) * fontSize
    if (used > budget) break
    out += ch
  }
  return out.trimEnd() + ELLIPSIS
}

// ---------------------------------------------------------------------------------------------
// Layout

interface Layout {
  cols: number
  laneW: number
  laneH: number
  width: number
  legendRows: LegendItem[][]
  height: number
}

interface LegendItem {
  label: string
  fill: string
  text: string
  w: number
}

function laneWidth(cols: number): number {
  return 2 * LANE_PAD + cols * CARD_W + (cols - 1) * CARD_GAP
}

function gridHeight(cards: number, cols: number): number {
  const rows = Math.ceil(cards / cols)
  return rows === 0 ? 0 : rows * CARD_H + (rows - 1) * CARD_GAP
}

function groupHeight(g: MapGroup, cols: number): number {
  return GROUP_HEAD_H + gridHeight(g.cards.length, cols) + GROUP_GAP
}

function laneHeight(lane: MapLane, cols: number): number {
  return lane.groups.reduce((h, g) => h + groupHeight(g, cols), LANE_HEAD_H) + LANE_PAD
}

function contentWidth(lanes: number, cols: number): number {
  return Math.max(MIN_WIDTH, 2 * PAD + lanes * laneWidth(cols) + Math.max(0, lanes - 1) * LANE_GAP)
}

function tallestLane(map: ChainMap, cols: number): number {
  return map.lanes.reduce((h, l) => Math.max(h, laneHeight(l, cols)), 0)
}

/** Two or three cards a row, whichever brings the page closer to a 16:9 slide. */
function chooseCols(map: ChainMap): number {
  const off = (cols: number): number => {
    const ratio = contentWidth(map.lanes.length, cols) / (HEADER_H + tallestLane(map, cols) + PAD)
    return Math.abs(Math.log(ratio / SLIDE_ASPECT))
  }
  return off(2) < off(3) ? 2 : 3
}

function legendRows(items: ExportOptions['legend'], width: number): LegendItem[][] {
  const maxW = width - 2 * PAD
  const rows: LegendItem[][] = []
  let row: LegendItem[] = []
  let x = 0
  for (const it of items) {
    const label = truncate(it.label, maxW - 2 * LEGEND_TEXT_PAD, 11)
    const w = Math.ceil(estimateWidth(label, 11)) + 2 * LEGEND_TEXT_PAD
    if (row.length > 0 && x + w > maxW) {
      rows.push(row)
      row = []
      x = 0
    }
    row.push({ ...it, label, w })
    x += w + LEGEND_ITEM_GAP
  }
  if (row.length > 0) rows.push(row)
  return rows
}

function layout(map: ChainMap, o: ExportOptions): Layout {
  const cols = chooseCols(map)
  const laneH = tallestLane(map, cols)
  const width = contentWidth(map.lanes.length, cols)
  const rows = legendRows(o.legend, width)
  const legendH = rows.length === 0 ? 0 : LEGEND_GAP + rows.length * LEGEND_H + (rows.length - 1) * LEGEND_ITEM_GAP
  return { cols, laneW: laneWidth(cols), laneH, width, legendRows: rows, height: HEADER_H + laneH + legendH + PAD }
}

// ---------------------------------------------------------------------------------------------
// Drawing: the page as a list of shapes, written out as SVG or painted on a canvas for the PNG

export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; rx: number; fill: string; stroke?: string; strokeWidth?: number; cls?: string }
  | { kind: 'text'; x: number; y: number; size: number; fill: string; text: string; weight?: 600 | 700; anchor?: 'end'; cls?: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; strokeWidth: number }

export interface MapDrawing {
  lang: 'zh' | 'en'
  title: string
  width: number
  height: number
  shapes: Shape[]
}

type Shapes = Shape[]

function textEl(out: Shapes, x: number, y: number, size: number, fill: string, text: string, more: { weight?: 600 | 700; anchor?: 'end'; cls?: string } = {}): void {
  out.push({ kind: 'text', x, y, size, fill, text, ...more })
}

function emitHeader(out: Shapes, o: ExportOptions, width: number): void {
  const maxW = width - 2 * PAD
  textEl(out, PAD, PAD + 20, 20, INK, truncate(o.title, maxW, 20), { weight: 600, cls: 'title' })
  textEl(out, PAD, PAD + 42, 12, MUTED, truncate(o.subtitle, maxW, 12), { cls: 'subtitle' })
}

function emitCard(out: Shapes, c: MapCard, x: number, y: number, o: ExportOptions): void {
  const { fill, text } = o.colour(c)
  const inner = CARD_W - 2 * CARD_TEXT_PAD
  out.push({ kind: 'rect', cls: 'card', x, y, w: CARD_W, h: CARD_H, rx: 3, fill, stroke: CARD_STROKE, strokeWidth: 0.75 })
  textEl(out, x + CARD_TEXT_PAD, y + 18, 12, text, truncate(o.name(c), inner, 12), { weight: 600 })
  textEl(out, x + CARD_TEXT_PAD, y + 35, 11, text, truncate(o.cardValue(c), inner, 11))
}

/** Name left, value right; the value keeps at most half the row so the name always shows. */
function emitGroupHeader(out: Shapes, g: MapGroup, x: number, y: number, innerW: number, o: ExportOptions): void {
  const value = truncate(o.groupValue(g), innerW / 2, 11)
  const nameW = innerW - Math.ceil(estimateWidth(value, 11)) - 8
  const name = g.node ? o.nodeName(g.node) : o.unsegmented
  textEl(out, x, y + 15, 11, INK, truncate(name, nameW, 11), { weight: 600, cls: 'group' })
  textEl(out, x + innerW, y + 15, 11, MUTED, value, { anchor: 'end' })
  out.push({ kind: 'line', x1: x, y1: y + GROUP_HEAD_H - 2, x2: x + innerW, y2: y + GROUP_HEAD_H - 2, stroke: RULE, strokeWidth: 0.5 })
}

function emitGroup(out: Shapes, g: MapGroup, x: number, y: number, cols: number, o: ExportOptions): number {
  emitGroupHeader(out, g, x, y, cols * CARD_W + (cols - 1) * CARD_GAP, o)
  const top = y + GROUP_HEAD_H
  g.cards.forEach((c, i) => {
    emitCard(out, c, x + (i % cols) * (CARD_W + CARD_GAP), top + Math.floor(i / cols) * (CARD_H + CARD_GAP), o)
  })
  return y + groupHeight(g, cols)
}

function emitLane(out: Shapes, lane: MapLane, x: number, l: Layout, o: ExportOptions): void {
  const innerW = l.laneW - 2 * LANE_PAD
  out.push({ kind: 'rect', cls: 'lane', x, y: HEADER_H, w: l.laneW, h: l.laneH, rx: 6, fill: LANE_FILL })
  const stat = `${o.statLabel} ${o.laneValue(lane)}`
  textEl(out, x + LANE_PAD, HEADER_H + 20, 14, INK, truncate(o.nodeName(lane.node), innerW, 14), { weight: 700, cls: 'lane-name' })
  textEl(out, x + LANE_PAD, HEADER_H + 38, 11, MUTED, truncate(stat, innerW, 11))
  let y = HEADER_H + LANE_HEAD_H
  for (const g of lane.groups) y = emitGroup(out, g, x + LANE_PAD, y, l.cols, o)
}

function emitLegend(out: Shapes, rows: readonly LegendItem[][], top: number): void {
  rows.forEach((row, r) => {
    const y = top + r * (LEGEND_H + LEGEND_ITEM_GAP)
    let x = PAD
    for (const it of row) {
      out.push({ kind: 'rect', cls: 'legend', x, y, w: it.w, h: LEGEND_H, rx: 3, fill: it.fill, stroke: CARD_STROKE, strokeWidth: 0.5 })
      textEl(out, x + LEGEND_TEXT_PAD, y + 14, 11, it.text, it.label)
      x += it.w + LEGEND_ITEM_GAP
    }
  })
}

/**
 * The export's page in light colours whatever the app's theme: slides and printouts are white,
 * and the caller's card colours are the light theme's (MapPage).
 */
export function mapDrawing(map: ChainMap, o: ExportOptions): MapDrawing {
  const l = layout(map, o)
  const { width, height } = l
  // slides and the PNG expect an opaque page, not the viewer's background
  const shapes: Shapes = [{ kind: 'rect', x: 0, y: 0, w: width, h: height, rx: 0, fill: PAGE }]
  emitHeader(shapes, o, width)
  map.lanes.forEach((lane, i) => emitLane(shapes, lane, PAD + i * (l.laneW + LANE_GAP), l, o))
  emitLegend(shapes, l.legendRows, HEADER_H + l.laneH + LEGEND_GAP)
  return { lang: o.lang, title: o.title, width, height, shapes }
}

function svgShape(s: Shape): string {
  switch (s.kind) {
    case 'rect': {
      const cls = s.cls ? `class="${s.cls}" ` : ''
      const rx = s.rx ? ` rx="${s.rx}"` : ''
      const stroke = s.stroke ? ` stroke="${escapeXml(s.stroke)}" stroke-width="${s.strokeWidth ?? 1}"` : ''
      return `<rect ${cls}x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}"${rx} fill="${escapeXml(s.fill)}"${stroke}/>`
    }
    case 'text': {
      const weight = s.weight ? ` font-weight="${s.weight}"` : ''
      const anchor = s.anchor ? ` text-anchor="${s.anchor}"` : ''
      const cls = s.cls ? ` class="${s.cls}"` : ''
      return `<text x="${s.x}" y="${s.y}" font-size="${s.size}" fill="${escapeXml(s.fill)}"${weight}${anchor}${cls}>${escapeXml(s.text)}</text>`
    }
    case 'line':
      return `<line x1="${s.x1}" y1="${s.y1}" x2="${s.x2}" y2="${s.y2}" stroke="${escapeXml(s.stroke)}" stroke-width="${s.strokeWidth}"/>`
  }
}

export function drawingToSvg(d: MapDrawing): string {
  const { width, height } = d
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" xml:lang="${d.lang === 'zh' ? 'zh-CN' : 'en'}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<title>${escapeXml(d.title)}</title>`,
    ...d.shapes.map(svgShape),
    '</svg>',
  ].join('\n')
}

export function mapToSvg(map: ChainMap, o: ExportOptions): { svg: string; width: number; height: number } {
  const d = mapDrawing(map, o)
  return { svg: drawingToSvg(d), width: d.width, height: d.height }
}

// ---------------------------------------------------------------------------------------------
// PNG and download (browser only)

/** Chromium refuses canvases above 16384 px a side (toBlob yields null), so big maps lose resolution instead. */
export const MAX_CANVAS_SIDE = 16384

export function pngScale(width: number, height: number, scale: number): number {
  return Math.min(scale, MAX_CANVAS_SIDE / width, MAX_CANVAS_SIDE / height)
}

/** The CSS font shorthand the canvas draws a text shape with. */
export function canvasFont(s: { size: number; weight?: number }): string {
  return `${s.weight ?? 400} ${s.size}px ${FONT_FAMILY}`
}

/** The part of the document's FontFaceSet the PNG needs (a parameter so tests can pass a fake). */
export interface FontLoader {
  load(font: string, text?: string): Promise<unknown>
  readonly ready: Promise<unknown>
}

/**
 * Fetches the bundled font's faces for every glyph the drawing uses, before the canvas draws:
 * the font is split by unicode-range, and a canvas draws a glyph whose subset has not arrived
 * in a fallback font (or as an empty box on a machine without CJK fonts) and never redraws.
 * A face that fails to load is not fatal: the export then uses the next font in the list.
 */
export async function loadFonts(d: MapDrawing, fonts: FontLoader | undefined): Promise<void> {
  if (!fonts) return
  const byFont = new Map<string, Set<string>>()
  for (const s of d.shapes) {
    if (s.kind !== 'text' || !s.text) continue
    const key = `${s.weight ?? 400} 16px "${BUNDLED_FONT}"`
    const chars = byFont.get(key) ?? new Set<string>()
    for (const ch of s.text) chars.add(ch)
    byFont.set(key, chars)
  }
  await Promise.all([...byFont].map(([font, chars]) => fonts.load(font, [...chars].join('')).catch(() => undefined)))
  await fonts.ready
}

/** The part of CanvasRenderingContext2D the drawing uses. */
export type DrawContext = Pick<
  CanvasRenderingContext2D,
  'fillStyle' | 'strokeStyle' | 'lineWidth' | 'font' | 'textAlign' | 'textBaseline' | 'beginPath' | 'roundRect' | 'rect' | 'fill' | 'stroke' | 'moveTo' | 'lineTo' | 'fillText' | 'setTransform'
>

/** Paints the drawing as the SVG would render it (text y is the baseline, as in SVG). */
export function paintDrawing(ctx: DrawContext, d: MapDrawing, scale: number): void {
  ctx.setTransform(scale, 0, 0, scale, 0, 0)
  ctx.textBaseline = 'alphabetic'
  for (const s of d.shapes) {
    if (s.kind === 'rect') {
      ctx.beginPath()
      if (s.rx) ctx.roundRect(s.x, s.y, s.w, s.h, s.rx)
      else ctx.rect(s.x, s.y, s.w, s.h)
      ctx.fillStyle = s.fill
      ctx.fill()
      if (s.stroke) {
        ctx.strokeStyle = s.stroke
        ctx.lineWidth = s.strokeWidth ?? 1
        ctx.stroke()
      }
    } else if (s.kind === 'text') {
      ctx.font = canvasFont(s)
      ctx.textAlign = s.anchor === 'end' ? 'end' : 'start'
      ctx.fillStyle = s.fill
      ctx.fillText(s.text, s.x, s.y)
    } else {
      ctx.beginPath()
      ctx.moveTo(s.x1, s.y1)
      ctx.lineTo(s.x2, s.y2)
      ctx.strokeStyle = s.stroke
      ctx.lineWidth = s.strokeWidth
      ctx.stroke()
    }
  }
}

function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(`PNG encoding failed for a ${canvas.width}×${canvas.height} canvas`))), 'image/png')
  })
}

/**
 * The PNG, painted on a canvas rather than rendered from the SVG: an SVG loaded as an image
 * cannot use the page's web fonts, so its Chinese would come out in whatever font the machine
 * has (boxes on one without CJK fonts). The canvas draws with the bundled font, loaded first.
 */
export async function drawingToPngBlob(d: MapDrawing, scale = 2): Promise<Blob> {
  const { width, height } = d
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new Error(`Cannot render a ${width}×${height} image`)
  }
  await loadFonts(d, document.fonts)
  const s = pngScale(width, height, scale)
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.floor(width * s))
  canvas.height = Math.max(1, Math.floor(height * s))
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('No 2D canvas context available for the PNG export')
  paintDrawing(ctx, d, s)
  return canvasToPng(canvas)
}

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  // Firefox ignores clicks on detached anchors
  document.body.appendChild(a)
  a.click()
  a.remove()
  // revoking synchronously can cancel the download before the browser has read the blob
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
