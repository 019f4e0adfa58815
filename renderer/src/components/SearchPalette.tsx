import { useEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import type { SearchHit } from '../../../shared/api/notes'
import { useI18n } from '../i18n'
import { useApiQuery } from '../useApi'

const TEXT = {
  zh: { placeholder: '搜索公司（任意别名：英伟达 / Nvidia / NVDA / 002230）、研报、细分、笔记…', empty: '没有结果', hint: '↑↓ 选择 · Enter 打开 · Esc 关闭', security: '公司', report: '研报', segment: '产业链', note: '笔记' },
  en: { placeholder: 'Search companies (any alias: 英伟达 / Nvidia / NVDA / 002230), reports, segments, notes…', empty: 'No results', hint: '↑↓ choose · Enter open · Esc close', security: 'Company', report: 'Report', segment: 'Chain', note: 'Note' },
}

/** Ctrl+K (⌘K) anywhere opens the palette; typing in a field elsewhere does not. */
export function useSearchShortcut(open: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key.toLowerCase() === 'k' || e.code === 'KeyK')) {
        e.preventDefault()
        open()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open])
}

/**
 * One search over securities by any alias in either language, reports, chain segments and
 * notes (search.query), best first, each hit with its context.
 */
export function SearchPalette({ onPick, onClose }: { onPick: (h: SearchHit) => void; onClose: () => void }) {
  const { lang } = useI18n()
  const t = TEXT[lang]
  const [q, setQ] = useState('')
  const [debounced, setDebounced] = useState('')
  const [active, setActive] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])
  useEffect(() => {
    const id = setTimeout(() => setDebounced(q.trim()), 120)
    return () => clearTimeout(id)
  }, [q])
  const { data } = useApiQuery('search.query', { q: debounced || ' ', limit: 20 }, { enabled: debounced.length > 0, keepPrevious: true })
  const hits = debounced ? (data?.hits ?? []) : []
  useEffect(() => setActive(0), [debounced])
  const pick = (h: SearchHit | undefined) => h && (onPick(h), onClose())
  return createPortal(
    <div className="modal-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label={t.placeholder} data-testid="search-palette">
        <input
          ref={input}
          value={q}
          maxLength={200}
          placeholder={t.placeholder}
          aria-label={t.placeholder}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') (e.preventDefault(), onClose())
            else if (e.key === 'ArrowDown') (e.preventDefault(), setActive((a) => Math.min(a + 1, hits.length - 1)))
            else if (e.key === 'ArrowUp') (e.preventDefault(), setActive((a) => Math.max(a - 1, 0)))
            else if (e.key === 'Enter') (e.preventDefault(), pick(hits[active]))
          }}
        />
        <ul className="palette-hits" role="listbox">
          {debounced && data && hits.length === 0 && <li className="muted">{t.empty}</li>}
          {hits.map((h, i) => (
            <li
              key={`${h.kind}:${h.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'hit active' : 'hit'}
              data-kind={h.kind}
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => (e.preventDefault(), pick(h))}
            >
              <span className="hit-kind">{t[h.kind]}</span>
              <span className="hit-title">{h.title}</span>
              <span className="hit-snippet muted small">{h.snippet}</span>
            </li>
          ))}
        </ul>
        <div className="palette-foot muted small">{t.hint}</div>
      </div>
    </div>,
    document.body,
  )
}
