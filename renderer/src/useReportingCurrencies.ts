/**
 * The reporting currencies a picker offers: USD and every currency with at least one rate in the
 * FX table (fx.list, refetched on every FX change). A saved choice whose rates have since been
 * deleted falls back to USD instead of sending a currency the engine would refuse.
 */
import { useMemo } from 'react'
import { reportingCurrencies } from '../../shared/fx'
import { useApiQuery } from './useApi'

export function useReportingCurrencies(chosen: string): { currencies: string[]; currency: string; ready: boolean } {
  const { data, isError } = useApiQuery('fx.list', {})
  return useMemo(() => {
    if (!data) return { currencies: [...new Set(['USD', chosen])], currency: chosen, ready: isError }
    const currencies = reportingCurrencies(data)
    return { currencies, currency: currencies.includes(chosen) ? chosen : 'USD', ready: true }
  }, [data, isError, chosen])
}
