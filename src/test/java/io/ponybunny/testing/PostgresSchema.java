package io.ponybunny.testing;

import io.ponybunny.persistence.SchemaMigrator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throwaway PostgreSQL schema with PonyBunny's migrations applied, for tests against the database
 * named by {@code PONYBUNNY_TEST_POSTGRES_URL} (user and password {@code ponybunny} unless {@code
 * PONYBUNNY_TEST_POSTGRES_USER} / {@code _PASSWORD} say otherwise). Each instance has a schema of
 * its own, so test classes running at once do not meet; {@link #close()} drops it.
 */
public final class PostgresSchema implements AutoCloseable {

  /** The environment variable naming the test database. */
  public static final String URL_ENV = "PONYBUNNY_TEST_POSTGRES_URL";

  private final String schema = "pb_test_" + UUID.randomUUID().toString().replace("-", "");

  /** Creates the schema and migrates it. */
  public PostgresSchema() throws SQLException {
    sql(server(), "CREATE SCHEMA " + schema);
    SchemaMigrator.migrate(dataSource());
  }

  private static PGSimpleDataSource server() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(System.getenv(URL_ENV));
    ds.setUser(
        Objects.requireNonNullElse(System.getenv("PONYBUNNY_TEST_POSTGRES_USER"), "ponybunny"));
    ds.setPassword(
        Objects.requireNonNullElse(System.getenv("PONYBUNNY_TEST_POSTGRES_PASSWORD"), "ponybunny"));
    return ds;
  }

  /** A data source whose connections work in this schema. */
  public DataSource dataSource() {
    PGSimpleDataSource ds = server();
    ds.setCurrentSchema(schema);
    return ds;
  }

  /** Runs one statement in this schema. */
  public void sql(String statement) throws SQLException {
    sql(dataSource(), statement);
  }

  private static void sql(DataSource ds, String statement) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Override
  public void close() throws SQLException {
    sql(server(), "DROP SCHEMA " + schema + " CASCADE");
  }
}
