package io.ponybunny.security.jwt;

import static io.ponybunny.security.jwt.TestTokens.base64url;
import static io.ponybunny.security.jwt.TestTokens.claims;
import static io.ponybunny.security.jwt.TestTokens.compact;
import static io.ponybunny.security.jwt.TestTokens.header;
import static io.ponybunny.security.jwt.TestTokens.jwk;
import static io.ponybunny.security.jwt.TestTokens.jwks;
import static io.ponybunny.security.jwt.TestTokens.pem;
import static io.ponybunny.security.jwt.TestTokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.sun.net.httpserver.HttpServer;
import io.ponybunny.testing.MapConfig;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JwtVerifierTest {

  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  private static final String ISSUER = "https://issuer.example";
  private static final String JWKS_URL = "https://issuer.example/jwks";
  private static final KeyPair RSA = TestTokens.rsaKeyPair();
  private static final KeyPair OTHER_RSA = TestTokens.rsaKeyPair();
  private static final KeyPair EC = TestTokens.ecKeyPair("P-256");
  private static final JwtVerifier.KeyLoader NO_LOADER =
      location -> {
        throw new IOException("no loader in this test");
      };

  private static JwtSettings rsaSettings() {
    return JwtSettings.forPublicKey(pem(RSA.getPublic())).withIssuer(ISSUER);
  }

  private static JwtVerifier verifier(JwtSettings settings) {
    return new JwtVerifier(settings, Clock.fixed(NOW, ZoneOffset.UTC), NO_LOADER);
  }

  /** Standard claims with {@code upn} alice and groups admin and users. */
  private static JsonObjectBuilder aliceClaims() {
    return claims(ISSUER, "subject-1", NOW)
        .add("upn", "alice@example.com")
        .add("groups", Json.createArrayBuilder().add("admin").add("users"));
  }

  private static String rs256(JsonObjectBuilder claims) {
    return sign(RSA, "RS256", claims.build());
  }

  // ---- accepted tokens ----

  @ParameterizedTest
  @ValueSource(
      strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"})
  void validTokenOfEachAlgorithmIsAccepted(String alg) throws Exception {
    KeyPair keys = TestTokens.keyPairFor(alg);
    JwtSettings settings =
        JwtSettings.forPublicKey(pem(keys.getPublic())).withIssuer(ISSUER).withAlgorithm(alg);

    JwtClaims c = verifier(settings).verify(sign(keys, alg, aliceClaims().build()));

    assertEquals("alice@example.com", c.name());
    assertEquals(Set.of("admin", "users"), c.groups());
    assertEquals(ISSUER, c.issuer());
    assertEquals("subject-1", c.subject());
    assertEquals(NOW.plus(Duration.ofMinutes(5)), c.expiresAt());
    assertEquals("jti-" + NOW.getEpochSecond(), c.tokenId());
  }

  @Test
  void rs256WithJwkAndEs256WithJwksAreAccepted() throws Exception {
    JwtSettings rsaJwk =
        JwtSettings.forPublicKey(jwk(RSA.getPublic(), "r1").toString()).withIssuer(ISSUER);
    String rsToken = sign(RSA.getPrivate(), header("RS256", "r1"), aliceClaims().build());
    assertEquals("alice@example.com", verifier(rsaJwk).verify(rsToken).name());

    JwtSettings ecJwks =
        JwtSettings.forPublicKey(jwks(jwk(EC.getPublic(), "e1")))
            .withIssuer(ISSUER)
            .withAlgorithm("ES256");
    String esToken = sign(EC.getPrivate(), header("ES256", "e1"), aliceClaims().build());
    assertEquals(Set.of("admin", "users"), verifier(ecJwks).verify(esToken).groups());
  }

  static Stream<Arguments> principals() {
    return Stream.of(
        arguments("alice@example.com", "al", "subject-1", "alice@example.com"),
        arguments(null, "al", "subject-1", "al"),
        arguments(null, null, "subject-1", "subject-1"),
        arguments("  ", "al", "subject-1", "al"));
  }

  @ParameterizedTest
  @MethodSource("principals")
  void principalIsUpnThenPreferredUsernameThenSub(
      String upn, String preferredUsername, String sub, String expected) throws Exception {
    JsonObjectBuilder claims = claims(ISSUER, sub, NOW);
    if (upn != null) {
      claims.add("upn", upn);
    }
    if (preferredUsername != null) {
      claims.add("preferred_username", preferredUsername);
    }
    JwtClaims c = verifier(rsaSettings()).verify(rs256(claims));
    assertEquals(expected, c.name());
    assertEquals(sub, c.subject());
    assertEquals(Set.of(), c.groups());
  }

  @Test
  void groupsMayBeASingleStringOrComeFromAnotherClaim() throws Exception {
    String single = rs256(claims(ISSUER, "s", NOW).add("groups", "admin"));
    assertEquals(Set.of("admin"), verifier(rsaSettings()).verify(single).groups());

    String roles =
        rs256(claims(ISSUER, "s", NOW).add("roles", Json.createArrayBuilder().add("ops")));
    JwtSettings settings = rsaSettings().withGroupsClaim("roles");
    assertEquals(Set.of("ops"), verifier(settings).verify(roles).groups());
  }

  @Test
  void optionalClaimsMayBeAbsentWhenNotConfigured() throws Exception {
    JsonObject minimal =
        Json.createObjectBuilder()
            .add("sub", "s")
            .add("exp", NOW.plusSeconds(10).getEpochSecond())
            .build();
    JwtClaims c =
        verifier(JwtSettings.forPublicKey(pem(RSA.getPublic())))
            .verify(sign(RSA, "RS256", minimal));
    assertEquals("s", c.name());
    assertNull(c.issuer());
    assertNull(c.tokenId());
  }

  @ParameterizedTest(name = "exp {0}s from now, skew {1}s: accepted={2}")
  @CsvSource({"-59, 60, true", "-61, 60, false", "1, 0, true", "0, 0, false", "-1, 0, false"})
  void expiryAllowsTheClockSkew(long expOffset, long skew, boolean accepted) {
    String token = rs256(aliceClaims().add("exp", NOW.plusSeconds(expOffset).getEpochSecond()));
    JwtVerifier v = verifier(rsaSettings().withClockSkewSeconds(skew));
    assertAccepted(accepted, v, token, "expired");
  }

  @ParameterizedTest(name = "nbf {0}s from now: accepted={1}")
  @CsvSource({"59, true", "61, false", "-10, true"})
  void notBeforeAllowsTheClockSkew(long nbfOffset, boolean accepted) {
    String token = rs256(aliceClaims().add("nbf", NOW.plusSeconds(nbfOffset).getEpochSecond()));
    assertAccepted(accepted, verifier(rsaSettings()), token, "not valid yet");
  }

  @ParameterizedTest(name = "iat {0}s from now, token age 300: accepted={1}")
  @CsvSource({"-300, true", "-360, true", "-361, false", "61, false", "59, true"})
  void tokenAgeLimitsIssuedAt(long iatOffset, boolean accepted) {
    String token = rs256(aliceClaims().add("iat", NOW.plusSeconds(iatOffset).getEpochSecond()));
    assertAccepted(accepted, verifier(rsaSettings().withTokenAgeSeconds(300L)), token, "(iat)");
  }

  @Test
  void audienceMayBeAStringOrAnArray() throws Exception {
    JwtVerifier v = verifier(rsaSettings().withAudiences(Set.of("api", "console")));
    v.verify(rs256(aliceClaims().add("aud", "console")));
    v.verify(rs256(aliceClaims().add("aud", Json.createArrayBuilder().add("x").add("api"))));
  }

  private static void assertAccepted(boolean accepted, JwtVerifier v, String token, String why) {
    if (accepted) {
      try {
        v.verify(token);
      } catch (InvalidTokenException e) {
        throw new AssertionError("refused: " + e.getMessage(), e);
      }
    } else {
      InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> v.verify(token));
      assertTrue(e.getMessage().contains(why), e.getMessage());
    }
  }

  // ---- refused tokens ----

  static Stream<Arguments> refusals() {
    JwtSettings rsa = rsaSettings();
    JsonObject alice = aliceClaims().build();
    List<Arguments> cases = new ArrayList<>();

    cases.add(refusal("signed by another key", rsa, sign(OTHER_RSA, "RS256", alice), "signature"));
    cases.add(
        refusal(
            "signature of other claims",
            rsa,
            swapPayload(rs256(aliceClaims()), aliceClaims().add("upn", "mallory").build()),
            "signature"));
    cases.add(
        refusal(
            "wrong issuer",
            rsa,
            rs256(aliceClaims().add("iss", "https://evil.example")),
            "issuer"));
    cases.add(refusal("no issuer when one is configured", rsa, rs256(noIss()), "issuer"));
    cases.add(
        refusal(
            "expired beyond the skew",
            rsa,
            rs256(aliceClaims().add("exp", NOW.minusSeconds(61).getEpochSecond())),
            "expired"));
    cases.add(
        refusal(
            "nbf in the future",
            rsa,
            rs256(aliceClaims().add("nbf", NOW.plusSeconds(3600).getEpochSecond())),
            "not valid yet"));
    cases.add(
        refusal(
            "alg none, empty signature",
            rsa,
            compact(header("none"), alice, new byte[0]),
            "alg none"));
    cases.add(
        refusal(
            "alg none, some signature",
            rsa,
            compact(header("none"), alice, new byte[] {1, 2, 3}),
            "alg none"));
    byte[] pemBytes = pem(RSA.getPublic()).getBytes(StandardCharsets.US_ASCII);
    cases.add(
        refusal(
            "HS256 keyed with the PEM public key",
            rsa,
            TestTokens.hmac(pemBytes, header("HS256"), alice),
            "Shared-secret"));
    cases.add(
        refusal(
            "HS256 keyed with the DER public key",
            rsa,
            TestTokens.hmac(RSA.getPublic().getEncoded(), header("HS256"), alice),
            "Shared-secret"));
    cases.add(
        refusal(
            "HS512 keyed with the PEM public key, with the configured key's kid",
            JwtSettings.forPublicKey(jwk(RSA.getPublic(), "k").toString()).withIssuer(ISSUER),
            TestTokens.hmac(pemBytes, header("HS512", "k"), alice),
            "Shared-secret"));
    cases.add(
        refusal(
            "RS384 when RS256 is configured",
            rsa,
            sign(RSA, "RS384", alice),
            "not the configured RS256"));
    cases.add(
        refusal(
            "PS256 when RS256 is configured",
            rsa,
            sign(RSA, "PS256", alice),
            "not the configured RS256"));
    cases.add(
        refusal("unknown alg", rsa, compact(header("XY256"), alice, new byte[8]), "not supported"));
    cases.add(
        refusal(
            "no alg",
            rsa,
            compact(Json.createObjectBuilder().add("typ", "JWT").build(), alice, new byte[8]),
            "no algorithm"));
    cases.add(
        refusal(
            "EC token while the configured ES256 key is RSA",
            JwtSettings.forPublicKey(pem(RSA.getPublic())).withAlgorithm("ES256"),
            sign(EC, "ES256", alice),
            "does not fit"));
    KeyPair p384 = TestTokens.ecKeyPair("P-384");
    cases.add(
        refusal(
            "ES256 with a P-384 key",
            JwtSettings.forPublicKey(pem(p384.getPublic())).withAlgorithm("ES256"),
            sign(p384, "ES256", alice),
            "does not fit"));
    KeyPair small = TestTokens.rsaKeyPair(1024);
    cases.add(
        refusal(
            "1024-bit RSA key",
            JwtSettings.forPublicKey(pem(small.getPublic())),
            sign(small, "RS256", alice),
            "does not fit"));
    cases.add(
        refusal(
            "ES256 signature in DER instead of R||S",
            JwtSettings.forPublicKey(pem(EC.getPublic())).withAlgorithm("ES256"),
            derEs256(aliceClaims().build()),
            "signature"));
    cases.add(refusal("missing exp", rsa, rs256(noExp()), "no expiry"));
    cases.add(
        refusal(
            "exp not a number", rsa, rs256(aliceClaims().add("exp", "tomorrow")), "not a number"));
    cases.add(
        refusal(
            "exp absurdly large",
            rsa,
            rs256(aliceClaims().add("exp", Json.createValue(new BigDecimal("1e999999")))),
            "out of range"));
    JwtSettings api = rsa.withAudiences(Set.of("api"));
    cases.add(refusal("wrong audience", api, rs256(aliceClaims().add("aud", "other")), "audience"));
    cases.add(
        refusal(
            "wrong audiences",
            api,
            rs256(aliceClaims().add("aud", Json.createArrayBuilder().add("a").add("b"))),
            "audience"));
    cases.add(refusal("no audience", api, rs256(aliceClaims()), "no audience"));
    cases.add(
        refusal(
            "no principal claim",
            rsa,
            rs256(
                Json.createObjectBuilder()
                    .add("iss", ISSUER)
                    .add("exp", NOW.plusSeconds(60).getEpochSecond())),
            "principal"));
    cases.add(
        refusal(
            "groups not strings",
            rsa,
            rs256(aliceClaims().add("groups", Json.createArrayBuilder().add(1))),
            "Groups claim"));
    cases.add(
        refusal(
            "no iat with a token age",
            rsa.withTokenAgeSeconds(60L),
            rs256(noIat()),
            "no issue time"));
    String valid = rs256(aliceClaims());
    String[] p = valid.split("\\.");
    cases.add(refusal("two parts", rsa, p[0] + "." + p[1], "three"));
    cases.add(refusal("four parts", rsa, valid + ".x", "three"));
    cases.add(refusal("five parts (JWE)", rsa, valid + ".x.y", "JWE"));
    cases.add(refusal("garbage base64 header", rsa, "%%%." + p[1] + "." + p[2], "base64url"));
    cases.add(refusal("padded base64", rsa, p[0] + "=." + p[1] + "." + p[2], "base64url"));
    cases.add(refusal("bad base64 length", rsa, p[0] + "." + p[1] + "." + "A", "base64url"));
    cases.add(
        refusal(
            "header is not JSON",
            rsa,
            base64url("not json".getBytes(StandardCharsets.UTF_8)) + "." + p[1] + "." + p[2],
            "JSON"));
    cases.add(
        refusal(
            "header is a JSON array",
            rsa,
            base64url("[]".getBytes(StandardCharsets.UTF_8)) + "." + p[1] + "." + p[2],
            "JSON"));
    cases.add(
        refusal(
            "header has duplicate alg",
            rsa,
            base64url("{\"alg\":\"none\",\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
                + "."
                + p[1]
                + "."
                + p[2],
            "JSON"));
    cases.add(refusal("payload is not JSON", rsa, signRaw(header("RS256"), "{\"sub\":"), "JSON"));
    cases.add(
        refusal(
            "crit header",
            rsa,
            sign(
                RSA.getPrivate(),
                Json.createObjectBuilder(header("RS256"))
                    .add("crit", Json.createArrayBuilder().add("exp"))
                    .add("exp", 1)
                    .build(),
                alice),
            "crit"));
    cases.add(refusal("empty signature", rsa, p[0] + "." + p[1] + ".", "no signature"));
    cases.add(refusal("empty token", rsa, "", "No token"));
    cases.add(
        refusal(
            "larger than 16 KiB",
            rsa,
            rs256(aliceClaims().add("pad", "x".repeat(13_000))),
            "16 KiB"));
    return cases.stream();
  }

  private static Arguments refusal(
      String name, JwtSettings settings, String token, String expectedReason) {
    return arguments(name, settings, token, expectedReason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void tokenIsRefused(String name, JwtSettings settings, String token, String expectedReason) {
    InvalidTokenException e =
        assertThrows(InvalidTokenException.class, () -> verifier(settings).verify(token));
    assertTrue(
        e.getMessage().contains(expectedReason),
        () -> "expected a reason with '" + expectedReason + "' but got: " + e.getMessage());
    assertMessageHidesToken(e, token);
  }

  @Test
  void messagesNeverRepeatTokenContent() {
    String marker = "Zq9MARKERv7";
    JsonObject claims =
        claims("https://" + marker + ".example", marker, NOW)
            .add("upn", marker + "@example.com")
            .add("aud", marker)
            .add("groups", Json.createArrayBuilder().add(marker))
            .build();
    List<String> tokens =
        List.of(
            sign(OTHER_RSA.getPrivate(), header("RS256", marker), claims),
            sign(RSA.getPrivate(), header("RS256", marker), claims),
            compact(header(marker, marker), claims, new byte[64]),
            compact(header("none", marker), claims, new byte[0]),
            rs256(Json.createObjectBuilder(claims).add("iat", marker)),
            base64url(marker.getBytes(StandardCharsets.UTF_8)) + ".e30.e30");
    JwtSettings settings =
        JwtSettings.forPublicKey(jwks(jwk(RSA.getPublic(), "a"), jwk(OTHER_RSA.getPublic(), "b")))
            .withIssuer(ISSUER)
            .withAudiences(Set.of("api"))
            .withTokenAgeSeconds(60L);
    for (String token : tokens) {
      InvalidTokenException e =
          assertThrows(InvalidTokenException.class, () -> verifier(settings).verify(token));
      assertFalse(e.getMessage().contains(marker), e.getMessage());
      assertMessageHidesToken(e, token);
    }
  }

  private static void assertMessageHidesToken(InvalidTokenException e, String token) {
    String message = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (!token.isEmpty()) {
        assertFalse(m.contains(token), "message repeats the token: " + message);
      }
      for (String part : token.split("\\.")) {
        if (part.length() >= 4) {
          assertFalse(m.contains(part), "message repeats a token part: " + message);
        }
      }
    }
  }

  private static JsonObjectBuilder noIss() {
    return Json.createObjectBuilder(aliceClaims().build()).remove("iss");
  }

  private static JsonObjectBuilder noExp() {
    return Json.createObjectBuilder(aliceClaims().build()).remove("exp");
  }

  private static JsonObjectBuilder noIat() {
    return Json.createObjectBuilder(aliceClaims().build()).remove("iat");
  }

  /** {@code token} with its payload replaced by {@code claims}, keeping the old signature. */
  private static String swapPayload(String token, JsonObject claims) {
    String[] p = token.split("\\.");
    return p[0] + "." + base64url(claims) + "." + p[2];
  }

  /** An RS256 token whose payload is {@code payload}, which need not be JSON. */
  private static String signRaw(JsonObject header, String payload) {
    String input = base64url(header) + "." + base64url(payload.getBytes(StandardCharsets.UTF_8));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(RSA.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + base64url(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An ES256 token whose signature is DER-encoded, as plain SHA256withECDSA makes it. */
  private static String derEs256(JsonObject claims) {
    String input = base64url(header("ES256")) + "." + base64url(claims);
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(EC.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + base64url(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- key sets and key loading ----

  @Test
  void jwksWithTwoKidsPicksTheKeyByKid() throws Exception {
    JwtVerifier v =
        verifier(
            JwtSettings.forPublicKey(
                    jwks(jwk(RSA.getPublic(), "a"), jwk(OTHER_RSA.getPublic(), "b")))
                .withIssuer(ISSUER));
    JsonObject alice = aliceClaims().build();

    assertEquals(
        "alice@example.com", v.verify(sign(RSA.getPrivate(), header("RS256", "a"), alice)).name());
    assertEquals(
        "alice@example.com",
        v.verify(sign(OTHER_RSA.getPrivate(), header("RS256", "b"), alice)).name());
    assertRefused(v, sign(RSA.getPrivate(), header("RS256", "b"), alice), "signature");
    assertRefused(v, sign(RSA.getPrivate(), header("RS256"), alice), "no key id");
    assertRefused(v, sign(RSA.getPrivate(), header("RS256", "c"), alice), "No configured key");
  }

  @Test
  void singleKeyWithoutKidIsUsedForAnyKid() throws Exception {
    JwtVerifier v = verifier(rsaSettings());
    v.verify(sign(RSA.getPrivate(), header("RS256", "whatever"), aliceClaims().build()));
  }

  @Test
  void keysAtALocationAreLoadedLazilyOnceAndCached() throws Exception {
    CountingLoader loader = new CountingLoader(pem(RSA.getPublic()));
    MutableClock clock = new MutableClock(NOW);
    JwtVerifier v =
        new JwtVerifier(
            JwtSettings.forLocation("/etc/keys/jwt.pem").withIssuer(ISSUER), clock, loader);
    assertEquals(0, loader.count.get());

    v.verify(rs256(aliceClaims()));
    clock.advance(Duration.ofHours(1));
    v.verify(rs256(claims(ISSUER, "s", clock.instant())));
    assertRefused(
        v,
        sign(OTHER_RSA.getPrivate(), header("RS256", "new"), aliceClaims().build()),
        "signature");

    assertEquals(1, loader.count.get(), "a file is read once");
    assertEquals(List.of("/etc/keys/jwt.pem"), loader.locations);
  }

  @Test
  void unknownKidTriggersOneReloadAtMostEvery30Seconds() throws Exception {
    CountingLoader loader = new CountingLoader(jwks(jwk(RSA.getPublic(), "a")));
    MutableClock clock = new MutableClock(NOW);
    JwtVerifier v = new JwtVerifier(JwtSettings.forLocation(JWKS_URL), clock, loader);

    v.verify(sign(RSA.getPrivate(), header("RS256", "a"), claims(ISSUER, "s", NOW).build()));
    assertEquals(1, loader.count.get());

    // The issuer rotates to key b.
    loader.document.set(jwks(jwk(RSA.getPublic(), "a"), jwk(OTHER_RSA.getPublic(), "b")));
    clock.advance(Duration.ofSeconds(31));
    JsonObject claims = claims(ISSUER, "s", clock.instant()).build();
    v.verify(sign(OTHER_RSA.getPrivate(), header("RS256", "b"), claims));
    assertEquals(2, loader.count.get(), "unknown kid b loads the keys again");

    v.verify(sign(OTHER_RSA.getPrivate(), header("RS256", "b"), claims));
    v.verify(sign(RSA.getPrivate(), header("RS256", "a"), claims));
    assertEquals(2, loader.count.get(), "known kids need no load");

    assertRefused(v, sign(RSA.getPrivate(), header("RS256", "c"), claims), "No configured key");
    clock.advance(Duration.ofSeconds(10));
    assertRefused(v, sign(RSA.getPrivate(), header("RS256", "c"), claims), "No configured key");
    assertEquals(2, loader.count.get(), "no reload within 30 s of the last one");

    clock.advance(Duration.ofSeconds(21));
    assertRefused(v, sign(RSA.getPrivate(), header("RS256", "c"), claims), "No configured key");
    assertEquals(3, loader.count.get(), "an unknown kid loads again after 30 s");
  }

  @Test
  void httpKeysAreRefreshedAfterFiveMinutes() throws Exception {
    CountingLoader loader = new CountingLoader(jwks(jwk(RSA.getPublic(), "a")));
    MutableClock clock = new MutableClock(NOW);
    JwtVerifier v = new JwtVerifier(JwtSettings.forLocation(JWKS_URL), clock, loader);
    Function<Instant, String> token =
        t -> sign(RSA.getPrivate(), header("RS256", "a"), claims(ISSUER, "s", t).build());

    v.verify(token.apply(NOW));
    clock.advance(Duration.ofMinutes(4));
    v.verify(token.apply(clock.instant()));
    assertEquals(1, loader.count.get());

    clock.advance(Duration.ofMinutes(1));
    v.verify(token.apply(clock.instant()));
    assertEquals(2, loader.count.get());
  }

  @Test
  void failedLoadsAreRetriedAfter30SecondsAndOldKeysStayInUse() throws Exception {
    CountingLoader loader = new CountingLoader(null);
    MutableClock clock = new MutableClock(NOW);
    JwtVerifier v = new JwtVerifier(JwtSettings.forLocation(JWKS_URL), clock, loader);
    Function<Instant, String> token =
        t -> sign(RSA.getPrivate(), header("RS256", "a"), claims(ISSUER, "s", t).build());

    assertRefused(v, token.apply(NOW), "could not be loaded");
    assertRefused(v, token.apply(NOW), "could not be loaded");
    assertEquals(1, loader.count.get());

    loader.document.set(jwks(jwk(RSA.getPublic(), "a")));
    clock.advance(Duration.ofSeconds(30));
    v.verify(token.apply(clock.instant()));
    assertEquals(2, loader.count.get());

    loader.document.set(null);
    clock.advance(Duration.ofMinutes(6));
    v.verify(token.apply(clock.instant()));
    assertEquals(3, loader.count.get(), "the refresh failed, the old keys verify");
  }

  @Test
  void standardLoaderReadsFilesAndFileUrls(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, jwks(jwk(RSA.getPublic(), "a")));
    String token = sign(RSA.getPrivate(), header("RS256", "a"), aliceClaims().build());
    for (String location : List.of(file.toString(), file.toUri().toString())) {
      JwtVerifier v =
          new JwtVerifier(
              JwtSettings.forLocation(location),
              Clock.fixed(NOW, ZoneOffset.UTC),
              JwtVerifier.KeyLoader.standard());
      assertEquals("alice@example.com", v.verify(token).name());
    }
    JwtVerifier missing =
        new JwtVerifier(
            JwtSettings.forLocation(dir.resolve("missing.pem").toString()),
            Clock.fixed(NOW, ZoneOffset.UTC),
            JwtVerifier.KeyLoader.standard());
    assertRefused(missing, token, "could not be loaded");
  }

  @Test
  void standardLoaderFetchesHttp() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body = jwks(jwk(EC.getPublic(), "e")).getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/jwks",
        exchange -> {
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      JwtVerifier v =
          new JwtVerifier(
              JwtSettings.forLocation(url + "/jwks").withAlgorithm("ES256"),
              Clock.fixed(NOW, ZoneOffset.UTC),
              JwtVerifier.KeyLoader.standard());
      assertEquals(
          "alice@example.com",
          v.verify(sign(EC.getPrivate(), header("ES256", "e"), aliceClaims().build())).name());

      JwtVerifier notFound =
          new JwtVerifier(
              JwtSettings.forLocation(url + "/nothing"),
              Clock.fixed(NOW, ZoneOffset.UTC),
              JwtVerifier.KeyLoader.standard());
      assertRefused(notFound, rs256(aliceClaims()), "could not be loaded");
    } finally {
      server.stop(0);
    }
  }

  // ---- settings ----

  @Test
  void settingsComeFromTheMicroProfileJwtKeys() {
    String pem = pem(RSA.getPublic());
    JwtSettings s =
        JwtSettings.fromConfig(
            new MapConfig(
                Map.of(
                    "mp.jwt.verify.publickey", pem,
                    "mp.jwt.verify.issuer", ISSUER,
                    "mp.jwt.verify.audiences", "api, console,",
                    "mp.jwt.verify.publickey.algorithm", "ES256",
                    "mp.jwt.verify.clock.skew", "5",
                    "mp.jwt.verify.token.age", "600")));
    assertEquals(pem.strip(), s.publicKey());
    assertNull(s.publicKeyLocation());
    assertEquals(ISSUER, s.issuer());
    assertEquals(Set.of("api", "console"), s.audiences());
    assertEquals("ES256", s.algorithm());
    assertEquals(5, s.clockSkewSeconds());
    assertEquals(600L, s.tokenAgeSeconds());
    assertEquals("groups", s.groupsClaim());
    assertTrue(s.configured());
  }

  @Test
  void unsetKeysGiveTheDefaults() {
    JwtSettings s = JwtSettings.fromConfig(new MapConfig(Map.of()));
    assertFalse(s.configured());
    assertNull(s.issuer());
    assertNull(s.audiences());
    assertEquals("RS256", s.algorithm());
    assertEquals(60, s.clockSkewSeconds());
    assertNull(s.tokenAgeSeconds());
    assertThrows(IllegalArgumentException.class, () -> verifier(s));

    JwtSettings located =
        JwtSettings.fromConfig(new MapConfig(Map.of("mp.jwt.verify.publickey.location", JWKS_URL)));
    assertTrue(located.configured());
    assertEquals(JWKS_URL, located.publicKeyLocation());
  }

  @Test
  void inconsistentSettingsAreRefused() {
    String pem = pem(RSA.getPublic());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            JwtSettings.fromConfig(
                new MapConfig(
                    Map.of(
                        "mp.jwt.verify.publickey", pem,
                        "mp.jwt.verify.publickey.location", JWKS_URL))));
    for (String alg : List.of("HS256", "none", "rs256", "EdDSA")) {
      assertThrows(IllegalArgumentException.class, () -> rsaSettings().withAlgorithm(alg), alg);
    }
    assertThrows(IllegalArgumentException.class, () -> rsaSettings().withClockSkewSeconds(-1));
    assertThrows(
        IllegalArgumentException.class, () -> verifier(JwtSettings.forPublicKey("not a key")));
  }

  @Test
  void verifierFromConfigVerifies() throws Exception {
    JwtVerifier v =
        JwtVerifier.fromConfig(
            new MapConfig(
                Map.of(
                    "mp.jwt.verify.publickey",
                    pem(RSA.getPublic()),
                    "mp.jwt.verify.issuer",
                    ISSUER,
                    "mp.jwt.verify.clock.skew",
                    "0")));
    JsonObject claims = claims(ISSUER, "s", Instant.now()).add("upn", "bob").build();
    assertEquals("bob", v.verify(sign(RSA, "RS256", claims)).name());
  }

  private static void assertRefused(JwtVerifier v, String token, String reason) {
    InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> v.verify(token));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertMessageHidesToken(e, token);
  }

  /** A key loader that counts its calls and serves {@link #document}, failing when it is null. */
  private static final class CountingLoader implements JwtVerifier.KeyLoader {
    final AtomicInteger count = new AtomicInteger();
    final AtomicReference<String> document;
    final List<String> locations = new ArrayList<>();

    CountingLoader(String document) {
      this.document = new AtomicReference<>(document);
    }

    @Override
    public synchronized String load(String location) throws IOException {
      count.incrementAndGet();
      locations.add(location);
      String d = document.get();
      if (d == null) {
        throw new IOException("connection refused");
      }
      return d;
    }
  }

  /** A clock that tests move forward. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
