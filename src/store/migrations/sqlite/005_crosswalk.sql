-- The name crosswalk kept: a name a source file gives a place (JJM
-- "Rangareddy" for LGD "Ranga Reddy"), accepted by a person and stored as
-- an alias of the LGD place it means, so that the next file from the same
-- state is placed without a crosswalk file; and which villages each alias
-- placed, in which import batch.
--
-- One source name under one parent means one place: among the aliases in
-- force (not revoked), (level, parent, match_key) is unique.  An alias is
-- never deleted; revoking it fills revoked_by, revoked_at, revoke_reason.

-- level: 1 state, 2 district, 3 block.  parent_id: the place the name was
-- found under (NULL for a state: India).  match_key: MatchKey of
-- source_name (crosswalk/name_match.h).
CREATE TABLE name_alias (
  id INTEGER PRIMARY KEY,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  parent_id INTEGER REFERENCES unit(id),
  source_name TEXT NOT NULL,
  match_key TEXT NOT NULL CHECK (match_key <> ''),
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_by TEXT,
  revoked_at TEXT,
  revoke_reason TEXT,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)),
  CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
) STRICT;
CREATE UNIQUE INDEX name_alias_in_force
  ON name_alias(level, COALESCE(parent_id, 0), match_key)
  WHERE revoked_at IS NULL;
CREATE INDEX name_alias_unit ON name_alias(unit_id);

CREATE TRIGGER name_alias_no_delete BEFORE DELETE ON name_alias
BEGIN SELECT RAISE(ABORT, 'name aliases are revoked, never deleted'); END;
-- Only a revocation changes a row, and only once.
CREATE TRIGGER name_alias_revoke_only BEFORE UPDATE ON name_alias
WHEN OLD.revoked_at IS NOT NULL OR NEW.id IS NOT OLD.id
  OR NEW.level IS NOT OLD.level OR NEW.parent_id IS NOT OLD.parent_id
  OR NEW.source_name IS NOT OLD.source_name
  OR NEW.match_key IS NOT OLD.match_key OR NEW.unit_id IS NOT OLD.unit_id
  OR NEW.created_by IS NOT OLD.created_by
  OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'a name alias can only be revoked, once'); END;

-- A village row an import placed through an alias: the village, the batch
-- of the import, and the line of the file (the header is line 1).
CREATE TABLE name_alias_use (
  id INTEGER PRIMARY KEY,
  alias_id INTEGER NOT NULL REFERENCES name_alias(id),
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  village_id INTEGER NOT NULL REFERENCES unit(id),
  line INTEGER
) STRICT;
CREATE INDEX name_alias_use_alias ON name_alias_use(alias_id);

CREATE TRIGGER name_alias_use_no_update BEFORE UPDATE ON name_alias_use
BEGIN SELECT RAISE(ABORT, 'alias uses are append-only'); END;
CREATE TRIGGER name_alias_use_no_delete BEFORE DELETE ON name_alias_use
BEGIN SELECT RAISE(ABORT, 'alias uses are append-only'); END;
