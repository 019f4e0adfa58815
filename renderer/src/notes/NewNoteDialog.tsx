/** "New note": what it is about (a company found by search, a segment or layer, a report, or a theme) and a title. */
import { institutionText } from '../../../shared/bundledText'
import { useEffect, useRef, useState } from 'react'
import { SUBJECT_KINDS, type NoteSubject, type SearchHit, type SubjectKind } from '../../../shared/api/notes'
import { api } from '../api'
import { Dialog } from '../components/Dialog'
import { useI18n } from '../i18n'
import { useApiQuery } from '../useApi'
import { noteErrorText } from './model'
import { NOTES_TEXT } from './text'

export interface NewNote {
  subject: NoteSubject
  subjectName: { zh: string | null; en: string | null } | null
  title: string
}

interface Props {
  onCreate: (n: NewNote) => void
  onClose: () => void
}

export function NewNoteDialog({ onCreate, onClose }: Props) {
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  const [kind, setKind] = useState<SubjectKind>('security')
  const [q, setQ] = useState('')
  const [hits, setHits] = useState<SearchHit[] | null>(null)
  const [searchError, setSearchError] = useState<string | null>(null)
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null)
  const [title, setTitle] = useState('')
  const [titleTouched, setTitleTouched] = useState(false)
  const chain = useApiQuery('chain.get', {}, { enabled: kind === 'segment' || kind === 'layer' })
  const reports = useApiQuery('reports.list', {}, { enabled: kind === 'report' })
  const searchBox = useRef<HTMLInputElement>(null)
  // The dialog focuses its first control (the kind chips); the search box is where one types.
  useEffect(() => {
    const id = setTimeout(() => searchBox.current?.focus(), 0)
    return () => clearTimeout(id)
  }, [])

  // Search as you type, the last query wins.
  useEffect(() => {
    if (kind !== 'security' || !q.trim()) return setHits(null)
    let live = true
    const id = setTimeout(() => {
      api['search.query']({ q: q.trim(), limit: 30 })
        .then((r) => live && (setHits(r.hits.filter((h) => h.kind === 'security')), setSearchError(null)))
        .catch((e: unknown) => live && setSearchError(noteErrorText(e, lang)))
    }, 150)
    return () => {
      live = false
      clearTimeout(id)
    }
  }, [q, kind, lang])

  const choose = (id: string, name: string) => {
    setPicked({ id, name })
    if (!titleTouched) setTitle(name)
  }
  const switchKind = (k: SubjectKind) => {
    setKind(k)
    setPicked(null)
    if (!titleTouched) setTitle('')
  }
  // Upstream → downstream: layers by position, segments under their layer by position.
  const all = chain.data?.nodes ?? []
  const layerPos = (id: string | null) => all.find((n) => n.id === id)?.position ?? 0
  const nodes = all
    .filter((n) => n.kind === kind)
    .sort((a, b) => (kind === 'segment' ? layerPos(a.parentId) - layerPos(b.parentId) : 0) || a.position - b.position)
  const layerName = (id: string | null) => {
    const l = chain.data?.nodes.find((n) => n.id === id)
    return l ? (lang === 'zh' ? l.nameZh : l.nameEn) : ''
  }
  const ready = kind === 'theme' || picked != null

  const submit = () => {
    if (!ready) return
    if (kind === 'theme') return onCreate({ subject: { kind: 'theme' }, subjectName: null, title: title.trim() })
    const node = chain.data?.nodes.find((n) => n.id === picked!.id)
    const subjectName = node ? { zh: node.nameZh, en: node.nameEn } : { zh: picked!.name, en: picked!.name }
    onCreate({ subject: { kind, id: picked!.id }, subjectName, title: title.trim() })
  }

  return (
    <Dialog
      title={tx.newTitle}
      onClose={onClose}
      onSubmit={submit}
      wide
      testId="new-note-dialog"
      footer={
        <>
          {!ready && <span className="muted small">{tx.pickSubject}</span>}
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            {tx.cancel}
          </button>
          <button type="submit" className="primary" disabled={!ready}>
            {tx.create}
          </button>
        </>
      }
    >
      <div className="field">
        {tx.subjectKind}
        <div className="kind-choice" role="radiogroup" aria-label={tx.subjectKind}>
          {SUBJECT_KINDS.map((k) => (
            <button key={k} type="button" role="radio" aria-checked={kind === k} className={kind === k ? 'chip on' : 'chip'} onClick={() => switchKind(k)}>
              {tx.kind[k]}
            </button>
          ))}
        </div>
      </div>
      {kind === 'security' && (
        <div className="field">
          <input ref={searchBox} value={q} onChange={(e) => setQ(e.target.value)} placeholder={tx.searchSecurity} aria-label={tx.searchSecurity} data-testid="subject-search" />
          <div className="pick-list" role="listbox" aria-label={tx.kind.security}>
            {searchError && <div className="error small">{searchError}</div>}
            {hits?.length === 0 && <div className="muted small pad">{tx.noHits}</div>}
            {hits?.map((h) => (
              <button
                type="button"
                key={h.id}
                role="option"
                aria-selected={picked?.id === h.id}
                className={picked?.id === h.id ? 'pick on' : 'pick'}
                onClick={() => choose(h.id, h.title)}
              >
                <b>{h.title}</b> <span className="mono muted">{h.id}</span>
                {h.snippet && h.snippet !== h.title && h.snippet !== h.id && <span className="muted small"> · {h.snippet}</span>}
              </button>
            ))}
          </div>
        </div>
      )}
      {(kind === 'segment' || kind === 'layer') && (
        <label className="field">
          {tx.chooseNode} {tx.kind[kind]}
          <select value={picked?.id ?? ''} onChange={(e) => {
            const n = nodes.find((x) => x.id === e.target.value)
            if (n) choose(n.id, lang === 'zh' ? n.nameZh : n.nameEn)
          }}>
            <option value="" disabled>
              —
            </option>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {kind === 'segment' ? `${layerName(n.parentId)} › ` : ''}
                {lang === 'zh' ? n.nameZh : n.nameEn}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === 'report' && (
        <label className="field">
          {tx.chooseReport}
          <select value={picked?.id ?? ''} onChange={(e) => {
            const r = reports.data?.find((x) => x.id === e.target.value)
            if (r) choose(r.id, `${institutionText(r.institution, lang)}${r.title ? ` · ${r.title}` : ''}`)
          }}>
            <option value="" disabled>
              —
            </option>
            {reports.data?.map((r) => (
              <option key={r.id} value={r.id}>
                {institutionText(r.institution, lang)}
                {r.date ? ` (${r.date})` : ''}
                {r.title ? ` · ${r.title}` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === 'theme' && <p className="muted small">{tx.themeHint}</p>}
      <label className="field">
        {tx.noteTitle}
        <input
          value={title}
          maxLength={200}
          placeholder={tx.titlePlaceholder}
          onChange={(e) => (setTitle(e.target.value), setTitleTouched(true))}
          data-testid="new-note-title"
        />
      </label>
    </Dialog>
  )
}
