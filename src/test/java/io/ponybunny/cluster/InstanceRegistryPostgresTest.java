package io.ponybunny.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.PostgresSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@code pb_instance} on a real PostgreSQL ({@code PONYBUNNY_TEST_POSTGRES_URL}). */
@EnabledIfEnvironmentVariable(named = PostgresSchema.URL_ENV, matches = "jdbc:postgresql:.+")
class InstanceRegistryPostgresTest {

  private PostgresSchema db;
  private InstanceRegistry instances;

  @BeforeEach
  void migrate() throws SQLException {
    db = new PostgresSchema();
    instances = new InstanceRegistry(db.dataSource());
  }

  @AfterEach
  void drop() throws SQLException {
    db.close();
  }

  @Test
  void anInstanceIsRecordedAliveAtEachBeatAndForgottenOnceDeadLongEnough() throws Exception {
    instances.beat("node-a", 1_000);
    instances.beat("node-a", 5_000);
    instances.beat("node-b", 2_000);
    assertEquals(5_000L, instances.lastSeen("node-a").orElseThrow());
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT started_at FROM pb_instance WHERE id = 'node-a'");
        ResultSet rs = s.executeQuery()) {
      assertTrue(rs.next());
      assertEquals(1_000, rs.getLong(1), "a beat keeps the start time");
    }
    assertEquals(1, instances.forget(3_000));
    assertTrue(instances.lastSeen("node-b").isEmpty(), "dead since 2000: forgotten");
    assertTrue(instances.lastSeen("node-a").isPresent());
  }
}
