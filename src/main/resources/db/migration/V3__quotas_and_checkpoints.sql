-- Quotas and durability (ADR 0012). Portable SQL for H2 2.x and PostgreSQL 12+. Times are epoch ms.
-- A live stream's content is checkpointed while it streams: when it was last saved.
ALTER TABLE pb_stream ADD COLUMN checkpointed_at BIGINT;

-- An API key's own limits, below its owner's (null: the owner's limits apply).
ALTER TABLE pb_api_key ADD COLUMN requests_per_minute INTEGER;
ALTER TABLE pb_api_key ADD COLUMN concurrent_streams INTEGER;
ALTER TABLE pb_api_key ADD COLUMN tokens_per_day BIGINT;

-- Tokens used per quota subject ('principal:<name>' or 'key:<id>') and UTC day (epoch day).
CREATE TABLE pb_usage (
  subject VARCHAR(300) NOT NULL,
  usage_day INTEGER NOT NULL,
  tokens BIGINT NOT NULL,
  PRIMARY KEY (subject, usage_day)
);
