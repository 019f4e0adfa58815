/** Step 3: where the figures go (a new source record or an existing report), the decisions a commit needs, and Import. */
import type { ApiInput } from '../../../shared/contract'
import type { ImportPreview } from '../../../shared/api/imports'
import type { ReportSummary } from '../../../shared/domain'
import type { ColumnMapping, ImportPreset } from '../../../shared/import/types'
import { DateField } from '../components/DateField'
import { useI18n } from '../i18n'
import type { Pending } from './model'
import { titleOf } from './model'
import { presetName } from './PreviewSummary'
import { fill, IMPORT_TEXT } from './text'

export interface TargetForm {
  mode: 'new' | 'existing'
  /** null: the default (from the preset, the file name, the file's as-of date) */
  institution: string | null
  title: string | null
  date: string
  asOf: string | null
  reportId: string
}

export const NEW_TARGET: TargetForm = { mode: 'new', institution: null, title: null, date: '', asOf: null, reportId: '' }

export interface TargetDefaults {
  institution: string
  title: string
  asOf: string
}

/** Presets that name a layout, not a data source: their name is no institution. */
const GENERIC_PRESETS = new Set(['pdf-paste', 'broker-workbook'])

export function targetDefaults(p: ImportPreview, presets: ImportPreset[], lang: 'zh' | 'en'): TargetDefaults {
  const institution = p.preset && !GENERIC_PRESETS.has(p.preset) ? (presetName(presets, p.preset, lang) ?? '') : ''
  return { institution, title: titleOf(p.fileName), asOf: p.asOf ?? '' }
}

export function targetInput(f: TargetForm, dflt: TargetDefaults): ApiInput<'import.commit'>['target'] | null {
  if (f.mode === 'existing') return f.reportId ? { reportId: f.reportId } : null
  const institution = (f.institution ?? dflt.institution).trim()
  if (!institution) return null
  const title = (f.title ?? dflt.title).trim()
  const asOf = (f.asOf ?? dflt.asOf).trim()
  return { institution, ...(title ? { title } : {}), ...(f.date ? { date: f.date } : {}), ...(asOf ? { asOf } : {}) }
}

interface Props {
  preview: ImportPreview
  /** the mapping as shown (with the analyst's overrides) */
  columns: ColumnMapping[]
  presets: ImportPreset[]
  reports: ReportSummary[]
  form: TargetForm
  onForm: (f: TargetForm) => void
  createNew: boolean
  onCreateNew: (v: boolean) => void
  allowDuplicate: boolean
  onAllowDuplicate: (v: boolean) => void
  pending: Pending
  onCommit: () => void
  committing: boolean
  previewing: boolean
  error: string | null
}

export function CommitStep(p: Props) {
  const { lang } = useI18n()
  const tx = IMPORT_TEXT[lang]
  const f = p.form
  const dflt = targetDefaults(p.preview, p.presets, lang)
  const set = (patch: Partial<TargetForm>) => p.onForm({ ...f, ...patch })
  const todo: string[] = []
  if (p.pending.rejected) todo.push(fill(tx.pendingRejected, { n: p.pending.rejected }))
  if (p.pending.unresolved) todo.push(fill(tx.pendingUnresolved, { n: p.pending.unresolved }))
  if (p.pending.newRows) todo.push(fill(tx.pendingNew, { n: p.pending.newRows }))
  const noBasis = p.columns.filter((c) => c.role.kind === 'multiple' && !c.role.basis).length
  if (noBasis) todo.push(fill(tx.pendingBasis, { n: noBasis }))
  if (p.preview.duplicateOf && !p.allowDuplicate) todo.push(tx.pendingDuplicate)
  const target = targetInput(f, dflt)
  if (!target) todo.push(f.mode === 'new' ? tx.pendingInstitution : tx.pendingReport)
  if (p.preview.counts.rows === 0) todo.push(tx.nothingToImport)
  const reportLabel = (r: ReportSummary) => [r.institution, r.title, r.date].filter(Boolean).join(' · ')

  return (
    <section className="imp-card" data-testid="import-commit">
      <h3 className="imp-step">
        <span className="imp-num">3</span>
        {tx.stepCommit}
      </h3>
      <div className="imp-target">
        <div className="imp-seg" role="radiogroup" aria-label={tx.target}>
          <button type="button" role="radio" aria-checked={f.mode === 'new'} className={f.mode === 'new' ? 'on' : ''} onClick={() => set({ mode: 'new' })}>
            {tx.targetNew}
          </button>
          <button type="button" role="radio" aria-checked={f.mode === 'existing'} className={f.mode === 'existing' ? 'on' : ''} onClick={() => set({ mode: 'existing' })}>
            {tx.targetExisting}
          </button>
        </div>
        {f.mode === 'new' ? (
          <div className="imp-target-fields">
            <label className="field">
              {tx.institution}
              <input
                value={f.institution ?? dflt.institution}
                placeholder={tx.institutionPlaceholder}
                maxLength={120}
                onChange={(e) => set({ institution: e.target.value })}
                aria-invalid={!(f.institution ?? dflt.institution).trim()}
                data-testid="target-institution"
              />
            </label>
            <label className="field wide">
              {tx.reportTitle}
              <input value={f.title ?? dflt.title} maxLength={300} onChange={(e) => set({ title: e.target.value })} data-testid="target-title" />
            </label>
            <label className="field">
              <span>
                {tx.reportDate} <span className="muted">{lang === 'zh' ? `（${tx.reportDateHint}）` : `(${tx.reportDateHint})`}</span>
              </span>
              <DateField value={f.date} onChange={(date) => set({ date })} data-testid="target-date" />
            </label>
            <label className="field">
              <span title={tx.asOfHint}>{tx.asOf}</span>
              <DateField value={f.asOf ?? dflt.asOf} onChange={(asOf) => set({ asOf })} title={tx.asOfHint} data-testid="target-asof" />
            </label>
          </div>
        ) : (
          <div className="imp-target-fields">
            <label className="field imp-span3">
              {tx.targetExisting}
              <select value={f.reportId} onChange={(e) => set({ reportId: e.target.value })} data-testid="target-report">
                <option value="">{tx.chooseReport}</option>
                {p.reports.map((r) => (
                  <option key={r.id} value={r.id}>
                    {reportLabel(r)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
      </div>
      <div className="imp-decisions">
        {p.pending.newIds > 0 && (
          <label className="imp-check">
            <input type="checkbox" checked={p.createNew} onChange={(e) => p.onCreateNew(e.target.checked)} data-testid="create-new" />
            <span>
              {fill(tx.createNew, { n: p.pending.newIds })} <span className="muted small">{tx.createNewHint}</span>
            </span>
          </label>
        )}
        {p.preview.duplicateOf && (
          <label className="imp-check">
            <input type="checkbox" checked={p.allowDuplicate} onChange={(e) => p.onAllowDuplicate(e.target.checked)} data-testid="allow-duplicate" />
            {tx.allowDuplicate}
          </label>
        )}
      </div>
      {todo.length > 0 && (
        <div className="imp-pending" data-testid="import-pending">
          <b>{tx.pending}</b>
          <ul>
            {todo.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </div>
      )}
      {p.error && (
        <div className="form-error imp-error" role="alert" data-testid="import-error">
          {p.error}
        </div>
      )}
      <div className="imp-commit-foot">
        <button type="button" className="primary imp-go" onClick={p.onCommit} disabled={p.committing || p.previewing || todo.length > 0} data-testid="import-commit-button">
          {p.committing ? tx.importing : tx.importButton}
        </button>
      </div>
    </section>
  )
}
