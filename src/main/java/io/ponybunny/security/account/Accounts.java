package io.ponybunny.security.account;

import io.ponybunny.security.Role;
import io.ponybunny.security.audit.AuditLog;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Local accounts: sign-in (PBKDF2 with SHA-512 through Jakarta Security's {@link
 * Pbkdf2PasswordHash}, failures throttled per account and address, one answer whether or not the
 * user exists), creation, password and role changes.
 */
@ApplicationScoped
public class Accounts {

  /** User names: 1-64 letters, digits, '.', '_', '@' or '-'. */
  public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  /** Shortest password accepted. */
  public static final int MIN_PASSWORD = 12;

  /** Longest password accepted (PBKDF2 cost grows with it). */
  public static final int MAX_PASSWORD = 256;

  /** How a sign-in ended. */
  public sealed interface LoginResult {
    /** Signed in. */
    record Success(AccountEntity account) implements LoginResult {}

    /** Wrong user name or password (the two are never told apart). */
    record Invalid() implements LoginResult {}

    /** Too many failures: try again after the given seconds. */
    record Throttled(long retryAfterSeconds) implements LoginResult {}
  }

  @Inject AccountStore store;
  @Inject AuditLog audit;
  @Inject Pbkdf2PasswordHash hash;

  @Inject
  @ConfigProperty(name = "ponybunny.auth.login.max-failures", defaultValue = "5")
  int maxFailures;

  @Inject
  @ConfigProperty(name = "ponybunny.auth.login.max-failures-per-address", defaultValue = "20")
  int maxFailuresPerAddress;

  @Inject
  @ConfigProperty(name = "ponybunny.auth.login.window-seconds", defaultValue = "900")
  long windowSeconds;

  private LoginThrottle throttle;
  private String dummyHash;

  @PostConstruct
  void init() {
    hash.initialize(
        Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
            "Pbkdf2PasswordHash.Iterations", "210000",
            "Pbkdf2PasswordHash.SaltSizeBytes", "32",
            "Pbkdf2PasswordHash.KeySizeBytes", "64"));
    throttle =
        new LoginThrottle(
            maxFailures, maxFailuresPerAddress, windowSeconds * 1000, System::currentTimeMillis);
    dummyHash = hash.generate("not a password of anyone".toCharArray());
  }

  /** Checks a user name and password from {@code address}. */
  public LoginResult login(String username, String password, String address) {
    String user = username == null ? "" : username.strip();
    long wait = throttle.retryAfterMillis(user, address);
    if (wait > 0) {
      audit.record(user, AuditLog.LOGIN_THROTTLED, null, address, "denied");
      return new LoginResult.Throttled(Math.max(1, (wait + 999) / 1000));
    }
    Optional<AccountEntity> account =
        USERNAME.matcher(user).matches() ? store.find(user) : Optional.empty();
    String stored = account.map(AccountEntity::getPasswordHash).orElse(null);
    boolean ok =
        password != null
            && password.length() <= MAX_PASSWORD
            // the same work whether or not the account exists
            && hash.verify(password.toCharArray(), stored == null ? dummyHash : stored)
            && stored != null;
    if (!ok) {
      throttle.failed(user, address);
      audit.record(user, AuditLog.LOGIN_FAILED, null, address, "denied");
      return new LoginResult.Invalid();
    }
    throttle.succeeded(user);
    audit.record(user, AuditLog.LOGIN, "password", address, "ok");
    return new LoginResult.Success(account.get());
  }

  public Optional<AccountEntity> find(String username) {
    return store.find(username);
  }

  public List<AccountEntity> list() {
    return store.list();
  }

  /** Creates an account; false when the name is taken. Validate with {@link #problems} first. */
  public boolean create(String username, String password, Role role) {
    return store.create(
        new AccountEntity(
            username,
            password == null ? null : passwordHash(password),
            role,
            System.currentTimeMillis()));
  }

  /** The adaptive hash of {@code password}, as stored in {@code pb_account}. */
  public String passwordHash(String password) {
    return hash.generate(password.toCharArray());
  }

  public boolean setPassword(String username, String password) {
    String h = passwordHash(password);
    return store.update(username, a -> a.setPasswordHash(h, System.currentTimeMillis()));
  }

  public boolean setRole(String username, Role role) {
    return store.update(username, a -> a.setRole(role, System.currentTimeMillis()));
  }

  public boolean delete(String username) {
    return store.delete(username);
  }

  /** Whether {@code password} is the account's password (false without one). */
  public boolean checkPassword(AccountEntity account, String password) {
    return account.hasPassword()
        && password != null
        && password.length() <= MAX_PASSWORD
        && hash.verify(password.toCharArray(), account.getPasswordHash());
  }

  /** What is wrong with a new password, or null. */
  public static String passwordProblem(String password) {
    if (password == null || password.length() < MIN_PASSWORD) {
      return "must be at least " + MIN_PASSWORD + " characters";
    }
    if (password.length() > MAX_PASSWORD) {
      return "must be at most " + MAX_PASSWORD + " characters";
    }
    return null;
  }
}
