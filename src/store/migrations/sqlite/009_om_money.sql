-- O&M money of a village's committee: its monthly accounts (user charges
-- demanded = households x tariff, collected, spent by head), the bills
-- attached to them, and the opening balance of its O&M fund.
--
-- Amounts are whole paise (1 rupee = 100 paise).  A month is year * 12 +
-- month - 1 ("2024-05" is 2024 * 12 + 4).  Nothing here is changed or
-- deleted: a correction of a month is a new version of it (the highest
-- version counts; the earlier ones stay as they were recorded), a new
-- opening balance is a new version too, and bills are only added.

CREATE TABLE om_account (
  id INTEGER PRIMARY KEY,
  committee_id INTEGER NOT NULL REFERENCES vwsc_committee(id),
  month INTEGER NOT NULL CHECK (month BETWEEN 24000 AND 25199),
  version INTEGER NOT NULL CHECK (version >= 1),
  households INTEGER NOT NULL CHECK (households >= 0),
  tariff_paise INTEGER NOT NULL CHECK (tariff_paise >= 0),
  collected_paise INTEGER NOT NULL CHECK (collected_paise >= 0),
  operator_pay_paise INTEGER NOT NULL CHECK (operator_pay_paise >= 0),
  electricity_paise INTEGER NOT NULL CHECK (electricity_paise >= 0),
  repairs_paise INTEGER NOT NULL CHECK (repairs_paise >= 0),
  chemicals_paise INTEGER NOT NULL CHECK (chemicals_paise >= 0),
  other_paise INTEGER NOT NULL CHECK (other_paise >= 0),
  note TEXT,  -- why, for a correction
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  UNIQUE (committee_id, month, version)
) STRICT;

-- A bill (an image or PDF in `document`) for a committee's month and head.
-- Bills belong to the month, not to one version of its account, so a
-- correction keeps them.
CREATE TABLE om_bill (
  id INTEGER PRIMARY KEY,
  committee_id INTEGER NOT NULL REFERENCES vwsc_committee(id),
  month INTEGER NOT NULL CHECK (month BETWEEN 24000 AND 25199),
  head TEXT NOT NULL CHECK (head IN ('operator_pay', 'electricity',
    'repairs', 'chemicals', 'other')),
  document_id INTEGER NOT NULL REFERENCES document(id),
  amount_paise INTEGER CHECK (amount_paise IS NULL OR amount_paise >= 0),
  note TEXT,
  attached_at TEXT NOT NULL,
  attached_by TEXT NOT NULL
) STRICT;
CREATE INDEX om_bill_committee ON om_bill(committee_id, month);

-- The balance of the committee's O&M fund before its first account; the
-- highest version counts.
CREATE TABLE om_fund_opening (
  id INTEGER PRIMARY KEY,
  committee_id INTEGER NOT NULL REFERENCES vwsc_committee(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  opening_paise INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  UNIQUE (committee_id, version)
) STRICT;

CREATE TRIGGER om_account_append_only_u BEFORE UPDATE ON om_account
BEGIN SELECT RAISE(ABORT, 'accounts are corrected by a new version'); END;
CREATE TRIGGER om_account_append_only_d BEFORE DELETE ON om_account
BEGIN SELECT RAISE(ABORT, 'accounts are corrected by a new version'); END;
CREATE TRIGGER om_bill_append_only_u BEFORE UPDATE ON om_bill
BEGIN SELECT RAISE(ABORT, 'bills are kept as attached'); END;
CREATE TRIGGER om_bill_append_only_d BEFORE DELETE ON om_bill
BEGIN SELECT RAISE(ABORT, 'bills are kept as attached'); END;
CREATE TRIGGER om_fund_opening_append_only_u BEFORE UPDATE ON om_fund_opening
BEGIN SELECT RAISE(ABORT, 'an opening balance is changed by a new version'); END;
CREATE TRIGGER om_fund_opening_append_only_d BEFORE DELETE ON om_fund_opening
BEGIN SELECT RAISE(ABORT, 'an opening balance is changed by a new version'); END;
