-- Water supply as delivered: a village's Har Ghar Jal status (reported by
-- an officer, certified by its Gram Sabha and reviewed by the district),
-- piped water supply schemes with the villages they serve and their
-- in-village assets, the service level each village receives, and the
-- functionality assessment as a survey (rounds, the villages and
-- households drawn with their weights, and what surveyors recorded).
--
-- Days are whole days since 1970-01-01; times ISO-8601 UTC text.  Status
-- events, asset conditions, service-level records, survey draws and
-- responses are append-only (a later response for the same household
-- supersedes an earlier one; both are kept).  The Gram Sabha's resolution
-- and video are rows of `document` (owner 'hgj:<village id>').

-- A change of a village's Har Ghar Jal status, in order.  'reported': every
-- household, school and anganwadi had a tap by jjm's figures when it was
-- reported; 'submitted': the Gram Sabha's certification (date, resolution
-- number, the resolution and a video); 'certified' / 'returned': the
-- district's review ('returned' with a reason).  A later drop in coverage
-- puts the village back in progress; that is read off the coverage
-- figures, not stored (supply/certification.h).
CREATE TABLE hgj_event (
  id INTEGER PRIMARY KEY,
  village_id INTEGER NOT NULL REFERENCES unit(id),
  status TEXT NOT NULL CHECK (status IN ('reported', 'submitted',
    'certified', 'returned')),
  day INTEGER NOT NULL,
  reason TEXT,
  gram_sabha_day INTEGER,
  resolution_no TEXT,
  resolution_document_id INTEGER REFERENCES document(id),
  video_document_id INTEGER REFERENCES document(id),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  CHECK ((status = 'submitted') = (gram_sabha_day IS NOT NULL)),
  CHECK (status <> 'submitted' OR (resolution_no IS NOT NULL AND
    resolution_document_id IS NOT NULL AND video_document_id IS NOT NULL)),
  CHECK (status <> 'returned' OR reason IS NOT NULL)
) STRICT;
CREATE INDEX hgj_event_village ON hgj_event(village_id, id);

-- Piped water supply schemes.  status: sanctioned, in_progress (works
-- under way), commissioned, closed.
CREATE TABLE scheme (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('single_village', 'multi_village')),
  sanctioned_day INTEGER NOT NULL,
  sanction_cost_lakh REAL NOT NULL CHECK (sanction_cost_lakh >= 0),
  commissioned_day INTEGER,
  agency TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sanctioned', 'in_progress',
    'commissioned', 'closed')),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  CHECK (commissioned_day IS NULL OR commissioned_day >= sanctioned_day)
) STRICT;

-- The villages (and, where named, habitations) a scheme serves, and the
-- drinking-water sources (water quality's register) it draws on.
CREATE TABLE scheme_village (
  scheme_id INTEGER NOT NULL REFERENCES scheme(id),
  village_id INTEGER NOT NULL REFERENCES unit(id),
  PRIMARY KEY (scheme_id, village_id)
) STRICT;
CREATE INDEX scheme_village_village ON scheme_village(village_id);
CREATE TABLE scheme_habitation (
  scheme_id INTEGER NOT NULL REFERENCES scheme(id),
  habitation_id INTEGER NOT NULL REFERENCES unit(id),
  PRIMARY KEY (scheme_id, habitation_id)
) STRICT;
CREATE TABLE scheme_source (
  scheme_id INTEGER NOT NULL REFERENCES scheme(id),
  source_id INTEGER NOT NULL REFERENCES wq_source(id),
  PRIMARY KEY (scheme_id, source_id)
) STRICT;

-- An in-village asset of a scheme; capacity in capacity_unit (kl for
-- storage, kW or hp for a pump, m for pipe, a count of connections, kl/day
-- for treatment).
CREATE TABLE scheme_asset (
  id INTEGER PRIMARY KEY,
  scheme_id INTEGER NOT NULL REFERENCES scheme(id),
  village_id INTEGER NOT NULL REFERENCES unit(id),
  type TEXT NOT NULL CHECK (type IN ('source_work', 'pump', 'rising_main',
    'treatment_unit', 'overhead_tank', 'ground_storage',
    'distribution_pipeline', 'household_connections', 'chlorinator')),
  name TEXT,
  capacity REAL CHECK (capacity IS NULL OR capacity >= 0),
  capacity_unit TEXT,
  commissioned_day INTEGER,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
CREATE INDEX scheme_asset_scheme ON scheme_asset(scheme_id);
CREATE INDEX scheme_asset_village ON scheme_asset(village_id);

-- An asset's condition from `day` on, as found.
CREATE TABLE scheme_asset_condition (
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES scheme_asset(id),
  day INTEGER NOT NULL,
  condition TEXT NOT NULL CHECK (condition IN ('working', 'partly_working',
    'not_working', 'abandoned')),
  note TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX scheme_asset_condition_asset ON scheme_asset_condition(asset_id);

-- Litres per person per day a village received, by the scheme's records
-- (survey figures are read from the responses).
CREATE TABLE service_level (
  id INTEGER PRIMARY KEY,
  village_id INTEGER NOT NULL REFERENCES unit(id),
  day INTEGER NOT NULL,
  lpcd REAL NOT NULL CHECK (lpcd >= 0),
  note TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX service_level_village ON service_level(village_id);

-- A round of the functionality assessment: villages drawn with probability
-- proportional to households within each district of `place_id`, from the
-- frame on `frame_day` ('reported': Har Ghar Jal reported villages; 'all':
-- villages with households), then households within each village, from
-- `seed` (supply/survey.h).
CREATE TABLE fa_round (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  period_from INTEGER NOT NULL,
  period_to INTEGER NOT NULL,
  methodology TEXT NOT NULL,
  place_id INTEGER REFERENCES unit(id),  -- NULL: India
  seed INTEGER NOT NULL,
  villages_per_district INTEGER NOT NULL CHECK (villages_per_district >= 1),
  households_per_village INTEGER NOT NULL CHECK (households_per_village >= 1),
  frame TEXT NOT NULL CHECK (frame IN ('reported', 'all')),
  frame_day INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK (period_to >= period_from)
) STRICT;

-- The villages drawn: households in the frame, inclusion probability and
-- weight (1 / probability).
CREATE TABLE fa_village (
  round_id INTEGER NOT NULL REFERENCES fa_round(id),
  village_id INTEGER NOT NULL REFERENCES unit(id),
  district_id INTEGER NOT NULL REFERENCES unit(id),
  households INTEGER NOT NULL CHECK (households >= 1),
  probability REAL NOT NULL CHECK (probability > 0 AND probability <= 1),
  weight REAL NOT NULL,
  PRIMARY KEY (round_id, village_id)
) STRICT;

-- The households drawn in each village (serial numbers in the village's
-- household list) with their weight within the village.
CREATE TABLE fa_household (
  round_id INTEGER NOT NULL,
  village_id INTEGER NOT NULL,
  household_no INTEGER NOT NULL CHECK (household_no >= 1),
  weight REAL NOT NULL,
  PRIMARY KEY (round_id, village_id, household_no),
  FOREIGN KEY (round_id, village_id) REFERENCES fa_village(round_id, village_id)
) STRICT;

-- What a surveyor recorded at a household.  quality_method 'ftk' or 'lab'
-- (sample_id: the water-quality sample), quality_result 'safe'/'unsafe'.
-- promised_*: the scheme's schedule (0 hours: none stated).
CREATE TABLE fa_response (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL,
  village_id INTEGER NOT NULL,
  household_no INTEGER NOT NULL,
  request_id TEXT UNIQUE,
  tap_present INTEGER NOT NULL CHECK (tap_present IN (0, 1)),
  water_last_7_days INTEGER NOT NULL CHECK (water_last_7_days IN (0, 1)),
  litres_per_day REAL NOT NULL CHECK (litres_per_day >= 0),
  household_size INTEGER NOT NULL CHECK (household_size >= 1),
  days_per_week INTEGER NOT NULL CHECK (days_per_week BETWEEN 0 AND 7),
  hours_per_day REAL NOT NULL CHECK (hours_per_day BETWEEN 0 AND 24),
  promised_days INTEGER NOT NULL CHECK (promised_days BETWEEN 1 AND 7),
  promised_hours REAL NOT NULL CHECK (promised_hours BETWEEN 0 AND 24),
  quality_method TEXT NOT NULL CHECK (quality_method IN ('ftk', 'lab')),
  quality_result TEXT NOT NULL CHECK (quality_result IN ('safe', 'unsafe')),
  sample_id INTEGER REFERENCES wq_sample(id),
  day INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  FOREIGN KEY (round_id, village_id, household_no)
    REFERENCES fa_household(round_id, village_id, household_no)
) STRICT;
CREATE INDEX fa_response_round ON fa_response(round_id, village_id);

CREATE TRIGGER hgj_event_append_only_u BEFORE UPDATE ON hgj_event
BEGIN SELECT RAISE(ABORT, 'status changes are append-only'); END;
CREATE TRIGGER hgj_event_append_only_d BEFORE DELETE ON hgj_event
BEGIN SELECT RAISE(ABORT, 'status changes are append-only'); END;
CREATE TRIGGER scheme_asset_condition_append_only_u BEFORE UPDATE ON scheme_asset_condition
BEGIN SELECT RAISE(ABORT, 'asset conditions are append-only'); END;
CREATE TRIGGER scheme_asset_condition_append_only_d BEFORE DELETE ON scheme_asset_condition
BEGIN SELECT RAISE(ABORT, 'asset conditions are append-only'); END;
CREATE TRIGGER service_level_append_only_u BEFORE UPDATE ON service_level
BEGIN SELECT RAISE(ABORT, 'service levels are append-only'); END;
CREATE TRIGGER service_level_append_only_d BEFORE DELETE ON service_level
BEGIN SELECT RAISE(ABORT, 'service levels are append-only'); END;
CREATE TRIGGER fa_village_append_only_u BEFORE UPDATE ON fa_village
BEGIN SELECT RAISE(ABORT, 'survey draws are kept as drawn'); END;
CREATE TRIGGER fa_village_append_only_d BEFORE DELETE ON fa_village
BEGIN SELECT RAISE(ABORT, 'survey draws are kept as drawn'); END;
CREATE TRIGGER fa_household_append_only_u BEFORE UPDATE ON fa_household
BEGIN SELECT RAISE(ABORT, 'survey draws are kept as drawn'); END;
CREATE TRIGGER fa_household_append_only_d BEFORE DELETE ON fa_household
BEGIN SELECT RAISE(ABORT, 'survey draws are kept as drawn'); END;
CREATE TRIGGER fa_response_append_only_u BEFORE UPDATE ON fa_response
BEGIN SELECT RAISE(ABORT, 'survey responses are append-only'); END;
CREATE TRIGGER fa_response_append_only_d BEFORE DELETE ON fa_response
BEGIN SELECT RAISE(ABORT, 'survey responses are append-only'); END;

-- The surveyor role (bound to a state or district): records households of
-- the functionality assessment.  SQLite cannot change a CHECK, so
-- account_role is rebuilt with the same rows.
CREATE TABLE account_role_007 (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id),
  role TEXT NOT NULL CHECK (role IN ('national_admin', 'national_viewer',
    'state_officer', 'district_officer', 'block_officer', 'vwsc_operator',
    'partner_user', 'lab_analyst', 'ftk_tester', 'surveyor')),
  unit_id INTEGER REFERENCES unit(id),
  partner_id INTEGER,
  lab_id INTEGER REFERENCES wq_lab(id),
  granted_at TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT,
  CHECK ((role = 'lab_analyst') = (lab_id IS NOT NULL))
) STRICT;
INSERT INTO account_role_007 (id, account_id, role, unit_id, partner_id,
  lab_id, granted_at, granted_by, revoked_at, revoked_by)
SELECT id, account_id, role, unit_id, partner_id, lab_id, granted_at,
  granted_by, revoked_at, revoked_by FROM account_role;
DROP TABLE account_role;
ALTER TABLE account_role_007 RENAME TO account_role;
CREATE INDEX account_role_account ON account_role(account_id);
CREATE INDEX account_role_lab ON account_role(lab_id);
