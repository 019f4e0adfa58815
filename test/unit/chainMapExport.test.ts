import { describe, expect, it } from 'vitest'
import type { ChainMap, MapCard, MapGroup, MapLane } from '../../shared/chainMap'
import type { ChainNode, GroupBasis } from '../../shared/compare'
import type { GroupStats } from '../../shared/stats'
import { quantileScale } from '../../renderer/src/chainMap/colour'
import { canvasFont, drawingToSvg, escapeXml, estimateWidth, loadFonts, mapDrawing, mapToSvg, MAX_CANVAS_SIDE, paintDrawing, pngScale, truncate, type DrawContext, type ExportOptions } from '../../renderer/src/chainMap/exportMap'

// ---- fixture ----------------------------------------------------------------------------------

const node = (id: string, kind: ChainNode['kind'], nameZh: string, nameEn: string, parentId: string | null = null): ChainNode => ({
  id,
  parentId,
  kind,
  position: 0,
  nameZh,
  nameEn,
})

const stats = (aggregate: number | null): GroupStats => ({
  count: 0,
  included: [],
  excluded: [],
  excludedCounts: { missing: 0, 'nm-negative': 0, 'nm-high': 0, flagged: 0, user: 0 },
  unweighted: [],
  totalMcap: null,
  mean: null,
  median: aggregate,
  weightedMean: null,
  aggregate,
  min: null,
  max: null,
})

const basis = (): GroupBasis => ({
  members: 0,
  included: 0,
  excluded: { missing: 0, 'nm-negative': 0, 'nm-high': 0, flagged: 0, user: 0 },
  unweighted: 0,
  sources: [],
  shared: 0,
  sharedWeight: null,
  heaviest: null,
  warnings: [],
})

function card(securityId: string, nameZh: string | null, nameEn: string | null, value: number | null, nodeId = 'x'): MapCard {
  return {
    securityId,
    nameZh,
    nameEn,
    market: 'CN-A',
    nodeId,
    primary: true,
    nodeIds: [nodeId],
    locked: false,
    stances: [],
    reports: 1,
    flags: 0,
    notes: 0,
    thesisFlags: 0,
    rowId: null,
    reportId: null,
    institution: null,
    tableLabel: null,
    asOfDate: null,
    value,
    printed: null,
    mcap: null,
    impliedNetMargin: null,
    status: null,
    weightInLayer: null,
    weightInSegment: null,
    premiumToLayer: null,
    premiumToSegment: null,
    layerPeers: 0,
    segmentPeers: 0,
    elsewhere: null,
  }
}

const group = (n: ChainNode | null, cards: MapCard[], agg: number | null = 30): MapGroup => ({ node: n, stats: stats(agg), basis: basis(), cards })
const lane = (n: ChainNode, groups: MapGroup[], agg: number | null = 25): MapLane => ({ node: n, stats: stats(agg), basis: basis(), groups })

const LONG = 'Very Long Company Name Holdings International Group Limited X' // 61 chars

function fixture(): ChainMap {
  const upstream = node('L1', 'layer', '上游：算力', 'Upstream: compute')
  const downstream = node('L2', 'layer', '下游 <应用> & "场景"', 'Downstream <apps> & "uses"')
  const chips = node('S1', 'segment', 'AI芯片', 'AI chips', 'L1')
  const lanes = [
    lane(upstream, [
      group(chips, [card('688256', '寒武纪', 'Cambricon', 120), card('NVDA', null, 'NVIDIA', 45.2), card('AT&T', 'A<&>B "q" \'s', 'A<&>B', 12)]),
      group(null, [card('300474', '景嘉微', 'Jingjia Micro', null)]),
    ]),
    lane(downstream, [group(node('S2', 'segment', '办公软件', 'Office software', 'L2'), [card('LONG', null, LONG, -3)]), group(null, [])]),
  ]
  return {
    lens: { kind: 'canonical', taxonomyId: null, reportId: null, institution: null, label: null },
    lenses: [],
    lanes,
    unplaced: [],
    fyKeys: ['FY24E'],
    currency: 'CNY',
    securities: 5,
    cards: 5,
  }
}

function options(map: ChainMap, over: Partial<ExportOptions> = {}): ExportOptions {
  const all = map.lanes.flatMap((l) => l.groups.flatMap((g) => g.cards))
  const scale = quantileScale(
    all.map((c) => c.value),
    'cn',
  )
  const fmt = (v: number | null): string => (v == null ? '—' : `${v.toFixed(1)}x`)
  return {
    lang: 'zh',
    title: '产业链图谱 <AIGC> & Co',
    subtitle: '全部研报 · PE FY24E · 2024-06-30',
    statLabel: '整体法PE',
    colour: (c) => ({ fill: scale.fill(c.value), text: scale.text(c.value) }),
    legend: [...scale.legend.map((l) => ({ label: `${fmt(l.from)}–${fmt(l.to)}`, fill: l.fill, text: l.text })), { label: '无数据', fill: scale.neutral, text: '#000000' }],
    laneValue: (l) => fmt(l.stats.aggregate),
    groupValue: (g) => `${fmt(g.stats.median)} · ${g.cards.length}`,
    cardValue: (c) => fmt(c.value),
    name: (c) => c.nameZh ?? c.nameEn ?? c.securityId,
    nodeName: (n) => n.nameZh,
    unsegmented: '未细分',
    ...over,
  }
}

// ---- a minimal well-formedness check (no XML parser in Node) ---------------------------------

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi

function checkXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '')
  const stack: string[] = []
  let roots = 0
  for (const [token] of body.matchAll(/<[^>]*>|[^<]+/g)) {
    if (!token.startsWith('<')) {
      if (stack.length === 0 && token.trim()) throw new Error(`text outside the root: ${token}`)
      if (token.replace(ENTITY, '').includes('&') || token.includes('>')) throw new Error(`unescaped text: ${token}`)
      continue
    }
    const m = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>$/.exec(token)
    if (!m) throw new Error(`malformed tag: ${token}`)
    const [, close, name, attrs, selfClose] = m
    if (attrs!.replace(ENTITY, '').includes('&')) throw new Error(`unescaped attribute: ${token}`)
    if (close) {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}>`)
    } else if (!selfClose) {
      if (stack.length === 0) roots++
      stack.push(name!)
    } else if (stack.length === 0) throw new Error('self-closed root')
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(',')}`)
  if (roots !== 1) throw new Error(`${roots} root elements`)
}

const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!)
const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
const cardCount = (svg: string): number => svg.match(/<rect class="card"/g)?.length ?? 0

// ---- tests ------------------------------------------------------------------------------------

describe('mapToSvg', () => {
  const map = fixture()
  const out = mapToSvg(map, options(map))

  it('is well-formed XML with one <svg> root sized to the page', () => {
    expect(() => checkXml(out.svg)).not.toThrow()
    expect(out.width).toBeGreaterThan(0)
    expect(out.height).toBeGreaterThan(0)
    expect(out.svg).toContain(`width="${out.width}" height="${out.height}" viewBox="0 0 ${out.width} ${out.height}"`)
    // the app's bundled font first, then installed CJK fonts for a machine opening the file elsewhere
    expect(out.svg).toContain(`font-family="'Noto Sans SC Variable', 'Noto Sans SC', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"`)
    expect(out.svg).toContain('xml:lang="zh-CN"')
  })

  it('the checker itself rejects broken XML', () => {
    expect(() => checkXml('<svg><text>a & b</text></svg>')).toThrow()
    expect(() => checkXml('<svg><g></svg>')).toThrow()
    expect(() => checkXml('<svg><text a="<">x</text></svg>')).toThrow()
  })

  it('draws one card rect per card and every card name, escaped', () => {
    expect(cardCount(out.svg)).toBe(5)
    for (const name of ['寒武纪', 'NVIDIA', '景嘉微']) expect(out.svg).toContain(`>${name}</text>`)
    expect(out.svg).toContain('>A&lt;&amp;&gt;B &quot;q&quot; &apos;s</text>')
    expect(out.svg).not.toContain('A<&>B')
  })

  it('escapes title, lane names and group headings; null segments get the unsegmented label', () => {
    expect(out.svg).toContain('产业链图谱 &lt;AIGC&gt; &amp; Co')
    expect(out.svg).toContain('下游 &lt;应用&gt; &amp; &quot;场景&quot;')
    expect(texts(out.svg).filter((t) => t === '未细分')).toHaveLength(2)
    expect(out.svg).toContain('>AI芯片</text>')
  })

  it('keeps lanes in order, left to right', () => {
    const up = out.svg.indexOf('上游：算力')
    const down = out.svg.indexOf('下游 &lt;应用&gt;')
    expect(up).toBeGreaterThan(0)
    expect(down).toBeGreaterThan(up)
    const laneXs = [...out.svg.matchAll(/<rect class="lane" x="(\d+)"/g)].map((m) => Number(m[1]))
    expect(laneXs).toHaveLength(2)
    expect(laneXs[1]!).toBeGreaterThan(laneXs[0]!)
  })

  it('shows the lane statistic with its label, group values and card values', () => {
    expect(out.svg).toContain('>整体法PE 25.0x</text>')
    expect(out.svg).toContain('>30.0x · 3</text>')
    expect(out.svg).toContain('>120.0x</text>')
    expect(out.svg).toContain('>—</text>')
  })

  it('colours cards with the caller’s colour function and draws the legend', () => {
    expect(out.svg).toContain('fill="#d9d9d9"') // the card without a value, and the legend's 无数据
    expect(out.svg.match(/<rect class="legend"/g)).toHaveLength(options(map).legend.length)
    expect(out.svg).toContain('>无数据</text>')
  })

  it('truncates a long name with an ellipsis so it fits its card', () => {
    const cut = texts(out.svg).find((t) => t.startsWith('Very Long'))!
    expect(cut.endsWith('…')).toBe(true)
    expect(cut.length).toBeLessThan(LONG.length)
    expect(estimateWidth(cut, 12)).toBeLessThanOrEqual(132 - 2 * 7)
  })

  it('is deterministic', () => {
    expect(mapToSvg(fixture(), options(fixture())).svg).toBe(out.svg)
  })

  it('renders an empty map', () => {
    const empty = { ...fixture(), lanes: [], cards: 0 }
    const r = mapToSvg(empty, options(empty, { legend: [] }))
    expect(() => checkXml(r.svg)).not.toThrow()
    expect(r.width).toBeGreaterThan(0)
    expect(r.height).toBeGreaterThan(0)
    expect(cardCount(r.svg)).toBe(0)
  })

  it('strips characters XML forbids instead of producing an unloadable image', () => {
    const m = fixture()
    m.lanes[0]!.groups[0]!.cards[0]!.nameZh = 'bad\u0001name\uFFFF'
    const r = mapToSvg(m, options(m))
    expect(r.svg).toContain('>badname</text>')
  })

  it('2,000 cards: every one drawn, in linear time', () => {
    const m = fixture()
    const n = 2000
    const big = m.lanes.flatMap((l, li) =>
      l.groups.map((g, gi) => ({
        ...g,
        cards: Array.from({ length: n / 4 }, (_, i) => card(`${li}-${gi}-${i}`, `公司${i}号 & <Co>`, null, i % 97)),
      })),
    )
    m.lanes[0]!.groups = big.slice(0, 2)
    m.lanes[1]!.groups = big.slice(2, 4)
    const t0 = performance.now()
    const r = mapToSvg(m, options(m))
    const ms = performance.now() - t0
    expect(cardCount(r.svg)).toBe(n)
    expect(() => checkXml(r.svg)).not.toThrow()
    expect(ms).toBeLessThan(5000) // generous: only catches accidental quadratic work
  })
})

describe('text helpers', () => {
  it('escapeXml escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;')
    expect(unescape(escapeXml('&<>"\''))).toBe('&<>"\'')
  })

  it('counts CJK about twice as wide as Latin', () => {
    expect(estimateWidth('中文', 10)).toBe(20)
    const latin = estimateWidth('ab', 10)
    expect(latin).toBeGreaterThan(8)
    expect(latin).toBeLessThan(14)
  })

  it('truncate leaves short text alone and cuts by code point', () => {
    expect(truncate('寒武纪', 100, 12)).toBe('寒武纪')
    const cjk = truncate('中'.repeat(20), 60, 12)
    expect(cjk).toBe('中中中中…')
    expect(estimateWidth(cjk, 12)).toBeLessThanOrEqual(60)
    const emoji = truncate('😀'.repeat(10), 40, 10)
    expect(emoji.endsWith('…')).toBe(true)
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(emoji)).toBe(false)
    expect(truncate('abc', 5, 12)).toBe('')
  })
})

describe('pngScale', () => {
  it('keeps the requested scale when it fits', () => {
    expect(pngScale(1000, 800, 2)).toBe(2)
  })
  it('caps the canvas at 16384 px a side, keeping the aspect ratio', () => {
    const s = pngScale(12000, 3000, 2)
    expect(12000 * s).toBeLessThanOrEqual(MAX_CANVAS_SIDE)
    expect(3000 * s).toBeCloseTo(3000 * (MAX_CANVAS_SIDE / 12000), 6)
    expect(pngScale(3000, 20000, 2) * 20000).toBeLessThanOrEqual(MAX_CANVAS_SIDE)
  })
})

describe('PNG: the drawing painted with the bundled font', () => {
  const map = fixture()
  const d = mapDrawing(map, options(map))

  it('the SVG is the same drawing', () => {
    expect(drawingToSvg(d)).toBe(mapToSvg(map, options(map)).svg)
  })

  it('loads the bundled font for every glyph drawn, per weight, before painting', async () => {
    const calls: { font: string; text: string }[] = []
    let readyAwaited = false
    const fonts = {
      load: async (font: string, text = '') => (calls.push({ font, text }), []),
      get ready() {
        readyAwaited = true
        return Promise.resolve()
      },
    }
    await loadFonts(d, fonts)
    expect(readyAwaited).toBe(true)
    expect(calls.map((c) => c.font).sort()).toEqual(['400 16px "Noto Sans SC Variable"', '600 16px "Noto Sans SC Variable"', '700 16px "Noto Sans SC Variable"'])
    const loaded = calls.map((c) => c.text).join('')
    for (const s of d.shapes) if (s.kind === 'text') for (const ch of s.text) expect(loaded).toContain(ch)
    // each glyph asked once per weight, not once per card
    for (const c of calls) expect(new Set(c.text).size).toBe([...c.text].length)
  })

  it('a font that fails to load does not stop the export', async () => {
    const fonts = { load: () => Promise.reject(new Error('offline')), ready: Promise.resolve() }
    await expect(loadFonts(d, fonts)).resolves.toBeUndefined()
    await expect(loadFonts(d, undefined)).resolves.toBeUndefined()
  })

  it('paints every shape, text in the bundled font at its size and weight, on a white page', () => {
    const texts: { text: string; font: string; align: string; fill: string }[] = []
    const rects: string[] = []
    const ctx = {
      fillStyle: '',
      strokeStyle: '',
      lineWidth: 1,
      font: '',
      textAlign: 'start',
      textBaseline: 'alphabetic',
      beginPath() {},
      roundRect() {},
      rect() {},
      fill() {
        rects.push(String(this.fillStyle))
      },
      stroke() {},
      moveTo() {},
      lineTo() {},
      fillText(text: string) {
        texts.push({ text, font: this.font, align: String(this.textAlign), fill: String(this.fillStyle) })
      },
      setTransform() {},
    }
    paintDrawing(ctx as unknown as DrawContext, d, 2)
    expect(rects[0]).toBe('#ffffff')
    expect(rects.length).toBe(d.shapes.filter((s) => s.kind === 'rect').length)
    expect(texts.length).toBe(d.shapes.filter((s) => s.kind === 'text').length)
    expect(texts[0]!.font).toBe(`600 20px 'Noto Sans SC Variable', 'Noto Sans SC', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif`)
    expect(texts.every((t) => t.font.includes("'Noto Sans SC Variable'"))).toBe(true)
    expect(texts.some((t) => t.align === 'end')).toBe(true)
    expect(canvasFont({ size: 11 })).toMatch(/^400 11px 'Noto Sans SC Variable'/)
  })
})
