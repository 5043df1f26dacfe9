-- The committee's Village Action Plan (VAP) and the Gram Sabha's approval
-- of it; and the water-quality samples taken for a complaint.
--
-- A plan is for a financial year ("2025-26"); a revised plan for the same
-- year is a new row, and the latest one counts.  Its approval by the Gram
-- Sabha is recorded once, with the day of the Gram Sabha and its
-- resolution.  A complaint's samples name a sample of the water-quality
-- module by its code.  All three are append-only.

CREATE TABLE vwsc_action_plan (
  id INTEGER PRIMARY KEY,
  committee_id INTEGER NOT NULL REFERENCES vwsc_committee(id),
  fy TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES document(id),
  prepared_day INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX vwsc_action_plan_committee ON vwsc_action_plan(committee_id);

CREATE TABLE vwsc_action_plan_approval (
  plan_id INTEGER PRIMARY KEY REFERENCES vwsc_action_plan(id),
  approved_day INTEGER NOT NULL,
  resolution TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;

CREATE TABLE complaint_sample (
  id INTEGER PRIMARY KEY,
  complaint_id INTEGER NOT NULL REFERENCES complaint(id),
  sample_code TEXT NOT NULL,
  linked_at INTEGER NOT NULL,
  linked_by TEXT NOT NULL,
  UNIQUE (complaint_id, sample_code)
) STRICT;

CREATE TRIGGER vwsc_action_plan_append_only_u BEFORE UPDATE ON vwsc_action_plan
BEGIN SELECT RAISE(ABORT, 'action plans are kept as recorded'); END;
CREATE TRIGGER vwsc_action_plan_append_only_d BEFORE DELETE ON vwsc_action_plan
BEGIN SELECT RAISE(ABORT, 'action plans are kept as recorded'); END;
CREATE TRIGGER vwsc_action_plan_approval_u BEFORE UPDATE
ON vwsc_action_plan_approval
BEGIN SELECT RAISE(ABORT, 'an approval is recorded once'); END;
CREATE TRIGGER vwsc_action_plan_approval_d BEFORE DELETE
ON vwsc_action_plan_approval
BEGIN SELECT RAISE(ABORT, 'an approval is recorded once'); END;
CREATE TRIGGER complaint_sample_append_only_u BEFORE UPDATE ON complaint_sample
BEGIN SELECT RAISE(ABORT, 'complaint samples are append-only'); END;
CREATE TRIGGER complaint_sample_append_only_d BEFORE DELETE ON complaint_sample
BEGIN SELECT RAISE(ABORT, 'complaint samples are append-only'); END;
