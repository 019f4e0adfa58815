import { useState } from 'react'
import { fxSourceText } from '../../../shared/bundledText'
import type { FxRate } from '../../../shared/fx'
import type { ApiInput } from '../../../shared/contract'
import { api, ApiError } from '../api'
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

const JUMP_TEXT = {
  zh: { title: '汇率变动较大', question: '仍要保存这个汇率吗？', keep: '保留' },
  en: { title: 'Large rate move', question: 'Save this rate anyway?', keep: 'Keep' },
} as const

/** A save the engine refused as a jump (fx.jump): shown as a confirm, re-sent with confirmJump on "keep". */
interface PendingJump {
  input: ApiInput<'fx.set'>
  error: ApiError
  onSaved?: () => void
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
  const [jump, setJump] = useState<PendingJump | null>(null)
  // Bumped when a jump is cancelled: the edited cell goes back to the stored rate.
  const [resetKey, setResetKey] = useState(0)
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
  /** Saves one rate; a move the engine calls a jump waits for the analyst's confirm instead. */
  const save = async (r: { currency: string; asOf: string; perUsd: number | string; source: string }, onSaved?: () => void): Promise<void> => {
    const input: ApiInput<'fx.set'> = {
      currency: r.currency.trim().toUpperCase(),
      asOf: r.asOf.trim(),
      perUsd: rateOf(r.perUsd),
      source: r.source,
    }
    const what = `${input.currency} ${input.asOf}`
    try {
      await api['fx.set'](input)
      setError(null)
      setSaved(what)
      onSaved?.()
    } catch (e) {
      setSaved(null)
      if (e instanceof ApiError && e.body.code === 'fx.jump') {
        setError(null)
        setJump({ input, error: e, onSaved })
      } else setError(e)
    }
  }
  const jt = JUMP_TEXT[lang]
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
                  key={`${r.perUsd}:${resetKey}`}
                  className="num-input"
                  defaultValue={r.perUsd}
                  aria-label={`${r.currency} ${r.asOf}`}
                  onBlur={(e) => e.target.value !== String(r.perUsd) && save({ ...r, perUsd: e.target.value })}
                />
              </td>
              <td className="muted small">{fxSourceText(r.source, lang)}</td>
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
              <button onClick={() => void save(draft, () => setDraft({ currency: '', asOf: '', perUsd: '', source: '' }))}>{t.add}</button>
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
      {jump && (
        <ConfirmDialog
          testId="fx-jump-confirm"
          title={jt.title}
          message={`${errorText(jump.error, lang)}${lang === 'zh' ? '。' : '. '}${jt.question}`}
          confirmLabel={jt.keep}
          onCancel={() => {
            setJump(null)
            setResetKey((k) => k + 1)
          }}
          onConfirm={() => {
            const { input, onSaved } = jump
            setJump(null)
            void run(api['fx.set']({ ...input, confirmJump: true }), `${input.currency} ${input.asOf}`).then((ok) => ok && onSaved?.())
          }}
        />
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
