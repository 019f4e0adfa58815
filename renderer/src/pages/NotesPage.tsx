/**
 * Scenario notes: theses and memos about a company, a segment or layer, a report, or a theme.
 * Left the notes list with its filters; right the open note (editor, preview, scenarios,
 * revisions). The open note's autosave session (notes/useAutosave.ts) outlives this page: a
 * draft not yet acknowledged is still here when the user comes back from another tab.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { NoteSummary, NoteView } from '../../../shared/api/notes'
import type { MarketFacts } from '../../../shared/scenarioMath'
import { api, callApi } from '../api'
import { ConfirmDialog } from '../components/Dialog'
import { fillText, useI18n } from '../i18n'
import { attempt, notify, notifyError } from '../notices'
import { NewNoteDialog, type NewNote } from '../notes/NewNoteDialog'
import { NoteDetail, type ViewMode } from '../notes/NoteDetail'
import { NO_FILTER, NoteList, type ListFilter } from '../notes/NoteList'
import { noteErrorText } from '../notes/model'
import { NOTES_TEXT } from '../notes/text'
import { NoteSession, useFlushOnHide, useSession } from '../notes/useAutosave'
import '../notes/notes.css'
import { setApiData, useApiQuery } from '../useApi'
import { parsePref, usePref } from '../usePref'

interface Props {
  onSecurity: (id: string) => void
  /** a note to open (from the company panel, a flag list…); a new key opens it again */
  note?: { id: string; key: number }
}

interface Open {
  session: NoteSession
  subjectName: NoteSummary['subjectName']
  /** the editor reloads its document when this changes */
  editorKey: string
}

// Kept across unmounts (switching to another tab and back): an unsaved draft is never dropped.
let kept: Open | null = null
let keptFilter: ListFilter = NO_FILTER
let editorSeq = 0

const OPTIONS = { key: 'notes:options' } as const

/**
 * The market facts main measured the note's thesis checks against, if notes.get sends them
 * (an optional `market` field, not in the contract yet): with them the scenario cards use the
 * same latest price as the flags, including prices entered with prices.set.
 */
function marketOf(v: NoteView | null): MarketFacts | null {
  const m = (v as (NoteView & { market?: MarketFacts | null }) | null)?.market
  return m && typeof m === 'object' && 'price' in m ? m : null
}

export function NotesPage({ onSecurity, note: toOpen }: Props) {
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  const [open, setOpenState] = useState<Open | null>(kept)
  const [filter, setFilterState] = useState<ListFilter>(keptFilter)
  const [creating, setCreating] = useState(false)
  const [leaving, setLeaving] = useState<{ reason: string; then: () => void } | null>(null)
  const pref = usePref(OPTIONS)
  const mode: ViewMode = parsePref<{ mode?: ViewMode }>(pref.value, {}, OPTIONS.key).mode ?? 'split'
  const session = open?.session ?? null
  const snap = useSession(session)
  useFlushOnHide(session)
  const seq = useRef(0)
  /** revisions this window made outside autosave (restores): not "updated elsewhere" */
  const own = useRef(new Set<string>())

  const setOpen = (o: Open | null) => {
    kept = o
    setOpenState(o)
  }
  const setFilter = (f: ListFilter) => {
    keptFilter = f
    setFilterState(f)
  }

  const sessionFrom = (v: NoteView): Open => ({
    session: NoteSession.fromView(v),
    subjectName: v.subjectName,
    editorKey: `${v.id}#${++editorSeq}`,
  })

  // On leaving the page the draft is saved (and kept in `kept` should that fail).
  useEffect(
    () => () => {
      const s = kept?.session
      if (!s?.dirty) return
      void s.flush().then((ok) => {
        if (ok) return
        const st = s.getSnapshot().state
        const error = st.kind === 'error' || st.kind === 'conflict' ? st.error : null
        notify('error', ({ lang: l }) => fillText(NOTES_TEXT[l].stateError, { reason: error ? noteErrorText(error, l) : '' }), { key: 'notes:leave', sticky: true })
      })
    },
    [],
  )

  /** Runs `then` once the open note is saved; asks first when the save fails. */
  const leave = useCallback(
    async (then: () => void) => {
      const s = kept?.session
      if (!s || s.readOnly) return then()
      const ok = await s.flush()
      if (ok) {
        s.close()
        return then()
      }
      const st = s.getSnapshot().state
      setLeaving({
        reason: st.kind === 'error' || st.kind === 'conflict' ? noteErrorText(st.error, lang) : '',
        then: () => {
          s.close()
          then()
        },
      })
    },
    [lang],
  )

  const load = useCallback(async (id: string) => {
    const mine = ++seq.current
    try {
      const v = await callApi('notes.get', { id })
      if (mine !== seq.current) return
      setApiData('notes.get', { id }, v)
      setOpen(sessionFrom(v))
    } catch (e) {
      notifyError(e)
    }
  }, [])

  const openNote = useCallback((id: string) => void leave(() => void load(id)), [leave, load])

  // Asked from outside to open a note (flushing the open one first, like a click in the list).
  useEffect(() => {
    if (toOpen && toOpen.id !== kept?.session.noteId) openNote(toOpen.id)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [toOpen?.key])

  const create = (n: NewNote) => {
    setCreating(false)
    void leave(() => {
      const s = new NoteSession({ id: null, revision: null, draft: { subject: n.subject, title: n.title, body: '', tags: [], scenarios: null } })
      setOpen({ session: s, subjectName: n.subjectName, editorKey: `new#${++editorSeq}` })
      // The first save creates the note and gives it its id.
      s.saveNow()
    })
  }

  // The open note as main has it: flags (re-evaluated on data changes) and its revision.
  const id = snap?.id ?? null
  const note = useApiQuery('notes.get', { id: id ?? 'n000000' }, { enabled: !!id })
  const current = note.data && note.data.id === id ? note.data : null

  // Saved in another window while nothing is pending here: show that version.
  useEffect(() => {
    if (!current || !session || !snap || current.id !== snap.id) return
    if (snap.revision == null || current.revision <= snap.revision) return
    if (session.dirty || snap.state.kind === 'saving' || snap.state.kind === 'conflict') return
    const fromHere = own.current.has(`${current.id}#${current.revision}`)
    setOpen(sessionFrom(current))
    if (!fromHere) notify('info', ({ lang: l }) => NOTES_TEXT[l].updatedElsewhere, { key: 'notes:elsewhere' })
  }, [current, session, snap])

  const restoreRevision = async (revision: number) => {
    if (!session || !snap?.id) return
    // The text typed so far becomes a revision first, so the restore loses nothing; a failed
    // save is shown on the save line and nothing is restored.
    if (!(await session.flush())) return
    try {
      const r = await api['notes.restoreRevision']({ id: snap.id, revision })
      own.current.add(`${snap.id}#${r.revision}`)
      session.close()
      await load(snap.id)
      notify('ok', ({ lang: l }) => fillText(NOTES_TEXT[l].restoredRevision, { n: revision, m: r.revision }))
    } catch (e) {
      notifyError(e)
    }
  }

  const remove = () => {
    if (!snap?.id) return
    const noteId = snap.id
    void leave(async () => {
      if (await attempt(api['notes.delete']({ id: noteId }))) {
        setOpen(null)
        notify('ok', ({ lang: l }) => NOTES_TEXT[l].deleted)
      }
    })
  }

  const restoreFromTrash = async () => {
    if (!snap?.id) return
    const noteId = snap.id
    if (await attempt(api['notes.restore']({ id: noteId }))) {
      notify('ok', ({ lang: l }) => NOTES_TEXT[l].restored)
      setFilter({ ...filter, trash: false })
      await load(noteId)
    }
  }

  const reload = () => {
    if (!snap?.id) return
    session?.close()
    void load(snap.id)
  }

  return (
    <div className="notes-page" data-testid="notes-page">
      <NoteList
        filter={filter}
        onFilter={setFilter}
        selectedId={id}
        liveTitle={id && snap ? { id, title: snap.draft.title } : null}
        onSelect={(x) => x !== id && openNote(x)}
        onNew={() => setCreating(true)}
      />
      {open && snap ? (
        <NoteDetail
          session={open.session}
          snap={snap}
          subjectName={current?.subjectName ?? open.subjectName}
          flags={current?.flags ?? []}
          market={marketOf(current)}
          editorKey={open.editorKey}
          mode={mode}
          onMode={(m) => void pref.save(JSON.stringify({ mode: m }))}
          onSecurity={onSecurity}
          onOpenNote={(x) => x !== id && openNote(x)}
          onDelete={remove}
          onRestoreFromTrash={() => void restoreFromTrash()}
          onRestoreRevision={restoreRevision}
          onReload={reload}
        />
      ) : (
        <div className="notes-empty muted">{tx.selectHint}</div>
      )}
      {creating && <NewNoteDialog onCreate={create} onClose={() => setCreating(false)} />}
      {leaving && (
        <ConfirmDialog
          title={tx.leaveTitle}
          message={<p>{fillText(tx.leaveBody, { reason: leaving.reason })}</p>}
          confirmLabel={tx.leaveAnyway}
          danger
          onCancel={() => setLeaving(null)}
          onConfirm={() => {
            const then = leaving.then
            setLeaving(null)
            then()
          }}
          testId="leave-dialog"
        />
      )}
    </div>
  )
}
