/**
 * 0003 — imports bring origins and placement sources we cannot list in advance, so
 * report.origin and security_node.source lose their CHECK lists. SQLite cannot drop a CHECK,
 * so both tables are rebuilt the 12-step way (create new, copy, drop old, rename, recreate
 * indexes); migrate() runs it with foreign keys off and checks them before commit, so the
 * children of report are not cascaded away. Columns, types and every other constraint are
 * as in 0001/0002. Never edit after it has shipped.
 */
export const sql = `
CREATE TABLE report_new (
  id              TEXT PRIMARY KEY,            -- 'r000' for bundled seed 000; user reports get their own ids
  origin          TEXT NOT NULL,               -- 'bundled', 'user', or an importer's own tag
  seed_file       TEXT,
  institution     TEXT NOT NULL,
  title           TEXT,                        -- NULL when the extract prints none
  report_date     TEXT,                        -- ISO date
  date_inferred   INTEGER NOT NULL DEFAULT 0,
  date_note       TEXT,
  industry_rating TEXT
);
INSERT INTO report_new (id, origin, seed_file, institution, title, report_date, date_inferred, date_note, industry_rating)
  SELECT id, origin, seed_file, institution, title, report_date, date_inferred, date_note, industry_rating FROM report;
DROP TABLE report;
ALTER TABLE report_new RENAME TO report;

CREATE TABLE security_node_new (
  security_id TEXT NOT NULL REFERENCES security(id) ON DELETE CASCADE,
  node_id     TEXT NOT NULL REFERENCES chain_node(id) ON DELETE CASCADE,
  source      TEXT NOT NULL,                   -- 'crosswalk', 'default', 'user', or an importer's own tag
  is_primary  INTEGER NOT NULL DEFAULT 0,      -- the node a security is counted in when comparing by primary placement
  PRIMARY KEY (security_id, node_id)
);
INSERT INTO security_node_new (security_id, node_id, source, is_primary)
  SELECT security_id, node_id, source, is_primary FROM security_node;
DROP TABLE security_node;
ALTER TABLE security_node_new RENAME TO security_node;
CREATE INDEX security_node_node ON security_node(node_id);
`
