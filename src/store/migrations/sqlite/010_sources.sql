-- Sources and their sustainability (the village's own side, issue 12):
-- groundwater levels before and after the monsoon, yields and dry spells
-- of each source; source-strengthening and recharge works and greywater
-- structures of a village, with their cost and the convergence scheme
-- that paid.
--
-- Sources are the water-quality module's register (wq_source, migration
-- 006): there is one register of sources, a source is recorded there
-- first (POST /api/v1/quality/sources) and its levels here.  Days are
-- whole days since 1970-01-01; money is in paise.  Levels, yields and
-- greywater structures are append-only; a dry spell's revival and a
-- work's completion are set once.

-- A groundwater level: depth of the water below ground in metres
-- (negative: a flowing well's head above ground), before or after the
-- monsoon.
CREATE TABLE source_level (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES wq_source(id),
  day INTEGER NOT NULL,
  season TEXT NOT NULL CHECK (season IN ('pre_monsoon', 'post_monsoon')),
  depth_m REAL NOT NULL CHECK (depth_m >= -50 AND depth_m <= 2000),
  note TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX source_level_source ON source_level(source_id, day);

-- A yield measured: litres an hour the source gave on a day.
CREATE TABLE source_yield (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES wq_source(id),
  day INTEGER NOT NULL,
  litres_per_hour INTEGER NOT NULL CHECK (litres_per_hour >= 0 AND
    litres_per_hour <= 100000000),
  note TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX source_yield_source ON source_yield(source_id, day);

-- A source that dried up on a day and (once known) revived on a day.
CREATE TABLE source_dry_spell (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES wq_source(id),
  dried_day INTEGER NOT NULL,
  revived_day INTEGER,
  note TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  revived_recorded_at TEXT,
  revived_recorded_by TEXT,
  CHECK (revived_day IS NULL OR revived_day >= dried_day)
) STRICT;
CREATE INDEX source_dry_spell_source ON source_dry_spell(source_id);

-- A source-strengthening or recharge work of a village (of one source,
-- where it is for one), what it cost and which convergence scheme paid.
CREATE TABLE recharge_work (
  id INTEGER PRIMARY KEY,
  village_id INTEGER NOT NULL REFERENCES unit(id),
  source_id INTEGER REFERENCES wq_source(id),
  kind TEXT NOT NULL CHECK (kind IN ('recharge_pit', 'check_dam',
    'pond_renovation', 'rooftop_harvesting', 'other')),
  started_day INTEGER NOT NULL,
  completed_day INTEGER,
  cost_paise INTEGER NOT NULL CHECK (cost_paise >= 0),
  paid_by TEXT NOT NULL CHECK (paid_by IN ('mgnregs', 'finance_commission',
    'other')),
  paid_by_note TEXT,
  note TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  completed_recorded_at TEXT,
  completed_recorded_by TEXT,
  CHECK (completed_day IS NULL OR completed_day >= started_day)
) STRICT;
CREATE INDEX recharge_work_village ON recharge_work(village_id);

-- Greywater management structures of a village completed on a day.
CREATE TABLE greywater_structure (
  id INTEGER PRIMARY KEY,
  village_id INTEGER NOT NULL REFERENCES unit(id),
  kind TEXT NOT NULL CHECK (kind IN ('soak_pit', 'leach_pit', 'magic_pit',
    'stabilisation_pond', 'other')),
  count INTEGER NOT NULL CHECK (count >= 1),
  households_served INTEGER NOT NULL CHECK (households_served >= 0),
  completed_day INTEGER NOT NULL,
  cost_paise INTEGER NOT NULL CHECK (cost_paise >= 0),
  paid_by TEXT NOT NULL CHECK (paid_by IN ('mgnregs', 'finance_commission',
    'other')),
  paid_by_note TEXT,
  note TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX greywater_structure_village ON greywater_structure(village_id);

CREATE TRIGGER source_level_append_only_u BEFORE UPDATE ON source_level
BEGIN SELECT RAISE(ABORT, 'levels are append-only'); END;
CREATE TRIGGER source_level_append_only_d BEFORE DELETE ON source_level
BEGIN SELECT RAISE(ABORT, 'levels are append-only'); END;
CREATE TRIGGER source_yield_append_only_u BEFORE UPDATE ON source_yield
BEGIN SELECT RAISE(ABORT, 'yields are append-only'); END;
CREATE TRIGGER source_yield_append_only_d BEFORE DELETE ON source_yield
BEGIN SELECT RAISE(ABORT, 'yields are append-only'); END;
CREATE TRIGGER recharge_work_no_delete BEFORE DELETE ON recharge_work
BEGIN SELECT RAISE(ABORT, 'recharge works are never deleted'); END;
CREATE TRIGGER recharge_work_complete_only BEFORE UPDATE ON recharge_work
WHEN OLD.completed_day IS NOT NULL OR NEW.id IS NOT OLD.id
  OR NEW.village_id IS NOT OLD.village_id OR NEW.source_id IS NOT OLD.source_id
  OR NEW.kind IS NOT OLD.kind OR NEW.started_day IS NOT OLD.started_day
  OR NEW.cost_paise IS NOT OLD.cost_paise OR NEW.paid_by IS NOT OLD.paid_by
  OR NEW.paid_by_note IS NOT OLD.paid_by_note OR NEW.note IS NOT OLD.note
BEGIN SELECT RAISE(ABORT, 'a recharge work can only be completed, once'); END;
CREATE TRIGGER greywater_structure_append_only_u BEFORE UPDATE
ON greywater_structure
BEGIN SELECT RAISE(ABORT, 'greywater structures are append-only'); END;
CREATE TRIGGER greywater_structure_append_only_d BEFORE DELETE
ON greywater_structure
BEGIN SELECT RAISE(ABORT, 'greywater structures are append-only'); END;
CREATE TRIGGER source_dry_spell_no_delete BEFORE DELETE ON source_dry_spell
BEGIN SELECT RAISE(ABORT, 'dry spells are never deleted'); END;
CREATE TRIGGER source_dry_spell_revive_only BEFORE UPDATE ON source_dry_spell
WHEN OLD.revived_day IS NOT NULL OR NEW.id IS NOT OLD.id
  OR NEW.source_id IS NOT OLD.source_id
  OR NEW.dried_day IS NOT OLD.dried_day OR NEW.note IS NOT OLD.note
BEGIN SELECT RAISE(ABORT, 'a dry spell can only end, once'); END;
