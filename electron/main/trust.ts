/**
 * Exact trust check for IPC senders: the URL must parse to file: and its path must equal the
 * app's own renderer/index.html. A substring test let file:///tmp/evil/renderer/index.html in.
 */
import { pathToFileURL } from 'node:url'

export function isTrustedRendererUrl(url: string, rendererIndex: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  const own = pathToFileURL(rendererIndex)
  return u.protocol === 'file:' && u.host === own.host && decodeURIComponent(u.pathname) === decodeURIComponent(own.pathname)
}
