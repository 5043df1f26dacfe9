-- Coverage core: places, village facts and the ledger of tap connections.
-- Facts are appended, never overwritten: triggers refuse UPDATE and DELETE on
-- every history table.  Dates of facts and events are stored as days since
-- 1970-01-01 (compact and fast for crores of rows); the views village_facts
-- and ledger show them as ISO dates.

-- Every write belongs to one batch: who, when, from where, and the client's
-- request id that makes a retried submission a no-op.
CREATE TABLE batch (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  request_id TEXT UNIQUE,
  request_hash TEXT,
  note TEXT
) STRICT;

-- Places: 1 state, 2 district, 3 block, 4 gram panchayat, 5 village,
-- 6 habitation.  `code` is the LGD code with a level letter (S36, D532) or a
-- project code for places without one (BJ4213, VJ1021470, DX12).
CREATE TABLE unit (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 6),
  parent_id INTEGER REFERENCES unit(id),
  name TEXT NOT NULL,
  lgd_code INTEGER,
  batch_id INTEGER NOT NULL REFERENCES batch(id)
) STRICT;
CREATE INDEX unit_parent ON unit(parent_id);

-- Names a place had before it was renamed, so that an old name stays
-- findable: the name it had until `valid_until`.
CREATE TABLE unit_former_name (
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  batch_id INTEGER NOT NULL REFERENCES batch(id)
) STRICT;
CREATE INDEX unit_former_name_key ON unit_former_name(name_key);
CREATE INDEX unit_former_name_unit ON unit_former_name(unit_id);

-- Identifiers of a place in other systems (JJM IMIS ids, Census codes).
CREATE TABLE unit_alias (
  scheme TEXT NOT NULL,
  value TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  PRIMARY KEY (scheme, value)
) STRICT, WITHOUT ROWID;

-- Dated facts about a village.  A re-survey adds a row; NULL means the
-- record did not report that figure.
CREATE TABLE village_fact (
  id INTEGER PRIMARY KEY,
  village_id INTEGER NOT NULL REFERENCES unit(id),
  day INTEGER NOT NULL,
  households INTEGER CHECK (households >= 0),
  habitations INTEGER CHECK (habitations >= 0),
  schools INTEGER CHECK (schools >= 0),
  schools_with_tap INTEGER CHECK (schools_with_tap >= 0),
  anganwadis INTEGER CHECK (anganwadis >= 0),
  anganwadis_with_tap INTEGER CHECK (anganwadis_with_tap >= 0),
  sc_population INTEGER CHECK (sc_population >= 0),
  st_population INTEGER CHECK (st_population >= 0),
  general_population INTEGER CHECK (general_population >= 0),
  service_lpcd REAL CHECK (service_lpcd >= 0),
  batch_id INTEGER NOT NULL REFERENCES batch(id)
) STRICT;
CREATE INDEX village_fact_village ON village_fact(village_id, day);

-- The ledger: dated tap-connection events.  A correction is a new event
-- with a negative count and a reason.  kind: 0 baseline (households with
-- tap on 2019-08-15), 1 connection, 2 correction, 3 adjustment (a reported
-- file said otherwise).
CREATE TABLE tap_event (
  seq INTEGER PRIMARY KEY,
  village_id INTEGER NOT NULL REFERENCES unit(id),
  day INTEGER NOT NULL,
  households INTEGER NOT NULL CHECK (households <> 0),
  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),
  reason TEXT,
  batch_id INTEGER NOT NULL REFERENCES batch(id)
) STRICT;

CREATE INDEX tap_event_batch ON tap_event(batch_id);

CREATE VIEW ledger AS
SELECT e.seq, u.code AS village_code, date(e.day * 86400, 'unixepoch') AS date,
       e.households,
       CASE e.kind WHEN 0 THEN 'baseline' WHEN 1 THEN 'connection'
                   WHEN 2 THEN 'correction' ELSE 'adjustment' END AS kind,
       e.reason, b.source, b.recorded_by, b.recorded_at
FROM tap_event e JOIN unit u ON u.id = e.village_id JOIN batch b ON b.id = e.batch_id;

CREATE VIEW village_facts AS
SELECT f.id, u.code AS village_code, date(f.day * 86400, 'unixepoch') AS as_of,
       f.households, f.habitations, f.schools, f.schools_with_tap, f.anganwadis,
       f.anganwadis_with_tap, f.sc_population, f.st_population,
       f.general_population, f.service_lpcd, b.source, b.recorded_by,
       b.recorded_at
FROM village_fact f JOIN unit u ON u.id = f.village_id JOIN batch b ON b.id = f.batch_id;

CREATE TRIGGER tap_event_no_update BEFORE UPDATE ON tap_event
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER tap_event_no_delete BEFORE DELETE ON tap_event
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER village_fact_no_update BEFORE UPDATE ON village_fact
BEGIN SELECT RAISE(ABORT, 'village facts are append-only'); END;
CREATE TRIGGER village_fact_no_delete BEFORE DELETE ON village_fact
BEGIN SELECT RAISE(ABORT, 'village facts are append-only'); END;
CREATE TRIGGER batch_no_update BEFORE UPDATE ON batch
BEGIN SELECT RAISE(ABORT, 'batches are append-only'); END;
CREATE TRIGGER batch_no_delete BEFORE DELETE ON batch
BEGIN SELECT RAISE(ABORT, 'batches are append-only'); END;
CREATE TRIGGER unit_former_name_no_update BEFORE UPDATE ON unit_former_name
BEGIN SELECT RAISE(ABORT, 'name history is append-only'); END;
CREATE TRIGGER unit_former_name_no_delete BEFORE DELETE ON unit_former_name
BEGIN SELECT RAISE(ABORT, 'name history is append-only'); END;
CREATE TRIGGER unit_no_delete BEFORE DELETE ON unit
BEGIN SELECT RAISE(ABORT, 'places are never deleted'); END;
