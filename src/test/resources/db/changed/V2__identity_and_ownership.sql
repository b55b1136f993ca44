-- Test only: V2 as if it had been edited after Flyway applied it. Flyway compares checksums
-- before it runs anything, so any content other than the released script will do.
SELECT 1;
