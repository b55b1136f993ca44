-- Cluster mode (issue #19). Portable SQL for H2 2.x and PostgreSQL 12+. Times are epoch ms.
-- A goal is claimed by one instance at a time and held under a lease: `instance` runs it (null:
-- none), until `lease_until` unless renewed; every claim increments `fence`, and a write of an
-- instance holding an older fence is refused. `cancel_requested` asks the instance running the
-- goal to cancel it.
ALTER TABLE pb_goal ADD COLUMN instance VARCHAR(128);
ALTER TABLE pb_goal ADD COLUMN lease_until BIGINT;
ALTER TABLE pb_goal ADD COLUMN fence BIGINT NOT NULL DEFAULT 0;
ALTER TABLE pb_goal ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT FALSE;
-- The claim query: queued or running goals whose lease is missing or expired, oldest first.
CREATE INDEX pb_goal_claim ON pb_goal (status, lease_until, created_at);

-- The instance a stream ran on (null on a single node).
ALTER TABLE pb_stream ADD COLUMN instance VARCHAR(128);

-- The instances of a cluster and when each was last seen alive.
CREATE TABLE pb_instance (
  id VARCHAR(128) NOT NULL PRIMARY KEY,
  started_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL
);
