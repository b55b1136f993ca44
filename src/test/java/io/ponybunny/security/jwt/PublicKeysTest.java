package io.ponybunny.security.jwt;

import static io.ponybunny.security.jwt.TestTokens.base64url;
import static io.ponybunny.security.jwt.TestTokens.jwk;
import static io.ponybunny.security.jwt.TestTokens.jwks;
import static io.ponybunny.security.jwt.TestTokens.pem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PublicKeysTest {

  private static final KeyPair RSA = TestTokens.rsaKeyPair();
  private static final KeyPair OTHER_RSA = TestTokens.rsaKeyPair();
  private static final KeyPair P256 = TestTokens.ecKeyPair("P-256");
  private static final KeyPair P384 = TestTokens.ecKeyPair("P-384");
  private static final KeyPair P521 = TestTokens.ecKeyPair("P-521");

  static Stream<Arguments> forms() {
    Function<PublicKey, String> bareBase64 =
        k -> Base64.getEncoder().encodeToString(k.getEncoded());
    Function<PublicKey, String> jwkNoKid = k -> jwk(k, null).toString();
    Function<PublicKey, String> oneKeyJwks = k -> jwks(jwk(k, null));
    Stream.Builder<Arguments> cases = Stream.builder();
    for (KeyPair keys : new KeyPair[] {RSA, P256, P384, P521}) {
      PublicKey k = keys.getPublic();
      String type = k.getAlgorithm() + "/" + k.getEncoded().length;
      cases.add(arguments(type + " PEM", pem(k), k));
      cases.add(arguments(type + " PEM with CRLF", pem(k).replace("\n", "\r\n"), k));
      cases.add(arguments(type + " bare base64", bareBase64.apply(k), k));
      cases.add(arguments(type + " JWK", jwkNoKid.apply(k), k));
      cases.add(arguments(type + " JWKS", oneKeyJwks.apply(k), k));
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void eachFormParsesToTheSameKey(String name, String text, PublicKey expected) {
    PublicKeys keys = PublicKeys.parse(text);
    assertEquals(1, keys.size());
    PublicKey key = keys.find(null).orElseThrow();
    assertEquals(expected.getAlgorithm(), key.getAlgorithm());
    assertArrayEquals(expected.getEncoded(), key.getEncoded());
  }

  @Test
  void ecCurvesAreNamed() {
    assertEquals("P-256", PublicKeys.curveName((ECPublicKey) P256.getPublic()));
    assertEquals("P-384", PublicKeys.curveName((ECPublicKey) P384.getPublic()));
    assertEquals("P-521", PublicKeys.curveName((ECPublicKey) P521.getPublic()));
    PublicKey parsed = PublicKeys.parse(jwk(P521.getPublic(), "x").toString()).find("x").get();
    assertEquals("P-521", PublicKeys.curveName((ECPublicKey) parsed));
  }

  @Test
  void jwksKeysAreFoundByKid() {
    PublicKeys keys =
        PublicKeys.parse(
            jwks(
                jwk(RSA.getPublic(), "a"),
                jwk(P256.getPublic(), "b"),
                jwk(OTHER_RSA.getPublic(), "c")));

    assertEquals(Set.of("a", "b", "c"), keys.byKid().keySet());
    assertArrayEquals(RSA.getPublic().getEncoded(), keys.find("a").get().getEncoded());
    assertArrayEquals(P256.getPublic().getEncoded(), keys.find("b").get().getEncoded());
    assertArrayEquals(OTHER_RSA.getPublic().getEncoded(), keys.find("c").get().getEncoded());
    assertEquals(Optional.empty(), keys.find("d"));
    assertEquals(Optional.empty(), keys.find(null), "no kid and several keys: none is tried");
  }

  @Test
  void aSingleKeyServesTokensWithoutKidAndAKeyWithoutKidServesAnyKid() {
    PublicKeys withKid = PublicKeys.parse(jwks(jwk(RSA.getPublic(), "a")));
    assertTrue(withKid.find(null).isPresent());
    assertTrue(withKid.find("a").isPresent());
    assertEquals(Optional.empty(), withKid.find("b"));

    PublicKeys withoutKid = PublicKeys.parse(pem(RSA.getPublic()));
    assertTrue(withoutKid.find(null).isPresent());
    assertTrue(withoutKid.find("anything").isPresent());
    assertTrue(withoutKid.byKid().containsKey(null));
  }

  @Test
  void jwksSkipsKeysThatCannotVerifySignatures() {
    JsonObject oct =
        Json.createObjectBuilder().add("kty", "oct").add("k", "c2VjcmV0").add("kid", "s").build();
    JsonObject enc =
        Json.createObjectBuilder(jwk(OTHER_RSA.getPublic(), "e")).add("use", "enc").build();
    JsonObject okp =
        Json.createObjectBuilder().add("kty", "OKP").add("crv", "Ed25519").add("x", "AAAA").build();
    JsonObject k1 =
        Json.createObjectBuilder()
            .add("kty", "EC")
            .add("crv", "secp256k1")
            .add("x", "AAAA")
            .add("y", "AAAA")
            .build();
    JsonObject sig = Json.createObjectBuilder(jwk(RSA.getPublic(), "r")).add("use", "sig").build();

    PublicKeys keys = PublicKeys.parse(jwks(oct, enc, okp, k1, sig));

    assertEquals(Set.of("r"), keys.byKid().keySet());
  }

  @Test
  void ofTwoKeysWithTheSameKidTheFirstWins() {
    PublicKeys keys =
        PublicKeys.parse(jwks(jwk(RSA.getPublic(), "a"), jwk(OTHER_RSA.getPublic(), "a")));
    assertEquals(1, keys.size());
    assertArrayEquals(RSA.getPublic().getEncoded(), keys.find("a").get().getEncoded());
  }

  static Stream<Arguments> malformed() {
    JsonObject ec = jwk(P256.getPublic(), "e");
    BigInteger y = new BigInteger(1, Base64.getUrlDecoder().decode(ec.getString("y")));
    JsonObject offCurve =
        Json.createObjectBuilder(ec)
            .add("y", base64url(y.add(BigInteger.ONE).toByteArray()))
            .build();
    String rsaPemBody = pem(RSA.getPublic()).replace("PUBLIC KEY", "RSA PUBLIC KEY");
    return Stream.of(
        arguments("empty", "", "No public key"),
        arguments("blank", "  \n", "No public key"),
        arguments("not base64", "this is not a key", "neither PEM"),
        arguments(
            "base64 of garbage",
            Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}),
            "not an RSA or EC"),
        arguments("PEM of another type", rsaPemBody, "Unsupported PEM block"),
        arguments("PEM without end", "-----BEGIN PUBLIC KEY-----\nMIIB\n", "Malformed PEM"),
        arguments("broken JSON", "{\"kty\":", "Malformed JWK"),
        arguments("duplicate JSON member", "{\"kty\":\"RSA\",\"kty\":\"EC\"}", "Malformed JWK"),
        arguments("single oct JWK", "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}", "not an RSA or EC"),
        arguments(
            "single encryption JWK",
            Json.createObjectBuilder(jwk(RSA.getPublic(), "x"))
                .add("use", "enc")
                .build()
                .toString(),
            "signature key"),
        arguments("JWK without kty", "{\"n\":\"AQAB\",\"e\":\"AQAB\"}", "no \"kty\""),
        arguments("RSA JWK without n", "{\"kty\":\"RSA\",\"e\":\"AQAB\"}", "no \"n\""),
        arguments(
            "RSA JWK with padded n",
            "{\"kty\":\"RSA\",\"n\":\"AQAB==\",\"e\":\"AQAB\"}",
            "not base64url"),
        arguments(
            "RSA JWK with numeric e",
            "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":65537}",
            "not a string"),
        arguments("EC point not on the curve", offCurve.toString(), "not on its curve"),
        arguments("keys not an array", "{\"keys\":{}}", "not an array"),
        arguments("keys holding a string", "{\"keys\":[\"x\"]}", "not an object"),
        arguments(
            "JWKS with no usable key",
            "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}",
            "no RSA or EC"),
        arguments("empty JWKS", "{\"keys\":[]}", "no RSA or EC"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedKeysAreRefused(String name, String text, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PublicKeys.parse(text));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void ofAcceptsRsaAndNamedCurveKeysOnly() {
    assertEquals(1, PublicKeys.of("k", RSA.getPublic()).size());
    assertEquals(1, PublicKeys.of(null, P384.getPublic()).size());
  }
}
