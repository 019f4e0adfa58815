/** The preview's summary line: what the file was read as, and how its rows came out. */
import type { ImportPreview } from '../../../shared/api/imports'
import type { ImportPreset } from '../../../shared/import/types'
import { useI18n } from '../i18n'
import { localTime } from './model'
import { encodingText, fill, IMPORT_TEXT } from './text'

interface Props {
  preview: ImportPreview
  presets: ImportPreset[]
  onSheet: (s: string) => void
}

export function presetName(presets: ImportPreset[], id: string | null, lang: 'zh' | 'en'): string | null {
  if (!id) return null
  const p = presets.find((x) => x.id === id)
  if (!p) return id
  return (lang === 'zh' ? p.nameZh : p.nameEn) || p.nameZh || p.id
}

const COUNT_KEYS = ['rows', 'matched', 'new', 'unresolved', 'rejected', 'skipped', 'warnings'] as const
const TONE: Partial<Record<(typeof COUNT_KEYS)[number], string>> = { new: 'info', unresolved: 'bad', rejected: 'bad', warnings: 'warn' }

export function PreviewSummary({ preview: p, presets, onSheet }: Props) {
  const { lang } = useI18n()
  const tx = IMPORT_TEXT[lang]
  return (
    <div className="imp-summary" data-testid="import-summary">
      <div className="imp-facts">
        <span>
          <span className="muted">{tx.format}</span> {tx.formatName[p.format] ?? p.format}
        </span>
        {p.format !== 'xlsx' && (
          <span data-testid="import-encoding">
            <span className="muted">{tx.encoding}</span> {encodingText(p.encoding)}
          </span>
        )}
        <span data-testid="import-preset-used">
          <span className="muted">{tx.presetUsed}</span> {presetName(presets, p.preset, lang) ?? tx.presetNone}
        </span>
        {p.sheets.length > 1 ? (
          <label className="imp-inline">
            <span className="muted">{tx.sheet}</span>
            <select value={p.sheet ?? ''} onChange={(e) => onSheet(e.target.value)} data-testid="import-sheet" aria-label={tx.sheet}>
              {p.sheets.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        ) : (
          p.sheet && (
            <span>
              <span className="muted">{tx.sheet}</span> {p.sheet}
            </span>
          )
        )}
        {p.asOf && (
          <span>
            <span className="muted">{tx.asOfFound}</span> {p.asOf}
          </span>
        )}
        {p.titleUnit && (
          <span>
            <span className="muted">{tx.titleUnit}</span> {p.titleUnit}
          </span>
        )}
      </div>
      <div className="imp-counts" data-testid="import-counts">
        {COUNT_KEYS.map((k) => (
          <span key={k} className={`imp-count ${p.counts[k] > 0 ? (TONE[k] ?? '') : 'zero'}`} data-count={k}>
            <b>{p.counts[k].toLocaleString('en-US')}</b> {fill(tx.counts[k]!, { n: p.counts[k] })}
          </span>
        ))}
      </div>
      {p.duplicateOf && (
        <div className="imp-warning" role="alert" data-testid="import-duplicate">
          {fill(tx.duplicate, {
            date: localTime(p.duplicateOf.at),
            id: p.duplicateOf.id,
            n: p.duplicateOf.rows,
            state: tx.state[p.duplicateOf.state] ?? p.duplicateOf.state,
          })}
        </div>
      )}
    </div>
  )
}
