-- Usage and cost (issue 20). Portable SQL for H2 2.x and PostgreSQL 12+. Amounts are USD.
-- A stream's input tokens read from the provider's cache (part of input_tokens) and what its
-- tokens cost at the model's configured price (null: no price, or no usage reported).
ALTER TABLE pb_stream ADD COLUMN cached_input_tokens INTEGER;
ALTER TABLE pb_stream ADD COLUMN cost_usd NUMERIC(19, 9);

-- What each quota subject's calls cost per UTC day, beside their tokens.
ALTER TABLE pb_usage ADD COLUMN cost_usd NUMERIC(19, 9) DEFAULT 0 NOT NULL;

-- An API key's own spend limit per UTC day (null: its owner's).
ALTER TABLE pb_api_key ADD COLUMN usd_per_day NUMERIC(19, 9);
