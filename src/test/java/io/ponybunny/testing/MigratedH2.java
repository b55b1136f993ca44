package io.ponybunny.testing;

import io.ponybunny.persistence.SchemaMigrator;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A throwaway in-memory H2 database with PonyBunny's migrations applied: each call makes a new one,
 * kept while the test JVM runs ({@code DB_CLOSE_DELAY=-1}), shared by every connection of the data
 * source (as the instances of a cluster share theirs).
 */
public final class MigratedH2 {

  private MigratedH2() {}

  /** A new, migrated database. */
  public static DataSource create() throws SQLException {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("ponybunny");
    ds.setPassword("ponybunny");
    SchemaMigrator.migrate(ds);
    return ds;
  }
}
