/** The column mapping: what each printed header means, its basis and unit; edits become overrides. */
import { useState } from 'react'
import type { ColumnMapping, ColumnRole } from '../../../shared/import/types'
import { Dialog } from '../components/Dialog'
import { errorText } from '../errorText'
import { useI18n } from '../i18n'
import { basisOptions, BASIS_RE, ROLE_KEYS, roleFor, roleKey, type RoleKey } from './model'
import { CommitInput } from './CommitInput'
import { IMPORT_TEXT } from './text'

const UNITS = ['元', '万元', '亿元', '百万元', '百万美元', '亿美元', '百万港元', '亿港元', 'USD mn', 'HKD mn', '%', 'x']
const HAS_UNIT = new Set<RoleKey>(['price', 'marketCap', 'pe', 'ps'])

interface Props {
  columns: (ColumnMapping & { changed: boolean })[]
  onChange: (index: number, role: ColumnRole, unit: string | null) => void
  onReset: () => void
  anyChanged: boolean
  onSavePreset: () => void
  busy: boolean
}

/** Column 0 → "A", 27 → "AB": how Excel and the analyst name columns. */
export const colLetter = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : colLetter(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)))

/** A column's unit: blank means none (null); trimmed before it is compared or sent. */
function UnitInput({ value, onCommit, label, disabled }: { value: string | null; onCommit: (v: string | null) => void; label: string; disabled: boolean }) {
  const commit = (text: string) => {
    const v = text.trim() || null
    if (v !== (value ?? null)) onCommit(v)
  }
  return <CommitInput className="imp-unit" list="imp-units" value={value ?? ''} maxLength={40} label={label} disabled={disabled} onCommit={commit} />
}

export function MappingTable({ columns, onChange, onReset, anyChanged, onSavePreset, busy }: Props) {
  const { lang } = useI18n()
  const tx = IMPORT_TEXT[lang]
  const fallbackBasis = basisOptions(null)[1]!
  return (
    <div className="imp-mapping" data-testid="import-mapping">
      <div className="imp-sub-head">
        <h4>{tx.mapping}</h4>
        <span className="muted small">{tx.mappingHint}</span>
        <span className="spacer" />
        {anyChanged && (
          <button type="button" onClick={onReset} disabled={busy}>
            {tx.resetMapping}
          </button>
        )}
        <button type="button" onClick={onSavePreset} disabled={busy || !columns.some((c) => c.header.trim())} data-testid="import-save-preset">
          {tx.savePreset}
        </button>
      </div>
      <datalist id="imp-units">
        {UNITS.map((u) => (
          <option key={u} value={u} />
        ))}
      </datalist>
      <div className="imp-table-scroll">
        <table className="mini imp-map-table">
          <thead>
            <tr>
              <th className="imp-col-idx">#</th>
              <th>{tx.header}</th>
              <th>{tx.role}</th>
              <th>{tx.basis}</th>
              <th>{tx.unit}</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => {
              const key = roleKey(c.role)
              const label = c.header || colLetter(c.index)
              const basis = c.role.kind === 'multiple' ? c.role.basis : null
              return (
                <tr key={c.index} data-col={c.index} className={key === 'ignore' ? 'imp-ignored' : undefined}>
                  <td className="imp-col-idx muted">{colLetter(c.index)}</td>
                  <td className="imp-header-cell" title={c.header}>
                    {c.header || <span className="muted">—</span>}
                    {c.changed && <span className="tag">{tx.changed}</span>}
                  </td>
                  <td>
                    <select
                      value={key}
                      aria-label={`${tx.role}: ${label}`}
                      disabled={busy}
                      onChange={(e) => {
                        const k = e.target.value as RoleKey
                        const unit = HAS_UNIT.has(k) ? c.unit : null
                        onChange(c.index, roleFor(k, c.role, fallbackBasis), unit)
                      }}
                    >
                      {ROLE_KEYS.map((k) => (
                        <option key={k} value={k}>
                          {tx.roles[k]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {basis != null ? (
                      <span className="imp-basis">
                        <select
                          className={basis ? undefined : 'imp-need'}
                          value={BASIS_RE.test(basis) ? basis : ''}
                          aria-label={`${tx.basis}: ${label}`}
                          disabled={busy}
                          onChange={(e) => c.role.kind === 'multiple' && onChange(c.index, { ...c.role, basis: e.target.value }, c.unit)}
                        >
                          {!BASIS_RE.test(basis) && <option value="">{basis || tx.basisChoose}</option>}
                          {basisOptions(basis).map((b) => (
                            <option key={b} value={b}>
                              {tx.bases[b] ?? b}
                            </option>
                          ))}
                        </select>
                        {c.basisPrinted && c.basisPrinted !== basis && (
                          <span className="muted small">
                            {tx.basisPrinted} {c.basisPrinted}
                          </span>
                        )}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    {HAS_UNIT.has(key) ? (
                      <UnitInput value={c.unit} label={`${tx.unit}: ${label}`} disabled={busy} onCommit={(u) => onChange(c.index, c.role, u)} />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}

interface SaveProps {
  defaultName: string
  onSave: (name: string) => Promise<void>
  onClose: () => void
}

/** "Save as preset": asks a name (in-app, no window.prompt). */
export function SavePresetDialog({ defaultName, onSave, onClose }: SaveProps) {
  const { lang } = useI18n()
  const tx = IMPORT_TEXT[lang]
  const [name, setName] = useState(defaultName)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    if (!name.trim() || busy) return
    setBusy(true)
    setError(null)
    try {
      await onSave(name.trim())
      onClose()
    } catch (e) {
      setError(errorText(e, lang))
      setBusy(false)
    }
  }
  return (
    <Dialog
      title={tx.savePresetTitle}
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="save-preset-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            {tx.cancel}
          </button>
          <button type="submit" className="primary" disabled={busy || !name.trim()}>
            {tx.save}
          </button>
        </>
      }
    >
      <label className="field">
        {tx.presetName}
        <input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} aria-invalid={!!error} />
      </label>
      <div className="muted small">{tx.presetNameHint}</div>
      {error && (
        <div className="form-error imp-error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  )
}
