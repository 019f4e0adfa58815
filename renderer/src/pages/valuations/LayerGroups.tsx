/**
 * Group by chain layer: the engine orders the rows by layer and counts each; here a rule
 * between layers in the grid and a pill per layer above it (a click filters to that layer).
 */
import type { RowStyle } from 'ag-grid-community'
import { useCallback, useEffect, useMemo, type RefObject } from 'react'
import type { ValuationPage } from '../../../../shared/api/valuations'
import { formatNumber } from '../../../../shared/format'
import type { ServerGridHandle } from '../../components/ServerGrid'
import { useI18n } from '../../i18n'
import type { Row } from './columnKit'
import { VALUATIONS_TEXT } from './text'

type Groups = ValuationPage['groups'] | null

/** The grid's row style: a rule above the first row of every layer but the first. */
export function useGroupRowStyle(groups: Groups, groupByLayer: boolean, grid: RefObject<ServerGridHandle<Row> | null>) {
  // Rows come ordered by layer when grouped: each layer starts where the previous ones' counts end.
  const groupStarts = useMemo(() => {
    const s = new Set<number>()
    let at = 0
    for (const g of groups ?? []) {
      if (at > 0) s.add(at)
      at += g.count
    }
    return s
  }, [groups])
  const rowStyle = useCallback(
    (_r: Row, i: number): RowStyle | undefined => (groupByLayer && groupStarts.has(i) ? { borderTop: '2px solid var(--val-group-rule, #14213d)' } : undefined),
    [groupByLayer, groupStarts],
  )
  useEffect(() => {
    grid.current?.api()?.redrawRows()
  }, [rowStyle, grid])
  return rowStyle
}

/** A pill per layer with its row count; the layer filtered on is active, a second click clears it. */
export function LayerGroups(props: { groups: NonNullable<Groups>; layerId: string; onLayer: (id: string) => void; layerName: (id: string | null) => string }) {
  const { lang } = useI18n()
  const v = VALUATIONS_TEXT[lang]
  const { groups, layerId } = props
  return (
    <div className="filtered-stats" data-testid="layer-groups">
      <b>{v.groupSummary}</b>
      {groups.map((g) => (
        <button
          key={g.layerId ?? '-'}
          className={layerId && g.layerId === layerId ? 'pill active' : 'pill'}
          data-layer={g.layerId ?? ''}
          title={g.layerId ? v.layerFilterTip : undefined}
          disabled={!g.layerId}
          onClick={() => g.layerId && props.onLayer(layerId === g.layerId ? '' : g.layerId)}
        >
          {props.layerName(g.layerId)}
          <b>{formatNumber(g.count, 0)}</b>
        </button>
      ))}
    </div>
  )
}
