/**
 * The note rendered, safely. Note content is untrusted (imported files, pasted text), so:
 *  - raw HTML is never rendered: react-markdown drops it unless rehype-raw is added (it is not,
 *    and must not be), and `skipHtml` removes HTML nodes outright — no <script>, no on* handler;
 *  - every URL goes through `safeUrl`: only http:, https: and mailto: survive, anything else
 *    (javascript:, data:, file:, vbscript:, relative paths) becomes '' and renders inert;
 *  - a link opens only after a click and a confirmation naming the address, in the system
 *    browser via window.open(…, 'noopener,noreferrer');
 *  - images are never loaded: a remote image would tell its server that (and when, and from
 *    where) this note is being read — a tracking pixel — so only its alt text and address show;
 *  - [[Name]] and @TICKER become in-app links, resolved with search.query on click;
 *  - a huge note is previewed up to PREVIEW_MAX characters (the editor still has all of it).
 */
import { memo, useMemo, useRef, useState, type ReactNode } from 'react'
import Markdown, { type Components } from 'react-markdown'
import remarkGfm from 'remark-gfm'
import { api } from '../api'
import { ConfirmDialog } from '../components/Dialog'
import { fillText, useI18n } from '../i18n'
import { notify, notifyError } from '../notices'
import { countText, NOTES_TEXT } from './text'

const ALLOWED = new Set(['http:', 'https:', 'mailto:'])

/** The only URLs a note may carry: absolute http(s) and mailto; everything else is ''. */
export function safeUrl(url: string): string {
  const s = url.trim()
  // Control characters and whitespace inside a scheme are how "java\tscript:" slips past naive checks.
  if (/[\u0000-\u001f\u007f]/.test(s)) return ''
  let u: URL
  try {
    u = new URL(s)
  } catch {
    return ''
  }
  return ALLOWED.has(u.protocol) ? u.href : ''
}

/** A link written in a note: [[Name]] or @TICKER. */
export interface NoteLinkTarget {
  kind: 'wiki' | 'mention'
  text: string
}

// Same patterns as shared/noteLinks.ts (which main uses to resolve them).
const WIKI = /\[\[([^[\]\n]{1,80})\]\]/g
const MENTION = /(^|[^\w@])@([A-Za-z0-9][A-Za-z0-9.:-]{0,30})/g

interface MdNode {
  type: string
  value?: string
  children?: MdNode[]
  data?: Record<string, unknown>
}

function linkNode(kind: 'wiki' | 'mention', target: string, shown: string): MdNode {
  return {
    type: 'noteLink',
    data: {
      hName: 'span',
      hProperties: { className: ['note-link'], dataLinkKind: kind, dataLinkTarget: target },
      hChildren: [{ type: 'text', value: shown }],
    },
  }
}

/** Splits one text into text and link nodes. */
export function splitLinks(text: string): MdNode[] {
  const marks: { start: number; end: number; node: MdNode }[] = []
  for (const m of text.matchAll(WIKI)) {
    const name = m[1]!.trim()
    if (name) marks.push({ start: m.index!, end: m.index! + m[0].length, node: linkNode('wiki', name, name) })
  }
  for (const m of text.matchAll(MENTION)) {
    const tick = m[2]!.replace(/[.:-]+$/, '')
    const start = m.index! + m[1]!.length
    if (marks.some((k) => start < k.end && start + 1 + tick.length > k.start)) continue
    marks.push({ start, end: start + 1 + tick.length, node: linkNode('mention', tick, `@${tick}`) })
  }
  if (!marks.length) return [{ type: 'text', value: text }]
  marks.sort((a, b) => a.start - b.start)
  const out: MdNode[] = []
  let at = 0
  for (const k of marks) {
    if (k.start < at) continue
    if (k.start > at) out.push({ type: 'text', value: text.slice(at, k.start) })
    out.push(k.node)
    at = k.end
  }
  if (at < text.length) out.push({ type: 'text', value: text.slice(at) })
  return out
}

/** remark plugin: [[…]] and @… in plain text (not in code, not inside links) become note links. */
function remarkNoteLinks() {
  const walk = (n: MdNode) => {
    if (!n.children || n.type === 'link' || n.type === 'linkReference') return
    n.children = n.children.flatMap((c) => (c.type === 'text' && c.value ? splitLinks(c.value) : (walk(c), [c])))
  }
  return (tree: MdNode) => walk(tree)
}

interface Props {
  text: string
  onSecurity: (id: string) => void
  onNote: (id: string) => void
}

/** The preview renders at most this much (a 1 MB note parses in seconds; the editor has it all). */
export const PREVIEW_MAX = 200_000

export const Preview = memo(function Preview({ text: full, onSecurity, onNote }: Props) {
  const text = full.length > PREVIEW_MAX ? full.slice(0, PREVIEW_MAX) : full
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  const [asking, setAsking] = useState<string | null>(null)
  // The handlers change every render of the page; the parsed Markdown must not (a long note
  // takes a second to parse), so they are read through a ref.
  const handlers = useRef({ onSecurity, onNote })
  handlers.current = { onSecurity, onNote }

  const components = useMemo((): Components => {
    const follow = async (kind: string, target: string) => {
      try {
        const { hits } = await api['search.query']({ q: target, limit: 10 })
        const low = target.toLowerCase()
        const exact = hits.find((h) => h.title.toLowerCase() === low || h.id.toLowerCase() === low)
        const hit =
          kind === 'mention'
            ? (hits.find((h) => h.kind === 'security' && h.id.toLowerCase().startsWith(low)) ?? hits.find((h) => h.kind === 'security'))
            : (exact ?? hits.find((h) => h.kind === 'security' || h.kind === 'note'))
        if (hit?.kind === 'security') handlers.current.onSecurity(hit.id)
        else if (hit?.kind === 'note') handlers.current.onNote(hit.id)
        else notify('info', ({ lang: l }) => fillText(NOTES_TEXT[l].noteLinkNotFound, { name: target }))
      } catch (e) {
        notifyError(e)
      }
    }
    return {
      a: ({ href, children }) => {
        const url = href ? safeUrl(href) : ''
        if (!url)
          return (
            <span className="md-blocked" title={tx.blockedLink}>
              {children}
            </span>
          )
        return (
          <a
            href={url}
            title={url}
            rel="noopener noreferrer nofollow"
            onClick={(e) => {
              e.preventDefault()
              setAsking(url)
            }}
          >
            {children}
          </a>
        )
      },
      img: ({ alt, src }) => {
        const url = typeof src === 'string' ? safeUrl(src) : ''
        return (
          <span className="md-img" title={tx.imageBlocked}>
            [{tx.image}] {alt || (url ? '' : '—')}
            {url && (
              <>
                {' '}
                <a
                  href={url}
                  rel="noopener noreferrer nofollow"
                  onClick={(e) => {
                    e.preventDefault()
                    setAsking(url)
                  }}
                >
                  {shorten(url)}
                </a>
              </>
            )}
          </span>
        )
      },
      span: (p) => {
        const props = p as Record<string, unknown> & { children?: ReactNode; className?: string }
        const kind = props['data-link-kind']
        const target = props['data-link-target']
        if (typeof kind !== 'string' || typeof target !== 'string') return <span className={props.className}>{props.children}</span>
        return (
          <button type="button" className={`note-link ${kind}`} onClick={() => void follow(kind, target)}>
            {props.children}
          </button>
        )
      },
    }
  }, [tx])

  const rendered = useMemo(
    () =>
      text.trim() ? (
        <Markdown remarkPlugins={[remarkGfm, remarkNoteLinks]} skipHtml urlTransform={safeUrl} components={components}>
          {text}
        </Markdown>
      ) : (
        <p className="muted">{tx.previewEmpty}</p>
      ),
    [text, components, tx],
  )

  return (
    <div className="md" data-testid="note-preview">
      {rendered}
      {full.length > PREVIEW_MAX && <p className="warn-box small">{countText(tx.previewCut, PREVIEW_MAX, { total: full.length.toLocaleString('en-US') })}</p>}
      {asking && (
        <ConfirmDialog
          title={tx.openLinkTitle}
          message={<p className="link-ask">{fillText(tx.openLinkBody, { url: asking })}</p>}
          confirmLabel={tx.open}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            window.open(asking, '_blank', 'noopener,noreferrer')
            setAsking(null)
          }}
          testId="open-link-dialog"
        />
      )}
    </div>
  )
})

const shorten = (u: string) => (u.length > 60 ? `${u.slice(0, 57)}…` : u)
