-- PonyBunny agent schema, version 1. Portable SQL for H2 2.x and PostgreSQL 12+.
-- Unbounded text is VARCHAR without a length (H2: up to 1,000,000 characters; PostgreSQL: no limit).
-- Times are epoch milliseconds.
CREATE TABLE pb_goal (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  description VARCHAR NOT NULL,
  success_criteria VARCHAR,
  model VARCHAR(300),
  tier VARCHAR(16),
  status VARCHAR(16) NOT NULL,
  result VARCHAR,
  error VARCHAR,
  scratchpad VARCHAR,
  max_tokens INTEGER NOT NULL,
  max_steps INTEGER NOT NULL,
  max_duration_s INTEGER NOT NULL,
  tokens_used INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT
);
CREATE INDEX pb_goal_status ON pb_goal (status, created_at);
CREATE INDEX pb_goal_created ON pb_goal (created_at);

CREATE TABLE pb_work_item (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  goal_id VARCHAR(64) NOT NULL REFERENCES pb_goal (id),
  title VARCHAR NOT NULL,
  status VARCHAR(16) NOT NULL,
  item_order INTEGER NOT NULL,
  depends_on VARCHAR,
  result VARCHAR
);
CREATE INDEX pb_work_item_goal ON pb_work_item (goal_id, item_order);

CREATE TABLE pb_run (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  work_item_id VARCHAR(64) NOT NULL REFERENCES pb_work_item (id),
  goal_id VARCHAR(64) NOT NULL REFERENCES pb_goal (id),
  attempt INTEGER NOT NULL,
  status VARCHAR(16) NOT NULL,
  tokens_used INTEGER NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  error VARCHAR
);
CREATE INDEX pb_run_goal ON pb_run (goal_id);
CREATE INDEX pb_run_status ON pb_run (status);

CREATE TABLE pb_step (
  id VARCHAR(80) NOT NULL PRIMARY KEY,
  run_id VARCHAR(64) NOT NULL REFERENCES pb_run (id),
  goal_id VARCHAR(64) NOT NULL REFERENCES pb_goal (id),
  step_index INTEGER NOT NULL,
  thought VARCHAR,
  action VARCHAR(200),
  action_input VARCHAR,
  observation VARCHAR,
  final_answer VARCHAR,
  created_at BIGINT NOT NULL
);
CREATE INDEX pb_step_goal ON pb_step (goal_id, run_id, step_index);

CREATE TABLE pb_stream (
  request_id VARCHAR(64) NOT NULL PRIMARY KEY,
  goal_id VARCHAR(128),
  work_item_id VARCHAR(128),
  run_id VARCHAR(128),
  model VARCHAR(300),
  provider VARCHAR(128),
  status VARCHAR(16) NOT NULL,
  content VARCHAR,
  chunks INTEGER NOT NULL,
  input_tokens INTEGER,
  output_tokens INTEGER,
  tokens_used INTEGER NOT NULL,
  ttft_ms BIGINT,
  duration_ms BIGINT,
  finish_reason VARCHAR(32),
  error VARCHAR,
  started_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX pb_stream_goal ON pb_stream (goal_id, started_at);
CREATE INDEX pb_stream_status ON pb_stream (status, started_at);
CREATE INDEX pb_stream_started ON pb_stream (started_at);
