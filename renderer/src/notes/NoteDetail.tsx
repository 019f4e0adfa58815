/** One open note: title, subject, tags, editor / preview, save state, flags, scenarios, revisions. */
import { useEffect, useState } from 'react'
import type { NoteSummary, ThesisFlagView } from '../../../shared/api/notes'
import type { MarketFacts } from '../../../shared/scenarioMath'
import { fillText, useI18n } from '../i18n'
import { Editor } from './Editor'
import { clock, flagReason, noteErrorText, scenarioLabel, stamp, subjectText } from './model'
import { Preview } from './Preview'
import { Revisions } from './Revisions'
import { Scenarios } from './Scenarios'
import { NOTES_TEXT } from './text'
import type { NoteSession, SessionSnapshot } from './useAutosave'

export type ViewMode = 'edit' | 'split' | 'preview'

interface Props {
  session: NoteSession
  snap: SessionSnapshot
  subjectName: NoteSummary['subjectName']
  flags: ThesisFlagView[]
  /** latest price / market cap from notes.get, when main supplies them (see Scenarios) */
  market: MarketFacts | null
  /** the editor loads the draft's text when this changes (another note, a restore, a reload) */
  editorKey: string
  mode: ViewMode
  onMode: (m: ViewMode) => void
  onSecurity: (id: string) => void
  onOpenNote: (id: string) => void
  onDelete: () => void
  onRestoreFromTrash: () => void
  onRestoreRevision: (revision: number) => Promise<void>
  onReload: () => void
}

export function NoteDetail(p: Props) {
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  const { snap, session } = p
  const d = snap.draft
  const [revOpen, setRevOpen] = useState(false)
  const body = useSettled(d.body)
  const subj = subjectText({ subject: d.subject, subjectName: p.subjectName }, lang)
  const ro = snap.readOnly

  return (
    <section className={revOpen ? 'note-detail with-revisions' : 'note-detail'} data-testid="note-detail">
      <div className="note-main">
        {p.flags.length > 0 && (
          <div className="thesis-flags" role="alert" data-testid="thesis-flags">
            <div className="thesis-flags-title">
              ⚑ {tx.flagsTitle} ({p.flags.length})
            </div>
            <ul>
              {p.flags.map((f) => (
                <li key={`${f.scenario}|${f.rule}`}>
                  <b>
                    {scenarioLabel(f.scenario, tx)} · {tx.rule[f.rule] ?? f.rule}
                  </b>
                  {lang === 'zh' ? '：' : ': '}
                  {flagReason(f, lang)}
                  <span className="muted small">
                    {' '}
                    · {tx.flagTrigger} <span className="mono">{f.trigger}</span> · {tx.flagSince} {stamp(f.since)}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {ro && <div className="warn-box">{tx.inTrash}</div>}
        <div className="note-head">
          <input
            className="note-title"
            value={d.title}
            placeholder={tx.untitled}
            aria-label={tx.titleLabel}
            maxLength={200}
            readOnly={ro}
            onChange={(e) => session.change({ title: e.target.value })}
            onBlur={() => void session.flush()}
            data-testid="note-title"
          />
          <SaveLine snap={snap} session={session} />
        </div>
        <div className="note-meta">
          <span className={`kind-dot kind-${d.subject.kind}`}>{tx.kind[d.subject.kind]}</span>
          {d.subject.kind === 'security' && d.subject.id ? (
            <button className="link" onClick={() => p.onSecurity(d.subject.id!)} title={tx.openCompany}>
              {subj} <span className="mono muted">{d.subject.id}</span>
            </button>
          ) : d.subject.kind !== 'theme' ? (
            <span>{subj}</span>
          ) : null}
          <span className="sep" />
          <Tags tags={d.tags} readOnly={ro} onChange={(tags) => session.change({ tags })} />
        </div>
        <div className="note-toolbar">
          <div className="seg" role="group">
            {(['edit', 'split', 'preview'] as const).map((m) => (
              <button key={m} className={p.mode === m ? 'on' : ''} aria-pressed={p.mode === m} onClick={() => p.onMode(m)}>
                {m === 'edit' ? tx.modeEdit : m === 'split' ? tx.modeSplit : tx.modePreview}
              </button>
            ))}
          </div>
          <span className="spacer" />
          {snap.id && (
            <button className={revOpen ? 'on' : ''} aria-pressed={revOpen} onClick={() => setRevOpen(!revOpen)} data-testid="open-revisions">
              {tx.revisions}
            </button>
          )}
          {snap.id &&
            (ro ? (
              <button className="primary" onClick={p.onRestoreFromTrash} data-testid="restore-note">
                {tx.restore}
              </button>
            ) : (
              <button className="danger-text" onClick={p.onDelete} data-testid="delete-note">
                {tx.delete}
              </button>
            ))}
        </div>
        {snap.state.kind === 'conflict' && (
          <div className="conflict" role="alert" data-testid="conflict">
            <b>{tx.conflictTitle}</b>
            <p>
              {fillText(tx.conflictBody, {
                theirs: String((snap.state.error as { params?: Record<string, unknown> }).params?.revision ?? '?'),
                base: String(snap.revision ?? '?'),
              })}
            </p>
            <div className="row">
              <button onClick={p.onReload}>{tx.conflictReload}</button>
              <button className="primary" onClick={() => session.overwrite()}>
                {tx.conflictOverwrite}
              </button>
            </div>
          </div>
        )}
        <div className={`note-body mode-${p.mode}`}>
          {/* Hidden, not unmounted, in preview mode: its undo history and cursor stay. */}
          <div className="note-editor-wrap" hidden={p.mode === 'preview'}>
            <Editor
              docKey={p.editorKey}
              initial={d.body}
              readOnly={ro}
              placeholderText={tx.editorPlaceholder}
              label={tx.editorLabel}
              onChange={(body) => session.change({ body })}
              onBlur={() => void session.flush()}
            />
          </div>
          {p.mode !== 'edit' && (
            <div className="note-preview">
              <Preview text={body} onSecurity={p.onSecurity} onNote={p.onOpenNote} />
            </div>
          )}
        </div>
        {d.subject.kind === 'security' && d.subject.id && (
          <Scenarios
            securityId={d.subject.id}
            value={d.scenarios}
            problem={snap.scenarioProblem}
            readOnly={ro}
            market={p.market}
            onChange={(scenarios) => session.change({ scenarios })}
          />
        )}
      </div>
      {revOpen && snap.id && (
        <Revisions
          noteId={snap.id}
          current={body}
          currentRevision={snap.revision}
          readOnly={ro}
          onRestore={p.onRestoreRevision}
          onClose={() => setRevOpen(false)}
        />
      )}
    </section>
  )
}

/**
 * The text the preview renders: it follows the editor once typing pauses (longer for a long
 * note: Markdown is parsed in one go on the main thread, and must not do so per keystroke).
 */
function useSettled(text: string): string {
  const [settled, setSettled] = useState(text)
  useEffect(() => {
    if (text === settled) return
    const id = setTimeout(() => setSettled(text), text.length > 100_000 ? 1200 : text.length > 10_000 ? 300 : 80)
    return () => clearTimeout(id)
  }, [text, settled])
  return settled
}

function SaveLine({ snap, session }: { snap: SessionSnapshot; session: NoteSession }) {
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  const s = snap.state
  let text: string
  let cls = 'save-state'
  switch (s.kind) {
    case 'clean':
      text = snap.revision != null ? `${tx.stateClean} · ${fillText(tx.revisionN, { n: snap.revision })}` : tx.stateClean
      break
    case 'dirty':
      text = tx.stateDirty
      cls += ' dirty'
      break
    case 'saving':
      text = tx.stateSaving
      cls += ' saving'
      break
    case 'saved':
      text = fillText(tx.stateSaved, { time: clock(s.savedAt), rev: s.revision })
      cls += ' saved'
      break
    case 'error':
      text = fillText(tx.stateError, { reason: noteErrorText(s.error, lang) })
      cls += ' failed'
      break
    case 'conflict':
      text = tx.conflictTitle
      cls += ' failed'
      break
  }
  return (
    <span className={cls} role="status" aria-live="polite" data-testid="save-state" data-state={s.kind}>
      {text}
      {s.kind === 'error' && (
        <button className="small" onClick={() => session.retry()}>
          {tx.retry}
        </button>
      )}
    </span>
  )
}

const TAG_MAX = 40
const TAGS_MAX = 50

/** Tags as chips: Enter (or a comma) adds, × removes. Same rules as main: trimmed, ≤ 40 chars, no duplicates, ≤ 50. */
function Tags({ tags, readOnly, onChange }: { tags: string[]; readOnly: boolean; onChange: (t: string[]) => void }) {
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const add = (value = text) => {
    // eslint-disable-next-line no-control-regex
    const t = value.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^#/, '').trim()
    if (!t) return
    if (t.length > TAG_MAX) return setError(tx.tagTooLong)
    if (tags.length >= TAGS_MAX) return setError(tx.tagTooMany)
    setError(null)
    setText('')
    if (!tags.includes(t)) onChange([...tags, t])
  }
  return (
    <span className="tags-edit" aria-label={tx.tags}>
      {tags.map((t) => (
        <span key={t} className="chip note-chip">
          #{t}
          {!readOnly && (
            <button className="chip-x" aria-label={fillText(tx.removeTag, { tag: t })} onClick={() => onChange(tags.filter((x) => x !== t))}>
              ×
            </button>
          )}
        </span>
      ))}
      {!readOnly && (
        <input
          className="tag-input"
          value={text}
          placeholder={tx.addTag}
          aria-label={tx.addTag}
          aria-invalid={!!error || undefined}
          title={error ?? undefined}
          onChange={(e) => {
            const v = e.target.value
            if (v.endsWith(',') || v.endsWith('，')) {
              setText(v.slice(0, -1))
              add(v.slice(0, -1))
            } else setText(v)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              add()
            } else if (e.key === 'Backspace' && !text && tags.length) onChange(tags.slice(0, -1))
          }}
          onBlur={() => add()}
          data-testid="tag-input"
        />
      )}
      {error && <span className="error-inline small">{error}</span>}
    </span>
  )
}
