import { useEffect, useState } from 'react'
import { cancelRunning } from '../api'
import { labelName } from '../historyText'
import { useI18n } from '../i18n'
import { attempt } from '../notices'
import { onPushEvent } from '../useApi'

interface Running {
  opId: string
  label: string
  done: number
  total: number
}

/** Long operations (imports, bulk loads) report progress by push; one line each, with Cancel. */
export function Progress() {
  const { t, lang } = useI18n()
  const [ops, setOps] = useState<Running[]>([])
  useEffect(
    () =>
      onPushEvent((e) => {
        if (e.type !== 'progress') return
        setOps((cur) => {
          const rest = cur.filter((o) => o.opId !== e.opId)
          return e.done >= e.total ? rest : [...rest, { opId: e.opId, label: e.label, done: e.done, total: e.total }]
        })
      }),
    [],
  )
  if (!ops.length) return null
  return (
    <div className="progress-area" data-testid="progress">
      {ops.map((o) => (
        <div key={o.opId} className="progress-line" role="status">
          <span>{labelName(o.label, lang)}</span>
          <progress max={o.total} value={o.done} />
          <span className="muted small">
            {o.done} / {o.total}
          </span>
          <button className="small" onClick={() => attempt(cancelRunning())}>
            {t.cancel}
          </button>
        </div>
      ))}
    </div>
  )
}
