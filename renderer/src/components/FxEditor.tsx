import { useState } from 'react'
import { api } from '../api'
import { useI18n } from '../i18n'
import { useLoad } from '../useApi'

/** The FX table: edit a rate in place, add one, delete one. Main validates every field. */
export function FxEditor({ onChange }: { onChange: () => void }) {
  const { t } = useI18n()
  const { data, reload } = useLoad(() => api['fx.list']({}), [])
  const [draft, setDraft] = useState({ currency: '', asOf: '', perUsd: '', source: '' })
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  /** Resolves true on success; on failure the message is shown and the draft is kept. */
  const run = async (p: Promise<unknown>, what: string): Promise<boolean> => {
    try {
      await p
      setError(null)
      setSaved(what)
      reload()
      onChange()
      return true
    } catch (e) {
      setError(e instanceof Error ? e.message.replace(/^fx\.\w+: invalid input — /, '') : String(e))
      setSaved(null)
      return false
    }
  }
  const save = (r: { currency: string; asOf: string; perUsd: number | string; source: string }) =>
    run(
      api['fx.set']({ currency: r.currency.trim().toUpperCase(), asOf: r.asOf.trim(), perUsd: Number(r.perUsd), source: r.source }),
      `${r.currency.toUpperCase()} ${r.asOf}`,
    )
  return (
    <section className="fx" data-testid="fx-editor">
      <h3>{t.fxTitle}</h3>
      <p className="muted small">{t.fxHint}</p>
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
                  className="num-input"
                  defaultValue={r.perUsd}
                  aria-label={`${r.currency} ${r.asOf}`}
                  onBlur={(e) => e.target.value !== String(r.perUsd) && save({ ...r, perUsd: e.target.value })}
                />
              </td>
              <td className="muted small">{r.source}</td>
              <td>
                <button
                  onClick={() =>
                    window.confirm(`${t.delete} ${r.currency} ${r.asOf}?`) && run(api['fx.delete']({ currency: r.currency, asOf: r.asOf }), '')
                  }
                >
                  {t.delete}
                </button>
              </td>
            </tr>
          ))}
          <tr>
            <td>
              <input placeholder="GBP" value={draft.currency} onChange={(e) => setDraft({ ...draft, currency: e.target.value })} size={4} />
            </td>
            <td>
              <input placeholder="2023-02-08" value={draft.asOf} onChange={(e) => setDraft({ ...draft, asOf: e.target.value })} size={10} />
            </td>
            <td className="num">
              <input className="num-input" placeholder="0.83" value={draft.perUsd} onChange={(e) => setDraft({ ...draft, perUsd: e.target.value })} />
            </td>
            <td>
              <input placeholder={t.source} value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value })} />
            </td>
            <td>
              <button onClick={() => save(draft).then((ok) => ok && setDraft({ currency: '', asOf: '', perUsd: '', source: '' }))}>{t.add}</button>
            </td>
          </tr>
        </tbody>
      </table>
      {error && <div className="error small" role="alert">{error}</div>}
      {saved && !error && <div className="ok small">✓ {t.saved} {saved}</div>}
    </section>
  )
}
