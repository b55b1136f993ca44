package io.ponybunny.security.account;

import io.ponybunny.testing.MigratedH2;
import java.sql.SQLException;
import javax.sql.DataSource;

/** {@link FirstStartCases} on H2 (a single node's database, in memory). */
class FirstStartTest extends FirstStartCases {

  @Override
  DataSource database() throws SQLException {
    return MigratedH2.create();
  }
}
