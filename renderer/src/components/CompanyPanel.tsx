import { useEffect } from 'react'
import { pivotValuation } from '../../../shared/pivot'
import { flagNoteText, institutionText, locatorText, stanceText } from '../../../shared/bundledText'
import { api } from '../api'
import { errorText } from '../errorText'
import { companyName, marketLabel, nameFallback, useI18n } from '../i18n'
import { attempt } from '../notices'
import { useApiQuery } from '../useApi'
import { MapContext } from '../chainMap/MapContext'
import { CompanyMetrics } from './CompanyMetrics'
import { CrossReport } from './CrossReport'
import { PriceEntry } from './PriceEntry'
import { SecurityNotes } from './SecurityNotes'
import { NodePicker } from './NodePicker'

interface Props {
  id: string
  /** opened from the chain map: show where it sits on the map as drawn */
  fromMap?: boolean
  onOpenNote?: (id: string) => void
  onClose: () => void
  onSecurity: (id: string) => void
}

/** Everything the workspace knows about one company: who covers it, every printed valuation row, its aliases. */
export function CompanyPanel({ id, onClose, fromMap, onOpenNote }: Props) {
  const { t, lang } = useI18n()
  const { data, error } = useApiQuery('securities.get', { id })
  const chain = useApiQuery('chain.get', {})
  const fx = useApiQuery('fx.list', {})
  const locked = chain.data?.assignments.find((a) => a.securityId === id)?.locked ?? false
  // Closed (Esc, ×) while the focus was inside: it goes back where it was when the panel opened (the grid's row).
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    return () => {
      const now = document.activeElement
      if ((!now || now === document.body) && before?.isConnected) before.focus({ preventScroll: true })
    }
  }, [])
  if (error)
    return (
      <aside className="panel" data-testid="company-panel">
        <div className="panel-head">
          <div className="error">{errorText(error, lang)}</div>
          <button onClick={onClose} aria-label={t.close}>
            ×
          </button>
        </div>
      </aside>
    )
  if (!data) return <aside className="panel">{t.loading}</aside>
  const s = data.security
  const rows = data.valuations.map(pivotValuation)
  return (
    <aside className="panel" data-testid="company-panel" aria-label={companyName(s, lang)}>
      <div className="panel-head">
        <div>
          <h3 className={nameFallback(s, lang) ? 'name-fallback' : undefined} title={nameFallback(s, lang) ? t.nameFallbackTip : undefined}>
            {companyName(s, lang)}
          </h3>
          <div className="muted">
            {/* an unlisted company's internal id (PRIVATE:…) is not a ticker: the market says 未上市 */}
            {!s.id.startsWith('PRIVATE:') && <><span className="mono">{s.id}</span> · </>}
            {marketLabel(s.market, lang)}
            {s.currency ? ` · ${s.currency}` : ''}
            {(lang === 'zh' ? s.nameEn : s.nameZh) && ` · ${lang === 'zh' ? s.nameEn : s.nameZh}`}
          </div>
        </div>
        <button onClick={onClose} aria-label={t.close}>
          ×
        </button>
      </div>
      <section>
        <h4>{t.assignments}</h4>
        {chain.data && (
          <div className="placement">
            <NodePicker
              nodes={chain.data.nodes}
              value={data.nodeIds}
              label={t.editNodes}
              onSave={(ids) => attempt(api['securities.setNodes']({ securityId: id, nodeIds: ids }))}
            />
            {locked && (
              <button className="small" onClick={() => attempt(api['securities.resetNodes']({ securityId: id }))}>
                {t.resetNodes}
              </button>
            )}
          </div>
        )}
      </section>
      {fromMap && <MapContext securityId={id} />}
      {onOpenNote && <SecurityNotes securityId={id} onOpenNote={onOpenNote} />}
      {s.listed && <PriceEntry securityId={id} currency={s.currency} />}
      <section>
        <h4>
          {t.coveredBy} ({new Set(data.coverage.map((c) => c.reportId)).size})
        </h4>
        <table className="mini">
          <thead>
            <tr>
              <th>{t.report}</th>
              <th>{t.stance}</th>
              <th>{t.layerLabel}</th>
              <th>{t.role}</th>
            </tr>
          </thead>
          <tbody>
            {data.coverage.map((c) => (
              <tr key={c.id} title={`${locatorText(c.source ?? '', lang)}${c.line ? ` · ${t.line} ${c.line}` : ''}`}>
                <td>{institutionText(c.institution, lang)}</td>
                <td className={c.stance ? 'stance' : 'muted'} title={c.stance ?? undefined}>{c.stance ? stanceText(c.stance, lang) : '—'}</td>
                <td>{c.layerLabel ?? '—'}</td>
                <td>{lang === 'zh' ? (c.roleZh ?? c.role) : c.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <CrossReport detail={data} rates={fx.data ?? []} />
      <CompanyMetrics detail={data} />
      {rows.some((r) => r.row.flags.length) && (
        <ul className="flags">
          {rows.flatMap((r) => r.row.flags.map((f, i) => <li key={`${r.row.id}-${i}`}>⚑ {institutionText(r.row.institution, lang)}: {flagNoteText(f.note, lang)}</li>))}
        </ul>
      )}
      <section>
        <h4>{t.aliases}</h4>
        <div className="aliases">
          {data.aliases.filter((a) => !a.startsWith('PRIVATE:')).map((a) => (
            <span key={a} className="alias">
              {a}
            </span>
          ))}
        </div>
      </section>
    </aside>
  )
}
