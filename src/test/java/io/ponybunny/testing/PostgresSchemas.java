package io.ponybunny.testing;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link PostgresSchema}s a test makes, each dropped after the test: register it with
 * {@code @RegisterExtension} and take a fresh, migrated database from {@link #next()}.
 */
public final class PostgresSchemas implements AfterEachCallback {

  private final List<PostgresSchema> made = new ArrayList<>();

  /** A schema of its own, dropped after the current test. */
  public synchronized DataSource next() throws SQLException {
    PostgresSchema schema = new PostgresSchema();
    made.add(schema);
    return schema.dataSource();
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) throws SQLException {
    for (PostgresSchema schema : made) {
      schema.close();
    }
    made.clear();
  }
}
