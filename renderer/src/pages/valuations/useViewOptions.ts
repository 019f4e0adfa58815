/**
 * The valuations page's saved view options (reporting currency, latest only, group by layer,
 * the statistics' metric and year), one preference shared by every view. null until read: the
 * grid waits for them so it does not fetch twice.
 */
import { useEffect, useState } from 'react'
import { api } from '../../api'

const OPTIONS_KEY = 'valuations:options'

export interface Options {
  currency: string
  latestOnly: boolean
  groupByLayer: boolean
  metric: 'pe' | 'ps'
  fyKey: string
}

export function useViewOptions(): [Options | null, (next: Options) => void] {
  const [opts, setOpts] = useState<Options | null>(null)
  useEffect(() => {
    const defaults: Options = { currency: 'USD', latestOnly: false, groupByLayer: false, metric: 'pe', fyKey: '' }
    api['prefs.get']({ key: OPTIONS_KEY })
      .then((r) => setOpts({ ...defaults, ...(r.value ? (JSON.parse(r.value) as Partial<Options>) : {}) }))
      .catch(() => setOpts(defaults))
  }, [])
  const saveOpts = (next: Options) => {
    setOpts(next)
    api['prefs.set']({ key: OPTIONS_KEY, value: JSON.stringify(next) }).catch(() => {})
  }
  return [opts, saveOpts]
}
