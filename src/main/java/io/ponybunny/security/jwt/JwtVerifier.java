package io.ponybunny.security.jwt;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * Verifies MicroProfile JWT bearer tokens (signed JWTs in JWS compact form) against {@link
 * JwtSettings}, with only the JDK and JSON-P.
 *
 * <p>A token is accepted only if it has three base64url parts, is at most {@value
 * #MAX_TOKEN_LENGTH} characters long, its header names exactly the configured algorithm (RS256,
 * RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512; never {@code none} or a shared-secret
 * HS algorithm) and no {@code crit} parameters, its key fits that algorithm (RSA of at least 2048
 * bits, or EC on the algorithm's curve), the signature verifies, {@code exp} is not past, {@code
 * nbf} (if present) is reached, {@code iat} is recent enough (if a token age is configured), and
 * {@code iss} and {@code aud} match the configured issuer and audiences (if configured); each time
 * check allows the configured clock skew. Header parameters that point to keys ({@code jku}, {@code
 * jwk}, {@code x5u}, {@code x5c}) are ignored: only configured keys are used.
 *
 * <p>Keys given inline are parsed when the verifier is built. Keys at a location are loaded when
 * the first token arrives and cached; keys at an http(s) location are loaded again when they are
 * {@link #REFRESH_INTERVAL} old, or at once when a token names an unknown {@code kid}, but not more
 * often than every {@link #MIN_RELOAD_INTERVAL}. If loading again fails, the old keys stay in use.
 *
 * <p>Instances are thread-safe.
 */
public final class JwtVerifier {

  /** Tokens longer than this many characters are refused unread. */
  public static final int MAX_TOKEN_LENGTH = 16 * 1024;

  /** How long keys from an http(s) location are used before they are loaded again. */
  public static final Duration REFRESH_INTERVAL = Duration.ofMinutes(5);

  /** The least time between two loads of the keys from a location. */
  public static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(30);

  /** The largest key document {@link KeyLoader#standard()} reads, in bytes. */
  public static final int MAX_KEY_DOCUMENT_BYTES = 1024 * 1024;

  private static final Logger LOG = Logger.getLogger(JwtVerifier.class.getName());
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
  private static final BigDecimal MAX_NUMERIC_DATE = BigDecimal.valueOf(253402300799L);
  private static final JsonReaderFactory JSON =
      Json.createReaderFactory(Map.of("org.eclipse.parsson.rejectDuplicateKeys", true));

  /** Loads the text of the key document at a {@code mp.jwt.verify.publickey.location}. */
  @FunctionalInterface
  public interface KeyLoader {

    /** The PEM, JWK or JWKS text at {@code location}. */
    String load(String location) throws IOException;

    /**
     * Reads a file (a path or a {@code file:} URL) or fetches an {@code http(s)} URL (status 200, 5
     * s to connect, 10 s in all) of at most 1 MiB.
     */
    static KeyLoader standard() {
      return JwtVerifier::loadStandard;
    }
  }

  private final JwtSettings settings;
  private final Clock clock;
  private final KeyLoader loader;
  private final Alg algorithm;
  private final PublicKeys inlineKeys;
  private final boolean remote;

  private PublicKeys loadedKeys; // guarded by this
  private Instant loadedAt; // guarded by this
  private Instant lastAttempt; // guarded by this

  /**
   * A verifier for {@code settings} that reads the time from {@code clock} and the keys at a
   * location with {@code loader}.
   *
   * @throws IllegalArgumentException if neither a public key nor a location is set, or the public
   *     key cannot be parsed
   */
  public JwtVerifier(JwtSettings settings, Clock clock, KeyLoader loader) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.loader = Objects.requireNonNull(loader, "loader");
    if (!settings.configured()) {
      throw new IllegalArgumentException(
          "Set " + JwtSettings.PUBLIC_KEY + " or " + JwtSettings.PUBLIC_KEY_LOCATION);
    }
    this.algorithm = Alg.valueOf(settings.algorithm());
    if (settings.publicKey() != null) {
      try {
        this.inlineKeys = PublicKeys.parse(settings.publicKey());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(JwtSettings.PUBLIC_KEY + ": " + e.getMessage(), e);
      }
    } else {
      this.inlineKeys = null;
    }
    this.remote = settings.publicKey() == null && isRemote(settings.publicKeyLocation());
  }

  /**
   * A verifier for the MicroProfile JWT settings in {@code config}, with the system clock and
   * {@link KeyLoader#standard()}.
   *
   * @throws IllegalArgumentException if the settings are not usable
   */
  public static JwtVerifier fromConfig(Config config) {
    return new JwtVerifier(JwtSettings.fromConfig(config), Clock.systemUTC(), KeyLoader.standard());
  }

  /** The settings this verifier checks tokens against. */
  public JwtSettings settings() {
    return settings;
  }

  /**
   * Verifies {@code token} (without any {@code Bearer } prefix) and returns its caller.
   *
   * @throws InvalidTokenException if the token is refused; the message names the reason without
   *     repeating any part of the token
   */
  public JwtClaims verify(String token) throws InvalidTokenException {
    if (token == null || token.isEmpty()) {
      throw new InvalidTokenException("No token");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenException("Token is larger than 16 KiB");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length == 5) {
      throw new InvalidTokenException("Encrypted tokens (JWE) are not supported");
    }
    if (parts.length != 3) {
      throw new InvalidTokenException("Token does not have three dot-separated parts");
    }
    JsonObject header = json(parts[0], "header");
    Alg alg = algorithm(header);
    if (header.containsKey("crit")) {
      throw new InvalidTokenException("Tokens with critical header parameters (crit) are refused");
    }
    String kid = string(header, "kid", "Header parameter kid");
    byte[] signature = base64url(parts[2], "signature");
    if (signature.length == 0) {
      throw new InvalidTokenException("Token has no signature");
    }
    PublicKey key = key(kid);
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    alg.verify(key, signed, signature);
    return claims(json(parts[1], "payload"));
  }

  private Alg algorithm(JsonObject header) throws InvalidTokenException {
    String name = string(header, "alg", "Header parameter alg");
    if (name == null) {
      throw new InvalidTokenException("Token header has no algorithm (alg)");
    }
    if (name.equalsIgnoreCase("none")) {
      throw new InvalidTokenException("Unsigned tokens (alg none) are refused");
    }
    if (name.toUpperCase(Locale.ROOT).startsWith("HS")) {
      throw new InvalidTokenException("Shared-secret algorithms (HS256, HS384, HS512) are refused");
    }
    if (!JwtSettings.SUPPORTED_ALGORITHMS.contains(name)) {
      throw new InvalidTokenException("Token algorithm is not supported");
    }
    if (!name.equals(algorithm.name())) {
      throw new InvalidTokenException("Token algorithm is not the configured " + algorithm.name());
    }
    return algorithm;
  }

  private PublicKey key(String kid) throws InvalidTokenException {
    if (inlineKeys != null) {
      return found(inlineKeys.find(kid), kid);
    }
    Optional<PublicKey> key = keys(false).find(kid);
    if (key.isEmpty() && kid != null && remote) {
      key = keys(true).find(kid);
    }
    return found(key, kid);
  }

  private static PublicKey found(Optional<PublicKey> key, String kid) throws InvalidTokenException {
    if (key.isPresent()) {
      return key.get();
    }
    throw new InvalidTokenException(
        kid == null
            ? "Token has no key id (kid) and several keys are configured"
            : "No configured key matches the token's key id (kid)");
  }

  private synchronized PublicKeys keys(boolean unknownKid) throws InvalidTokenException {
    Instant now = clock.instant();
    boolean due =
        loadedKeys == null
            || remote && (unknownKid || !now.isBefore(loadedAt.plus(REFRESH_INTERVAL)));
    boolean allowed = lastAttempt == null || !now.isBefore(lastAttempt.plus(MIN_RELOAD_INTERVAL));
    if (due && allowed) {
      lastAttempt = now;
      try {
        loadedKeys = PublicKeys.parse(loader.load(settings.publicKeyLocation()));
        loadedAt = now;
      } catch (IOException | RuntimeException e) {
        String location = settings.publicKeyLocation();
        if (loadedKeys == null) {
          LOG.log(Level.WARNING, "JWT public keys could not be loaded from " + location, e);
          throw new InvalidTokenException("Public keys could not be loaded from " + location, e);
        }
        LOG.log(
            Level.WARNING,
            "JWT public keys could not be loaded again from "
                + location
                + "; the keys loaded at "
                + loadedAt
                + " stay in use",
            e);
      }
    }
    if (loadedKeys == null) {
      throw new InvalidTokenException(
          "Public keys could not be loaded from " + settings.publicKeyLocation());
    }
    return loadedKeys;
  }

  private JwtClaims claims(JsonObject claims) throws InvalidTokenException {
    Instant now = clock.instant();
    Duration skew = Duration.ofSeconds(settings.clockSkewSeconds());
    Instant exp = numericDate(claims, "exp");
    if (exp == null) {
      throw new InvalidTokenException("Token has no expiry (exp)");
    }
    if (!now.isBefore(exp.plus(skew))) {
      throw new InvalidTokenException("Token has expired");
    }
    Instant nbf = numericDate(claims, "nbf");
    if (nbf != null && now.plus(skew).isBefore(nbf)) {
      throw new InvalidTokenException("Token is not valid yet (nbf)");
    }
    if (settings.tokenAgeSeconds() != null) {
      Instant iat = numericDate(claims, "iat");
      if (iat == null) {
        throw new InvalidTokenException("Token has no issue time (iat)");
      }
      if (now.plus(skew).isBefore(iat)) {
        throw new InvalidTokenException("Token was issued in the future (iat)");
      }
      if (now.isAfter(iat.plusSeconds(settings.tokenAgeSeconds()).plus(skew))) {
        throw new InvalidTokenException("Token is older than the configured token age (iat)");
      }
    }
    String issuer = string(claims, "iss", "Claim iss");
    if (settings.issuer() != null && !settings.issuer().equals(issuer)) {
      throw new InvalidTokenException("Token issuer (iss) is not the configured issuer");
    }
    if (settings.audiences() != null) {
      checkAudience(claims);
    }
    String subject = string(claims, "sub", "Claim sub");
    String name =
        firstNonBlank(
            string(claims, "upn", "Claim upn"),
            string(claims, "preferred_username", "Claim preferred_username"),
            subject);
    if (name == null) {
      throw new InvalidTokenException("Token names no principal (upn, preferred_username or sub)");
    }
    return new JwtClaims(
        name, groups(claims), issuer, subject, exp, string(claims, "jti", "Claim jti"), claims);
  }

  private void checkAudience(JsonObject claims) throws InvalidTokenException {
    Set<String> aud = strings(claims, "aud", "Claim aud");
    if (aud == null || aud.isEmpty()) {
      throw new InvalidTokenException("Token has no audience (aud)");
    }
    if (aud.stream().noneMatch(settings.audiences()::contains)) {
      throw new InvalidTokenException("Token audience (aud) is not a configured audience");
    }
  }

  private Set<String> groups(JsonObject claims) throws InvalidTokenException {
    Set<String> groups = strings(claims, settings.groupsClaim(), "Groups claim");
    return groups == null ? Set.of() : groups;
  }

  /** A string or an array of strings as a set; null if absent. */
  private static Set<String> strings(JsonObject json, String member, String what)
      throws InvalidTokenException {
    JsonValue v = json.get(member);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v instanceof JsonString s) {
      return Set.of(s.getString());
    }
    if (v.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new InvalidTokenException(what + " is neither a string nor an array");
    }
    Set<String> out = new LinkedHashSet<>();
    for (JsonValue item : v.asJsonArray()) {
      if (!(item instanceof JsonString s)) {
        throw new InvalidTokenException(what + " holds a value that is not a string");
      }
      out.add(s.getString());
    }
    return out;
  }

  private static String string(JsonObject json, String member, String what)
      throws InvalidTokenException {
    JsonValue v = json.get(member);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (!(v instanceof JsonString s)) {
      throw new InvalidTokenException(what + " is not a string");
    }
    return s.getString();
  }

  private static Instant numericDate(JsonObject claims, String member)
      throws InvalidTokenException {
    JsonValue v = claims.get(member);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (!(v instanceof JsonNumber n)) {
      throw new InvalidTokenException("Claim " + member + " is not a number");
    }
    BigDecimal seconds = n.bigDecimalValue();
    // compareTo first: turning a number such as 1e999999999 into a long would take ages.
    if (seconds.signum() < 0 || seconds.compareTo(MAX_NUMERIC_DATE) > 0) {
      throw new InvalidTokenException("Claim " + member + " is out of range");
    }
    return Instant.ofEpochSecond(seconds.longValue());
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static JsonObject json(String part, String what) throws InvalidTokenException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(base64url(part, what)))
              .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidTokenException("Token " + what + " is not UTF-8");
    }
    try (JsonReader reader = JSON.createReader(new StringReader(text))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      // Parser messages may quote the input: the cause is dropped on purpose.
      throw new InvalidTokenException("Token " + what + " is not a JSON object");
    }
  }

  private static byte[] base64url(String part, String what) throws InvalidTokenException {
    if (!BASE64URL.matcher(part).matches()) {
      throw new InvalidTokenException("Token " + what + " is not base64url");
    }
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("Token " + what + " is not base64url");
    }
  }

  private static boolean isRemote(String location) {
    String l = location.toLowerCase(Locale.ROOT);
    return l.startsWith("http://") || l.startsWith("https://");
  }

  private static String loadStandard(String location) throws IOException {
    if (isRemote(location)) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(location))
              .timeout(Duration.ofSeconds(10))
              .header("Accept", "application/jwk-set+json, application/json, */*")
              .GET()
              .build();
      HttpResponse<InputStream> response;
      try {
        response = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while loading " + location);
      }
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new IOException("HTTP status " + response.statusCode() + " from " + location);
        }
        return read(in, location);
      }
    }
    Path path =
        location.regionMatches(true, 0, "file:", 0, 5)
            ? Path.of(URI.create(location))
            : Path.of(location);
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, location);
    }
  }

  private static String read(InputStream in, String location) throws IOException {
    byte[] bytes = in.readNBytes(MAX_KEY_DOCUMENT_BYTES + 1);
    if (bytes.length > MAX_KEY_DOCUMENT_BYTES) {
      throw new IOException("Key document at " + location + " is larger than 1 MiB");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The HTTP client of {@link KeyLoader#standard()}, made on first use. */
  private static final class Http {
    static final HttpClient CLIENT =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** The supported JWS algorithms and how to check their signatures. */
  private enum Alg {
    RS256("SHA256withRSA", null, null),
    RS384("SHA384withRSA", null, null),
    RS512("SHA512withRSA", null, null),
    PS256("RSASSA-PSS", pss("SHA-256", MGF1ParameterSpec.SHA256, 32), null),
    PS384("RSASSA-PSS", pss("SHA-384", MGF1ParameterSpec.SHA384, 48), null),
    PS512("RSASSA-PSS", pss("SHA-512", MGF1ParameterSpec.SHA512, 64), null),
    ES256("SHA256withECDSAinP1363Format", null, "P-256"),
    ES384("SHA384withECDSAinP1363Format", null, "P-384"),
    ES512("SHA512withECDSAinP1363Format", null, "P-521");

    private static final int MIN_RSA_BITS = 2048;

    private final String jca;
    private final PSSParameterSpec pss;
    private final String curve;

    Alg(String jca, PSSParameterSpec pss, String curve) {
      this.jca = jca;
      this.pss = pss;
      this.curve = curve;
    }

    private static PSSParameterSpec pss(String hash, MGF1ParameterSpec mgf, int saltLength) {
      return new PSSParameterSpec(hash, "MGF1", mgf, saltLength, 1);
    }

    void verify(PublicKey key, byte[] signed, byte[] signature) throws InvalidTokenException {
      if (!fits(key)) {
        throw new InvalidTokenException("Configured key does not fit the algorithm " + name());
      }
      if (curve != null && signature.length != 2 * ecFieldBytes((ECPublicKey) key)) {
        throw new InvalidTokenException("Token signature does not verify");
      }
      boolean valid;
      try {
        Signature s = Signature.getInstance(jca);
        if (pss != null) {
          s.setParameter(pss);
        }
        s.initVerify(key);
        s.update(signed);
        valid = s.verify(signature);
      } catch (SignatureException e) {
        valid = false;
      } catch (GeneralSecurityException e) {
        throw new InvalidTokenException("Signature cannot be checked with " + name(), e);
      }
      if (!valid) {
        throw new InvalidTokenException("Token signature does not verify");
      }
    }

    private boolean fits(PublicKey key) {
      if (curve == null) {
        return key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS;
      }
      return key instanceof ECPublicKey ec && curve.equals(PublicKeys.curveName(ec));
    }

    private static int ecFieldBytes(ECPublicKey key) {
      return (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    }
  }
}
