-- Test only: a migration that fails at its second statement.
CREATE TABLE pb_half_built (x INTEGER);
INSERT INTO pb_no_such_table (x) VALUES (1);
