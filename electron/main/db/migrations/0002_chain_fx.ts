/**
 * 0002 — canonical chain taxonomy (layers → segments), the crosswalk from each report's own
 * labels to it, securities' node assignments, and FX rates for the reporting currency.
 * Never edit after it has shipped.
 */
export const sql = `
CREATE TABLE chain_node (
  id        TEXT PRIMARY KEY,                  -- 'infra', 'infra.chips', or a user-made id
  parent_id TEXT REFERENCES chain_node(id) ON DELETE CASCADE,
  kind      TEXT NOT NULL CHECK (kind IN ('layer','segment')),
  position  INTEGER NOT NULL,                  -- upstream → downstream for layers; order within a layer for segments
  name_zh   TEXT NOT NULL,
  name_en   TEXT NOT NULL,
  CHECK ((kind = 'layer') = (parent_id IS NULL))
);

CREATE TABLE chain_crosswalk (
  id        INTEGER PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES report(id) ON DELETE CASCADE,
  label     TEXT NOT NULL,                     -- the report's label exactly as printed
  node_id   TEXT NOT NULL REFERENCES chain_node(id) ON DELETE CASCADE,
  UNIQUE (report_id, label, node_id)
);

CREATE TABLE security_node (
  security_id TEXT NOT NULL REFERENCES security(id) ON DELETE CASCADE,
  node_id     TEXT NOT NULL REFERENCES chain_node(id) ON DELETE CASCADE,
  source      TEXT NOT NULL CHECK (source IN ('crosswalk','default','user')),
  is_primary  INTEGER NOT NULL DEFAULT 0,      -- the node a security is counted in when comparing by primary placement
  PRIMARY KEY (security_id, node_id)
);
CREATE INDEX security_node_node ON security_node(node_id);

-- A security the analyst placed by hand: rebuilding derived assignments leaves it alone.
CREATE TABLE security_node_lock (
  security_id TEXT PRIMARY KEY REFERENCES security(id) ON DELETE CASCADE
);

CREATE TABLE fx_rate (
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]' AND currency <> 'USD'),
  as_of    TEXT NOT NULL,                      -- ISO date
  per_usd  REAL NOT NULL CHECK (per_usd > 0),  -- units of currency per 1 USD
  source   TEXT NOT NULL,
  PRIMARY KEY (currency, as_of)
);
`
