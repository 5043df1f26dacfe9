-- Each state's own target date for Har Ghar Jal (Format J23's rate still
-- needed), kept as data: a new row changes it and the latest counts; a
-- state with no row takes the national default.  Append-only.
CREATE TABLE state_target (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  target_day INTEGER NOT NULL,
  reason TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX state_target_unit ON state_target(unit_id, id);

CREATE TRIGGER state_target_append_only_u BEFORE UPDATE ON state_target
BEGIN SELECT RAISE(ABORT, 'a target date is changed by a new row'); END;
CREATE TRIGGER state_target_append_only_d BEFORE DELETE ON state_target
BEGIN SELECT RAISE(ABORT, 'a target date is changed by a new row'); END;
