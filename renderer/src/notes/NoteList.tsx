/** The notes list: filters (subject kind, tag, dates, challenged only, trash) and the notes, newest first. */
import { MarkdownIO } from './MarkdownIO'
import { FlagsPanel } from './FlagsPanel'
import { useState } from 'react'
import { SUBJECT_KINDS, type NoteSummary, type SubjectKind } from '../../../shared/api/notes'
import { ConfirmDialog } from '../components/Dialog'
import { DateField } from '../components/DateField'
import { useI18n } from '../i18n'
import { attempt, notify } from '../notices'
import { api } from '../api'
import { useApiQuery } from '../useApi'
import { stamp, subjectText } from './model'
import { countText, NOTES_TEXT } from './text'

export interface ListFilter {
  subjectKind?: SubjectKind
  /** a chain layer: notes on it, its segments and the companies placed there */
  layerId?: string
  tag?: string
  from?: string
  to?: string
  flagged: boolean
  trash: boolean
}

export const NO_FILTER: ListFilter = { flagged: false, trash: false }

interface Props {
  filter: ListFilter
  onFilter: (f: ListFilter) => void
  selectedId: string | null
  /** the open note's title as typed (the list shows the saved one until the save lands) */
  liveTitle?: { id: string; title: string } | null
  onSelect: (id: string) => void
  onNew: () => void
}

const LIMIT = 200

export function NoteList({ filter, onFilter, selectedId, liveTitle, onSelect, onNew }: Props) {
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  const input = {
    ...(filter.subjectKind ? { subjectKind: filter.subjectKind } : {}),
    ...(filter.tag ? { tag: filter.tag } : {}),
    ...(filter.layerId ? { layerId: filter.layerId } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
    flagged: filter.flagged,
    trash: filter.trash,
    limit: LIMIT,
  }
  const { data, isLoading } = useApiQuery('notes.list', input, { keepPrevious: true })
  // Tags to offer: those on the newest 500 notes (there is no tag index API).
  const all = useApiQuery('notes.list', { limit: 500 })
  const tags = [...new Set((all.data?.notes ?? []).flatMap((n) => n.tags))].sort()
  const [emptying, setEmptying] = useState(false)
  const [busy, setBusy] = useState(false)
  const chain = useApiQuery('chain.get', {})
  const layers = (chain.data?.nodes ?? []).filter((n) => n.kind === 'layer').sort((a, b) => a.position - b.position)
  const filtered = !!(filter.subjectKind || filter.layerId || filter.tag || filter.from || filter.to || filter.flagged)
  const set = (patch: Partial<ListFilter>) => onFilter({ ...filter, ...patch })

  return (
    <aside className="notes-list" aria-label={tx.list}>
      <div className="notes-list-head">
        {filter.trash ? (
          <button onClick={() => set({ trash: false })}>← {tx.backToNotes}</button>
        ) : (
          <button className="primary" onClick={onNew} data-testid="new-note">
            + {tx.newNote}
          </button>
        )}
        <span className="spacer" />
        {!filter.trash && <MarkdownIO />}
        {filter.trash ? (
          <button className="danger-text" disabled={!data?.total} onClick={() => setEmptying(true)} data-testid="empty-trash">
            {tx.emptyTrash}
          </button>
        ) : (
          <button className="small" onClick={() => set({ trash: true })} data-testid="show-trash">
            {tx.showTrash}
          </button>
        )}
      </div>
      <div className="notes-filters">
        <select aria-label={lang === 'zh' ? '产业链层' : 'Chain layer'} value={filter.layerId ?? ''} onChange={(e) => set({ layerId: e.target.value || undefined })}>
          <option value="">{lang === 'zh' ? '全部产业链层' : 'Every layer'}</option>
          {layers.map((l) => (
            <option key={l.id} value={l.id}>
              {lang === 'zh' ? l.nameZh : l.nameEn}
            </option>
          ))}
        </select>
        <select aria-label={tx.filterKind} value={filter.subjectKind ?? ''} onChange={(e) => set({ subjectKind: (e.target.value || undefined) as SubjectKind | undefined })}>
          <option value="">{tx.allKinds}</option>
          {SUBJECT_KINDS.map((k) => (
            <option key={k} value={k}>
              {tx.kind[k]}
            </option>
          ))}
        </select>
        <select className="tag-filter" aria-label={tx.filterTag} value={filter.tag ?? ''} onChange={(e) => set({ tag: e.target.value || undefined })}>
          <option value="">{tx.anyTag}</option>
          {[...new Set([...tags, ...(filter.tag ? [filter.tag] : [])])].map((t) => (
            <option key={t} value={t}>
              #{t}
            </option>
          ))}
        </select>
        <label className="date">
          {tx.from}
          <DateField validOnly value={filter.from ?? ''} onChange={(v) => set({ from: v || undefined })} aria-label={tx.from} />
        </label>
        <label className="date">
          {tx.to}
          <DateField validOnly value={filter.to ?? ''} onChange={(v) => set({ to: v || undefined })} aria-label={tx.to} />
        </label>
        <label className="check">
          <input type="checkbox" checked={filter.flagged} onChange={(e) => set({ flagged: e.target.checked })} /> ⚑ {tx.flaggedOnly}
        </label>
        {filtered && (
          <button className="link small" onClick={() => onFilter({ ...NO_FILTER, trash: filter.trash })}>
            {tx.clearFilters}
          </button>
        )}
      </div>
      {filter.flagged && !filter.trash && <FlagsPanel onSelect={onSelect} />}
      <div className="notes-count muted">
        {filter.trash && <b className="trash-label">{tx.trash} · </b>}
        {data ? countText(tx.notesTotal, data.total) : ''}
      </div>
      <ul className="notes-items" data-testid="notes-list">
        {isLoading && <li className="muted pad">{tx.loading}</li>}
        {data && data.notes.length === 0 && (
          <li className="muted pad">{filter.trash ? tx.trashEmpty : filtered ? tx.noNotes : tx.noNotesYet}</li>
        )}
        {data?.notes.map((n) => (
          <Item key={n.id} n={n} title={liveTitle?.id === n.id ? liveTitle.title : n.title} active={n.id === selectedId} onSelect={onSelect} />
        ))}
        {data && data.total > data.notes.length && <li className="muted pad">{countText(tx.more, data.total - data.notes.length)}</li>}
      </ul>
      {emptying && (
        <ConfirmDialog
          title={tx.emptyTrashTitle}
          message={<p>{countText(tx.emptyTrashConfirm, data?.total ?? 0)}</p>}
          confirmLabel={tx.emptyTrash}
          danger
          busy={busy}
          onCancel={() => setEmptying(false)}
          onConfirm={async () => {
            setBusy(true)
            let deleted = 0
            const ok = await attempt(api['notes.emptyTrash']({ confirm: true }).then((r) => (deleted = r.deleted)))
            setBusy(false)
            setEmptying(false)
            if (ok) notify('ok', ({ lang: l }) => countText(NOTES_TEXT[l].emptied, deleted))
          }}
          testId="empty-trash-dialog"
        />
      )}
    </aside>
  )
}

function Item({ n, title, active, onSelect }: { n: NoteSummary; title: string; active: boolean; onSelect: (id: string) => void }) {
  const { lang } = useI18n()
  const tx = NOTES_TEXT[lang]
  return (
    <li>
      <button className={active ? 'note-item active' : 'note-item'} onClick={() => onSelect(n.id)} aria-current={active || undefined} data-note-id={n.id}>
        <span className="note-item-title">
          {title.trim() || <span className="muted">{tx.untitled}</span>}
          {n.flags > 0 && (
            <span className="flag-badge" title={countText(tx.flagsN, n.flags)}>
              ⚑ {n.flags}
            </span>
          )}
        </span>
        <span className="note-item-meta">
          <span className={`kind-dot kind-${n.subject.kind}`}>{tx.kind[n.subject.kind]}</span>
          {n.subject.kind !== 'theme' && <span className="note-item-subject">{subjectText(n, lang)}</span>}
          <span className="spacer" />
          <span className="muted">{stamp(n.updatedAt)}</span>
        </span>
        {(n.tags.length > 0 || n.scenarios > 0) && (
          <span className="note-item-tags">
            {n.scenarios > 0 && <span className="scen-badge">{countText(tx.scenariosN, n.scenarios)}</span>}
            {n.tags.slice(0, 5).map((t) => (
              <span key={t} className="note-tag">
                #{t}
              </span>
            ))}
          </span>
        )}
        {n.excerpt && <span className="note-item-excerpt">{n.excerpt}</span>}
      </button>
    </li>
  )
}
