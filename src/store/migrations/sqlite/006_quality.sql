-- Water quality: the standard (IS 10500) as versioned data, laboratories
-- and their accreditation, drinking-water sources and sampling points,
-- samples as a ledger of events with their results, alerts raised by
-- failing samples and the remedial actions taken, the women of each
-- village trained to use field test kits, and the surveillance rules.
--
-- Days are whole days since 1970-01-01 (as in the ledger); times are
-- ISO-8601 UTC text.  Samples, their events and results, accreditations
-- and trained testers are append-only; an alert is closed once, an action
-- is completed once, and nothing else changes a row.

-- A version of the standard.  The version in force on a date is the one
-- with the latest in_force_from on or before it; a result keeps the
-- version it was graded by.
CREATE TABLE wq_standard (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,        -- 'IS 10500:2012'
  title TEXT NOT NULL,
  in_force_from INTEGER NOT NULL,   -- day
  note TEXT
) STRICT;

-- family: what kind of test it is (a lab is "chemical" or
-- "bacteriological" for the surveillance rule; physical parameters count
-- as chemical testing).  contaminant: the class a failure of it marks a
-- habitation affected by.  ordinal: display order.
CREATE TABLE wq_parameter (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  name_hi TEXT NOT NULL,
  family TEXT NOT NULL CHECK (family IN ('physical', 'chemical',
    'bacteriological')),
  contaminant TEXT NOT NULL CHECK (contaminant IN ('arsenic', 'fluoride',
    'iron', 'salinity', 'nitrate', 'heavy_metals', 'bacteriological',
    'other')),
  ordinal INTEGER NOT NULL
) STRICT;

-- A parameter's limits in a version of the standard.
--   kind 'max':    acceptable when value <= acceptable_max; permissible
--                  (tolerable only where the source has no alternate
--                  source) when <= permissible_max; beyond otherwise.
--                  permissible_max NULL: no relaxation.
--   kind 'range':  acceptable when acceptable_min <= value <=
--                  acceptable_max; beyond otherwise (no relaxation).
--   kind 'min':    acceptable when acceptable_min <= value (and value <=
--                  permissible_max when set); below the minimum beyond;
--                  above permissible_max permissible.
--   kind 'absent': "not detectable in 100 ml": acceptable when not
--                  detected (a count of 0 or an absent presence test);
--                  beyond otherwise.
-- applies_when: NULL always; 'chlorinated' only for samples of a
-- chlorinated supply (others are recorded and graded not_applicable).
CREATE TABLE wq_limit (
  standard_id INTEGER NOT NULL REFERENCES wq_standard(id),
  parameter_id INTEGER NOT NULL REFERENCES wq_parameter(id),
  unit TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('max', 'range', 'min', 'absent')),
  acceptable_min REAL,
  acceptable_max REAL,
  permissible_max REAL,
  applies_when TEXT CHECK (applies_when IN ('chlorinated')),
  note TEXT,
  PRIMARY KEY (standard_id, parameter_id)
) STRICT;

-- The standard's rules across parameters.
--   kind 'sum_max':      parameter + other_parameter <= value, else the
--                        result of parameter is beyond (iron plus
--                        manganese at most 0.3 mg/l; applies when both
--                        were tested).
--   kind 'relax_if_max': parameter may be above its acceptable limit, up
--                        to its permissible limit, only when
--                        other_parameter <= value; when other_parameter
--                        is higher or was not tested, such a result is
--                        beyond (sulphate up to 400 mg/l only when
--                        magnesium is at most 30 mg/l).
CREATE TABLE wq_cross_rule (
  id INTEGER PRIMARY KEY,
  standard_id INTEGER NOT NULL REFERENCES wq_standard(id),
  kind TEXT NOT NULL CHECK (kind IN ('sum_max', 'relax_if_max')),
  parameter_id INTEGER NOT NULL REFERENCES wq_parameter(id),
  other_parameter_id INTEGER NOT NULL REFERENCES wq_parameter(id),
  value REAL NOT NULL,
  note TEXT
) STRICT;

-- Rules of the surveillance framework, as data (names in quality/).
CREATE TABLE wq_rule (
  name TEXT PRIMARY KEY,
  value REAL NOT NULL,
  note TEXT NOT NULL
) STRICT;

-- Water treatment plants (for CS1 B(i)): the place they stand in, whether
-- geotagged, and the NABL lab a plant without its own lab is linked to.
CREATE TABLE wq_treatment_plant (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  latitude REAL,
  longitude REAL,
  linked_lab_id INTEGER,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

-- Laboratories.  unit_id: the place it belongs to (a state for a state
-- referral lab, a district, a block; the plant's place for a WTP lab).
-- refers_to_lab_id: where its positive samples are referred (block lab to
-- district lab to state lab); NULL for a state lab.
CREATE TABLE wq_lab (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('state', 'district', 'block',
    'mobile', 'wtp')),
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  treatment_plant_id INTEGER REFERENCES wq_treatment_plant(id),
  refers_to_lab_id INTEGER REFERENCES wq_lab(id),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  closed_on INTEGER,  -- day; NULL: open
  CHECK ((level = 'wtp') = (treatment_plant_id IS NOT NULL))
) STRICT;
CREATE INDEX wq_lab_unit ON wq_lab(unit_id);

-- The places a lab serves (its own place when it has no rows here).
CREATE TABLE wq_lab_serves (
  lab_id INTEGER NOT NULL REFERENCES wq_lab(id),
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  PRIMARY KEY (lab_id, unit_id)
) STRICT, WITHOUT ROWID;

-- The parameters a lab can test.
CREATE TABLE wq_lab_parameter (
  lab_id INTEGER NOT NULL REFERENCES wq_lab(id),
  parameter_id INTEGER NOT NULL REFERENCES wq_parameter(id),
  PRIMARY KEY (lab_id, parameter_id)
) STRICT, WITHOUT ROWID;

-- NABL accreditation certificates (ISO/IEC 17025), append-only: a lab is
-- accredited on a day when a certificate's validity covers it.
CREATE TABLE wq_accreditation (
  id INTEGER PRIMARY KEY,
  lab_id INTEGER NOT NULL REFERENCES wq_lab(id),
  certificate_no TEXT NOT NULL,
  valid_from INTEGER NOT NULL,  -- day
  valid_to INTEGER NOT NULL,    -- day, inclusive
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  CHECK (valid_to >= valid_from)
) STRICT;
CREATE INDEX wq_accreditation_lab ON wq_accreditation(lab_id);

-- Drinking-water sources.  has_alternate: an alternate safe source exists
-- (a result above the acceptable limit is then not tolerable).
-- scheme: the scheme it feeds, as text until schemes are a module.
CREATE TABLE wq_source (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  village_id INTEGER NOT NULL REFERENCES unit(id),
  habitation_id INTEGER REFERENCES unit(id),
  type TEXT NOT NULL CHECK (type IN ('borewell', 'tube_well', 'open_well',
    'hand_pump', 'river', 'reservoir', 'canal', 'pond', 'spring')),
  name TEXT,
  scheme TEXT,
  has_alternate INTEGER NOT NULL DEFAULT 0 CHECK (has_alternate IN (0, 1)),
  latitude REAL,
  longitude REAL,
  created_on INTEGER NOT NULL,  -- day it counts from
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
CREATE INDEX wq_source_village ON wq_source(village_id);

-- Sampling points along the supply other than the source itself.
CREATE TABLE wq_sampling_point (
  id INTEGER PRIMARY KEY,
  village_id INTEGER NOT NULL REFERENCES unit(id),
  habitation_id INTEGER REFERENCES unit(id),
  source_id INTEGER REFERENCES wq_source(id),
  kind TEXT NOT NULL CHECK (kind IN ('wtp_inlet', 'wtp_outlet',
    'storage_esr', 'storage_gsr', 'household_tap', 'school_tap',
    'anganwadi_tap', 'stand_post')),
  treatment_plant_id INTEGER REFERENCES wq_treatment_plant(id),
  description TEXT,
  latitude REAL,
  longitude REAL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
CREATE INDEX wq_sampling_point_village ON wq_sampling_point(village_id);

-- A sample as registered.  method 'lab' goes to lab_id; 'ftk' is tested in
-- the village with a field test kit.  point_kind 'source' for a sample at
-- the source (source_id set); otherwise a sampling point's kind (point_id
-- may name the point).  parent_sample_id and reason: a repeat
-- (bacteria detected), a retest (asked by the lab), a confirmation (of a
-- positive FTK test) or a referral (to the next lab up) of another sample.
CREATE TABLE wq_sample (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  request_id TEXT UNIQUE,
  method TEXT NOT NULL CHECK (method IN ('lab', 'ftk')),
  lab_id INTEGER REFERENCES wq_lab(id),
  village_id INTEGER NOT NULL REFERENCES unit(id),
  habitation_id INTEGER REFERENCES unit(id),
  source_id INTEGER REFERENCES wq_source(id),
  point_id INTEGER REFERENCES wq_sampling_point(id),
  point_kind TEXT NOT NULL CHECK (point_kind IN ('source', 'wtp_inlet',
    'wtp_outlet', 'storage_esr', 'storage_gsr', 'household_tap',
    'school_tap', 'anganwadi_tap', 'stand_post')),
  chlorinated INTEGER NOT NULL DEFAULT 0 CHECK (chlorinated IN (0, 1)),
  collected_day INTEGER NOT NULL,
  collected_by TEXT NOT NULL,  -- the collector's name
  latitude REAL,
  longitude REAL,
  parent_sample_id INTEGER REFERENCES wq_sample(id),
  reason TEXT NOT NULL CHECK (reason IN ('routine', 'repeat', 'retest',
    'confirmation', 'referral')),
  registered_at TEXT NOT NULL,
  registered_by TEXT NOT NULL,
  CHECK ((method = 'lab') = (lab_id IS NOT NULL)),
  CHECK (point_kind <> 'source' OR (source_id IS NOT NULL AND
                                     point_id IS NULL)),
  CHECK ((reason = 'routine') = (parent_sample_id IS NULL))
) STRICT;
CREATE INDEX wq_sample_village ON wq_sample(village_id);
CREATE INDEX wq_sample_lab ON wq_sample(lab_id);
CREATE INDEX wq_sample_source ON wq_sample(source_id);
CREATE INDEX wq_sample_parent ON wq_sample(parent_sample_id);

-- What happened to a sample after it was registered, in order: received
-- at the lab, tested (its results below), and then reported final, refused
-- (with a reason), or sent for retest; referred (to the next lab up, with
-- the new sample).  An FTK test is registered, tested and final at once.
CREATE TABLE wq_sample_event (
  id INTEGER PRIMARY KEY,
  sample_id INTEGER NOT NULL REFERENCES wq_sample(id),
  kind TEXT NOT NULL CHECK (kind IN ('received', 'tested', 'final',
    'refused', 'retest', 'referred')),
  day INTEGER NOT NULL,
  lab_id INTEGER REFERENCES wq_lab(id),
  related_sample_id INTEGER REFERENCES wq_sample(id),
  note TEXT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX wq_sample_event_sample ON wq_sample_event(sample_id);

-- One result of a test: the value in the unit of the standard the result
-- was graded by (value NULL for a presence/absence test, whose detected is
-- 0 or 1).  grade: 0 acceptable, 1 permissible, 2 beyond, 3 not applicable.
CREATE TABLE wq_result (
  event_id INTEGER NOT NULL REFERENCES wq_sample_event(id),
  parameter_id INTEGER NOT NULL REFERENCES wq_parameter(id),
  standard_id INTEGER NOT NULL REFERENCES wq_standard(id),
  value REAL,
  detected INTEGER CHECK (detected IN (0, 1)),
  grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 3),
  PRIMARY KEY (event_id, parameter_id),
  CHECK ((value IS NULL) <> (detected IS NULL))
) STRICT, WITHOUT ROWID;

-- An alert: a final result beyond a limit (or a positive FTK test, until
-- a lab confirms or clears it), one per sample and contaminant.  It marks
-- the habitation (the village when the sample names none) affected by the
-- contaminant until it is closed: by a passing retest of the same source
-- (or habitation) collected after a remedial action was completed.
-- repeat_due_day: for bacteria detected, the day a repeat sample is due.
CREATE TABLE wq_alert (
  id INTEGER PRIMARY KEY,
  sample_id INTEGER NOT NULL REFERENCES wq_sample(id),
  village_id INTEGER NOT NULL REFERENCES unit(id),
  habitation_id INTEGER REFERENCES unit(id),
  source_id INTEGER REFERENCES wq_source(id),
  contaminant TEXT NOT NULL,
  opened_day INTEGER NOT NULL,
  opened_at TEXT NOT NULL,
  repeat_due_day INTEGER,
  closed_day INTEGER,
  closed_by_sample_id INTEGER REFERENCES wq_sample(id),
  closed_at TEXT,
  closed_by TEXT,
  UNIQUE (sample_id, contaminant),
  CHECK ((closed_day IS NULL) = (closed_at IS NULL)),
  CHECK ((closed_day IS NULL) = (closed_by IS NULL))
) STRICT;
CREATE INDEX wq_alert_village ON wq_alert(village_id);

-- Remedial actions on an alert; done_day is filled once, when completed.
CREATE TABLE wq_remedial_action (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES wq_alert(id),
  kind TEXT NOT NULL CHECK (kind IN ('disinfection', 'source_changed',
    'treatment_unit', 'cwpp', 'advisory', 'other')),
  started_day INTEGER NOT NULL,
  done_day INTEGER,
  note TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  done_at TEXT,
  done_by TEXT,
  CHECK ((done_day IS NULL) = (done_at IS NULL)),
  CHECK ((done_day IS NULL) = (done_by IS NULL)),
  CHECK (done_day IS NULL OR done_day >= started_day)
) STRICT;
CREATE INDEX wq_remedial_action_alert ON wq_remedial_action(alert_id);

-- Women of a village trained to use field test kits (an account of the
-- ftk_tester role may be theirs).
CREATE TABLE wq_trained_tester (
  id INTEGER PRIMARY KEY,
  village_id INTEGER NOT NULL REFERENCES unit(id),
  name TEXT NOT NULL,
  trained_day INTEGER NOT NULL,
  account_id INTEGER REFERENCES account(id),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX wq_trained_tester_village ON wq_trained_tester(village_id);

CREATE TRIGGER wq_sample_append_only_u BEFORE UPDATE ON wq_sample
BEGIN SELECT RAISE(ABORT, 'samples are append-only'); END;
CREATE TRIGGER wq_sample_append_only_d BEFORE DELETE ON wq_sample
BEGIN SELECT RAISE(ABORT, 'samples are append-only'); END;
CREATE TRIGGER wq_sample_event_append_only_u BEFORE UPDATE ON wq_sample_event
BEGIN SELECT RAISE(ABORT, 'sample events are append-only'); END;
CREATE TRIGGER wq_sample_event_append_only_d BEFORE DELETE ON wq_sample_event
BEGIN SELECT RAISE(ABORT, 'sample events are append-only'); END;
CREATE TRIGGER wq_result_append_only_u BEFORE UPDATE ON wq_result
BEGIN SELECT RAISE(ABORT, 'results are append-only'); END;
CREATE TRIGGER wq_result_append_only_d BEFORE DELETE ON wq_result
BEGIN SELECT RAISE(ABORT, 'results are append-only'); END;
CREATE TRIGGER wq_accreditation_append_only_u BEFORE UPDATE ON wq_accreditation
BEGIN SELECT RAISE(ABORT, 'accreditations are append-only'); END;
CREATE TRIGGER wq_accreditation_append_only_d BEFORE DELETE ON wq_accreditation
BEGIN SELECT RAISE(ABORT, 'accreditations are append-only'); END;
CREATE TRIGGER wq_trained_tester_append_only_u BEFORE UPDATE ON wq_trained_tester
BEGIN SELECT RAISE(ABORT, 'trained testers are append-only'); END;
CREATE TRIGGER wq_trained_tester_append_only_d BEFORE DELETE ON wq_trained_tester
BEGIN SELECT RAISE(ABORT, 'trained testers are append-only'); END;
CREATE TRIGGER wq_alert_no_delete BEFORE DELETE ON wq_alert
BEGIN SELECT RAISE(ABORT, 'alerts are closed, never deleted'); END;
CREATE TRIGGER wq_alert_close_only BEFORE UPDATE ON wq_alert
WHEN OLD.closed_day IS NOT NULL OR NEW.id IS NOT OLD.id
  OR NEW.sample_id IS NOT OLD.sample_id OR NEW.village_id IS NOT OLD.village_id
  OR NEW.habitation_id IS NOT OLD.habitation_id
  OR NEW.source_id IS NOT OLD.source_id
  OR NEW.contaminant IS NOT OLD.contaminant
  OR NEW.opened_day IS NOT OLD.opened_day OR NEW.opened_at IS NOT OLD.opened_at
  OR NEW.repeat_due_day IS NOT OLD.repeat_due_day
BEGIN SELECT RAISE(ABORT, 'an alert can only be closed, once'); END;
CREATE TRIGGER wq_remedial_action_no_delete BEFORE DELETE ON wq_remedial_action
BEGIN SELECT RAISE(ABORT, 'remedial actions are never deleted'); END;
CREATE TRIGGER wq_remedial_action_done_only BEFORE UPDATE ON wq_remedial_action
WHEN OLD.done_day IS NOT NULL OR NEW.id IS NOT OLD.id
  OR NEW.alert_id IS NOT OLD.alert_id OR NEW.kind IS NOT OLD.kind
  OR NEW.started_day IS NOT OLD.started_day OR NEW.note IS NOT OLD.note
  OR NEW.recorded_at IS NOT OLD.recorded_at
  OR NEW.recorded_by IS NOT OLD.recorded_by
BEGIN SELECT RAISE(ABORT, 'a remedial action can only be completed, once'); END;

-- Roles for water quality: lab_analyst (bound to a lab) and ftk_tester
-- (bound to a village).  SQLite cannot change a CHECK, so account_role is
-- rebuilt with the same rows.
CREATE TABLE account_role_006 (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id),
  role TEXT NOT NULL CHECK (role IN ('national_admin', 'national_viewer',
    'state_officer', 'district_officer', 'block_officer', 'vwsc_operator',
    'partner_user', 'lab_analyst', 'ftk_tester')),
  unit_id INTEGER REFERENCES unit(id),
  partner_id INTEGER,
  lab_id INTEGER REFERENCES wq_lab(id),
  granted_at TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT,
  CHECK ((role = 'lab_analyst') = (lab_id IS NOT NULL))
) STRICT;
INSERT INTO account_role_006 (id, account_id, role, unit_id, partner_id,
  lab_id, granted_at, granted_by, revoked_at, revoked_by)
SELECT id, account_id, role, unit_id, partner_id, NULL, granted_at,
  granted_by, revoked_at, revoked_by FROM account_role;
DROP TABLE account_role;
ALTER TABLE account_role_006 RENAME TO account_role;
CREATE INDEX account_role_account ON account_role(account_id);
CREATE INDEX account_role_lab ON account_role(lab_id);

-- IS 10500:2012 (Second Revision), the base text.  Uranium (0.03 mg/l) was
-- adopted later; it is kept here so that labs testing it are graded.
INSERT INTO wq_standard (id, code, title, in_force_from, note) VALUES
  (1, 'IS 10500:2012', 'Drinking Water - Specification (Second Revision)',
   15461, 'BIS, May 2012. Column 3 acceptable limit; column 4 permissible '
   || 'limit in the absence of an alternate source.');

INSERT INTO wq_parameter (id, code, name_en, name_hi, family, contaminant,
  ordinal) VALUES
  (1, 'ph', 'pH', 'पीएच', 'physical', 'other', 1),
  (2, 'turbidity', 'Turbidity', 'गंदलापन', 'physical', 'other', 2),
  (3, 'tds', 'Total dissolved solids', 'कुल घुलित ठोस', 'physical',
   'salinity', 3),
  (4, 'colour', 'Colour', 'रंग', 'physical', 'other', 4),
  (5, 'total_hardness', 'Total hardness (as CaCO3)', 'कुल कठोरता', 'chemical',
   'other', 5),
  (6, 'total_alkalinity', 'Total alkalinity (as CaCO3)', 'कुल क्षारीयता',
   'chemical', 'other', 6),
  (7, 'chloride', 'Chloride (as Cl)', 'क्लोराइड', 'chemical', 'salinity', 7),
  (8, 'sulphate', 'Sulphate (as SO4)', 'सल्फेट', 'chemical', 'other', 8),
  (9, 'nitrate', 'Nitrate (as NO3)', 'नाइट्रेट', 'chemical', 'nitrate', 9),
  (10, 'fluoride', 'Fluoride (as F)', 'फ्लोराइड', 'chemical', 'fluoride', 10),
  (11, 'iron', 'Iron (as Fe)', 'लोहा', 'chemical', 'iron', 11),
  (12, 'manganese', 'Manganese (as Mn)', 'मैंगनीज़', 'chemical', 'iron', 12),
  (13, 'calcium', 'Calcium (as Ca)', 'कैल्शियम', 'chemical', 'other', 13),
  (14, 'magnesium', 'Magnesium (as Mg)', 'मैग्नीशियम', 'chemical', 'other', 14),
  (15, 'free_residual_chlorine', 'Free residual chlorine',
   'मुक्त अवशिष्ट क्लोरीन', 'chemical', 'other', 15),
  (16, 'arsenic', 'Arsenic (as As)', 'आर्सेनिक', 'chemical', 'arsenic', 16),
  (17, 'lead', 'Lead (as Pb)', 'सीसा', 'chemical', 'heavy_metals', 17),
  (18, 'cadmium', 'Cadmium (as Cd)', 'कैडमियम', 'chemical', 'heavy_metals', 18),
  (19, 'mercury', 'Mercury (as Hg)', 'पारा', 'chemical', 'heavy_metals', 19),
  (20, 'total_chromium', 'Total chromium (as Cr)', 'कुल क्रोमियम', 'chemical',
   'heavy_metals', 20),
  (21, 'nickel', 'Nickel (as Ni)', 'निकल', 'chemical', 'heavy_metals', 21),
  (22, 'uranium', 'Uranium (as U)', 'यूरेनियम', 'chemical', 'heavy_metals', 22),
  (23, 'total_coliform', 'Total coliform bacteria', 'कुल कोलीफॉर्म',
   'bacteriological', 'bacteriological', 23),
  (24, 'e_coli', 'E. coli or thermotolerant coliform bacteria', 'ई. कोलाई',
   'bacteriological', 'bacteriological', 24);

INSERT INTO wq_limit (standard_id, parameter_id, unit, kind, acceptable_min,
  acceptable_max, permissible_max, applies_when, note) VALUES
  (1, 1, 'pH', 'range', 6.5, 8.5, NULL, NULL, 'Table 1; no relaxation'),
  (1, 2, 'NTU', 'max', NULL, 1, 5, NULL, 'Table 1'),
  (1, 3, 'mg/l', 'max', NULL, 500, 2000, NULL, 'Table 1'),
  (1, 4, 'Hazen', 'max', NULL, 5, 15, NULL,
   'Table 1; 15 only if toxic substances are not suspected'),
  (1, 5, 'mg/l', 'max', NULL, 200, 600, NULL, 'Table 2'),
  (1, 6, 'mg/l', 'max', NULL, 200, 600, NULL, 'Table 2'),
  (1, 7, 'mg/l', 'max', NULL, 250, 1000, NULL, 'Table 2'),
  (1, 8, 'mg/l', 'max', NULL, 200, 400, NULL,
   'Table 2; 400 only if magnesium does not exceed 30 mg/l'),
  (1, 9, 'mg/l', 'max', NULL, 45, NULL, NULL, 'Table 2; no relaxation'),
  (1, 10, 'mg/l', 'max', NULL, 1.0, 1.5, NULL, 'Table 2'),
  (1, 11, 'mg/l', 'max', NULL, 0.3, NULL, NULL,
   'Table 2; no relaxation; iron plus manganese at most 0.3 mg/l'),
  (1, 12, 'mg/l', 'max', NULL, 0.1, 0.3, NULL, 'Table 2'),
  (1, 13, 'mg/l', 'max', NULL, 75, 200, NULL, 'Table 2'),
  (1, 14, 'mg/l', 'max', NULL, 30, 100, NULL, 'Table 2'),
  (1, 15, 'mg/l', 'min', 0.2, NULL, 1, 'chlorinated',
   'Table 2; at least 0.2 mg/l at the consumer end where chlorinated'),
  (1, 16, 'mg/l', 'max', NULL, 0.01, 0.05, NULL, 'Table 3'),
  (1, 17, 'mg/l', 'max', NULL, 0.01, NULL, NULL, 'Table 3; no relaxation'),
  (1, 18, 'mg/l', 'max', NULL, 0.003, NULL, NULL, 'Table 3; no relaxation'),
  (1, 19, 'mg/l', 'max', NULL, 0.001, NULL, NULL, 'Table 3; no relaxation'),
  (1, 20, 'mg/l', 'max', NULL, 0.05, NULL, NULL, 'Table 3; no relaxation'),
  (1, 21, 'mg/l', 'max', NULL, 0.02, NULL, NULL, 'Table 3; no relaxation'),
  (1, 22, 'mg/l', 'max', NULL, 0.03, NULL, NULL,
   'adopted by BIS after 2012; no relaxation'),
  (1, 23, 'per 100 ml', 'absent', NULL, NULL, NULL, NULL,
   'Table 6; not detectable in any 100 ml sample'),
  (1, 24, 'per 100 ml', 'absent', NULL, NULL, NULL, NULL,
   'Table 6; not detectable in any 100 ml sample');

INSERT INTO wq_cross_rule (id, standard_id, kind, parameter_id,
  other_parameter_id, value, note) VALUES
  (1, 1, 'sum_max', 12, 11, 0.3,
   'Table 2: total concentration of manganese and iron at most 0.3 mg/l'),
  (2, 1, 'relax_if_max', 8, 14, 30,
   'Table 2: sulphate may be extended to 400 mg/l only if magnesium does '
   || 'not exceed 30 mg/l');

INSERT INTO wq_rule (name, value, note) VALUES
  ('source_chemical_tests_per_year', 1,
   'every source tested once a financial year for the chemical parameters'),
  ('source_bacteriological_tests_per_year', 2,
   'every source tested twice a financial year for bacteria: pre-monsoon '
   || '(April to June) and post-monsoon (October to March)'),
  ('district_lab_samples_per_month', 250,
   'a district lab tests about 250 samples a month'),
  ('ftk_women_population_band', 1000,
   'village population up to which the smaller number of trained women '
   || 'suffices'),
  ('ftk_women_small_village', 2,
   'trained women needed in a village of population up to the band'),
  ('ftk_women_large_village', 5,
   'trained women needed in a village of population above the band'),
  ('persons_per_household', 4.94,
   'rural persons a household, for a village whose population is not '
   || 'reported (Census 2011 A-1: 83,37,48,852 rural persons in '
   || '16,86,12,897 households)'),
  ('bacteria_repeat_days', 1,
   'days within which a repeat sample is due after bacteria are detected '
   || '(IS 10500 Table 6: immediate)');
