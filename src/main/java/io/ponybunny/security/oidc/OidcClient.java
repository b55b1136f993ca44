package io.ponybunny.security.oidc;

import io.ponybunny.security.Role;
import io.ponybunny.security.Secrets;
import io.ponybunny.security.jwt.InvalidTokenException;
import io.ponybunny.security.jwt.JwtClaims;
import io.ponybunny.security.jwt.JwtSettings;
import io.ponybunny.security.jwt.JwtVerifier;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The relying party of single sign-on: the authorization-code flow with PKCE (S256), a state bound
 * to the browser by a cookie, a nonce, the code exchanged at the token endpoint with the client's
 * secret, and the ID token verified against the provider's JWKS (issuer, audience, expiry, nonce).
 *
 * <p>A started sign-in is kept in the database ({@link PendingSignIns}), so any instance of a
 * cluster completes it, once. Only hashes of its state, binding and nonce are stored: the PKCE
 * verifier is not stored at all but derived from the binding cookie the browser brings back ({@link
 * #verifier}), so it stays as secret as that cookie and the database holds nothing that completes a
 * sign-in.
 */
@ApplicationScoped
public class OidcClient {

  /** How long a started sign-in may take. */
  public static final Duration PENDING_TTL = PendingSignIns.TTL;

  private static final Logger LOG = Logger.getLogger(OidcClient.class.getName());

  /** Where to send the browser and the value of the binding cookie. */
  public record Start(URI authorizationUrl, String binding) {}

  /** A verified sign-in. */
  public record SignedIn(String name, Role role, String next) {}

  /** A sign-in that failed; {@code reason} is safe to log and show. */
  public static final class SignInException extends Exception {
    private static final long serialVersionUID = 1L;

    public SignInException(String reason) {
      super(reason);
    }
  }

  /** The provider's discovery document, read once. */
  private record Provider(URI authorization, URI token, JwtVerifier verifier) {}

  @Inject PendingSignIns pending;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private OidcSettings settings;
  private LongSupplier clock = System::currentTimeMillis;
  private volatile Provider provider;

  /** For CDI: settings from {@code ponybunny.oidc.*}. */
  public OidcClient() {}

  /** With {@code settings}, sign-ins in progress in {@code pending}, time from {@code clock}. */
  public OidcClient(OidcSettings settings, PendingSignIns pending, LongSupplier clock) {
    this.settings = settings;
    this.pending = pending;
    this.clock = clock;
  }

  @PostConstruct
  void init() {
    var config = ConfigProvider.getConfig();
    settings =
        OidcSettings.fromConfig(
            config,
            config
                .getOptionalValue("ponybunny.public-url", String.class)
                .orElse("http://localhost:9080"));
    if (settings.enabled()) {
      LOG.info("Single sign-on with OpenID Connect provider " + settings.issuer());
    }
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /** Starts a sign-in that returns to {@code next} (a path of the console). */
  public Start begin(String next) throws SignInException {
    Provider p = provider();
    String state = Secrets.random(24);
    String binding = Secrets.random(24);
    String nonce = Secrets.random(24);
    boolean started;
    try {
      started = pending.start(state, binding, nonce, safeNext(next), clock.getAsLong());
    } catch (IllegalStateException e) {
      LOG.log(Level.WARNING, "could not store a single sign-on in progress", e);
      throw new SignInException("the sign-in could not be started");
    }
    if (!started) {
      throw new SignInException("too many sign-ins in progress; try again shortly");
    }
    String query =
        "response_type=code"
            + "&client_id="
            + enc(settings.clientId())
            + "&redirect_uri="
            + enc(settings.redirectUri())
            + "&scope="
            + enc(settings.scopes())
            + "&state="
            + state
            + "&nonce="
            + nonce
            + "&code_challenge="
            + challenge(verifier(binding))
            + "&code_challenge_method=S256";
    String base = p.authorization().toString();
    return new Start(URI.create(base + (base.contains("?") ? "&" : "?") + query), binding);
  }

  /** Completes a sign-in from the provider's redirect. */
  public SignedIn complete(String code, String state, String binding) throws SignInException {
    if (code == null || state == null || binding == null) {
      throw new SignInException("the provider's answer is incomplete");
    }
    if (code.length() > 4096 || state.length() > 100 || binding.length() > 100) {
      throw new SignInException("the provider's answer is too long");
    }
    PendingSignIns.Started p;
    try {
      p =
          pending
              .take(state, clock.getAsLong())
              .filter(started -> started.boundTo(binding))
              .orElseThrow(() -> new SignInException("unknown or expired sign-in (state)"));
    } catch (IllegalStateException e) {
      LOG.log(Level.WARNING, "could not read a single sign-on in progress", e);
      throw new SignInException("the sign-in could not be completed");
    }
    Provider provider = provider();
    String idToken = exchange(provider, code, verifier(binding));
    JwtClaims claims;
    try {
      claims = provider.verifier().verify(idToken);
    } catch (InvalidTokenException e) {
      throw new SignInException("the ID token is not valid: " + e.getMessage());
    }
    JsonValue nonce = claims.all().get("nonce");
    if (!(nonce instanceof JsonString n) || !p.hasNonce(n.getString())) {
      throw new SignInException("the ID token's nonce does not match");
    }
    Role role = settings.roleOf(strings(claims.all().get(settings.rolesClaim())));
    if (role == null) {
      throw new SignInException(
          "the ID token's " + settings.rolesClaim() + " claim names no PonyBunny role");
    }
    JsonValue named = claims.all().get(settings.principalClaim());
    String name = named instanceof JsonString s && !s.getString().isBlank() ? s.getString() : null;
    return new SignedIn(name == null ? claims.name() : name, role, p.next());
  }

  private String exchange(Provider p, String code, String verifier) throws SignInException {
    String form =
        "grant_type=authorization_code&code="
            + enc(code)
            + "&redirect_uri="
            + enc(settings.redirectUri())
            + "&code_verifier="
            + verifier;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(p.token())
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (settings.clientSecret() != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (enc(settings.clientId()) + ":" + enc(settings.clientSecret()))
                          .getBytes(StandardCharsets.UTF_8)));
    } else {
      form += "&client_id=" + enc(settings.clientId());
    }
    try {
      HttpResponse<String> r =
          http.send(
              request.POST(HttpRequest.BodyPublishers.ofString(form)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new SignInException("the token endpoint answered " + r.statusCode());
      }
      JsonObject body = read(r.body());
      if (!(body.get("id_token") instanceof JsonString id)) {
        throw new SignInException("the token endpoint gave no ID token");
      }
      return id.getString();
    } catch (IOException | RuntimeException e) {
      throw new SignInException("the token endpoint is not reachable or not JSON");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SignInException("interrupted");
    }
  }

  private Provider provider() throws SignInException {
    Provider p = provider;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      if (provider != null) {
        return provider;
      }
      String issuer = settings.issuer().replaceAll("/+$", "");
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new SignInException("the provider's discovery answered " + r.statusCode());
        }
        JsonObject d = read(r.body());
        String alg = algorithm(d.get("id_token_signing_alg_values_supported"));
        JwtSettings jwt =
            JwtSettings.forLocation(d.getString("jwks_uri"))
                .withIssuer(d.getString("issuer"))
                .withAudiences(Set.of(settings.clientId()))
                .withAlgorithm(alg);
        provider =
            new Provider(
                URI.create(d.getString("authorization_endpoint")),
                URI.create(d.getString("token_endpoint")),
                new JwtVerifier(jwt, Clock.systemUTC(), JwtVerifier.KeyLoader.standard()));
        return provider;
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "OpenID Connect discovery failed for " + issuer, e);
        throw new SignInException("the provider's discovery failed");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SignInException("interrupted");
      }
    }
  }

  /** RS256 when the provider offers it, else the first algorithm it offers that we verify. */
  private static String algorithm(JsonValue offered) {
    List<String> algs = strings(offered);
    if (algs.isEmpty() || algs.contains("RS256")) {
      return "RS256";
    }
    for (String a : algs) {
      if (JwtSettings.SUPPORTED_ALGORITHMS.contains(a)) {
        return a;
      }
    }
    return "RS256";
  }

  private static List<String> strings(JsonValue v) {
    List<String> out = new ArrayList<>();
    if (v instanceof JsonString s) {
      out.add(s.getString());
    } else if (v instanceof JsonArray a) {
      for (JsonValue e : a) {
        if (e instanceof JsonString s) {
          out.add(s.getString());
        }
      }
    }
    return out;
  }

  /** A console path to return to: relative and local only (no open redirect). */
  static String safeNext(String next) {
    if (next == null
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.startsWith("/\\")
        || next.length() > 500) {
      return "/";
    }
    return next;
  }

  /**
   * The PKCE verifier of the sign-in bound to {@code binding}: 43 base64url characters from the
   * SHA-256 of the binding cookie's value under a label of its own (so it is not the binding's
   * stored hash), as unguessable as the cookie, which only the browser holds.
   */
  static String verifier(String binding) {
    return base64url(sha256("ponybunny oidc pkce verifier:" + binding));
  }

  private static String challenge(String verifier) {
    return base64url(sha256(verifier));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonObject read(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
