import { useState } from 'react'
import type { FxRate } from '../../../shared/fx'
import { api } from '../api'
import { errorText } from '../errorText'
import { useI18n } from '../i18n'
import { useApiQuery } from '../useApi'
import { ConfirmDialog } from './Dialog'

/**
 * What the analyst typed as a rate: a number when it is one; otherwise left as typed (or
 * missing when blank) so the engine's message quotes it, instead of a silent 0 or NaN.
 */
function rateOf(typed: number | string): number {
  const s = String(typed).trim()
  if (s === '') return undefined as unknown as number
  const n = Number(s.replace(/,/g, ''))
  return Number.isFinite(n) ? n : (s as unknown as number)
}

/**
 * The FX table: edit a rate in place, add one, delete one. Main validates every field; its
 * verdict is shown here in words, naming the field. Every view using rates refetches on the
 * change notification, so nothing is reloaded by hand.
 */
export function FxEditor() {
  const { t, lang } = useI18n()
  const { data, error: loadError } = useApiQuery('fx.list', {})
  const [draft, setDraft] = useState({ currency: '', asOf: '', perUsd: '', source: '' })
  const [error, setError] = useState<unknown>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const [deleting, setDeleting] = useState<FxRate | null>(null)
  /** Resolves true on success; on failure the message is shown and the draft is kept. */
  const run = async (p: Promise<unknown>, what: string): Promise<boolean> => {
    try {
      await p
      setError(null)
      setSaved(what)
      return true
    } catch (e) {
      setError(e)
      setSaved(null)
      return false
    }
  }
  const save = (r: { currency: string; asOf: string; perUsd: number | string; source: string }) =>
    run(
      api['fx.set']({
        currency: r.currency.trim().toUpperCase(),
        asOf: r.asOf.trim(),
        perUsd: rateOf(r.perUsd),
        source: r.source,
      }),
      `${r.currency.toUpperCase()} ${r.asOf}`,
    )
  return (
    <section className="fx" data-testid="fx-editor">
      <h3>{t.fxTitle}</h3>
      <p className="muted small">{t.fxHint}</p>
      {loadError != null && <div className="error small">{errorText(loadError, lang)}</div>}
      <table className="mini fx-table">
        <thead>
          <tr>
            <th>{t.currency}</th>
            <th>{t.asOf}</th>
            <th className="num">{t.rate}</th>
            <th>{t.source}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((r) => (
            <tr key={`${r.currency}-${r.asOf}`}>
              <td>{r.currency}</td>
              <td>{r.asOf}</td>
              <td className="num">
                <input
                  // keyed by the value: an undo or another window's edit replaces what is shown
                  key={r.perUsd}
                  className="num-input"
                  defaultValue={r.perUsd}
                  aria-label={`${r.currency} ${r.asOf}`}
                  onBlur={(e) => e.target.value !== String(r.perUsd) && save({ ...r, perUsd: e.target.value })}
                />
              </td>
              <td className="muted small">{r.source}</td>
              <td>
                <button onClick={() => setDeleting(r)}>{t.delete}</button>
              </td>
            </tr>
          ))}
          <tr>
            <td>
              <input placeholder="GBP" aria-label={`${t.add} · ${t.currency}`} value={draft.currency} onChange={(e) => setDraft({ ...draft, currency: e.target.value })} size={4} />
            </td>
            <td>
              <input placeholder="2023-02-08" aria-label={`${t.add} · ${t.asOf}`} value={draft.asOf} onChange={(e) => setDraft({ ...draft, asOf: e.target.value })} size={10} />
            </td>
            <td className="num">
              <input className="num-input" placeholder="0.83" aria-label={`${t.add} · ${t.rate}`} value={draft.perUsd} onChange={(e) => setDraft({ ...draft, perUsd: e.target.value })} />
            </td>
            <td>
              <input placeholder={t.source} aria-label={`${t.add} · ${t.source}`} value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value })} />
            </td>
            <td>
              <button onClick={() => save(draft).then((ok) => ok && setDraft({ currency: '', asOf: '', perUsd: '', source: '' }))}>{t.add}</button>
            </td>
          </tr>
        </tbody>
      </table>
      {error != null && (
        <div className="error small" role="alert">
          {errorText(error, lang)}
        </div>
      )}
      {saved && error == null && (
        <div className="ok small">
          ✓ {t.saved} {saved}
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={t.delete}
          message={`${t.delete} ${deleting.currency} ${deleting.asOf}?`}
          confirmLabel={t.delete}
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const r = deleting
            setDeleting(null)
            void run(api['fx.delete']({ currency: r.currency, asOf: r.asOf }), '')
          }}
        />
      )}
    </section>
  )
}
