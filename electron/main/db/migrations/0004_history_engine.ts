/**
 * 0004 — the workspace engine.
 *  - History: every write is a change set; triggers on the undoable tables record each row's
 *    before/after as JSON while a change set is open (history_cursor holds its id). Undo/redo
 *    apply the inverse as new change sets, so history is append-only and survives restarts.
 *    Note for later migrations: rebuilding a tracked table drops its triggers; recreate them.
 *  - Natural keys for bundled data (report, seq) so "reset to bundled" updates rows in place
 *    and ids that user data points at (hand exclusions) survive.
 *  - Screen-shaped reads: market cap copied onto each valuation row (sort/convert in SQL),
 *    indexes for every hot query, and quality flags materialised so they can be paged.
 * Never edit after it has shipped.
 */
interface Tracked {
  table: string
  key: string[]
  cols: string[]
  /** only rows matching this (on NEW or OLD) are history: meta also holds engine bookkeeping */
  only?: string
}

const TRACKED: Tracked[] = [
  { table: 'chain_node', key: ['id'], cols: ['id', 'parent_id', 'kind', 'position', 'name_zh', 'name_en'] },
  { table: 'chain_crosswalk', key: ['id'], cols: ['id', 'report_id', 'label', 'node_id'] },
  { table: 'security_node', key: ['security_id', 'node_id'], cols: ['security_id', 'node_id', 'source', 'is_primary'] },
  { table: 'security_node_lock', key: ['security_id'], cols: ['security_id'] },
  { table: 'fx_rate', key: ['currency', 'as_of'], cols: ['currency', 'as_of', 'per_usd', 'source'] },
  { table: 'meta', key: ['key'], cols: ['key', 'value'], only: "key GLOB 'pref:*'" },
]

const obj = (row: 'NEW' | 'OLD', cols: string[]) => `json_object(${cols.map((c) => `'${c}', ${row}.${c}`).join(', ')})`
const open = '(SELECT set_id FROM history_cursor) IS NOT NULL'
const only = (t: Tracked, row: 'NEW' | 'OLD') => (t.only ? ` AND ${row}.${t.only}` : '')

function triggers(t: Tracked): string {
  const ins = (row: string, before: string, after: string) =>
    `INSERT INTO change(set_id, entity, key, before, after) VALUES ((SELECT set_id FROM history_cursor), '${t.table}', ${row}, ${before}, ${after});`
  const changed = t.cols.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')
  return `
CREATE TRIGGER history_${t.table}_insert AFTER INSERT ON ${t.table} WHEN ${open}${only(t, 'NEW')}
BEGIN ${ins(obj('NEW', t.key), 'NULL', obj('NEW', t.cols))} END;
CREATE TRIGGER history_${t.table}_update AFTER UPDATE ON ${t.table} WHEN ${open}${only(t, 'NEW')} AND (${changed})
BEGIN ${ins(obj('OLD', t.key), obj('OLD', t.cols), obj('NEW', t.cols))} END;
CREATE TRIGGER history_${t.table}_delete AFTER DELETE ON ${t.table} WHEN ${open}${only(t, 'OLD')}
BEGIN ${ins(obj('OLD', t.key), obj('OLD', t.cols), 'NULL')} END;`
}

export const sql = `
CREATE TABLE change_set (
  id          INTEGER PRIMARY KEY,
  label       TEXT NOT NULL,                   -- message code, e.g. chain.renameNode
  params      TEXT NOT NULL DEFAULT '{}',      -- JSON params for the message
  at          TEXT NOT NULL,                   -- ISO timestamp
  kind        TEXT NOT NULL,                   -- edit / undo / redo / revert / bulk
  target_id   INTEGER,                         -- the set an undo/redo inverts, or a revert restores to
  undone_by   INTEGER,
  undoable    INTEGER NOT NULL DEFAULT 1,      -- 0: bulk loads (imports, reset); undo stops there
  entities    TEXT NOT NULL DEFAULT '[]',      -- JSON list of tables touched (for notifications)
  change_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE change (
  id      INTEGER PRIMARY KEY,
  set_id  INTEGER NOT NULL REFERENCES change_set(id),
  entity  TEXT NOT NULL,                       -- table name
  key     TEXT NOT NULL,                       -- JSON of the primary key
  before  TEXT,                                -- JSON row; NULL = did not exist
  after   TEXT                                 -- JSON row; NULL = deleted
);
CREATE INDEX change_set_changes ON change(set_id);

-- The change set being recorded (at most one row, only inside a write transaction).
CREATE TABLE history_cursor (set_id INTEGER NOT NULL);
${TRACKED.map(triggers).join('\n')}

ALTER TABLE valuation_table ADD COLUMN seq INTEGER;     -- position within its report (natural key)
UPDATE valuation_table SET seq = (SELECT count(*) FROM valuation_table t2 WHERE t2.report_id = valuation_table.report_id AND t2.id <= valuation_table.id);
CREATE UNIQUE INDEX valuation_table_natural ON valuation_table(report_id, seq);

ALTER TABLE coverage ADD COLUMN seq INTEGER;            -- position within its report (natural key)
UPDATE coverage SET seq = (SELECT count(*) FROM coverage c2 WHERE c2.report_id = coverage.report_id AND c2.id <= coverage.id);
CREATE UNIQUE INDEX coverage_natural ON coverage(report_id, seq);

-- Market cap copied from the row's figures when the row is written: the grid sorts by it
-- converted to the reporting currency without touching 1M+ figure rows.
ALTER TABLE valuation_row ADD COLUMN mcap_mn REAL;
ALTER TABLE valuation_row ADD COLUMN mcap_ccy TEXT;
UPDATE valuation_row SET
  mcap_mn = (SELECT value_mn FROM valuation_figure f WHERE f.row_id = valuation_row.id AND f.metric = 'marketCap' AND f.fy_key IS NULL ORDER BY f.id LIMIT 1),
  mcap_ccy = (SELECT currency FROM valuation_figure f WHERE f.row_id = valuation_row.id AND f.metric = 'marketCap' AND f.fy_key IS NULL ORDER BY f.id LIMIT 1);

-- The same market cap in USD by the rate nearest the table's as-of date (shared/fx.ts rule),
-- kept current by the write path and after every FX edit or undo (valuations/mcapUsd.ts): the
-- grid's default sort walks this index instead of converting and sorting every row.
ALTER TABLE valuation_row ADD COLUMN mcap_usd REAL;
CREATE INDEX valuation_row_mcap_usd ON valuation_row(mcap_usd);
CREATE INDEX valuation_row_table_ccy ON valuation_row(table_id, mcap_ccy);

CREATE INDEX valuation_table_report ON valuation_table(report_id, as_of_date);
CREATE INDEX valuation_row_table ON valuation_row(table_id, security_id);
CREATE INDEX valuation_row_security_table ON valuation_row(security_id, table_id);
CREATE INDEX valuation_row_mcap ON valuation_row(mcap_ccy, mcap_mn);
CREATE INDEX valuation_row_aggregate ON valuation_row(table_id) WHERE is_aggregate = 1;
CREATE INDEX valuation_figure_row_metric ON valuation_figure(row_id, metric, fy_key);
CREATE INDEX valuation_figure_metric ON valuation_figure(metric, fy_key, value);
CREATE INDEX extraction_flag_row ON extraction_flag(row_id);
CREATE INDEX security_node_primary ON security_node(is_primary, node_id);
-- derived assignments read only the rows that print a layer label (few, in bundled and broker data)
CREATE INDEX valuation_row_layer_label ON valuation_row(layer_label) WHERE layer_label IS NOT NULL;
CREATE INDEX coverage_layer_label ON coverage(layer_label) WHERE layer_label IS NOT NULL;

-- Data-quality flags, recomputed for the securities a write touches (shared/quality.ts is
-- the one definition); screens page through them instead of recomputing the world.
CREATE TABLE quality_flag (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL,
  row_id      INTEGER NOT NULL REFERENCES valuation_row(id) ON DELETE CASCADE,
  security_id TEXT,
  report_id   TEXT NOT NULL,
  severity    INTEGER NOT NULL,                -- index in QUALITY_CODES: most severe first
  fy_key      TEXT,
  detail      TEXT NOT NULL                    -- JSON facts behind the flag
);
CREATE INDEX quality_flag_order ON quality_flag(severity, id);
CREATE INDEX quality_flag_code ON quality_flag(code, id);
CREATE INDEX quality_flag_security ON quality_flag(security_id);
CREATE INDEX quality_flag_row ON quality_flag(row_id);
CREATE INDEX quality_flag_report ON quality_flag(report_id, severity);
`
