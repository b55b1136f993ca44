package io.ponybunny.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.testing.MigratedH2;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** V6 gives stream records the columns of who called: the client and the API key id. */
class StreamClientMigrationTest {

  @Test
  void aStreamRecordHoldsItsClientAndApiKeyIdAndOlderRecordsHoldNull() throws Exception {
    DataSource ds = MigratedH2.create();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO pb_stream (request_id, model, status, content, chunks, tokens_used,"
              + " started_at) VALUES ('req_old', 'sim/x', 'completed', '', 0, 0, 1)");
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO pb_stream (request_id, model, status, content, chunks, tokens_used,"
                  + " started_at, client, api_key_id) VALUES (?, 'sim/x', 'streaming', '', 0, 0,"
                  + " 2, ?, ?)")) {
        p.setString(1, "req_new");
        p.setString(2, "anthropic");
        p.setString(3, "k".repeat(StreamRecordEntity.API_KEY_ID_COLUMN));
        p.executeUpdate();
      }
      try (ResultSet r =
          s.executeQuery(
              "SELECT request_id, client, api_key_id FROM pb_stream ORDER BY started_at")) {
        r.next();
        assertEquals("req_old", r.getString(1));
        assertNull(r.getString(2));
        assertNull(r.getString(3));
        r.next();
        assertEquals("anthropic", r.getString(2));
        assertEquals(StreamRecordEntity.API_KEY_ID_COLUMN, r.getString(3).length());
      }
    }
  }
}
