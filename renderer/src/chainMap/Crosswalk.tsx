import type { CrosswalkRow } from '../../../shared/domain'
import type { ChainNode } from '../../../shared/compare'
import { api } from '../api'
import { NodePicker } from '../components/NodePicker'
import { useI18n } from '../i18n'
import { attempt } from '../notices'

/**
 * Beside the lens: per report, which printed label maps to which canonical nodes. Editing a row
 * re-derives placements (hand placements stay) — one undoable change.
 */
export function Crosswalk({ rows, nodes, reportIds }: { rows: CrosswalkRow[]; nodes: ChainNode[]; reportIds: string[] }) {
  const { t } = useI18n()
  const shown = reportIds.length ? rows.filter((r) => reportIds.includes(r.reportId)) : rows
  return (
    <aside className="crosswalk-side" data-testid="crosswalk">
      <h3>{t.crosswalkTitle}</h3>
      <p className="muted small">{t.crosswalkHint}</p>
      <table className="reports crosswalk">
        <thead>
          <tr>
            <th>{t.report}</th>
            <th>{t.label}</th>
            <th className="num">{t.uses}</th>
            <th>{t.nodes}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={`${c.reportId}|${c.label}`} className={c.nodeIds.length ? '' : 'unmapped'}>
              <td>{c.institution}</td>
              <td>{c.label}</td>
              <td className="num">{c.uses}</td>
              <td>
                <NodePicker
                  nodes={nodes}
                  value={c.nodeIds}
                  label={`${c.institution} ${c.label}`}
                  onSave={(ids) => attempt(api['chain.setCrosswalk']({ reportId: c.reportId, label: c.label, nodeIds: ids }))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  )
}
