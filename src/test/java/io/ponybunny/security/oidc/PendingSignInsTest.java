package io.ponybunny.security.oidc;

import io.ponybunny.testing.MigratedH2;
import java.sql.SQLException;
import javax.sql.DataSource;

/** {@link PendingSignInsCases} on H2 (a single node's database, in memory). */
class PendingSignInsTest extends PendingSignInsCases {

  @Override
  DataSource database() throws SQLException {
    return MigratedH2.create();
  }
}
