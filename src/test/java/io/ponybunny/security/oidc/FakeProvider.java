package io.ponybunny.security.oidc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ponybunny.security.Secrets;
import io.ponybunny.security.jwt.TestTokens;
import jakarta.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID Connect provider for tests, on a JDK HTTP server on the loopback: discovery, a JWKS,
 * and a token endpoint that checks the client's secret and the PKCE verifier against the challenge
 * of the authorization request, redeems each code once and answers an RS256 ID token for {@value
 * #USER} (group {@code admin}) carrying the request's nonce.
 */
final class FakeProvider implements AutoCloseable {

  static final String CLIENT_ID = "ponybunny-tests";
  static final String CLIENT_SECRET = "the-client-secret-of-the-tests";
  static final String USER = "alice";

  /** What the provider sends the browser back with. */
  record Callback(String code, String state) {}

  private record Grant(String nonce, String challenge) {}

  private final KeyPair keys = TestTokens.rsaKeyPair();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final HttpServer server;

  FakeProvider() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/.well-known/openid-configuration", this::discovery);
    server.createContext(
        "/jwks", x -> answer(x, 200, TestTokens.jwks(TestTokens.jwk(keys.getPublic(), "k1"))));
    server.createContext("/token", this::token);
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many times the token endpoint was called. */
  int tokenRequests() {
    return tokenRequests.get();
  }

  /** The user signs in at the provider following {@code authorizationUrl}. */
  Callback approve(URI authorizationUrl) {
    Map<String, String> q = form(authorizationUrl.getRawQuery());
    if (!CLIENT_ID.equals(q.get("client_id")) || !"S256".equals(q.get("code_challenge_method"))) {
      throw new IllegalArgumentException("not an authorization request of the client");
    }
    String code = Secrets.random(16);
    codes.put(code, new Grant(q.get("nonce"), q.get("code_challenge")));
    return new Callback(code, q.get("state"));
  }

  private void discovery(HttpExchange x) throws IOException {
    answer(
        x,
        200,
        Json.createObjectBuilder()
            .add("issuer", issuer())
            .add("authorization_endpoint", issuer() + "/authorize")
            .add("token_endpoint", issuer() + "/token")
            .add("jwks_uri", issuer() + "/jwks")
            .add("id_token_signing_alg_values_supported", Json.createArrayBuilder().add("RS256"))
            .build()
            .toString());
  }

  private void token(HttpExchange x) throws IOException {
    tokenRequests.incrementAndGet();
    Map<String, String> f =
        form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!basic.equals(x.getRequestHeaders().getFirst("Authorization"))) {
      answer(x, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    Grant grant = f.get("code") == null ? null : codes.remove(f.get("code"));
    if (grant == null
        || f.get("code_verifier") == null
        || !grant.challenge().equals(s256(f.get("code_verifier")))) {
      answer(x, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    Instant now = Instant.now();
    String idToken =
        TestTokens.sign(
            keys.getPrivate(),
            TestTokens.header("RS256", "k1"),
            TestTokens.claims(issuer(), "subject-of-" + USER, now)
                .add("aud", CLIENT_ID)
                .add("nonce", grant.nonce())
                .add("preferred_username", USER)
                .add("groups", Json.createArrayBuilder().add("admin"))
                .build());
    answer(x, 200, Json.createObjectBuilder().add("id_token", idToken).build().toString());
  }

  private static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> form(String text) {
    Map<String, String> out = new HashMap<>();
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void answer(HttpExchange x, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, body.length);
    try (var out = x.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
