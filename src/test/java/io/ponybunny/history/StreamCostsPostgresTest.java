package io.ponybunny.history;

import io.ponybunny.testing.PostgresSchema;
import io.ponybunny.testing.PostgresSchemas;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StreamCostsCases} on PostgreSQL ({@code PONYBUNNY_TEST_POSTGRES_URL}). */
@EnabledIfEnvironmentVariable(named = PostgresSchema.URL_ENV, matches = "jdbc:postgresql:.+")
class StreamCostsPostgresTest extends StreamCostsCases {

  @RegisterExtension final PostgresSchemas schemas = new PostgresSchemas();

  @Override
  DataSource database() throws SQLException {
    return schemas.next();
  }
}
