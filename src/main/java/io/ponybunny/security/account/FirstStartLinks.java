package io.ponybunny.security.account;

import io.ponybunny.security.Secrets;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The one-time tokens of first-start links, in the database ({@code pb_first_start_link}), so that
 * a link printed by one instance of a cluster works on whichever instance the load balancer picks.
 *
 * <p>Guarantees: a token is 32 random bytes and only its SHA-256 is stored (as for API keys); a
 * token is {@link #consume}d at most once, by one caller on any instance (its row's delete counts
 * 1), and consuming it ends the first start: every other link stops working too; {@link #clear()}
 * (an admin chose a password) does the same; {@link #withdraw} takes back one instance's link (it
 * stops); at most {@value #MAX_LINKS} links exist (issuing more drops the oldest).
 *
 * <p>Plain JDBC, each statement committed on its own and never part of the caller's transaction; a
 * database error is thrown as {@link IllegalStateException}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class FirstStartLinks {

  /** The most links kept at once (one per instance started while no admin can sign in). */
  public static final int MAX_LINKS = 32;

  /** The longest token accepted (issued ones have 43 characters). */
  static final int MAX_TOKEN_LENGTH = 100;

  @Resource(lookup = "jdbc/ponybunny")
  DataSource dataSource;

  /** For CDI. */
  public FirstStartLinks() {}

  /** On {@code dataSource} (tests). */
  public FirstStartLinks(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Issues a new one-time token at {@code now} and returns it (it is not stored, its hash is). */
  public String issue(long now) {
    String token = Secrets.random(32);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO pb_first_start_link (token_hash, created_at) VALUES (?, ?)")) {
        s.setString(1, Secrets.sha256(token));
        s.setLong(2, now);
        s.executeUpdate();
      }
      List<String> beyond = new ArrayList<>();
      try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT token_hash FROM pb_first_start_link"
                      + " ORDER BY created_at DESC, token_hash");
          ResultSet rs = s.executeQuery()) {
        for (int i = 0; rs.next(); i++) {
          if (i >= MAX_LINKS) {
            beyond.add(rs.getString(1));
          }
        }
      }
      for (String hash : beyond) {
        delete(c, hash);
      }
      return token;
    } catch (SQLException e) {
      throw new IllegalStateException("could not store a first-start link", e);
    }
  }

  /**
   * Consumes {@code token}: true once for a token issued on any instance and still open, then never
   * again; a success ends every other link as well.
   */
  public boolean consume(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return false;
    }
    try (Connection c = dataSource.getConnection()) {
      if (delete(c, Secrets.sha256(token)) != 1) {
        return false;
      }
      deleteAll(c);
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException("could not consume a first-start link", e);
    }
  }

  /** Takes back {@code token}'s link (its instance stops); the other links keep working. */
  public void withdraw(String token) {
    try (Connection c = dataSource.getConnection()) {
      delete(c, Secrets.sha256(token));
    } catch (SQLException e) {
      throw new IllegalStateException("could not withdraw a first-start link", e);
    }
  }

  /** Ends the first start: no link works any more. */
  public void clear() {
    try (Connection c = dataSource.getConnection()) {
      deleteAll(c);
    } catch (SQLException e) {
      throw new IllegalStateException("could not delete the first-start links", e);
    }
  }

  private static int delete(Connection c, String hash) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM pb_first_start_link WHERE token_hash = ?")) {
      s.setString(1, hash);
      return s.executeUpdate();
    }
  }

  private static void deleteAll(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM pb_first_start_link")) {
      s.executeUpdate();
    }
  }
}
