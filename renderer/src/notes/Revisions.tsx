/**
 * The revisions drawer: every save of the note, newest first; one chosen is compared with the
 * current text (lines, then characters within a changed line: Chinese has no spaces to split
 * words on) and can be restored — as a new revision, so nothing is overwritten.
 */
import { diffChars, diffLines, type Change } from 'diff'
import { useMemo, useState } from 'react'
import { ConfirmDialog } from '../components/Dialog'
import { fillText, useI18n } from '../i18n'
import { useApiQuery } from '../useApi'
import { noteErrorText, stamp } from './model'
import { countText, NOTES_TEXT } from './text'

interface Props {
  noteId: string
  /** the text in the editor now (may be ahead of the last save) */
  current: string
  currentRevision: number | null
  readOnly: boolean
  onRestore: (revision: number) => Promise<void>
  onClose: () => void
}

export function Revisions({ noteId, current, currentRevision, readOnly, onRestore, onClose }: Props) {
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  const list = useApiQuery('notes.revisions', { id: noteId })
  const [chosen, setChosen] = useState<number | null>(null)
  const rev = useApiQuery('notes.revision', { id: noteId, revision: chosen ?? 1 }, { enabled: chosen != null })
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)

  return (
    <aside className="revisions" aria-label={tx.revisionsTitle} data-testid="revisions">
      <div className="revisions-head">
        <h3>{tx.revisionsTitle}</h3>
        <span className="spacer" />
        <button className="icon" onClick={onClose} aria-label={tx.close}>
          ×
        </button>
      </div>
      <div className="revisions-body">
        <ol className="revision-list">
          {list.error && <li className="error small">{noteErrorText(list.error, lang)}</li>}
          {list.data?.revisions.map((r) => (
            <li key={r.revision}>
              <button className={chosen === r.revision ? 'revision on' : 'revision'} onClick={() => setChosen(r.revision)} data-revision={r.revision}>
                <b>{fillText(tx.revisionN, { n: r.revision })}</b>
                {r.revision === currentRevision && <span className="current-tag">{tx.current}</span>}
                <span className="muted">{stamp(r.savedAt)}</span>
                <span className="muted num">{countText(tx.chars, r.chars)}</span>
              </button>
            </li>
          ))}
        </ol>
        <div className="revision-diff">
          {chosen == null && <p className="muted">{tx.selectRevision}</p>}
          {chosen != null && rev.data && rev.data.revision === chosen && (
            <>
              <div className="diff-head">
                <b>{fillText(tx.diffAgainst, { n: chosen })}</b>
                <span className="spacer" />
                {!readOnly && (
                  <button className="primary" onClick={() => setAsking(true)} data-testid="restore-revision">
                    {tx.restoreRevision}
                  </button>
                )}
              </div>
              <div className="muted small">{tx.diffLegend}</div>
              <Diff from={rev.data.body} to={current} />
            </>
          )}
          {chosen != null && rev.error && <p className="error small">{noteErrorText(rev.error, lang)}</p>}
        </div>
      </div>
      {asking && chosen != null && (
        <ConfirmDialog
          title={tx.restoreRevision}
          message={<p>{fillText(tx.revisionN, { n: chosen })} · {stamp(rev.data?.savedAt)}</p>}
          confirmLabel={tx.restoreRevision}
          busy={busy}
          onCancel={() => setAsking(false)}
          onConfirm={async () => {
            setBusy(true)
            await onRestore(chosen)
            setBusy(false)
            setAsking(false)
            setChosen(null)
          }}
        />
      )}
    </aside>
  )
}

const CONTEXT = 2

type Part = { kind: 'same' | 'add' | 'del' | 'pair' | 'skip'; text: string; pair?: Change[]; n?: number }

/** Line diff, unchanged runs folded to a little context, a removed+added pair diffed by character. */
function Diff({ from, to }: { from: string; to: string }) {
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  const parts = useMemo((): Part[] | null => {
    const changes = diffLines(from, to, { timeout: 1500 })
    if (!changes) return null
    const out: Part[] = []
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i]!
      const next = changes[i + 1]
      if (c.removed && next?.added && c.value.length + next.value.length < 8000) {
        out.push({ kind: 'pair', text: '', pair: diffChars(c.value, next.value) })
        i++
        continue
      }
      if (c.added || c.removed) {
        out.push({ kind: c.added ? 'add' : 'del', text: c.value })
        continue
      }
      const lines = c.value.split('\n')
      if (lines.at(-1) === '') lines.pop()
      const first = i === 0
      const last = i === changes.length - 1
      const head = first ? 0 : CONTEXT
      const tail = last ? 0 : CONTEXT
      if (lines.length <= head + tail + 1) out.push({ kind: 'same', text: c.value })
      else {
        if (head) out.push({ kind: 'same', text: lines.slice(0, head).join('\n') + '\n' })
        out.push({ kind: 'skip', text: '', n: lines.length - head - tail })
        if (tail) out.push({ kind: 'same', text: lines.slice(-tail).join('\n') + '\n' })
      }
    }
    return out
  }, [from, to])
  if (!parts) return <p className="warn">{tx.diffTooBig}</p>
  if (parts.every((p) => p.kind === 'same' || p.kind === 'skip')) return <p className="ok">{tx.diffSame}</p>
  return (
    <pre className="diff" data-testid="revision-diff">
      {parts.map((p, i) => {
        if (p.kind === 'skip')
          return (
            <span key={i} className="diff-skip">
              {countText(tx.diffSkip, p.n ?? 0)}
              {'\n'}
            </span>
          )
        if (p.kind === 'pair')
          return (
            <span key={i} className="diff-pair">
              {p.pair!.map((c, j) => (c.added ? <ins key={j}>{c.value}</ins> : c.removed ? <del key={j}>{c.value}</del> : <span key={j}>{c.value}</span>))}
            </span>
          )
        if (p.kind === 'add') return <ins key={i}>{p.text}</ins>
        if (p.kind === 'del') return <del key={i}>{p.text}</del>
        return <span key={i}>{p.text}</span>
      })}
    </pre>
  )
}
