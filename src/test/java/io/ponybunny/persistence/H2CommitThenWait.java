package io.ponybunny.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a JVM of its own by {@link H2DurabilityTest}: commits one row to the H2 database at the
 * URL in {@code args[0]}, says so on standard output, then waits to be killed.
 */
public final class H2CommitThenWait {

  private H2CommitThenWait() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0], "ponybunny", "ponybunny");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS committed_rows (id INTEGER PRIMARY KEY)");
      s.execute("INSERT INTO committed_rows (id) VALUES (1)");
      System.out.println("committed");
      System.out.flush();
      System.in.read(); // until killed (or the test's JVM goes away)
    }
  }
}
