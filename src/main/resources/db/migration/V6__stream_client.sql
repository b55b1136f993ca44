-- Who called, on every stream (issue #20). Portable SQL for H2 2.x and PostgreSQL 12+.
-- `client`: the API the caller spoke (`api` for PonyBunny's own, `openai`, `anthropic`); null for
-- the agent's calls and for streams from before this migration. `api_key_id`: the id of the API
-- key the call came with (pb_api_key.id, never the secret); null without one.
ALTER TABLE pb_stream ADD COLUMN client VARCHAR(32);
ALTER TABLE pb_stream ADD COLUMN api_key_id VARCHAR(64);
