package io.ponybunny.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default H2 URL of {@code liberty/config/server.xml} keeps a committed transaction when the
 * process is killed (kill -9) right after the commit: with H2's default WRITE_DELAY of 500 ms, a
 * commit only reaches the file when a background writer next runs.
 */
class H2DurabilityTest {

  /** The default of the server.xml variable {@code ponybunny.db.url}. */
  static String defaultUrl() throws Exception {
    String xml = Files.readString(Path.of("liberty/config/server.xml"));
    Matcher m =
        Pattern.compile("name=\"ponybunny\\.db\\.url\"\\s+defaultValue=\"([^\"]+)\"").matcher(xml);
    assertTrue(m.find(), "server.xml defines ponybunny.db.url");
    return m.group(1);
  }

  @Test
  void theDefaultUrlMakesEveryCommitDurable() throws Exception {
    String url = defaultUrl();
    assertTrue(url.contains(";WRITE_DELAY=0"), url);
    assertTrue(url.contains(";DB_CLOSE_ON_EXIT=FALSE"), url);
  }

  @Test
  void aCommitSurvivesKillingTheProcessRightAfterIt(@TempDir Path dir) throws Exception {
    String url = defaultUrl().replace("${server.output.dir}", dir.toString());
    String classPath =
        Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            + File.pathSeparator
            + Path.of(
                H2CommitThenWait.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                H2CommitThenWait.class.getName(),
                url)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("committed", out.readLine());
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
      child.waitFor();
    }

    try (Connection c = DriverManager.getConnection(url, "ponybunny", "ponybunny");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM committed_rows")) {
      rs.next();
      assertEquals(1, rs.getInt(1), "the committed row survived kill -9");
    }
  }
}
