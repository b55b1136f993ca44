package io.ponybunny.security.jwt;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints JWTs for tests: key pairs, their PEM and JWK forms, and tokens signed with RS, PS, ES or
 * (to test that they are refused) HS algorithms, or assembled with any signature bytes. Signing
 * uses the JDK directly, independently of {@link JwtVerifier}.
 */
public final class TestTokens {

  private static final Map<String, String> CURVES =
      Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

  private TestTokens() {}

  /** A new 2048-bit RSA key pair. */
  public static KeyPair rsaKeyPair() {
    return rsaKeyPair(2048);
  }

  /** A new RSA key pair of {@code bits}. */
  public static KeyPair rsaKeyPair(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new EC key pair on {@code curve}: {@code P-256}, {@code P-384} or {@code P-521}. */
  public static KeyPair ecKeyPair(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(CURVES.get(curve)));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new key pair that fits {@code alg}: RSA for RS and PS, EC on the right curve for ES. */
  public static KeyPair keyPairFor(String alg) {
    return switch (alg) {
      case "ES256" -> ecKeyPair("P-256");
      case "ES384" -> ecKeyPair("P-384");
      case "ES512" -> ecKeyPair("P-521");
      default -> rsaKeyPair();
    };
  }

  /** {@code key} as a PEM {@code PUBLIC KEY} block. */
  public static String pem(PublicKey key) {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
  }

  /** {@code key} as a JWK with key id {@code kid} (none when null). */
  public static JsonObject jwk(PublicKey key, String kid) {
    JsonObjectBuilder b = Json.createObjectBuilder();
    if (key instanceof RSAPublicKey rsa) {
      b.add("kty", "RSA")
          .add("n", base64url(unsigned(rsa.getModulus(), 0)))
          .add("e", base64url(unsigned(rsa.getPublicExponent(), 0)));
    } else {
      ECPublicKey ec = (ECPublicKey) key;
      int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
      String crv = size == 32 ? "P-256" : size == 48 ? "P-384" : "P-521";
      b.add("kty", "EC")
          .add("crv", crv)
          .add("x", base64url(unsigned(ec.getW().getAffineX(), size)))
          .add("y", base64url(unsigned(ec.getW().getAffineY(), size)));
    }
    if (kid != null) {
      b.add("kid", kid);
    }
    return b.build();
  }

  /** A JWKS document holding {@code keys}. */
  public static String jwks(JsonObject... keys) {
    var array = Json.createArrayBuilder();
    Arrays.stream(keys).forEach(array::add);
    return Json.createObjectBuilder().add("keys", array).build().toString();
  }

  /** A JWS header with {@code alg} and {@code typ: JWT}. */
  public static JsonObject header(String alg) {
    return Json.createObjectBuilder().add("alg", alg).add("typ", "JWT").build();
  }

  /** A JWS header with {@code alg}, {@code typ: JWT} and key id {@code kid}. */
  public static JsonObject header(String alg, String kid) {
    return Json.createObjectBuilder(header(alg)).add("kid", kid).build();
  }

  /**
   * Claims issued by {@code issuer} to {@code subject} at {@code now}, expiring five minutes later,
   * with a {@code jti}; add {@code upn}, {@code groups} and others to the returned builder.
   */
  public static JsonObjectBuilder claims(String issuer, String subject, Instant now) {
    return Json.createObjectBuilder()
        .add("iss", issuer)
        .add("sub", subject)
        .add("iat", now.getEpochSecond())
        .add("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond())
        .add("jti", "jti-" + now.getEpochSecond());
  }

  /** A token with {@code claims} signed with {@code keys} and {@code alg}, with no key id. */
  public static String sign(KeyPair keys, String alg, JsonObject claims) {
    return sign(keys.getPrivate(), header(alg), claims);
  }

  /**
   * A token with {@code header} and {@code claims}, signed with {@code key} and the header's {@code
   * alg} (RS256/384/512, PS256/384/512 or ES256/384/512).
   */
  public static String sign(PrivateKey key, JsonObject header, JsonObject claims) {
    String alg = header.getString("alg");
    String input = signingInput(header, claims);
    try {
      Signature s = Signature.getInstance(jcaName(alg));
      if (alg.startsWith("PS")) {
        int bits = Integer.parseInt(alg.substring(2));
        String hash = "SHA-" + bits;
        MGF1ParameterSpec mgf = new MGF1ParameterSpec(hash);
        s.setParameter(new PSSParameterSpec(hash, "MGF1", mgf, bits / 8, 1));
      }
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + base64url(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token with {@code header} and {@code claims} MACed with {@code secret} (HS256/384/512). */
  public static String hmac(byte[] secret, JsonObject header, JsonObject claims) {
    String alg = header.getString("alg");
    String input = signingInput(header, claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA" + alg.substring(2));
      mac.init(new SecretKeySpec(secret, mac.getAlgorithm()));
      return input + "." + base64url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token of {@code header}, {@code claims} and any {@code signature} bytes. */
  public static String compact(JsonObject header, JsonObject claims, byte[] signature) {
    return signingInput(header, claims) + "." + base64url(signature);
  }

  /** {@code bytes} in unpadded base64url, as in JWTs. */
  public static String base64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The UTF-8 bytes of {@code json} in unpadded base64url. */
  public static String base64url(JsonObject json) {
    return base64url(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String signingInput(JsonObject header, JsonObject claims) {
    return base64url(header) + "." + base64url(claims);
  }

  private static String jcaName(String alg) {
    String bits = alg.substring(2);
    return switch (alg.substring(0, 2)) {
      case "RS" -> "SHA" + bits + "withRSA";
      case "PS" -> "RSASSA-PSS";
      case "ES" -> "SHA" + bits + "withECDSAinP1363Format";
      default -> throw new IllegalArgumentException("Cannot sign with " + alg);
    };
  }

  /** Big-endian bytes of {@code n} without sign byte, left-padded to {@code size} if positive. */
  private static byte[] unsigned(BigInteger n, int size) {
    byte[] bytes = n.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (bytes.length >= size) {
      return bytes;
    }
    byte[] padded = new byte[size];
    System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
    return padded;
  }
}
