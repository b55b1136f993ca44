/**
 * The database schema: {@link io.ponybunny.persistence.SchemaMigrator} runs the Flyway scripts of
 * {@code db/migration} at start-up (explicit list, own history table, baseline of the old runner's
 * databases).
 */
package io.ponybunny.persistence;
