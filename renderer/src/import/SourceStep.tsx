/** Step 1: a file (chosen or dropped) or a pasted table, the preset, and Preview. */
import { useRef, useState } from 'react'
import type { ImportPreset } from '../../../shared/import/types'
import { useI18n } from '../i18n'
import { baseName, MAX_FILE_MB, toBase64, type Source } from './model'
import { fill, IMPORT_TEXT } from './text'

export const ACCEPT = '.csv,.tsv,.txt,.xls,.xlsx'

interface Props {
  source: Source | null
  presets: ImportPreset[]
  preset: string
  onPreset: (id: string) => void
  mode: 'file' | 'paste'
  onMode: (m: 'file' | 'paste') => void
  pasteText: string
  onPasteText: (s: string) => void
  onFile: (s: Source) => void
  onPreviewPaste: () => void
  onPreviewAgain: () => void
  onClear: () => void
  busy: boolean
  readError: string | null
  onReadError: (e: string | null) => void
}

/** Reads a File as base64 (for the input and for a drop on the page). */
export async function readFile(file: File, tx: (typeof IMPORT_TEXT)['zh']): Promise<Source> {
  if (file.size > MAX_FILE_MB * 1024 * 1024) throw new Error(fill(tx.fileTooBig, { size: (file.size / 1024 / 1024).toFixed(1), max: MAX_FILE_MB }))
  try {
    const buf = await file.arrayBuffer()
    return { kind: 'file', name: baseName(file.name), size: file.size, base64: toBase64(buf) }
  } catch (e) {
    throw new Error(fill(tx.fileReadFailed, { detail: e instanceof Error ? e.message : String(e) }))
  }
}

const sizeText = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`)

export function SourceStep(p: Props) {
  const { lang } = useI18n()
  const tx = IMPORT_TEXT[lang]
  const fileInput = useRef<HTMLInputElement>(null)
  const [reading, setReading] = useState(false)

  const pick = async (file: File | undefined) => {
    if (!file) return
    setReading(true)
    p.onReadError(null)
    try {
      p.onFile(await readFile(file, tx))
    } catch (e) {
      p.onReadError(e instanceof Error ? e.message : String(e))
    } finally {
      setReading(false)
      // the same file chosen again (after editing it) must fire change again
      if (fileInput.current) fileInput.current.value = ''
    }
  }

  return (
    <section className="imp-card imp-source" data-testid="import-source">
      <h3 className="imp-step">
        <span className="imp-num">1</span>
        {tx.stepSource}
      </h3>
      <div className="imp-source-row">
        <div className="imp-seg" role="radiogroup" aria-label={tx.stepSource}>
          <button type="button" role="radio" aria-checked={p.mode === 'file'} className={p.mode === 'file' ? 'on' : ''} onClick={() => p.onMode('file')}>
            {tx.sourceFile}
          </button>
          <button type="button" role="radio" aria-checked={p.mode === 'paste'} className={p.mode === 'paste' ? 'on' : ''} onClick={() => p.onMode('paste')}>
            {tx.sourcePaste}
          </button>
        </div>
        <label className="imp-inline">
          {tx.preset}
          <select value={p.preset} onChange={(e) => p.onPreset(e.target.value)} data-testid="import-preset" aria-label={tx.preset}>
            <option value="">{tx.presetAuto}</option>
            {p.presets.map((x) => (
              <option key={x.id} value={x.id}>
                {(lang === 'zh' ? x.nameZh : x.nameEn) || x.nameZh || x.id}
                {x.builtIn ? '' : tx.presetSaved}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        {p.source && (
          <button type="button" onClick={p.onClear} data-testid="import-clear">
            {tx.clearSource}
          </button>
        )}
      </div>

      {p.mode === 'file' ? (
        <div className="imp-file">
          <input ref={fileInput} type="file" accept={ACCEPT} className="imp-file-input" data-testid="import-file" aria-label={tx.chooseFile} onChange={(e) => void pick(e.target.files?.[0])} />
          <button type="button" className="primary" onClick={() => fileInput.current?.click()} disabled={reading}>
            {tx.chooseFile}
          </button>
          <span className="imp-file-name" data-testid="import-file-name">
            {reading ? tx.reading : p.source?.kind === 'file' ? (
              <>
                <b>{p.source.name}</b> <span className="muted small">{sizeText(p.source.size)}</span>
              </>
            ) : (
              <span className="muted">{tx.noFile}</span>
            )}
          </span>
          {p.source?.kind === 'file' && (
            <button type="button" onClick={p.onPreviewAgain} disabled={p.busy} data-testid="import-preview-again">
              {p.busy ? tx.previewing : tx.previewButton}
            </button>
          )}
          <span className="muted small imp-hint">{tx.fileHint}</span>
        </div>
      ) : (
        <div className="imp-paste">
          <label className="field">
            {tx.pasteLabel}
            <textarea
              value={p.pasteText}
              onChange={(e) => p.onPasteText(e.target.value)}
              placeholder={tx.pastePlaceholder}
              rows={6}
              spellCheck={false}
              data-testid="import-paste"
            />
          </label>
          <div className="imp-paste-foot">
            <button type="button" className="primary" onClick={p.onPreviewPaste} disabled={p.busy || !p.pasteText.trim()} data-testid="import-preview-paste">
              {p.busy ? tx.previewing : tx.previewButton}
            </button>
          </div>
        </div>
      )}
      {p.readError && (
        <div className="form-error imp-error" role="alert">
          {p.readError}
        </div>
      )}
    </section>
  )
}
