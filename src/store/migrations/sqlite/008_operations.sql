-- The village runs its water: its water and sanitation committee (VWSC,
-- Paani Samiti) with members and meetings, complaints with deadlines and an
-- escalation ladder (both as data), and supply breakdowns.
--
-- Days are whole days since 1970-01-01; a complaint's times are seconds
-- since 1970-01-01 UTC (its clock runs in hours).  Committees' meetings,
-- complaints and their events are append-only; a member's leaving day and
-- a breakdown's end are set once.  A complaint is never deleted: spam is
-- closed as spam, with who and why.

CREATE TABLE vwsc_committee (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL UNIQUE REFERENCES unit(id),  -- village or GP
  name TEXT NOT NULL,
  formed_day INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

CREATE TABLE vwsc_member (
  id INTEGER PRIMARY KEY,
  committee_id INTEGER NOT NULL REFERENCES vwsc_committee(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('chair', 'secretary', 'member',
    'operator')),
  gender TEXT NOT NULL CHECK (gender IN ('female', 'male', 'other')),
  social_group TEXT NOT NULL CHECK (social_group IN ('sc', 'st', 'other')),
  elected_member INTEGER NOT NULL CHECK (elected_member IN (0, 1)),
  joined_day INTEGER NOT NULL,
  left_day INTEGER,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  left_recorded_at TEXT,
  left_recorded_by TEXT,
  CHECK (left_day IS NULL OR left_day >= joined_day)
) STRICT;
CREATE INDEX vwsc_member_committee ON vwsc_member(committee_id);

CREATE TABLE vwsc_meeting (
  id INTEGER PRIMARY KEY,
  committee_id INTEGER NOT NULL REFERENCES vwsc_committee(id),
  day INTEGER NOT NULL,
  attendance INTEGER NOT NULL CHECK (attendance >= 0),
  decisions TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX vwsc_meeting_committee ON vwsc_meeting(committee_id);

-- Each category's deadline to resolve, in hours.
CREATE TABLE complaint_category (
  code TEXT PRIMARY KEY,
  deadline_hours INTEGER NOT NULL CHECK (deadline_hours > 0),
  name_en TEXT NOT NULL,
  name_hi TEXT NOT NULL,
  ordinal INTEGER NOT NULL
) STRICT;
INSERT INTO complaint_category VALUES
  ('no_supply', 24, 'No supply', 'पानी नहीं आ रहा', 1),
  ('low_pressure', 72, 'Low pressure', 'कम दबाव', 2),
  ('irregular_supply', 72, 'Irregular supply', 'अनियमित आपूर्ति', 3),
  ('contaminated_water', 24, 'Contaminated or coloured water',
   'दूषित या रंगीन पानी', 4),
  ('leakage_burst', 48, 'Leakage or burst pipe', 'रिसाव या पाइप फटना', 5),
  ('broken_tap', 72, 'Broken tap', 'टूटा नल', 6),
  ('billing', 168, 'Billing', 'बिल', 7),
  ('other', 168, 'Other', 'अन्य', 8);

-- The escalation ladder: a complaint is with `level` from its filing (step
-- 1) and moves to the next step's level when it is not resolved within the
-- hours of the steps so far (step 1's hours: the category's deadline).
CREATE TABLE escalation_step (
  ordinal INTEGER PRIMARY KEY,
  level TEXT NOT NULL UNIQUE CHECK (level IN ('committee', 'block',
    'district')),
  hours INTEGER  -- NULL for step 1 (the category's deadline)
) STRICT;
INSERT INTO escalation_step VALUES (1, 'committee', NULL), (2, 'block', 48),
  (3, 'district', 72);

-- A complaint.  reference: what the filer is given (not guessable from
-- another); secret_sha256: of the secret in the follow-up link.  contact is
-- never shown publicly.
CREATE TABLE complaint (
  id INTEGER PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  secret_sha256 TEXT NOT NULL,
  request_id TEXT UNIQUE,
  village_id INTEGER NOT NULL REFERENCES unit(id),
  category TEXT NOT NULL REFERENCES complaint_category(code),
  description TEXT NOT NULL,
  photo_document_id INTEGER REFERENCES document(id),
  contact TEXT,
  filed_at INTEGER NOT NULL,
  filed_by TEXT NOT NULL,
  remote TEXT
) STRICT;
CREATE INDEX complaint_village ON complaint(village_id);

-- What happened to a complaint, in order.  kind: assigned (to `level`),
-- escalated (to `level`, by the server's clock), in_progress, resolved
-- (note: what was done; document: a photo), closed (by the filer, or after
-- the days allowed), reopened, spam (closed as spam, note: why),
-- quality_test (a water-quality sample asked for; note: its code).
CREATE TABLE complaint_event (
  id INTEGER PRIMARY KEY,
  complaint_id INTEGER NOT NULL REFERENCES complaint(id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('assigned', 'escalated', 'in_progress',
    'resolved', 'closed', 'reopened', 'spam', 'quality_test')),
  level TEXT CHECK (level IS NULL OR level IN ('committee', 'block',
    'district')),
  note TEXT,
  document_id INTEGER REFERENCES document(id),
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX complaint_event_complaint ON complaint_event(complaint_id, id);

-- A disruption of supply to a village (of a scheme, where known).
CREATE TABLE breakdown (
  id INTEGER PRIMARY KEY,
  village_id INTEGER NOT NULL REFERENCES unit(id),
  scheme_id INTEGER REFERENCES scheme(id),
  asset_id INTEGER REFERENCES scheme_asset(id),
  started_day INTEGER NOT NULL,
  ended_day INTEGER,
  reason TEXT NOT NULL CHECK (reason IN ('power', 'pump_failure',
    'pipe_burst', 'source_dried', 'other')),
  households_affected INTEGER NOT NULL CHECK (households_affected >= 0),
  note TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  ended_recorded_at TEXT,
  ended_recorded_by TEXT,
  CHECK (ended_day IS NULL OR ended_day >= started_day)
) STRICT;
CREATE INDEX breakdown_village ON breakdown(village_id);

CREATE TRIGGER vwsc_meeting_append_only_u BEFORE UPDATE ON vwsc_meeting
BEGIN SELECT RAISE(ABORT, 'meetings are append-only'); END;
CREATE TRIGGER vwsc_meeting_append_only_d BEFORE DELETE ON vwsc_meeting
BEGIN SELECT RAISE(ABORT, 'meetings are append-only'); END;
CREATE TRIGGER complaint_append_only_u BEFORE UPDATE ON complaint
BEGIN SELECT RAISE(ABORT, 'complaints are never changed or deleted'); END;
CREATE TRIGGER complaint_append_only_d BEFORE DELETE ON complaint
BEGIN SELECT RAISE(ABORT, 'complaints are never changed or deleted'); END;
CREATE TRIGGER complaint_event_append_only_u BEFORE UPDATE ON complaint_event
BEGIN SELECT RAISE(ABORT, 'complaint events are append-only'); END;
CREATE TRIGGER complaint_event_append_only_d BEFORE DELETE ON complaint_event
BEGIN SELECT RAISE(ABORT, 'complaint events are append-only'); END;
CREATE TRIGGER vwsc_member_no_delete BEFORE DELETE ON vwsc_member
BEGIN SELECT RAISE(ABORT, 'members leave; they are not deleted'); END;
CREATE TRIGGER vwsc_member_leave_only BEFORE UPDATE ON vwsc_member
WHEN OLD.left_day IS NOT NULL OR NEW.id IS NOT OLD.id
  OR NEW.committee_id IS NOT OLD.committee_id OR NEW.name IS NOT OLD.name
  OR NEW.role IS NOT OLD.role OR NEW.gender IS NOT OLD.gender
  OR NEW.social_group IS NOT OLD.social_group
  OR NEW.elected_member IS NOT OLD.elected_member
  OR NEW.joined_day IS NOT OLD.joined_day
BEGIN SELECT RAISE(ABORT, 'a member can only leave, once'); END;
CREATE TRIGGER breakdown_no_delete BEFORE DELETE ON breakdown
BEGIN SELECT RAISE(ABORT, 'breakdowns are never deleted'); END;
CREATE TRIGGER breakdown_end_only BEFORE UPDATE ON breakdown
WHEN OLD.ended_day IS NOT NULL OR NEW.id IS NOT OLD.id
  OR NEW.village_id IS NOT OLD.village_id
  OR NEW.started_day IS NOT OLD.started_day OR NEW.reason IS NOT OLD.reason
  OR NEW.households_affected IS NOT OLD.households_affected
BEGIN SELECT RAISE(ABORT, 'a breakdown can only be ended, once'); END;
