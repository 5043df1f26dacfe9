-- The map's official boundary files (GeoJSON of states and/or districts
-- keyed by LGD code), as a national administrator uploaded them.  A file's
-- levels take the place of the same levels of the files before it (an
-- upload of districts leaves the states drawn as they were).  Append-only:
-- the file an earlier map was drawn from is kept.
CREATE TABLE boundary_file (
  id INTEGER PRIMARY KEY,
  source_name TEXT NOT NULL,
  levels TEXT NOT NULL,
  features INTEGER NOT NULL,
  geojson TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;

CREATE TRIGGER boundary_file_append_only_u BEFORE UPDATE ON boundary_file
BEGIN SELECT RAISE(ABORT, 'a boundary file is replaced by a new upload'); END;
CREATE TRIGGER boundary_file_append_only_d BEFORE DELETE ON boundary_file
BEGIN SELECT RAISE(ABORT, 'a boundary file is replaced by a new upload'); END;
