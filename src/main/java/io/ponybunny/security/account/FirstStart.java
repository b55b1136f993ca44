package io.ponybunny.security.account;

import io.ponybunny.security.Role;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * What a server start does about the first admin, on the database every instance shares: makes sure
 * the account {@value AdminBootstrap#ADMIN} exists and, while no admin can sign in, issues a
 * first-start link ({@link FirstStartLinks}).
 *
 * <p>Safe when several instances start at once on an empty database: the account is created by an
 * {@code INSERT} that only one of them wins (its primary key); the others take the duplicate as the
 * account being there and go on, so exactly one {@value AdminBootstrap#ADMIN} exists and no start
 * fails. With a password, only an account still without one gets it ({@code UPDATE ... WHERE
 * password_hash IS NULL}), so concurrent starts do not overwrite each other. Without one, every
 * instance that finds no admin able to sign in issues a link of its own, and each link works on any
 * instance (once; using one ends them all). A start that issues no link ends the links left over:
 * an admin can sign in now.
 *
 * <p>Plain JDBC, each statement committed on its own and never part of the caller's transaction; a
 * database error is thrown as {@link IllegalStateException}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class FirstStart {

  /** SQLSTATE of a unique or primary key violation (H2 and PostgreSQL). */
  private static final String DUPLICATE_KEY = "23505";

  /** What a start did. */
  public sealed interface Outcome {
    /** An admin can sign in: nothing to do. */
    record AdminCanSignIn() implements Outcome {}

    /** {@value AdminBootstrap#ADMIN} was created with the configured password. */
    record CreatedWithPassword() implements Outcome {}

    /** {@value AdminBootstrap#ADMIN} existed without a password and got the configured one. */
    record PasswordSet() implements Outcome {}

    /** No admin can sign in: {@code token} is this start's one-time first-start token. */
    record LinkIssued(String token) implements Outcome {}
  }

  @Resource(lookup = "jdbc/ponybunny")
  DataSource dataSource;

  @Inject FirstStartLinks links;

  /** For CDI. */
  public FirstStart() {}

  /** On {@code dataSource}, issuing links into {@code links} (tests). */
  public FirstStart(DataSource dataSource, FirstStartLinks links) {
    this.dataSource = dataSource;
    this.links = links;
  }

  /**
   * Runs the first-start step at {@code now}. {@code passwordHash} (null: no password configured)
   * gives the stored hash of the configured admin password; it is asked for only when needed.
   */
  public Outcome run(Supplier<String> passwordHash, long now) {
    Outcome outcome;
    try (Connection c = dataSource.getConnection()) {
      outcome = decide(c, passwordHash, now);
    } catch (SQLException e) {
      throw new IllegalStateException("could not prepare the first admin", e);
    }
    if (!(outcome instanceof Outcome.LinkIssued)) {
      links.clear();
    }
    return outcome;
  }

  private Outcome decide(Connection c, Supplier<String> passwordHash, long now)
      throws SQLException {
    if (passwordHash != null) {
      Boolean hasPassword = adminHasPassword(c);
      String hash = Boolean.TRUE.equals(hasPassword) ? null : passwordHash.get();
      if (hasPassword == null) {
        if (insertAdmin(c, hash, now)) {
          return new Outcome.CreatedWithPassword();
        }
        hasPassword = Boolean.TRUE.equals(adminHasPassword(c));
      }
      if (!hasPassword && setPasswordIfNone(c, hash, now)) {
        return new Outcome.PasswordSet();
      }
    }
    if (usableAdminExists(c)) {
      return new Outcome.AdminCanSignIn();
    }
    insertAdmin(c, null, now);
    return new Outcome.LinkIssued(links.issue(now));
  }

  /** Whether the admin account has a password; null when it does not exist. */
  private static Boolean adminHasPassword(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT password_hash FROM pb_account WHERE username = ?")) {
      s.setString(1, AdminBootstrap.ADMIN);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) != null : null;
      }
    }
  }

  /** Creates the admin account; false when it exists (another instance may just have made it). */
  private static boolean insertAdmin(Connection c, String passwordHash, long now)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO pb_account (username, password_hash, role, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, AdminBootstrap.ADMIN);
      s.setString(2, passwordHash);
      s.setString(3, Role.ADMIN.wireName());
      s.setLong(4, now);
      s.setLong(5, now);
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (DUPLICATE_KEY.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  private static boolean setPasswordIfNone(Connection c, String passwordHash, long now)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE pb_account SET password_hash = ?, updated_at = ?"
                + " WHERE username = ? AND password_hash IS NULL")) {
      s.setString(1, passwordHash);
      s.setLong(2, now);
      s.setString(3, AdminBootstrap.ADMIN);
      return s.executeUpdate() == 1;
    }
  }

  /** Whether an admin account that can sign in (has a password) exists. */
  private static boolean usableAdminExists(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT COUNT(*) FROM pb_account WHERE role = ? AND password_hash IS NOT NULL")) {
      s.setString(1, Role.ADMIN.wireName());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }
}
