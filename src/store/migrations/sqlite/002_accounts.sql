-- Accounts, roles bound to places, sessions, API keys, the audit trail and
-- unlocks of closed periods.

CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  -- argon2id, in libsodium's encoded form; NULL for machine accounts that
  -- sign in only with API keys.
  password_hash TEXT,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_signins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

-- A role held by an account, bound to a place (a state, district, block or
-- village; India for national roles) or to a partner organisation.
-- Revoking keeps the row.
CREATE TABLE account_role (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id),
  role TEXT NOT NULL CHECK (role IN ('national_admin', 'national_viewer',
    'state_officer', 'district_officer', 'block_officer', 'vwsc_operator',
    'partner_user')),
  unit_id INTEGER REFERENCES unit(id),
  partner_id INTEGER,
  granted_at TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT
) STRICT;
CREATE INDEX account_role_account ON account_role(account_id);

-- Sessions: only a hash of the cookie's token is stored.  (The token
-- writes must carry against cross-site requests is derived from the cookie's
-- token, so nothing more is kept.)
CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  remote TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX session_account ON session(account_id);

-- API keys for machine clients: the key is shown once; its hash is kept.
CREATE TABLE api_key (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id),
  prefix TEXT NOT NULL UNIQUE,
  key_hash TEXT NOT NULL,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

-- The audit trail: who, when, from where, what, before and after.
-- Written in the same transaction as the change; never changed.
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  remote TEXT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  -- The place the change concerns, and its codes from India down
  -- ("IN/S36/D532"), so that a scope is a range of paths.
  unit_id INTEGER,
  unit_path TEXT NOT NULL,
  before TEXT,
  after TEXT
) STRICT;
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_unit_path ON audit(unit_path);
CREATE INDEX audit_actor ON audit(actor);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;

-- A closed month opened again for one place (and everything under it), for
-- a stated reason, until a time.  unit_id NULL is India.
CREATE TABLE period_unlock (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER REFERENCES unit(id),
  month TEXT NOT NULL,
  reason TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER period_unlock_no_update BEFORE UPDATE ON period_unlock
BEGIN SELECT RAISE(ABORT, 'unlocks cannot be changed'); END;
CREATE TRIGGER period_unlock_no_delete BEFORE DELETE ON period_unlock
BEGIN SELECT RAISE(ABORT, 'unlocks cannot be changed'); END;

-- Where a batch of writes came from.
ALTER TABLE batch ADD COLUMN remote TEXT;
