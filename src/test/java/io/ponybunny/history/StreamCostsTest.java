package io.ponybunny.history;

import io.ponybunny.testing.MigratedH2;
import java.sql.SQLException;
import javax.sql.DataSource;

/** {@link StreamCostsCases} on H2 (a single node's database, in memory). */
class StreamCostsTest extends StreamCostsCases {

  @Override
  DataSource database() throws SQLException {
    return MigratedH2.create();
  }
}
