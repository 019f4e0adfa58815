/**
 * The chain map's PNG export draws its Chinese with the app's bundled font (Noto Sans SC
 * Variable), on a machine without any CJK font: Chromium runs on a private fontconfig listing
 * only DejaVu. The exported lane title is compared, pixel for pixel, with the same text drawn
 * on a canvas in the bundled font and in the machine's fallback; and the SVG names the bundled
 * font first. (An SVG rendered as an image cannot use the page's web fonts, which is why the
 * PNG is painted on a canvas: the last check shows that route would have drawn boxes.)
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { noCjkFontconfig } from '../helpers/fonts'
import { e2eSkipped, startSession } from '../helpers/browser'

// exportMap.ts layout: the first lane's title at x = PAD + LANE_PAD, baseline HEADER_H + 20, 14 px bold, on the lane fill
const TITLE = { x: 32, y: 104, size: 14, box: { x: 30, y: 88, w: 140, h: 22 }, laneFill: '#f2f3f5', ink: '#1f2329' }
const BUNDLED = `'Noto Sans SC Variable', 'Noto Sans SC', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif`

describe.skipIf(e2eSkipped)('chain-map export font (no CJK font on the machine)', () => {
  it('the PNG draws the lane titles in the bundled font, not in boxes', async () => {
    const s = await startSession({ browserEnv: { FONTCONFIG_FILE: noCjkFontconfig() } })
    try {
      const page = s.page
      await page.setViewportSize({ width: 1280, height: 800 })
      await page.getByRole('tab', { name: /^产业链图谱/ }).click()
      await page.locator('.mcard').first().waitFor()
      const lane = (await page.locator('.lane-name').first().innerText()).trim()
      expect(lane).toMatch(/[\u4e00-\u9fff]/)

      const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 SVG' }).click()])
      const svg = readFileSync((await svgDownload.path())!, 'utf8')
      expect(svg).toContain(`font-family="${BUNDLED}"`)
      const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 PNG' }).click()])
      const png = readFileSync((await pngDownload.path())!).toString('base64')

      const r = await page.evaluate(
        async ({ png, svg, lane, T, bundled }) => {
          const scale = 2
          const load = async (src: string) => {
            const img = new Image()
            img.src = src
            await img.decode()
            return img
          }
          const crop = (source: CanvasImageSource, w: number, h: number) => {
            const c = document.createElement('canvas')
            c.width = w
            c.height = h
            const ctx = c.getContext('2d')!
            ctx.drawImage(source, 0, 0, w, h)
            return ctx.getImageData(T.box.x * scale, T.box.y * scale, T.box.w * scale, T.box.h * scale).data
          }
          const drawn = (font: string) => {
            const c = document.createElement('canvas')
            c.width = (T.box.x + T.box.w) * scale
            c.height = (T.box.y + T.box.h) * scale
            const ctx = c.getContext('2d')!
            ctx.setTransform(scale, 0, 0, scale, 0, 0)
            ctx.fillStyle = T.laneFill
            ctx.fillRect(T.box.x, T.box.y, T.box.w, T.box.h)
            ctx.font = `700 ${T.size}px ${font}`
            ctx.textBaseline = 'alphabetic'
            ctx.fillStyle = T.ink
            ctx.fillText(lane, T.x, T.y)
            return ctx.getImageData(T.box.x * scale, T.box.y * scale, T.box.w * scale, T.box.h * scale).data
          }
          const diff = (a: Uint8ClampedArray, b: Uint8ClampedArray) => {
            let sum = 0
            for (let i = 0; i < a.length; i += 4) sum += Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!)
            return sum / (a.length / 4) / 3
          }
          await document.fonts.load(`700 ${T.size}px 'Noto Sans SC Variable'`, lane)
          const exported = await load(`data:image/png;base64,${png}`)
          const out = crop(exported, exported.width, exported.height)
          const withBundled = drawn(bundled)
          const withFallback = drawn('sans-serif')
          // the old route: the SVG rendered as an image (no access to the page's web fonts)
          const svgImage = await load(URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })))
          const viaSvg = crop(svgImage, exported.width, exported.height)
          return {
            toBundled: diff(out, withBundled),
            toFallback: diff(out, withFallback),
            bundledVsFallback: diff(withBundled, withFallback),
            svgToBundled: diff(viaSvg, withBundled),
          }
        },
        { png, svg, lane, T: TITLE, bundled: BUNDLED },
      )
      // the reference renderings really differ (the fallback draws boxes / nothing)
      expect(r.bundledVsFallback).toBeGreaterThan(3)
      // the export matches the bundled-font rendering and not the fallback
      expect(r.toBundled).toBeLessThan(0.5)
      expect(r.toFallback).toBeGreaterThan(3)
      // …which an SVG-as-image export could not have done on this machine
      expect(r.svgToBundled).toBeGreaterThan(3)
      expect(s.errors).toEqual([])
    } finally {
      await s.stop()
    }
  }, 120_000)
})
