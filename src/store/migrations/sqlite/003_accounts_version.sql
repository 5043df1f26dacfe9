-- A counter every change to accounts, roles, sessions, API keys and
-- unlocks adds one to, in the same transaction: other processes on the
-- database read it to know when to reload them.
CREATE TABLE accounts_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
) STRICT;
INSERT INTO accounts_version (id, n) VALUES (1, 0);

-- Reloading live sessions reads only those not yet expired.
CREATE INDEX session_expires ON session(expires_at);

-- Sign-ins from one address, for its limit on failures, whichever process
-- served them.
CREATE INDEX audit_signin ON audit(remote, at)
  WHERE action IN ('session.refused', 'session.create');
