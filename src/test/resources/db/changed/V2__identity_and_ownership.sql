-- Identity and access (ADR 0011). Portable SQL for H2 2.x and PostgreSQL 12+. Times are epoch ms.
-- Every goal and stream record carries the principal that created it; rows from before this
-- version have none and are visible to admins only.
ALTER TABLE pb_goal ADD COLUMN owner VARCHAR(200);
CREATE INDEX pb_goal_owner ON pb_goal (owner, created_at);
ALTER TABLE pb_stream ADD COLUMN owner VARCHAR(200);
CREATE INDEX pb_stream_owner ON pb_stream (owner, started_at);

-- Local accounts; password_hash is a PBKDF2 hash (null: no password yet, first start).
CREATE TABLE pb_account (
  username VARCHAR(200) NOT NULL PRIMARY KEY,
  password_hash VARCHAR(500),
  role VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- API keys: only the SHA-256 of the secret is kept.
CREATE TABLE pb_api_key (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  secret_hash VARCHAR(64) NOT NULL UNIQUE,
  key_prefix VARCHAR(16) NOT NULL,
  name VARCHAR(200) NOT NULL,
  owner VARCHAR(200) NOT NULL,
  role VARCHAR(16) NOT NULL,
  created_by VARCHAR(200) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX pb_api_key_owner ON pb_api_key (owner, created_at);

-- Console sessions: the SHA-256 of the cookie value.
CREATE TABLE pb_session (
  id_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  username VARCHAR(200) NOT NULL,
  role VARCHAR(16) NOT NULL,
  via VARCHAR(16) NOT NULL,
  csrf_token VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX pb_session_user ON pb_session (username);

CREATE TABLE pb_audit (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  occurred_at BIGINT NOT NULL,
  principal VARCHAR(200),
  action VARCHAR(64) NOT NULL,
  target VARCHAR(300),
  address VARCHAR(100),
  outcome VARCHAR(16) NOT NULL
);
CREATE INDEX pb_audit_time ON pb_audit (occurred_at);
-- changed after it was applied
