/**
 * Bytes → text for imported CSV/TSV files. The encoding is sniffed from the content, never from
 * the file name: Wind and iFinD write GBK text under `.xls` / `.csv` names, Excel writes UTF-8
 * with a BOM or UTF-16LE, and a hand-made CSV is usually plain UTF-8.
 *
 * Order: a byte-order mark decides; else the bytes are tried as strict UTF-8 (a GBK file almost
 * never happens to be valid UTF-8 once it holds a Chinese character); else GB18030, a superset of
 * GBK and GB2312, which decodes any byte sequence (never throws).
 */
import type { DecodedText } from './types'

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const
const UTF16LE_BOM = [0xff, 0xfe] as const
const UTF16BE_BOM = [0xfe, 0xff] as const

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false
  return prefix.every((b, i) => bytes[i] === b)
}

/** ignoreBOM: the mark is already sliced off, so a second one (if any) stays in the text as read */
function decodeAs(label: string, bytes: Uint8Array, fatal = false): string {
  return new TextDecoder(label, { fatal, ignoreBOM: true }).decode(bytes)
}

function tryStrictUtf8(bytes: Uint8Array): string | null {
  try {
    return decodeAs('utf-8', bytes, true)
  } catch {
    return null
  }
}

export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, UTF8_BOM)) return { text: decodeAs('utf-8', bytes.subarray(3)), encoding: 'utf-8-bom' }
  if (startsWith(bytes, UTF16LE_BOM)) return { text: decodeAs('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' }
  if (startsWith(bytes, UTF16BE_BOM)) return { text: decodeAs('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' }
  const utf8 = tryStrictUtf8(bytes)
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' }
  return { text: decodeAs('gb18030', bytes), encoding: 'gb18030' }
}

/** XLSX (and any zip) starts with a local-file header; an empty zip with the end-of-directory record */
const ZIP_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
] as const
/** the OLE2 compound-file header of a real BIFF `.xls` (and of an encrypted XLSX) */
const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const
/** enough of the file to judge, cheap even for a large export */
const SNIFF_BYTES = 64 * 1024

function nulShare(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, SNIFF_BYTES)
  if (n === 0) return 0
  let nul = 0
  for (let i = 0; i < n; i++) if (bytes[i] === 0) nul++
  return nul / n
}

/**
 * True when the bytes are text to decode (CSV/TSV, including iFinD's GBK tab-separated "`.xls`"),
 * false for a real spreadsheet container (zip/XLSX, OLE2 .xls) or other binary data, which text
 * files never fill with NUL bytes. UTF-16 text is full of NULs, so its BOM is checked first.
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (ZIP_SIGNATURES.some((sig) => startsWith(bytes, sig))) return false
  if (startsWith(bytes, OLE2_SIGNATURE)) return false
  if (startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM)) return true
  return nulShare(bytes) <= 0.01
}
