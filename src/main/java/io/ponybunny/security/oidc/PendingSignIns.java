package io.ponybunny.security.oidc;

import io.ponybunny.security.Secrets;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Single sign-ons in progress, in the database ({@code pb_oidc_pending}), so that the provider's
 * callback may reach any instance of a cluster, not only the one that started the sign-in.
 *
 * <p>Guarantees: a started sign-in is {@link #take}n at most once, by one caller on any instance
 * (its row is deleted, and only the caller whose delete removed it gets it); one older than {@link
 * #ttl()} is refused, and such rows are deleted whenever a sign-in starts; at most {@link #max()}
 * sign-ins are in progress across all instances sharing the database (a start inserts its row, then
 * counts, and withdraws it when over the cap, so concurrent starts never leave more). Only SHA-256
 * hashes of the state, the browser binding and the nonce are stored. The age is judged by the
 * calling instance's clock against the starting one's: instances keep their clocks in step (NTP).
 *
 * <p>Plain JDBC, each statement committed on its own and never part of the caller's transaction; a
 * database error is thrown as {@link IllegalStateException}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class PendingSignIns {

  /** How long a started sign-in may take. */
  public static final Duration TTL = Duration.ofMinutes(10);

  /** How many sign-ins may be in progress at once, across all instances. */
  public static final int MAX = 10_000;

  /**
   * A started sign-in, as stored: hashes of its browser binding and nonce, and the page to return
   * to.
   */
  public record Started(String bindingHash, String nonceHash, String next, long startedAt) {

    /** Whether {@code binding} is the browser binding this sign-in was started with. */
    public boolean boundTo(String binding) {
      return binding != null && Secrets.constantTimeEquals(bindingHash, Secrets.sha256(binding));
    }

    /** Whether {@code nonce} is the nonce this sign-in was started with. */
    public boolean hasNonce(String nonce) {
      return nonce != null && Secrets.constantTimeEquals(nonceHash, Secrets.sha256(nonce));
    }
  }

  @Resource(lookup = "jdbc/ponybunny")
  DataSource dataSource;

  private Duration ttl = TTL;
  private int max = MAX;

  /** For CDI: {@link #TTL} and {@link #MAX}. */
  public PendingSignIns() {}

  /** On {@code dataSource}, with sign-ins taking at most {@code ttl}, {@code max} at once. */
  public PendingSignIns(DataSource dataSource, Duration ttl, int max) {
    this.dataSource = dataSource;
    this.ttl = ttl;
    this.max = max;
  }

  public Duration ttl() {
    return ttl;
  }

  public int max() {
    return max;
  }

  /**
   * Records a sign-in started at {@code now} under {@code state}; false (nothing recorded) when
   * {@link #max()} sign-ins are already in progress. Deletes the expired ones first.
   */
  public boolean start(String state, String binding, String nonce, String next, long now) {
    String stateHash = Secrets.sha256(state);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement("DELETE FROM pb_oidc_pending WHERE created_at < ?")) {
        s.setLong(1, now - ttl.toMillis());
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO pb_oidc_pending"
                  + " (state_hash, binding_hash, nonce_hash, next_path, created_at)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
        s.setString(1, stateHash);
        s.setString(2, Secrets.sha256(binding));
        s.setString(3, Secrets.sha256(nonce));
        s.setString(4, next);
        s.setLong(5, now);
        s.executeUpdate();
      }
      long inProgress;
      try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM pb_oidc_pending");
          ResultSet rs = s.executeQuery()) {
        rs.next();
        inProgress = rs.getLong(1);
      }
      if (inProgress > max) {
        delete(c, stateHash);
        return false;
      }
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException("could not record a single sign-on in progress", e);
    }
  }

  /**
   * Takes the sign-in started under {@code state}: present once, for the one caller that removed
   * it, and only within {@link #ttl()} of its start; the row is gone afterwards in every case.
   */
  public Optional<Started> take(String state, long now) {
    String stateHash = Secrets.sha256(state);
    try (Connection c = dataSource.getConnection()) {
      Started found;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT binding_hash, nonce_hash, next_path, created_at FROM pb_oidc_pending"
                  + " WHERE state_hash = ?")) {
        s.setString(1, stateHash);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          found = new Started(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4));
        }
      }
      if (delete(c, stateHash) != 1 || now - found.startedAt() > ttl.toMillis()) {
        return Optional.empty();
      }
      return Optional.of(found);
    } catch (SQLException e) {
      throw new IllegalStateException("could not read a single sign-on in progress", e);
    }
  }

  private static int delete(Connection c, String stateHash) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM pb_oidc_pending WHERE state_hash = ?")) {
      s.setString(1, stateHash);
      return s.executeUpdate();
    }
  }
}
