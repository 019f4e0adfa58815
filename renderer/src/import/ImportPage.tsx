import type { Nav } from '../App'

/** The import wizard (placeholder until the wizard lands). */
export function ImportPage(_props: { onOpen: (n: Nav) => void }) {
  return <div className="page" />
}
