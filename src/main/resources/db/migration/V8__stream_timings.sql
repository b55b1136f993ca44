-- The console's timeline, replay, charts and search (issue 22). Portable SQL for H2 2.x and PostgreSQL 12+.
-- `chunk_timings`: when the stream's chunks arrived and how much text each carried, in the compact
-- form of io.ponybunny.history.ChunkTimings (base64url varints, at most
-- ponybunny.streams.timings.max-chunks groups); null for streams from before this migration.
-- `attempts`: the attempts that failed before the one that served the stream (retries, fallbacks),
-- as the JSON llm.stream.start carries them; null when the first attempt served.
-- `prompt`: the call's last user message (at most 16,000 characters), for the history search.
-- `error_type`: a failed stream's error type (rate_limited, server_error, stream_broken, ...), for
-- the console's errors by provider and type.
ALTER TABLE pb_stream ADD COLUMN chunk_timings VARCHAR;
ALTER TABLE pb_stream ADD COLUMN attempts VARCHAR;
ALTER TABLE pb_stream ADD COLUMN prompt VARCHAR;
ALTER TABLE pb_stream ADD COLUMN error_type VARCHAR(64);
