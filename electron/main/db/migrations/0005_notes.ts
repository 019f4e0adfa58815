/**
 * 0005 — scenario notes and search.
 *  - note: one note (thesis, theme, memo) attached to a security, segment, layer, report or
 *    nothing (a theme). Its scenarios (bear/base/bull…) live with it as JSON, so a revision is
 *    the whole note as it was. deleted_at set = in the trash.
 *  - note_revision: every save, kept; restoring one is a new save.
 *  - note_tag / note_link: tags and [[links]] / @ticker mentions, for filters and back-links.
 *  - thesis_flag: thesis checks currently breached, with why and what data change found it.
 *  - user_price: a price the analyst enters (the latest price a scenario's upside is measured
 *    against when it is newer than the reports').
 *  - note_fts: full-text index over derived search terms (Chinese character bigrams + English
 *    words, shared/searchTerms.ts); its rowid is note_search.rowid.
 * Notes keep their own revisions and are not in the undo history: a keystroke-level autosave
 * would bury every other edit. Never edit after it has shipped.
 */
export const sql = `
CREATE TABLE note (
  id            TEXT PRIMARY KEY,
  subject_kind  TEXT NOT NULL,
  subject_id    TEXT,
  title         TEXT NOT NULL,
  body          TEXT NOT NULL,
  tags          TEXT NOT NULL DEFAULT '[]',
  scenarios     TEXT,
  revision      INTEGER NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted_at    TEXT
);
CREATE INDEX note_subject ON note(subject_kind, subject_id);
CREATE INDEX note_recent ON note(deleted_at, updated_at);

CREATE TABLE note_revision (
  note_id    TEXT NOT NULL REFERENCES note(id) ON DELETE CASCADE,
  revision   INTEGER NOT NULL,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  tags       TEXT NOT NULL,
  scenarios  TEXT,
  saved_at   TEXT NOT NULL,
  PRIMARY KEY (note_id, revision)
);

CREATE TABLE note_tag (
  tag     TEXT NOT NULL,
  note_id TEXT NOT NULL REFERENCES note(id) ON DELETE CASCADE,
  PRIMARY KEY (tag, note_id)
);
CREATE INDEX note_tag_note ON note_tag(note_id);

CREATE TABLE note_link (
  note_id     TEXT NOT NULL REFERENCES note(id) ON DELETE CASCADE,
  target_kind TEXT NOT NULL,
  target_id   TEXT NOT NULL,
  PRIMARY KEY (note_id, target_kind, target_id)
);
CREATE INDEX note_link_target ON note_link(target_kind, target_id);

CREATE TABLE thesis_flag (
  id         INTEGER PRIMARY KEY,
  note_id    TEXT NOT NULL REFERENCES note(id) ON DELETE CASCADE,
  scenario   TEXT NOT NULL,
  rule       TEXT NOT NULL,
  detail     TEXT NOT NULL,
  trigger    TEXT NOT NULL,
  since      TEXT NOT NULL,
  UNIQUE (note_id, scenario, rule)
);

CREATE TABLE user_price (
  security_id TEXT NOT NULL REFERENCES security(id),
  as_of       TEXT NOT NULL,
  price       REAL NOT NULL,
  currency    TEXT NOT NULL,
  source      TEXT NOT NULL,
  PRIMARY KEY (security_id, as_of)
);

CREATE TABLE note_search (
  rowid   INTEGER PRIMARY KEY,
  note_id TEXT NOT NULL UNIQUE REFERENCES note(id) ON DELETE CASCADE
);
CREATE VIRTUAL TABLE note_fts USING fts5(terms, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
`
