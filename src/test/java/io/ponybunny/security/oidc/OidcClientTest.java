package io.ponybunny.security.oidc;

import io.ponybunny.testing.MigratedH2;
import java.sql.SQLException;
import javax.sql.DataSource;

/** {@link OidcClientCases} on H2 (a single node's database, in memory). */
class OidcClientTest extends OidcClientCases {

  @Override
  DataSource database() throws SQLException {
    return MigratedH2.create();
  }
}
