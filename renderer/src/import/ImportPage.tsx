/**
 * The import wizard: 1 source (a file or a pasted table, a preset) → 2 preview (how the file
 * was read, the column mapping, rows, rejected and skipped rows; every change previews again)
 * → 3 destination and import (one undoable change set) → the result. Past imports below.
 *
 * The preview never writes; the commit sends exactly the same read options plus the analyst's
 * decisions (skipped rows, chosen securities, create-new, import-again), so what was previewed
 * is what is written.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { ImportCommitResult, ImportPreview } from '../../../shared/api/imports'
import type { ColumnRole } from '../../../shared/import/types'
import type { Nav } from '../App'
import { api, ApiError } from '../api'
import { errorText } from '../errorText'
import { useI18n } from '../i18n'
import { notify } from '../notices'
import { queryClient, useApiQuery } from '../useApi'
import { CommitStep, NEW_TARGET, targetDefaults, targetInput, type TargetForm } from './CommitStep'
import { MappingTable, SavePresetDialog } from './MappingTable'
import {
  fixKey,
  mappingOf,
  NO_DECISIONS,
  pendingOf,
  presetColumns,
  readInput,
  shownRows,
  type Decisions,
  type Source,
} from './model'
import { PreviewSummary, presetName } from './PreviewSummary'
import { RejectedRows, SkippedRows } from './RejectedRows'
import { PastImports, ResultPanel } from './ResultPanel'
import { RowsGrid } from './RowsGrid'
import { readFile, SourceStep } from './SourceStep'
import { fill, IMPORT_TEXT, reasonText, type ImportText } from './text'
import './import.css'

/** Rows the preview sends back (counts cover all rows). */
const PREVIEW_LIMIT = 500

/** A refused commit in words; "needs a decision" names the first row and why, in the wizard's words. */
function commitErrorText(e: unknown, tx: ImportText, lang: 'zh' | 'en'): string {
  if (e instanceof ApiError && e.code === 'import.needsDecision' && e.params.row != null) {
    return fill(tx.needsDecision, { n: Number(e.params.count ?? 1), row: Number(e.params.row), reason: reasonText(tx, String(e.params.reason ?? ''), e.message) })
  }
  return errorText(e, lang)
}

export function ImportPage({ onOpen }: { onOpen: (n: Nav) => void }) {
  const { lang } = useI18n()
  const tx = IMPORT_TEXT[lang]
  const presetsQ = useApiQuery('import.presets', {})
  const reportsQ = useApiQuery('reports.list', {})
  const presets = useMemo(() => presetsQ.data?.presets ?? [], [presetsQ.data])
  const reports = reportsQ.data ?? []

  const [mode, setMode] = useState<'file' | 'paste'>('file')
  const [pasteText, setPasteText] = useState('')
  const [source, setSource] = useState<Source | null>(null)
  const [preset, setPreset] = useState('')
  const [sheet, setSheet] = useState<string | null>(null)
  const [d, setD] = useState<Decisions>(NO_DECISIONS)
  const [run, setRun] = useState(0)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [previewError, setPreviewError] = useState<unknown>(null)
  const [previewing, setPreviewing] = useState(false)
  const [readError, setReadError] = useState<string | null>(null)
  const [form, setForm] = useState<TargetForm>(NEW_TARGET)
  const [createNew, setCreateNew] = useState(false)
  const [allowDuplicate, setAllowDuplicate] = useState(false)
  const [committing, setCommitting] = useState(false)
  const [commitError, setCommitError] = useState<unknown>(null)
  const [result, setResult] = useState<ImportCommitResult | null>(null)
  const [saveOpen, setSaveOpen] = useState(false)
  const [dragging, setDragging] = useState(false)
  const seq = useRef(0)

  const reset = () => {
    seq.current++
    setSheet(null)
    setD(NO_DECISIONS)
    setPreview(null)
    setPreviewError(null)
    setPreviewing(false)
    setResult(null)
    setCommitError(null)
    setForm(NEW_TARGET)
    setCreateNew(false)
    setAllowDuplicate(false)
  }
  const startSource = (s: Source) => {
    reset()
    setReadError(null)
    setSource(s)
    setRun((n) => n + 1)
  }
  const clear = () => {
    reset()
    setSource(null)
    setPasteText('')
  }

  // Preview whenever what is read changes: the source, preset, sheet, a column or a fixed cell.
  useEffect(() => {
    if (!source) return
    const my = ++seq.current
    setPreviewing(true)
    api['import.preview']({ ...readInput(source, preset, sheet, { ...NO_DECISIONS, overrides: d.overrides, fixes: d.fixes }), limit: PREVIEW_LIMIT })
      .then((p) => {
        if (my !== seq.current) return
        setPreview(p)
        setPreviewError(null)
      })
      .catch((e: unknown) => {
        if (my !== seq.current) return
        setPreview(null)
        setPreviewError(e)
      })
      .finally(() => my === seq.current && setPreviewing(false))
  }, [source, preset, sheet, d.overrides, d.fixes, run])

  // an error from the last attempt is about the decisions then: a change makes it moot
  useEffect(() => setCommitError(null), [d, createNew, allowDuplicate, form])

  const onPreset = (id: string) => {
    setPreset(id)
    // the preset decides the mapping: the analyst's column choices were made against the old one
    setD((x) => ({ ...x, overrides: {} }))
  }
  const onSheet = (s: string) => {
    setSheet(s)
    setD(NO_DECISIONS)
  }
  const onColumn = useCallback((index: number, role: ColumnRole, unit: string | null) => setD((x) => ({ ...x, overrides: { ...x.overrides, [index]: { role, unit } } })), [])
  const onFix = useCallback((sourceRow: number, column: number, value: string) => setD((x) => ({ ...x, fixes: { ...x.fixes, [fixKey(sourceRow, column)]: value } })), [])
  const onSkip = useCallback(
    (sourceRow: number, skip: boolean) =>
      setD((x) => ({ ...x, skipRows: skip ? [...new Set([...x.skipRows, sourceRow])] : x.skipRows.filter((r) => r !== sourceRow) })),
    [],
  )
  const onChoose = useCallback((sourceRow: number, id: string | null) => {
    setD((x) => {
      const matches = { ...x.matches }
      if (id) matches[sourceRow] = id
      else delete matches[sourceRow]
      return { ...x, matches }
    })
  }, [])

  const mapped = useMemo(() => (preview ? mappingOf(preview.columns, d) : []), [preview, d])
  const rows = useMemo(() => (preview ? shownRows(preview, d) : []), [preview, d])
  const pending = preview ? pendingOf(preview, d, createNew) : null

  const savePreset = async (name: string) => {
    const r = await api['import.savePreset']({ name, columns: presetColumns(mapped) })
    await queryClient.invalidateQueries({ queryKey: ['import.presets'] })
    notify('ok', ({ lang: l }) => fill(IMPORT_TEXT[l].presetSavedOk, { name }))
    setPreset(r.preset.id)
    setD((x) => ({ ...x, overrides: {} }))
  }

  const commit = async () => {
    if (!source || !preview) return
    const target = targetInput(form, targetDefaults(preview, presets, lang))
    if (!target) return
    setCommitting(true)
    setCommitError(null)
    try {
      const r = await api['import.commit']({
        ...readInput(source, preset, sheet, d),
        target,
        skipRows: d.skipRows,
        skipRejected: d.skipRejected,
        matches: Object.entries(d.matches).map(([row, securityId]) => ({ sourceRow: Number(row), securityId })),
        createNew,
        allowDuplicate,
      })
      setResult(r)
      void queryClient.invalidateQueries({ queryKey: ['import.list'] })
      notify('ok', ({ lang: l }) => fill(IMPORT_TEXT[l].importedOk, { n: r.import.rows, file: r.import.fileName }))
    } catch (e) {
      setCommitError(e)
    } finally {
      setCommitting(false)
    }
  }

  const newNames = useMemo(() => {
    const out: Record<string, string> = {}
    for (const r of preview?.rows ?? []) if (r.resolution.status === 'new') out[r.resolution.securityId] = (lang === 'zh' ? (r.resolution.nameZh ?? r.resolution.nameEn) : (r.resolution.nameEn ?? r.resolution.nameZh)) ?? r.name ?? ''
    return out
  }, [preview, lang])

  // a file dropped anywhere on the page
  const onDrop = async (e: React.DragEvent) => {
    e.preventDefault()
    setDragging(false)
    const file = e.dataTransfer.files?.[0]
    if (!file) return
    setMode('file')
    try {
      startSource(await readFile(file, tx))
    } catch (err) {
      setReadError(err instanceof Error ? err.message : String(err))
    }
  }

  const anyOverride = Object.keys(d.overrides).length > 0

  return (
    <div
      className={dragging ? 'page imp-page dragging' : 'page imp-page'}
      data-testid="import-page"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false)
      }}
      onDrop={(e) => void onDrop(e)}
    >
      <div className="page-head">
        <h2>{tx.title}</h2>
        <span className="muted small imp-intro">{tx.intro}</span>
      </div>
      {dragging && <div className="imp-drop">{tx.dropHere}</div>}

      {!result && (
        <SourceStep
          source={source}
          presets={presets}
          preset={preset}
          onPreset={onPreset}
          mode={mode}
          onMode={setMode}
          pasteText={pasteText}
          onPasteText={setPasteText}
          onFile={startSource}
          onPreviewPaste={() => startSource({ kind: 'paste', name: tx.pasteName, text: pasteText })}
          onPreviewAgain={() => setRun((n) => n + 1)}
          onClear={clear}
          busy={previewing}
          readError={readError}
          onReadError={setReadError}
        />
      )}

      {result && <ResultPanel result={result} newNames={newNames} reports={reports} onOpen={onOpen} onAnother={clear} />}

      {!result && source && (
        <section className={previewing && preview ? 'imp-card imp-preview stale' : 'imp-card imp-preview'} data-testid="import-preview" aria-busy={previewing}>
          <h3 className="imp-step">
            <span className="imp-num">2</span>
            {tx.stepPreview}
            <span className="imp-file-tag muted small">{source.name}</span>
            {previewing && <span className="imp-busy small">{preview ? tx.stale : tx.previewing}</span>}
          </h3>
          {previewError != null && (
            <div className="form-error imp-error" role="alert" data-testid="import-preview-error">
              {errorText(previewError, lang)}
            </div>
          )}
          {preview && (
            <>
              <PreviewSummary preview={preview} presets={presets} onSheet={onSheet} />
              <MappingTable columns={mapped} onChange={onColumn} onReset={() => setD((x) => ({ ...x, overrides: {} }))} anyChanged={anyOverride} onSavePreset={() => setSaveOpen(true)} busy={committing} />
              <div className="imp-sub-head">
                <h4>{tx.rowsTitle}</h4>
                {preview.totalRows > preview.rows.length && <span className="muted small">{fill(tx.rowsShown, { shown: preview.rows.length, total: preview.totalRows })}</span>}
              </div>
              <RowsGrid rows={rows} columns={mapped} onChoose={onChoose} onSkip={onSkip} />
              <RejectedRows
                rejected={preview.rejected}
                columns={mapped}
                decisions={d}
                onFix={onFix}
                onSkip={onSkip}
                onSkipAll={(v) => setD((x) => ({ ...x, skipRejected: v }))}
                onUndoFixes={() => setD((x) => ({ ...x, fixes: {} }))}
                busy={previewing || committing}
              />
              <SkippedRows skipped={preview.skipped} />
            </>
          )}
        </section>
      )}

      {!result && source && preview && pending && (
        <CommitStep
          preview={preview}
          columns={mapped}
          presets={presets}
          reports={reports}
          form={form}
          onForm={setForm}
          createNew={createNew}
          onCreateNew={setCreateNew}
          allowDuplicate={allowDuplicate}
          onAllowDuplicate={setAllowDuplicate}
          pending={pending}
          onCommit={() => void commit()}
          committing={committing}
          previewing={previewing}
          error={commitError != null ? commitErrorText(commitError, tx, lang) : null}
        />
      )}

      <PastImports reports={reports} onOpen={onOpen} />

      {saveOpen && preview && (
        <SavePresetDialog
          defaultName={presets.find((p) => p.id === preview.preset && !p.builtIn) ? (presetName(presets, preview.preset, lang) ?? '') : ''}
          onSave={savePreset}
          onClose={() => setSaveOpen(false)}
        />
      )}
    </div>
  )
}
