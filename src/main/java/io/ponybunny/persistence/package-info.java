/**
 * The database schema: {@link io.ponybunny.persistence.SchemaMigrator} runs the Flyway scripts of
 * {@code db/migration} at start-up (explicit list, own history table, baseline of the old runner's
 * databases). {@code db/callback/flyway.location} is an empty marker: Flyway looks for SQL
 * callbacks there and, on Liberty, logs an error at every start when the location is missing.
 */
package io.ponybunny.persistence;
