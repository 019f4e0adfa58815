import { useState } from 'react'
import { errorFields, errorText } from '../errorText'
import { DateField } from './DateField'
import { useI18n } from '../i18n'
import { notify } from '../notices'
import { useApiMutation } from '../useApi'

const TEXT = {
  zh: { title: '录入最新价格', price: '价格', currency: '币种', asOf: '日期', source: '来源', save: '保存价格', saved: '已保存价格，论点检查已重新评估', hint: '比研报更新的价格用于情景涨跌幅与论点检查。', defaultSource: '手动录入' },
  en: { title: 'Enter the latest price', price: 'Price', currency: 'Currency', asOf: 'Date', source: 'Source', save: 'Save price', saved: 'Price saved; thesis checks re-evaluated', hint: 'A price newer than the reports’ is what scenario upside and thesis checks use.', defaultSource: 'entered by hand' },
}

/** A price the analyst enters (prices.set): thesis checks are re-evaluated in the same write. */
export function PriceEntry({ securityId, currency }: { securityId: string; currency: string | null }) {
  const { lang } = useI18n()
  const t = TEXT[lang]
  const [price, setPrice] = useState('')
  const [ccy, setCcy] = useState(currency ?? 'USD')
  const [asOf, setAsOf] = useState(new Date().toISOString().slice(0, 10))
  const [source, setSource] = useState('')
  const m = useApiMutation('prices.set', { inline: true })
  const bad = errorFields(m.error)
  return (
    <section data-testid="price-entry">
      <h4>{t.title}</h4>
      <p className="muted small">{t.hint}</p>
      <form
        className="price-entry"
        onSubmit={(e) => {
          e.preventDefault()
          m.mutate(
            { securityId, price: Number(price), currency: ccy.trim().toUpperCase(), asOf, source: source.trim() || t.defaultSource },
            { onSuccess: () => (notify('ok', ({ lang: l }) => TEXT[l].saved), setPrice('')) },
          )
        }}
      >
        <input value={price} onChange={(e) => setPrice(e.target.value)} aria-label={t.price} placeholder={t.price} inputMode="decimal" aria-invalid={bad.has('price')} size={8} />
        <input value={ccy} onChange={(e) => setCcy(e.target.value)} aria-label={t.currency} maxLength={3} size={4} aria-invalid={bad.has('currency')} />
        <DateField value={asOf} onChange={setAsOf} aria-label={t.asOf} invalid={bad.has('asOf')} />
        <input value={source} onChange={(e) => setSource(e.target.value)} aria-label={t.source} placeholder={t.source} maxLength={80} size={10} />
        <button type="submit" disabled={m.isPending || !price.trim()}>
          {t.save}
        </button>
      </form>
      {m.error && (
        <div className="error small" role="alert">
          {errorText(m.error, lang)}
        </div>
      )}
    </section>
  )
}
