/** Column-mapping presets the analyst saved (import_preset); the built-in ones live in shared/import/presets.ts. */
import type { ImportPreset } from '../../../../shared/import/types'
import type { Db } from '../../db/connection'

export function savedPresets(db: Db): ImportPreset[] {
  return (db.prepare('SELECT id, name, columns, market_cap_unit FROM import_preset ORDER BY name').all() as { id: string; name: string; columns: string; market_cap_unit: string | null }[]).map((p) => ({
    id: p.id,
    nameZh: p.name,
    nameEn: p.name,
    builtIn: false,
    columns: JSON.parse(p.columns) as ImportPreset['columns'],
    marketCapUnit: p.market_cap_unit,
  }))
}

/** Saved presets are named by the analyst; the id is derived so saving again replaces it. */
export function presetId(name: string): string {
  return `user:${name.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '-')}`.slice(0, 80)
}
