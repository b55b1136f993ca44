package io.ponybunny.security.jwt;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * How bearer tokens are verified, as set by the standard MicroProfile JWT configuration keys (see
 * {@link #fromConfig(Config)}). Blank strings count as not set.
 *
 * @param publicKey {@code mp.jwt.verify.publickey}: a PEM public key, a bare base64 X.509
 *     SubjectPublicKeyInfo, a JWK or a JWKS; null when the keys come from {@code publicKeyLocation}
 * @param publicKeyLocation {@code mp.jwt.verify.publickey.location}: a file path, a {@code file:}
 *     URL or an {@code http(s)} URL of a PEM, JWK or JWKS document; null when {@code publicKey} is
 *     set
 * @param issuer {@code mp.jwt.verify.issuer}: the required {@code iss} claim, or null to not check
 * @param audiences {@code mp.jwt.verify.audiences}: the token's {@code aud} must contain one of
 *     them; null to not check
 * @param algorithm {@code mp.jwt.verify.publickey.algorithm}: the only signature algorithm
 *     accepted, one of {@link #SUPPORTED_ALGORITHMS} (RS256 when null)
 * @param clockSkewSeconds {@code mp.jwt.verify.clock.skew}: leeway for {@code exp}, {@code nbf} and
 *     {@code iat}, in seconds
 * @param tokenAgeSeconds {@code mp.jwt.verify.token.age}: when set, {@code iat} is required and
 *     must be at most this many seconds ago; null to not check
 * @param groupsClaim the claim that holds the caller's groups ({@code groups} when null)
 */
public record JwtSettings(
    String publicKey,
    String publicKeyLocation,
    String issuer,
    Set<String> audiences,
    String algorithm,
    long clockSkewSeconds,
    Long tokenAgeSeconds,
    String groupsClaim) {

  /** The configuration key of {@link #publicKey()}. */
  public static final String PUBLIC_KEY = "mp.jwt.verify.publickey";

  /** The configuration key of {@link #publicKeyLocation()}. */
  public static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";

  /** The configuration key of {@link #issuer()}. */
  public static final String ISSUER = "mp.jwt.verify.issuer";

  /** The configuration key of {@link #audiences()} (a comma-separated list). */
  public static final String AUDIENCES = "mp.jwt.verify.audiences";

  /** The configuration key of {@link #algorithm()}. */
  public static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";

  /** The configuration key of {@link #clockSkewSeconds()}. */
  public static final String CLOCK_SKEW = "mp.jwt.verify.clock.skew";

  /** The configuration key of {@link #tokenAgeSeconds()}. */
  public static final String TOKEN_AGE = "mp.jwt.verify.token.age";

  /** The algorithm used when none is configured. */
  public static final String DEFAULT_ALGORITHM = "RS256";

  /** The clock skew used when none is configured, in seconds. */
  public static final long DEFAULT_CLOCK_SKEW_SECONDS = 60;

  /** The groups claim used when none is configured. */
  public static final String DEFAULT_GROUPS_CLAIM = "groups";

  /** The signature algorithms that can be configured. */
  public static final Set<String> SUPPORTED_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  /**
   * Normalizes blank strings to null and applies the defaults.
   *
   * @throws IllegalArgumentException if both a public key and a location are set, the algorithm is
   *     not supported, or a number is negative
   */
  public JwtSettings {
    publicKey = blankToNull(publicKey);
    publicKeyLocation = blankToNull(publicKeyLocation);
    issuer = blankToNull(issuer);
    if (audiences != null) {
      audiences =
          audiences.stream()
              .filter(Objects::nonNull)
              .map(String::strip)
              .filter(a -> !a.isEmpty())
              .collect(Collectors.toUnmodifiableSet());
      audiences = audiences.isEmpty() ? null : audiences;
    }
    algorithm = algorithm == null || algorithm.isBlank() ? DEFAULT_ALGORITHM : algorithm.strip();
    groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? DEFAULT_GROUPS_CLAIM : groupsClaim;
    if (publicKey != null && publicKeyLocation != null) {
      throw new IllegalArgumentException(
          "Set either " + PUBLIC_KEY + " or " + PUBLIC_KEY_LOCATION + ", not both");
    }
    if (!SUPPORTED_ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException(
          ALGORITHM + " must be one of " + String.join(", ", sorted(SUPPORTED_ALGORITHMS)));
    }
    if (clockSkewSeconds < 0) {
      throw new IllegalArgumentException(CLOCK_SKEW + " must not be negative");
    }
    if (tokenAgeSeconds != null && tokenAgeSeconds < 0) {
      throw new IllegalArgumentException(TOKEN_AGE + " must not be negative");
    }
  }

  /** Settings that verify with {@code publicKey} (PEM, base64 X.509, JWK or JWKS) and defaults. */
  public static JwtSettings forPublicKey(String publicKey) {
    return new JwtSettings(
        publicKey, null, null, null, null, DEFAULT_CLOCK_SKEW_SECONDS, null, null);
  }

  /** Settings that verify with the keys at {@code location} and defaults. */
  public static JwtSettings forLocation(String location) {
    return new JwtSettings(
        null, location, null, null, null, DEFAULT_CLOCK_SKEW_SECONDS, null, null);
  }

  /**
   * Reads {@code mp.jwt.verify.publickey}, {@code mp.jwt.verify.publickey.location}, {@code
   * mp.jwt.verify.issuer}, {@code mp.jwt.verify.audiences}, {@code
   * mp.jwt.verify.publickey.algorithm}, {@code mp.jwt.verify.clock.skew} and {@code
   * mp.jwt.verify.token.age} from {@code config} (which also maps environment variables such as
   * {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}). The groups claim is {@code groups}.
   *
   * @throws IllegalArgumentException if the values are inconsistent (see the constructor)
   */
  public static JwtSettings fromConfig(Config config) {
    return new JwtSettings(
        string(config, PUBLIC_KEY),
        string(config, PUBLIC_KEY_LOCATION),
        string(config, ISSUER),
        commaSeparated(string(config, AUDIENCES)),
        string(config, ALGORITHM),
        config.getOptionalValue(CLOCK_SKEW, Long.class).orElse(DEFAULT_CLOCK_SKEW_SECONDS),
        config.getOptionalValue(TOKEN_AGE, Long.class).orElse(null),
        DEFAULT_GROUPS_CLAIM);
  }

  /** Whether a public key or a public key location is set. */
  public boolean configured() {
    return publicKey != null || publicKeyLocation != null;
  }

  /** These settings with {@code issuer} required ({@code null}: not checked). */
  public JwtSettings withIssuer(String issuer) {
    return new JwtSettings(
        publicKey,
        publicKeyLocation,
        issuer,
        audiences,
        algorithm,
        clockSkewSeconds,
        tokenAgeSeconds,
        groupsClaim);
  }

  /** These settings with one of {@code audiences} required ({@code null}: not checked). */
  public JwtSettings withAudiences(Set<String> audiences) {
    return new JwtSettings(
        publicKey,
        publicKeyLocation,
        issuer,
        audiences,
        algorithm,
        clockSkewSeconds,
        tokenAgeSeconds,
        groupsClaim);
  }

  /** These settings with {@code algorithm} as the only accepted one. */
  public JwtSettings withAlgorithm(String algorithm) {
    return new JwtSettings(
        publicKey,
        publicKeyLocation,
        issuer,
        audiences,
        algorithm,
        clockSkewSeconds,
        tokenAgeSeconds,
        groupsClaim);
  }

  /** These settings with a clock skew of {@code seconds}. */
  public JwtSettings withClockSkewSeconds(long seconds) {
    return new JwtSettings(
        publicKey,
        publicKeyLocation,
        issuer,
        audiences,
        algorithm,
        seconds,
        tokenAgeSeconds,
        groupsClaim);
  }

  /** These settings with a maximum token age of {@code seconds} ({@code null}: not checked). */
  public JwtSettings withTokenAgeSeconds(Long seconds) {
    return new JwtSettings(
        publicKey,
        publicKeyLocation,
        issuer,
        audiences,
        algorithm,
        clockSkewSeconds,
        seconds,
        groupsClaim);
  }

  /** These settings with the groups read from {@code claim}. */
  public JwtSettings withGroupsClaim(String claim) {
    return new JwtSettings(
        publicKey,
        publicKeyLocation,
        issuer,
        audiences,
        algorithm,
        clockSkewSeconds,
        tokenAgeSeconds,
        claim);
  }

  private static String string(Config config, String key) {
    return config.getOptionalValue(key, String.class).orElse(null);
  }

  private static Set<String> commaSeparated(String value) {
    return value == null ? null : new LinkedHashSet<>(Arrays.asList(value.split(",")));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String[] sorted(Set<String> values) {
    return values.stream().sorted().toArray(String[]::new);
  }
}
