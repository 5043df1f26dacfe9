-- Sector Partners: rounds of expressions of interest, applications and
-- their documents, screening (reviewers, conflicts, scores, moderation,
-- decisions), partners, annual plans by quarter with every version kept,
-- quarterly progress, master trainers, trainings and community events,
-- and knowledge (best practices, replicable models, workshops and
-- conferences, social audits with their follow-up actions).
--
-- Whole documents (an application, a plan's activities, a report's rows)
-- are kept as JSON text as entered; what is counted or searched is also
-- kept in columns.

-- A round of expressions of interest with its screening rules: eligibility
-- checks computed from each application and criteria scored by reviewers,
-- with weights and pass marks (JSON, see partners/screening.h).
CREATE TABLE partner_round (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  opens_on TEXT NOT NULL,
  closes_on TEXT NOT NULL,
  rules TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

CREATE TABLE application (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES partner_round(id),
  reference TEXT NOT NULL UNIQUE,
  org_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  org_type TEXT NOT NULL,
  registration_key TEXT NOT NULL,
  email TEXT NOT NULL,
  -- The application as submitted (JSON).
  body TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  remote TEXT
) STRICT;
CREATE INDEX application_round ON application(round_id);
CREATE INDEX application_registration ON application(round_id, registration_key);
CREATE INDEX application_name ON application(round_id, name_key);
CREATE TRIGGER application_no_update BEFORE UPDATE ON application
BEGIN SELECT RAISE(ABORT, 'applications are kept as submitted'); END;
CREATE TRIGGER application_no_delete BEFORE DELETE ON application
BEGIN SELECT RAISE(ABORT, 'applications are kept as submitted'); END;

-- The states an application names, for the funnel by state.
CREATE TABLE application_state (
  application_id INTEGER NOT NULL REFERENCES application(id),
  state_id INTEGER NOT NULL REFERENCES unit(id),
  PRIMARY KEY (application_id, state_id)
) STRICT, WITHOUT ROWID;

-- Uploaded files: supporting documents of applications, evidence of
-- progress and of knowledge records.  Content in base64; type and size are
-- checked on the way in.
CREATE TABLE document (
  id INTEGER PRIMARY KEY,
  owner TEXT NOT NULL,  -- 'application:12', 'progress:7', 'knowledge:3'
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  uploaded_by TEXT NOT NULL
) STRICT;
CREATE INDEX document_owner ON document(owner);
CREATE TRIGGER document_no_update BEFORE UPDATE ON document
BEGIN SELECT RAISE(ABORT, 'documents are kept as uploaded'); END;
CREATE TRIGGER document_no_delete BEFORE DELETE ON document
BEGIN SELECT RAISE(ABORT, 'documents are kept as uploaded'); END;

-- A reviewer assigned to an application: first a declaration of conflict
-- of interest, then (without a conflict) scores per criterion (JSON).
CREATE TABLE review (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES application(id),
  account_id INTEGER NOT NULL REFERENCES account(id),
  assigned_at TEXT NOT NULL,
  assigned_by TEXT NOT NULL,
  conflict INTEGER CHECK (conflict IN (0, 1)),
  conflict_note TEXT,
  declared_at TEXT,
  scores TEXT,
  comment TEXT,
  scored_at TEXT,
  UNIQUE (application_id, account_id)
) STRICT;
CREATE INDEX review_account ON review(account_id);

-- The moderator's final scores (JSON) for an application, and why.
CREATE TABLE moderation (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES application(id),
  scores TEXT NOT NULL,
  note TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX moderation_application ON moderation(application_id);

-- The shortlist decision for each application, with its reason; a later
-- decision for the same application supersedes, and both are kept.
CREATE TABLE screening_decision (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES application(id),
  eligible INTEGER NOT NULL CHECK (eligible IN (0, 1)),
  screened INTEGER NOT NULL CHECK (screened IN (0, 1)),
  score REAL,
  shortlisted INTEGER NOT NULL CHECK (shortlisted IN (0, 1)),
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX screening_decision_application ON screening_decision(application_id);

-- A shortlisted organisation working with the mission.
CREATE TABLE partner (
  id INTEGER PRIMARY KEY,
  application_id INTEGER UNIQUE REFERENCES application(id),
  name TEXT NOT NULL,
  org_type TEXT NOT NULL,
  -- JSON: about, website, address, focal persons.
  profile TEXT NOT NULL,
  agreement_signed_on TEXT,
  agreement_from TEXT,
  agreement_to TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

-- The places a partner works at: India (national level, unit 0), states,
-- districts.
CREATE TABLE partner_unit (
  partner_id INTEGER NOT NULL REFERENCES partner(id),
  unit_id INTEGER NOT NULL,
  PRIMARY KEY (partner_id, unit_id)
) STRICT, WITHOUT ROWID;

-- A partner's Annual Plan for a financial year ("2024-25").
CREATE TABLE plan (
  id INTEGER PRIMARY KEY,
  partner_id INTEGER NOT NULL REFERENCES partner(id),
  fy TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (partner_id, fy)
) STRICT;

-- Every saved state of a plan: each save of a draft, each submission,
-- return, approval and new revision is a row; the newest is the plan's
-- state, the newest approved one is in force.
CREATE TABLE plan_version (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plan(id),
  revision INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned',
                                         'approved')),
  activities TEXT NOT NULL,
  comment TEXT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX plan_version_plan ON plan_version(plan_id, id);
CREATE TRIGGER plan_version_no_update BEFORE UPDATE ON plan_version
BEGIN SELECT RAISE(ABORT, 'plan versions are kept'); END;
CREATE TRIGGER plan_version_no_delete BEFORE DELETE ON plan_version
BEGIN SELECT RAISE(ABORT, 'plan versions are kept'); END;

-- Quarterly targets of approved plan versions, one row per activity and
-- measure, for roll-ups.
CREATE TABLE plan_target (
  plan_version_id INTEGER NOT NULL REFERENCES plan_version(id),
  activity TEXT NOT NULL,
  level TEXT NOT NULL,
  unit_id INTEGER NOT NULL,
  state_id INTEGER REFERENCES unit(id),
  theme TEXT NOT NULL,
  measure TEXT NOT NULL,
  q1 INTEGER NOT NULL,
  q2 INTEGER NOT NULL,
  q3 INTEGER NOT NULL,
  q4 INTEGER NOT NULL,
  PRIMARY KEY (plan_version_id, activity, measure)
) STRICT, WITHOUT ROWID;

-- Every saved state of a quarterly progress report, like plan_version.
CREATE TABLE progress_version (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plan(id),
  quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned',
                                         'accepted')),
  body TEXT NOT NULL,
  comment TEXT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX progress_version_plan ON progress_version(plan_id, quarter, id);
CREATE TRIGGER progress_version_no_update BEFORE UPDATE ON progress_version
BEGIN SELECT RAISE(ABORT, 'progress versions are kept'); END;
CREATE TRIGGER progress_version_no_delete BEFORE DELETE ON progress_version
BEGIN SELECT RAISE(ABORT, 'progress versions are kept'); END;

-- Achieved figures of accepted progress versions, for roll-ups.
CREATE TABLE progress_figure (
  progress_version_id INTEGER NOT NULL REFERENCES progress_version(id),
  activity TEXT NOT NULL,
  measure TEXT NOT NULL,
  achieved INTEGER NOT NULL,
  PRIMARY KEY (progress_version_id, activity, measure)
) STRICT, WITHOUT ROWID;

-- Master trainers registered by partners.
CREATE TABLE trainer (
  id INTEGER PRIMARY KEY,
  partner_id INTEGER NOT NULL REFERENCES partner(id),
  name TEXT NOT NULL,
  gender TEXT NOT NULL CHECK (gender IN ('female', 'male', 'other')),
  phone TEXT,
  -- JSON: skills, languages, district codes.
  details TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
CREATE INDEX trainer_partner ON trainer(partner_id);

-- Trainings and community events in a village or habitation.
CREATE TABLE training (
  id INTEGER PRIMARY KEY,
  partner_id INTEGER NOT NULL REFERENCES partner(id),
  trainer_id INTEGER REFERENCES trainer(id),
  kind TEXT NOT NULL CHECK (kind IN ('training', 'community_event')),
  day INTEGER NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  village_id INTEGER NOT NULL REFERENCES unit(id),
  topic TEXT NOT NULL,
  female INTEGER NOT NULL CHECK (female >= 0),
  male INTEGER NOT NULL CHECK (male >= 0),
  other INTEGER NOT NULL CHECK (other >= 0),
  vwsc_members INTEGER NOT NULL CHECK (vwsc_members >= 0),
  ftk_women INTEGER NOT NULL CHECK (ftk_women >= 0),
  pri_members INTEGER NOT NULL CHECK (pri_members >= 0),
  frontline_workers INTEGER NOT NULL CHECK (frontline_workers >= 0),
  note TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
CREATE INDEX training_partner ON training(partner_id);
CREATE INDEX training_village ON training(village_id);

-- Best practices, replicable models, workshops and conferences.
CREATE TABLE knowledge (
  id INTEGER PRIMARY KEY,
  partner_id INTEGER REFERENCES partner(id),
  kind TEXT NOT NULL CHECK (kind IN ('best_practice', 'replicable_model',
                                     'workshop', 'conference')),
  title TEXT NOT NULL,
  unit_id INTEGER NOT NULL,
  theme TEXT NOT NULL,
  day INTEGER NOT NULL,
  participants INTEGER,
  -- JSON: what was done, results, evidence document ids.
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
CREATE INDEX knowledge_kind ON knowledge(kind, day);

-- Social audits of a village's water supply, and what follows from them.
CREATE TABLE social_audit (
  id INTEGER PRIMARY KEY,
  partner_id INTEGER REFERENCES partner(id),
  village_id INTEGER NOT NULL REFERENCES unit(id),
  day INTEGER NOT NULL,
  findings TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
CREATE INDEX social_audit_village ON social_audit(village_id);

CREATE TABLE audit_action (
  id INTEGER PRIMARY KEY,
  social_audit_id INTEGER NOT NULL REFERENCES social_audit(id),
  action TEXT NOT NULL,
  owner TEXT NOT NULL,
  due_on TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done',
                                         'dropped')),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;
CREATE INDEX audit_action_audit ON audit_action(social_audit_id);
