import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../electron/main/db/migrate'
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/main/db/migrations'

/*
 * An analyst's own rows (their reports, placements, preferences) exist nowhere else, so every
 * upgrade path must carry them over untouched. FILLS holds, per schema version, rows a user
 * could write at that version; a database at version v gets the fills of 1..v, is upgraded,
 * and every row must still be there, every column as it was.
 *
 * When migration n lands, add FILLS[n] with rows that use what it adds (or [] if it adds
 * nothing a user writes); the test below insists on it.
 */

type Value = string | number | null
interface Row {
  table: string
  values: Record<string, Value>
}

const FILLS: Record<number, Row[]> = {
  1: [
    { table: 'security', values: { id: 'USRX.US', name_zh: '用户公司', name_en: 'User Co', market: 'US', currency: 'USD', listed: 1 } },
    { table: 'security', values: { id: 'PRIVATE:userco', name_zh: null, name_en: 'Private Co', market: 'unlisted', currency: null, listed: 0 } },
    { table: 'security_alias', values: { alias_key: 'user co', alias: 'User Co', security_id: 'USRX.US' } },
    { table: 'report', values: { id: 'u-0001', origin: 'user', seed_file: null, institution: '我的研究', title: 'My note', report_date: '2024-05-01', date_inferred: 1, date_note: 'from file name', industry_rating: '推荐' } },
    { table: 'taxonomy', values: { id: 900001, report_id: 'u-0001', label: '我的框架', line: 4 } },
    { table: 'taxonomy_layer', values: { id: 900001, taxonomy_id: 900001, position: 1, label: '上游' } },
    { table: 'taxonomy_segment', values: { id: 900001, layer_id: 900001, position: 1, label: '芯片' } },
    { table: 'coverage', values: { id: 900001, report_id: 'u-0001', security_id: 'USRX.US', company_printed: 'User Co', ticker_printed: 'USRX', stance: '推荐', layer_label: '应用', role: 'Builds apps', role_zh: '做应用', source: 'hand', line: 12 } },
    { table: 'valuation_table', values: { id: 900001, report_id: 'u-0001', label: 'My comps', line: 20, source: 'Wind', as_of_note: '2024-05', as_of_date: '2024-05-01', as_of_inferred: 1, header_printed: 'PE' } },
    { table: 'valuation_row', values: { id: 900001, table_id: 900001, row_no: 1, line: 21, security_id: 'USRX.US', company_printed: 'User Co', ticker_printed: 'USRX', is_aggregate: 0, layer_label: '应用' } },
    { table: 'valuation_row', values: { id: 900002, table_id: 900001, row_no: 2, line: 22, security_id: null, company_printed: '平均', ticker_printed: null, is_aggregate: 1, layer_label: null } },
    { table: 'valuation_figure', values: { id: 900001, row_id: 900001, metric: 'pe', label: null, fy: '2024E', fy_key: 'FY24E', printed: '23.5x', value: 23.5, unit: 'x', currency: null, value_mn: null } },
    { table: 'valuation_figure', values: { id: 900002, row_id: 900001, metric: 'mcap', label: null, fy: null, fy_key: null, printed: '1,234', value: 1234, unit: '亿美元', currency: 'USD', value_mn: 123400 } },
    { table: 'extraction_flag', values: { id: 900001, row_id: 900002, code: 'user_note', note: 'checked by hand' } },
    { table: 'meta', values: { key: 'pref:ui:lang', value: 'en' } },
    { table: 'meta', values: { key: 'pref:grid:compare:state', value: '[{"colId":"pe","sort":"asc"}]' } },
  ],
  2: [
    { table: 'chain_node', values: { id: 'user.robots', parent_id: null, kind: 'layer', position: 99, name_zh: '机器人', name_en: 'Robots' } },
    { table: 'chain_node', values: { id: 'user.robots.arms', parent_id: 'user.robots', kind: 'segment', position: 1, name_zh: '机械臂', name_en: 'Arms' } },
    { table: 'chain_crosswalk', values: { id: 900001, report_id: 'u-0001', label: '应用', node_id: 'user.robots.arms' } },
    { table: 'chain_crosswalk', values: { id: 900002, report_id: 'u-0001', label: '上游', node_id: 'user.robots' } },
    { table: 'security_node', values: { security_id: 'USRX.US', node_id: 'user.robots.arms', source: 'user', is_primary: 1 } },
    { table: 'security_node', values: { security_id: 'PRIVATE:userco', node_id: 'user.robots', source: 'crosswalk', is_primary: 0 } },
    { table: 'security_node_lock', values: { security_id: 'USRX.US' } },
    { table: 'fx_rate', values: { currency: 'CNY', as_of: '2024-05-01', per_usd: 7.2345, source: 'user' } },
  ],
  3: [
    { table: 'report', values: { id: 'i-0001', origin: 'import:broker-pdf', seed_file: 'broker.pdf', institution: '某券商', title: null, report_date: null, date_inferred: 0, date_note: null, industry_rating: null } },
    { table: 'coverage', values: { id: 900002, report_id: 'i-0001', security_id: 'PRIVATE:userco', company_printed: 'Private Co', ticker_printed: null, stance: null, layer_label: null, role: 'Imported', role_zh: null, source: null, line: null } },
    { table: 'security_node', values: { security_id: 'PRIVATE:userco', node_id: 'user.robots.arms', source: 'import:broker-pdf', is_primary: 1 } },
  ],
  4: [
    { table: 'change_set', values: { id: 900001, label: 'chain.renameNode', params: '{"id":"user.robots"}', at: '2024-05-02T08:00:00.000Z', kind: 'edit', target_id: null, undone_by: null, undoable: 1, entities: '["chain_node"]', change_count: 1 } },
    { table: 'change', values: { id: 900001, set_id: 900001, entity: 'chain_node', key: '{"id":"user.robots"}', before: '{"name_en":"Robot"}', after: '{"name_en":"Robots"}' } },
    { table: 'valuation_table', values: { id: 900002, report_id: 'u-0001', seq: 2, label: 'My comps 2', line: 30, source: null, as_of_note: null, as_of_date: '2024-06-01', as_of_inferred: 0, header_printed: null } },
    { table: 'valuation_row', values: { id: 900003, table_id: 900002, row_no: 1, line: 31, security_id: 'USRX.US', company_printed: 'User Co', ticker_printed: null, is_aggregate: 0, layer_label: null, mcap_mn: 1000, mcap_ccy: 'USD' } },
    { table: 'quality_flag', values: { id: 900001, code: 'as-of-inferred', row_id: 900001, security_id: 'USRX.US', report_id: 'u-0001', severity: 6, fy_key: null, detail: '{"asOf":"2024-05-01"}' } },
  ],
  5: [
    { table: 'note', values: { id: 'nusr0001', subject_kind: 'security', subject_id: 'USRX.US', title: '用户论点', body: '算力 thesis', tags: '["AI"]', scenarios: null, revision: 1, created_at: '2024-06-01T00:00:00.000Z', updated_at: '2024-06-01T00:00:00.000Z', deleted_at: null } },
    { table: 'note_revision', values: { note_id: 'nusr0001', revision: 1, title: '用户论点', body: '算力 thesis', tags: '["AI"]', scenarios: null, saved_at: '2024-06-01T00:00:00.000Z' } },
    { table: 'note_tag', values: { tag: 'AI', note_id: 'nusr0001' } },
    { table: 'note_link', values: { note_id: 'nusr0001', target_kind: 'security', target_id: 'USRX.US' } },
    { table: 'thesis_flag', values: { id: 900001, note_id: 'nusr0001', scenario: 'bear', rule: 'priceBelowTarget', detail: '{}', trigger: 'prices.set', since: '2024-06-02T00:00:00.000Z' } },
    { table: 'user_price', values: { security_id: 'USRX.US', as_of: '2024-06-02', price: 12.5, currency: 'USD', source: 'hand' } },
    { table: 'note_search', values: { rowid: 900001, note_id: 'nusr0001' } },
  ],
  6: [
    { table: 'import_batch', values: { id: 900001, report_id: 'u-0001', created_report: 0, file_name: 'wind.xlsx', file_hash: 'ab'.repeat(32), format: 'xlsx', encoding: null, sheet: 'Sheet1', preset: 'wind', at: '2024-07-01T00:00:00.000Z', state: 'applied', row_count: 1, figure_count: 1, payload: '{"v":1}' } },
    { table: 'valuation_table', values: { id: 900003, report_id: 'u-0001', seq: 3, label: 'wind.xlsx', line: null, source: 'wind.xlsx · Sheet1', as_of_note: null, as_of_date: '2024-07-01', as_of_inferred: 0, header_printed: '证券代码 | 总市值', import_id: 900001 } },
    { table: 'security', values: { id: 'IMPX.US', name_zh: null, name_en: 'Imported Co', market: 'US', currency: 'USD', listed: 1, import_id: 900001 } },
    { table: 'valuation_row', values: { id: 900004, table_id: 900003, row_no: 1, line: 2, security_id: 'IMPX.US', company_printed: 'Imported Co', ticker_printed: 'IMPX.O', is_aggregate: 0, layer_label: null, mcap_mn: 12, mcap_ccy: 'USD', mcap_usd: 12 } },
    { table: 'valuation_figure', values: { id: 900003, row_id: 900004, metric: 'marketCap', label: null, fy: null, fy_key: null, printed: '0.12', value: 0.12, unit: '亿元', currency: 'USD', value_mn: 12, source_col: '总市值1 [单位]亿元' } },
    { table: 'import_preset', values: { id: 'user:my-wind', name: 'My Wind', columns: '[]', market_cap_unit: '亿元', saved_at: '2024-07-01T00:00:00.000Z' } },
  ],
}

function dbAt(version: number): Database.Database {
  const db = new Database(':memory:')
  migrate(db, { migrations: MIGRATIONS.slice(0, version) })
  return db
}

/** Inserts the fills of versions 1..version and returns each row exactly as stored. */
function fill(db: Database.Database, version: number): Row[] {
  const stored: Row[] = []
  for (let v = 1; v <= version; v++) {
    for (const { table, values } of FILLS[v] ?? []) {
      const cols = Object.keys(values)
      const sql = `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`
      const { lastInsertRowid } = db.prepare(sql).run(...Object.values(values))
      stored.push({ table, values: db.prepare(`SELECT * FROM ${table} WHERE rowid = ?`).get(lastInsertRowid) as Row['values'] })
    }
  }
  return stored
}

/** Rows not found with every column equal (rowids may change when a migration rebuilds a table). */
function missing(db: Database.Database, rows: Row[]): Row[] {
  return rows.filter(({ table, values }) => {
    const where = Object.keys(values).map((c) => `"${c}" IS ?`).join(' AND ')
    return db.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get(...Object.values(values)) !== 1
  })
}

const olderVersions = Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 1)

describe('upgrading keeps user rows', () => {
  it('has rows for every schema version', () => {
    const expected = Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1)
    expect(Object.keys(FILLS).map(Number), `add FILLS[${SCHEMA_VERSION}] with rows that use what migration ${SCHEMA_VERSION} adds`).toEqual(expected)
  })

  it('can write every version’s rows at the latest schema', () => {
    const db = dbAt(SCHEMA_VERSION)
    const rows = fill(db, SCHEMA_VERSION)
    expect(rows).toHaveLength(Object.values(FILLS).flat().length)
    expect(db.pragma('foreign_key_check')).toEqual([])
    db.close()
  })

  it.each(olderVersions)('from version %i: every row is still there, unchanged', (v) => {
    const db = dbAt(v)
    const rows = fill(db, v)
    expect(migrate(db)).toBe(SCHEMA_VERSION)
    expect(missing(db, rows)).toEqual([])
    expect(db.pragma('foreign_key_check')).toEqual([])
    db.close()
  })
})
