package io.ponybunny.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.security.jwt.TestTokens;
import io.ponybunny.testing.Principals;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * MicroProfile JWT bearer tokens from an external issuer: the IT server trusts the tests' public
 * key and issuer by the standard settings alone ({@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}, {@code
 * MP_JWT_VERIFY_ISSUER}); the tests mint tokens with the private key. Good tokens act with the role
 * of their {@code groups}; a wrong signature, wrong issuer, expired token or {@code alg: none} is
 * refused over REST and WebSocket.
 */
class JwtIT {

  static final String ISSUER = "https://issuer.ponybunny.test";

  static PrivateKey itKey() throws Exception {
    String pem =
        Files.readString(Path.of("src/test/resources/jwt/it-private.pem"))
            .replaceAll("-----[A-Z ]+-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
  }

  static String token(PrivateKey key, JsonObjectBuilder claims) {
    return TestTokens.sign(key, TestTokens.header("RS256"), claims.build());
  }

  static JsonObjectBuilder claims(String upn, String... groups) {
    var g = Json.createArrayBuilder();
    for (String group : groups) {
      g.add(group);
    }
    return TestTokens.claims(ISSUER, "sub-" + upn, Instant.now()).add("upn", upn).add("groups", g);
  }

  private static HttpResponse<String> me(String token) {
    return Principals.call("GET", "/api/auth/me", "Bearer " + token, null);
  }

  @Test
  void aGoodTokenActsAsItsUpnWithTheRoleOfItsGroups() throws Exception {
    PrivateKey key = itKey();
    HttpResponse<String> r = me(token(key, claims("svc-reporting", "viewer", "other-group")));
    assertEquals(200, r.statusCode(), r.body());
    JsonObject me = TestServer.json(r.body());
    assertEquals("svc-reporting", me.getString("name"));
    assertEquals("viewer", me.getString("role"));
    assertEquals("jwt", me.getString("via"));

    String viewer = "Bearer " + token(key, claims("svc-reporting", "viewer"));
    String body =
        "{\"model\":\"sim/x~tokens=2~tps=0\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertEquals(403, Principals.call("POST", "/api/completions", viewer, body).statusCode());
    String operator = "Bearer " + token(key, claims("svc-writer", "operator"));
    HttpResponse<String> done = Principals.call("POST", "/api/completions", operator, body);
    assertEquals(200, done.statusCode(), done.body());

    JsonObjectBuilder preferred =
        TestTokens.claims(ISSUER, "sub-only", Instant.now())
            .add("preferred_username", "pref-user")
            .add("groups", Json.createArrayBuilder().add("viewer"));
    assertEquals("pref-user", TestServer.json(me(token(key, preferred)).body()).getString("name"));

    WsClient socket = WsClient.to("/ws/streams").as(viewer).connect().join();
    socket.awaitFirst(Duration.ofSeconds(10));
    socket.close();
  }

  @Test
  void badTokensAreRefused() throws Exception {
    PrivateKey key = itKey();
    PrivateKey stranger = TestTokens.rsaKeyPair().getPrivate();
    Instant past = Instant.now().minus(Duration.ofHours(2));
    String expired =
        token(
            key,
            TestTokens.claims(ISSUER, "s", past)
                .add("upn", "late")
                .add("groups", Json.createArrayBuilder().add("admin")));
    String none =
        TestTokens.compact(
            Json.createObjectBuilder().add("alg", "none").add("typ", "JWT").build(),
            claims("mallory", "admin").build(),
            new byte[0]);
    String[][] cases = {
      {"wrong signature", token(stranger, claims("mallory", "admin"))},
      {
        "wrong issuer",
        token(
            key,
            TestTokens.claims("https://evil.example", "s", Instant.now())
                .add("upn", "mallory")
                .add("groups", Json.createArrayBuilder().add("admin")))
      },
      {"expired", expired},
      {"alg none", none},
      {"no role in groups", token(key, claims("nobody", "staff"))},
      {"garbage", "eyJhbGciOi.not.a-token"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = me(c[1]);
      assertEquals(401, r.statusCode(), c[0] + ": " + r.body());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
      assertFalse(r.body().contains(c[1]), c[0] + ": the token is not echoed");
    }
    assertEquals(
        401,
        WsClient.to("/ws/streams").as("Bearer " + expired).attempt().status(),
        "an expired token's handshake is refused");
  }
}
