/**
 * 0006 — imports of the analyst's own data.
 *  - import_batch: one row per committed import (file name and hash, format, encoding, sheet,
 *    preset, the source record it wrote into) with the resolved rows as JSON, so undo can take
 *    the import out and redo can put it back exactly. Its `state` is history-tracked (triggers as
 *    in 0004): an import is one undoable change set however many rows it wrote; the tables it
 *    wrote are removed/re-written by the engine when the state flips (history/invert.ts).
 *  - provenance: the import that wrote a table and a row, the file row (valuation_row.line is the
 *    source row), and the column each figure came from.
 *  - import_preset: column-mapping presets the analyst saved (built-in ones live in code).
 * Never edit after it has shipped.
 */
const open = '(SELECT set_id FROM history_cursor) IS NOT NULL'
const obj = (row: 'NEW' | 'OLD', cols: string[]) => `json_object(${cols.map((c) => `'${c}', ${row}.${c}`).join(', ')})`
const ins = (row: 'NEW' | 'OLD', before: string, after: string) =>
  `INSERT INTO change(set_id, entity, key, before, after) VALUES ((SELECT set_id FROM history_cursor), 'import_batch', ${obj(row, ['id'])}, ${before}, ${after});`
const COLS = ['id', 'state']

export const sql = `
CREATE TABLE import_batch (
  id          INTEGER PRIMARY KEY,
  report_id   TEXT NOT NULL,                   -- the source record written into (kept when the batch is undone)
  created_report INTEGER NOT NULL,             -- 1: the import created that report (undo removes it)
  file_name   TEXT NOT NULL,
  file_hash   TEXT NOT NULL,                   -- sha256 of the bytes (pasted text: of its UTF-8)
  format      TEXT NOT NULL,                   -- csv / tsv / xlsx / paste
  encoding    TEXT,
  sheet       TEXT,
  preset      TEXT,
  at          TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('applied', 'undone')),
  row_count   INTEGER NOT NULL,
  figure_count INTEGER NOT NULL,
  payload     TEXT NOT NULL                    -- JSON: source record, tables, resolved rows, securities created
);
CREATE INDEX import_batch_hash ON import_batch(file_hash);

CREATE TRIGGER history_import_batch_insert AFTER INSERT ON import_batch WHEN ${open}
BEGIN ${ins('NEW', 'NULL', obj('NEW', COLS))} END;
CREATE TRIGGER history_import_batch_update AFTER UPDATE ON import_batch WHEN ${open} AND OLD.state IS NOT NEW.state
BEGIN ${ins('OLD', obj('OLD', COLS), obj('NEW', COLS))} END;

ALTER TABLE valuation_table ADD COLUMN import_id INTEGER;   -- the import_batch that wrote it (NULL: bundled/bench)
CREATE INDEX valuation_table_import ON valuation_table(import_id) WHERE import_id IS NOT NULL;
ALTER TABLE valuation_figure ADD COLUMN source_col TEXT;    -- the column as printed in the file (header), for provenance
ALTER TABLE security ADD COLUMN import_id INTEGER;          -- created by this import (undo removes it if unused)

CREATE TABLE import_preset (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  columns    TEXT NOT NULL,                    -- JSON ImportPreset.columns
  market_cap_unit TEXT,
  saved_at   TEXT NOT NULL
);
`
