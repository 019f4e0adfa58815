import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from './workspace'

/** A fontconfig with Latin fonts only: what a machine without any CJK font looks like to Chromium. */
export function noCjkFontconfig(): string {
  const dir = tempDir()
  const fontDirs = ['/usr/share/fonts/truetype/dejavu'].filter((d) => existsSync(d))
  const file = join(dir, 'fonts.conf')
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n${fontDirs.map((d) => `  <dir>${d}</dir>\n`).join('')}  <cachedir>${join(dir, 'cache')}</cachedir>\n</fontconfig>\n`,
  )
  return file
}
