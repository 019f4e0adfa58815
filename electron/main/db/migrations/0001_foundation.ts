/**
 * 0001 — reports, securities with aliases, coverage, valuation tables/rows/figures, the
 * reports' own chain taxonomies, and extraction flags. Never edit after it has shipped:
 * add a new numbered migration instead (test/integration/migrations.test.ts guards this).
 */
export const sql = `
CREATE TABLE report (
  id              TEXT PRIMARY KEY,            -- 'r000' for bundled seed 000; user reports get their own ids
  origin          TEXT NOT NULL CHECK (origin IN ('bundled','user')),
  seed_file       TEXT,
  institution     TEXT NOT NULL,
  title           TEXT,                        -- NULL when the extract prints none
  report_date     TEXT,                        -- ISO date
  date_inferred   INTEGER NOT NULL DEFAULT 0,
  date_note       TEXT,
  industry_rating TEXT
);

CREATE TABLE security (
  id       TEXT PRIMARY KEY,                   -- canonical id, e.g. 002230.SZ, 0700.HK, MSFT.US, PRIVATE:openai
  name_zh  TEXT,
  name_en  TEXT,
  market   TEXT NOT NULL CHECK (market IN ('CN-A','HK','US','unlisted','other')),
  currency TEXT CHECK (currency GLOB '[A-Z][A-Z][A-Z]'), -- ISO 4217 trading currency; NULL if unlisted
  listed   INTEGER NOT NULL
);

CREATE TABLE security_alias (
  alias_key   TEXT PRIMARY KEY,                -- shared/tickers.ts aliasKey(); one alias → one security
  alias       TEXT NOT NULL,
  security_id TEXT NOT NULL REFERENCES security(id) ON DELETE CASCADE
);
CREATE INDEX security_alias_security ON security_alias(security_id);

CREATE TABLE taxonomy (
  id        INTEGER PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES report(id) ON DELETE CASCADE,
  label     TEXT NOT NULL,
  line      INTEGER
);
CREATE TABLE taxonomy_layer (
  id          INTEGER PRIMARY KEY,
  taxonomy_id INTEGER NOT NULL REFERENCES taxonomy(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,                -- 1 = most upstream
  label       TEXT NOT NULL
);
CREATE TABLE taxonomy_segment (
  id       INTEGER PRIMARY KEY,
  layer_id INTEGER NOT NULL REFERENCES taxonomy_layer(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  label    TEXT NOT NULL
);

CREATE TABLE coverage (
  id              INTEGER PRIMARY KEY,
  report_id       TEXT NOT NULL REFERENCES report(id) ON DELETE CASCADE,
  security_id     TEXT NOT NULL REFERENCES security(id),
  company_printed TEXT NOT NULL,
  ticker_printed  TEXT,
  stance          TEXT,                        -- exactly as printed: 重点推荐 / 推荐 / 关注 / 投资标的 / NULL
  layer_label     TEXT,                        -- the report's own layer/track label as printed
  role            TEXT NOT NULL,               -- one line, our words (English)
  role_zh         TEXT,                        -- the same in Chinese
  source          TEXT,
  line            INTEGER
);
CREATE INDEX coverage_security ON coverage(security_id);
CREATE INDEX coverage_report ON coverage(report_id);

CREATE TABLE valuation_table (
  id             INTEGER PRIMARY KEY,
  report_id      TEXT NOT NULL REFERENCES report(id) ON DELETE CASCADE,
  label          TEXT NOT NULL,
  line           INTEGER,
  source         TEXT,
  as_of_note     TEXT,
  as_of_date     TEXT,
  as_of_inferred INTEGER NOT NULL DEFAULT 0,
  header_printed TEXT
);

CREATE TABLE valuation_row (
  id              INTEGER PRIMARY KEY,
  table_id        INTEGER NOT NULL REFERENCES valuation_table(id) ON DELETE CASCADE,
  row_no          INTEGER NOT NULL,
  line            INTEGER,
  security_id     TEXT REFERENCES security(id), -- NULL only for aggregate rows
  company_printed TEXT NOT NULL,
  ticker_printed  TEXT,
  is_aggregate    INTEGER NOT NULL,
  layer_label     TEXT,
  CHECK (is_aggregate = 1 OR security_id IS NOT NULL),
  UNIQUE (table_id, row_no)
);
CREATE INDEX valuation_row_security ON valuation_row(security_id);

CREATE TABLE valuation_figure (
  id       INTEGER PRIMARY KEY,
  row_id   INTEGER NOT NULL REFERENCES valuation_row(id) ON DELETE CASCADE,
  metric   TEXT NOT NULL,
  label    TEXT,                               -- column label for metric 'other'
  fy       TEXT,                               -- as printed, e.g. FY22E / 2023E
  fy_key   TEXT,                               -- normalised, e.g. FY23E
  printed  TEXT NOT NULL,                      -- the cell exactly as printed
  value    REAL,                               -- parsed from printed; NULL = missing (NA, -, blank)
  unit     TEXT,                               -- unit as printed (caption/header/cell)
  currency TEXT,                               -- currency the unit or listing implies
  value_mn REAL                                -- money figures normalised to millions of currency
);
CREATE INDEX valuation_figure_row ON valuation_figure(row_id);

CREATE TABLE extraction_flag (
  id     INTEGER PRIMARY KEY,
  row_id INTEGER NOT NULL REFERENCES valuation_row(id) ON DELETE CASCADE,
  code   TEXT NOT NULL,
  note   TEXT NOT NULL
);

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`
