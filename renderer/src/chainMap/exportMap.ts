/**
 * Slide-ready export of the chain map: a self-contained SVG (lanes as columns, segments as card
 * grids, title on top, legend below) and a PNG rendered from it. The SVG is built as a string,
 * not from the live DOM, so it is deterministic, testable in Node and independent of the page's
 * scroll position, zoom and CSS.
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

export const FONT_FAMILY = 'Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif'

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

const INK = '#1f2329'
const MUTED = '#5c6370'
const LANE_FILL = '#f2f3f5'
const CARD_STROKE = '#9aa0a8'

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
// Emission: every element is one entry of `parts`, joined once at the end

type Parts = string[]

function textEl(parts: Parts, x: number, y: number, size: number, fill: string, content: string, extra = ''): void {
  parts.push(`<text x="${x}" y="${y}" font-size="${size}" fill="${escapeXml(fill)}"${extra}>${escapeXml(content)}</text>`)
}

function emitHeader(parts: Parts, o: ExportOptions, width: number): void {
  const maxW = width - 2 * PAD
  textEl(parts, PAD, PAD + 20, 20, INK, truncate(o.title, maxW, 20), ' font-weight="600" class="title"')
  textEl(parts, PAD, PAD + 42, 12, MUTED, truncate(o.subtitle, maxW, 12), ' class="subtitle"')
}

function emitCard(parts: Parts, c: MapCard, x: number, y: number, o: ExportOptions): void {
  const { fill, text } = o.colour(c)
  const inner = CARD_W - 2 * CARD_TEXT_PAD
  parts.push(
    `<rect class="card" x="${x}" y="${y}" width="${CARD_W}" height="${CARD_H}" rx="3" fill="${escapeXml(fill)}" stroke="${CARD_STROKE}" stroke-width="0.75"/>`,
  )
  textEl(parts, x + CARD_TEXT_PAD, y + 18, 12, text, truncate(o.name(c), inner, 12), ' font-weight="600"')
  textEl(parts, x + CARD_TEXT_PAD, y + 35, 11, text, truncate(o.cardValue(c), inner, 11))
}

/** Name left, value right; the value keeps at most half the row so the name always shows. */
function emitGroupHeader(parts: Parts, g: MapGroup, x: number, y: number, innerW: number, o: ExportOptions): void {
  const value = truncate(o.groupValue(g), innerW / 2, 11)
  const nameW = innerW - Math.ceil(estimateWidth(value, 11)) - 8
  const name = g.node ? o.nodeName(g.node) : o.unsegmented
  textEl(parts, x, y + 15, 11, INK, truncate(name, nameW, 11), ' font-weight="600" class="group"')
  textEl(parts, x + innerW, y + 15, 11, MUTED, value, ' text-anchor="end"')
  parts.push(`<line x1="${x}" y1="${y + GROUP_HEAD_H - 2}" x2="${x + innerW}" y2="${y + GROUP_HEAD_H - 2}" stroke="#d0d4da" stroke-width="0.5"/>`)
}

function emitGroup(parts: Parts, g: MapGroup, x: number, y: number, cols: number, o: ExportOptions): number {
  emitGroupHeader(parts, g, x, y, cols * CARD_W + (cols - 1) * CARD_GAP, o)
  const top = y + GROUP_HEAD_H
  g.cards.forEach((c, i) => {
    emitCard(parts, c, x + (i % cols) * (CARD_W + CARD_GAP), top + Math.floor(i / cols) * (CARD_H + CARD_GAP), o)
  })
  return y + groupHeight(g, cols)
}

function emitLane(parts: Parts, lane: MapLane, x: number, l: Layout, o: ExportOptions): void {
  const innerW = l.laneW - 2 * LANE_PAD
  parts.push(`<rect class="lane" x="${x}" y="${HEADER_H}" width="${l.laneW}" height="${l.laneH}" rx="6" fill="${LANE_FILL}"/>`)
  const stat = `${o.statLabel} ${o.laneValue(lane)}`
  textEl(parts, x + LANE_PAD, HEADER_H + 20, 14, INK, truncate(o.nodeName(lane.node), innerW, 14), ' font-weight="700" class="lane-name"')
  textEl(parts, x + LANE_PAD, HEADER_H + 38, 11, MUTED, truncate(stat, innerW, 11))
  let y = HEADER_H + LANE_HEAD_H
  for (const g of lane.groups) y = emitGroup(parts, g, x + LANE_PAD, y, l.cols, o)
}

function emitLegend(parts: Parts, rows: readonly LegendItem[][], top: number): void {
  rows.forEach((row, r) => {
    const y = top + r * (LEGEND_H + LEGEND_ITEM_GAP)
    let x = PAD
    for (const it of row) {
      parts.push(`<rect class="legend" x="${x}" y="${y}" width="${it.w}" height="${LEGEND_H}" rx="3" fill="${escapeXml(it.fill)}" stroke="${CARD_STROKE}" stroke-width="0.5"/>`)
      textEl(parts, x + LEGEND_TEXT_PAD, y + 14, 11, it.text, it.label)
      x += it.w + LEGEND_ITEM_GAP
    }
  })
}

export function mapToSvg(map: ChainMap, o: ExportOptions): { svg: string; width: number; height: number } {
  const l = layout(map, o)
  const { width, height } = l
  const parts: Parts = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" xml:lang="${o.lang === 'zh' ? 'zh-CN' : 'en'}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<title>${escapeXml(o.title)}</title>`,
    // slides and the PNG expect an opaque page, not the viewer's background
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  ]
  emitHeader(parts, o, width)
  map.lanes.forEach((lane, i) => emitLane(parts, lane, PAD + i * (l.laneW + LANE_GAP), l, o))
  emitLegend(parts, l.legendRows, HEADER_H + l.laneH + LEGEND_GAP)
  parts.push('</svg>')
  return { svg: parts.join('\n'), width, height }
}

// ---------------------------------------------------------------------------------------------
// PNG and download (browser only)

/** Chromium refuses canvases above 16384 px a side (toBlob yields null), so big maps lose resolution instead. */
export const MAX_CANVAS_SIDE = 16384

export function pngScale(width: number, height: number, scale: number): number {
  return Math.min(scale, MAX_CANVAS_SIDE / width, MAX_CANVAS_SIDE / height)
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image()
    img.onload = () => resolve(img)
    img.onerror = () => reject(new Error('The chain map SVG could not be loaded as an image (malformed SVG?)'))
    img.src = url
  })
}

function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(`PNG encoding failed for a ${canvas.width}×${canvas.height} canvas`))), 'image/png')
  })
}

export async function svgToPngBlob(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new Error(`Cannot render a ${width}×${height} image`)
  }
  const s = pngScale(width, height, scale)
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }))
  try {
    const img = await loadImage(url)
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.floor(width * s))
    canvas.height = Math.max(1, Math.floor(height * s))
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('No 2D canvas context available for the PNG export')
    // PNG keeps alpha: without an opaque fill, transparent pixels turn black in some slide tools
    ctx.fillStyle = '#ffffff'
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
    return await canvasToPng(canvas)
  } finally {
    URL.revokeObjectURL(url)
  }
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
