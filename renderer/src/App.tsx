import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { SearchHit } from '../../shared/api/notes'
import type { Lang } from '../../shared/format'
import { api } from './api'
import { BackupPanel, BackupsButton } from './components/BackupPanel'
import { CompanyPanel } from './components/CompanyPanel'
import { HistoryPanel } from './components/HistoryPanel'
import { Progress } from './components/Progress'
import { RecoveryBanner } from './components/RecoveryBanner'
import { DICTS, I18nContext } from './i18n'
import { GridThemeContext, gridThemes, type Density, type ThemeMode } from './components/gridTheme'
import { attempt, Notices } from './notices'
import { NotesPage } from './pages/NotesPage'
import { ImportPage } from './import/ImportPage'
import { SearchPalette, useSearchShortcut } from './components/SearchPalette'
import { ComparePage, type CompareFocus } from './pages/ComparePage'
import { MapPage } from './pages/MapPage'
import { openCompareWith } from './chainMap/toCompare'
import { QualityPage } from './pages/QualityPage'
import { CoveragePage } from './pages/CoveragePage'
import { ReportsPage } from './pages/ReportsPage'
import { ValuationsPage } from './pages/ValuationsPage'
import { queryClient, setApiData, useApiQuery, usePushSync } from './useApi'
import { useNames, useUndoRedo, useUndoShortcuts } from './useHistory'

export type PageId = 'reports' | 'coverage' | 'valuations' | 'compare' | 'quality' | 'chain' | 'notes' | 'import'

export interface Nav {
  page: PageId
  reportId?: string
  /** a note to open on the notes page (key: each request opens it again) */
  note?: { id: string; key: number }
}

const LANG_PREF = { key: 'ui:lang' } as const
const THEME_PREF = { key: 'ui:theme' } as const
const DENSITY_PREF = { key: 'ui:density' } as const

/** Follows the system's colour scheme while `ui:theme` was never set. */
function useSystemDark(): boolean {
  const query = useMemo(() => (typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null), [])
  const [dark, setDark] = useState(() => query?.matches ?? false)
  useEffect(() => {
    if (!query) return
    const on = (e: MediaQueryListEvent) => setDark(e.matches)
    query.addEventListener('change', on)
    return () => query.removeEventListener('change', on)
  }, [query])
  return dark
}

/** What handles its own Esc: AG Grid's filter popups, the grids' column menus, pickers, editors, the chain map (closes the panel itself). */
const OWN_ESC = '.ag-popup, .ag-menu, .ag-filter, .wb-popup, [role="dialog"], [role="menu"], [role="listbox"], .cm-editor, textarea, [contenteditable="true"], [data-testid="chain-map"]'

/** The quick search of the page on screen (DataGrid's, the valuations page's, the chain map's). */
function pageSearch(): HTMLInputElement | null {
  const all = [...document.querySelectorAll<HTMLInputElement>('main input.search')]
  return all.find((el) => el.offsetParent !== null && !el.disabled) ?? null
}

type PanelId = 'company' | 'history'

/**
 * Keys of the whole window. Esc closes the side panel in front (the one holding the focus, else the
 * one opened last): company or history. A dialog (the backups panel is one), the search palette, a
 * grid's filter popup or column menu takes its own Esc first, and then only it closes.
 * Ctrl+F (⌘F) goes to the page's quick search instead of the browser's find.
 */
function useWindowKeys(open: Record<PanelId, boolean>, close: (p: PanelId) => void): void {
  const order = useRef<PanelId[]>([])
  for (const p of Object.keys(open) as PanelId[]) {
    const at = order.current.indexOf(p)
    if (open[p] && at < 0) order.current.push(p)
    if (!open[p] && at >= 0) order.current.splice(at, 1)
  }
  const closeRef = useRef(close)
  closeRef.current = close
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return
      const modal = document.querySelector('[aria-modal="true"]')
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key.toLowerCase() === 'f' || e.code === 'KeyF')) {
        if (modal) return
        const box = pageSearch()
        if (!box) return
        e.preventDefault()
        box.focus()
        box.select()
        return
      }
      if (e.key !== 'Escape' || e.ctrlKey || e.metaKey || e.altKey || modal) return
      const target = e.target as HTMLElement | null
      if (target?.closest?.(OWN_ESC)) return
      const panels = order.current
      if (panels.length === 0) return
      const holder = target?.closest?.('[data-testid="company-panel"], [data-testid="history-panel"]')
      const byFocus: PanelId | undefined = holder ? (holder.getAttribute('data-testid') === 'history-panel' ? 'history' : 'company') : undefined
      const which = byFocus && panels.includes(byFocus) ? byFocus : panels[panels.length - 1]!
      e.preventDefault()
      closeRef.current(which)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

export function App() {
  usePushSync()
  const langPref = useApiQuery('prefs.get', LANG_PREF)
  const lang: Lang = langPref.data?.value === 'en' ? 'en' : 'zh'
  const themePref = useApiQuery('prefs.get', THEME_PREF)
  const densityPref = useApiQuery('prefs.get', DENSITY_PREF)
  const systemDark = useSystemDark()
  const savedTheme = themePref.data?.value
  const theme: ThemeMode = savedTheme === 'dark' || savedTheme === 'light' ? savedTheme : systemDark ? 'dark' : 'light'
  const density: Density = densityPref.data?.value === 'compact' ? 'compact' : 'comfortable'
  const gridTheme = gridThemes[theme][density]
  const [nav, setNav] = useState<Nav>({ page: 'reports' })
  const [security, setSecurity] = useState<string | null>(null)
  const [historyOpen, setHistoryOpen] = useState(false)
  const [backupsOpen, setBackupsOpen] = useState(false)
  const [compareFocus, setCompareFocus] = useState<CompareFocus | undefined>()
  const [searchOpen, setSearchOpen] = useState(false)
  const openSearch = useCallback(() => setSearchOpen(true), [])
  useSearchShortcut(openSearch)
  const openHit = (h: SearchHit) => {
    if (h.kind === 'security') setSecurity(h.id)
    else if (h.kind === 'report') setNav({ page: 'coverage', reportId: h.id })
    else if (h.kind === 'segment') setNav({ page: 'chain' })
    else setNav({ page: 'notes', note: { id: h.id, key: Date.now() } })
  }
  const i18n = useMemo(() => ({ lang, t: DICTS[lang] }), [lang])
  const t = i18n.t
  const names = useNames()
  const history = useUndoRedo(names)
  useUndoShortcuts(history.run)
  useWindowKeys({ company: !!security, history: historyOpen }, (p) => (p === 'company' ? setSecurity(null) : setHistoryOpen(false)))

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
    document.title = t.appTitle
  }, [lang, t])

  useEffect(() => {
    document.documentElement.dataset.theme = theme
    document.documentElement.dataset.density = density
  }, [theme, density])

  const switchLang = async () => {
    const next = lang === 'zh' ? 'en' : 'zh'
    // Shown at once; the write confirms it (and a failure puts the cache back and says why).
    setApiData('prefs.get', LANG_PREF, { value: next })
    if (!(await attempt(api['prefs.set']({ key: 'ui:lang', value: next })))) void queryClient.invalidateQueries({ queryKey: ['prefs.get', LANG_PREF] })
  }

  /** A view pref: shown at once, then saved (a failure puts the cache back and says why). */
  const setViewPref = async (pref: typeof THEME_PREF | typeof DENSITY_PREF, value: string) => {
    setApiData('prefs.get', pref, { value })
    if (!(await attempt(api['prefs.set']({ key: pref.key, value })))) void queryClient.invalidateQueries({ queryKey: ['prefs.get', pref] })
  }
  const switchTheme = () => setViewPref(THEME_PREF, theme === 'dark' ? 'light' : 'dark')
  const switchDensity = () => setViewPref(DENSITY_PREF, density === 'compact' ? 'comfortable' : 'compact')

  const tabs: { id: PageId; label: string; coming?: boolean }[] = [
    { id: 'reports', label: t.navReports },
    { id: 'coverage', label: t.navCoverage },
    { id: 'valuations', label: t.navValuations },
    { id: 'compare', label: t.navCompare },
    { id: 'quality', label: t.navFlags },
    { id: 'chain', label: t.navChain },
    { id: 'notes', label: t.navNotes },
    { id: 'import', label: t.navImport },
  ]

  return (
    <I18nContext.Provider value={i18n}>
      <GridThemeContext.Provider value={gridTheme}>
      <div className="app">
        <header className="topbar">
          <div className="brand">{t.appTitle}</div>
          <nav role="tablist">
            {tabs.map((tab) => (
              <button
                key={tab.id}
                role="tab"
                aria-selected={nav.page === tab.id}
                className={nav.page === tab.id ? 'tab active' : 'tab'}
                onClick={() => (setNav({ page: tab.id }), setSecurity(null))}
              >
                {tab.label}
                {tab.coming && <span className="badge">{t.coming}</span>}
              </button>
            ))}
          </nav>
          <button className="lang search-toggle" onClick={openSearch} title={lang === 'zh' ? '搜索 (Ctrl+K)' : 'Search (Ctrl+K)'} data-testid="search-button">
            {lang === 'zh' ? '搜索' : 'Search'} <span className="kbd">Ctrl K</span>
          </button>
          <button
            className={historyOpen ? 'lang history-toggle active' : 'lang history-toggle'}
            aria-pressed={historyOpen}
            onClick={() => setHistoryOpen(!historyOpen)}
            title={t.historyTitle}
          >
            {t.historyTab}
          </button>
          <BackupsButton active={backupsOpen} onClick={() => setBackupsOpen(!backupsOpen)} />
          <button className="lang" onClick={() => void switchTheme()} title={t.themeTitle} aria-pressed={theme === 'dark'} data-testid="theme-button">
            {theme === 'dark' ? t.themeLight : t.themeDark}
          </button>
          <button className="lang" onClick={() => void switchDensity()} title={t.densityTitle} aria-pressed={density === 'compact'} data-testid="density-button">
            {density === 'compact' ? t.densityComfortable : t.densityCompact}
          </button>
          <button className="lang" onClick={switchLang} title="中文 / English">
            {t.langSwitch}
          </button>
        </header>
        <main className={security ? 'content with-panel' : 'content'}>
          <RecoveryBanner />
          {nav.page === 'reports' && <ReportsPage onOpen={setNav} />}
          {nav.page === 'coverage' && <CoveragePage reportId={nav.reportId} onSecurity={setSecurity} onClearReport={() => setNav({ page: 'coverage' })} />}
          {nav.page === 'valuations' && <ValuationsPage reportId={nav.reportId} onSecurity={setSecurity} onClearReport={() => setNav({ page: 'valuations' })} />}
          {nav.page === 'compare' && <ComparePage onSecurity={setSecurity} focus={compareFocus} />}
          {nav.page === 'quality' && <QualityPage onSecurity={setSecurity} />}
          {nav.page === 'chain' && (
            <MapPage
              onSecurity={setSecurity}
              onCloseSecurity={() => setSecurity(null)}
              onCompare={(focus, m) => {
                void openCompareWith(m)
                setCompareFocus({ ...focus, key: Date.now() })
                setNav({ page: 'compare' })
              }}
            />
          )}
          {nav.page === 'notes' && <NotesPage onSecurity={setSecurity} note={nav.note} />}
          {nav.page === 'import' && <ImportPage onOpen={setNav} />}
        </main>
        {security && <CompanyPanel id={security} onClose={() => setSecurity(null)} onSecurity={setSecurity} fromMap={nav.page === 'chain'} onOpenNote={(noteId) => setNav({ page: 'notes', note: { id: noteId, key: Date.now() } })} />}
        {historyOpen && <HistoryPanel names={names} onClose={() => setHistoryOpen(false)} onRun={history.run} onRevert={history.revert} />}
        {backupsOpen && <BackupPanel onClose={() => setBackupsOpen(false)} />}
        {searchOpen && <SearchPalette onPick={openHit} onClose={() => setSearchOpen(false)} />}
        <Progress />
        <Notices />
      </div>
      </GridThemeContext.Provider>
    </I18nContext.Provider>
  )
}
