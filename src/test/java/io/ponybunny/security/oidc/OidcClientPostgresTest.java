package io.ponybunny.security.oidc;

import io.ponybunny.testing.PostgresSchema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link OidcClientCases} on PostgreSQL ({@code PONYBUNNY_TEST_POSTGRES_URL}). */
@EnabledIfEnvironmentVariable(named = PostgresSchema.URL_ENV, matches = "jdbc:postgresql:.+")
class OidcClientPostgresTest extends OidcClientCases {

  private final List<PostgresSchema> schemas = new ArrayList<>();

  @Override
  DataSource database() throws SQLException {
    PostgresSchema schema = new PostgresSchema();
    schemas.add(schema);
    return schema.dataSource();
  }

  @AfterEach
  void drop() throws SQLException {
    for (PostgresSchema schema : schemas) {
      schema.close();
    }
  }
}
