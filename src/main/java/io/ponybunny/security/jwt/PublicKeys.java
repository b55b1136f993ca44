package io.ponybunny.security.jwt;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable set of signature-verification public keys, keyed by key id ({@code kid}; null when a
 * key has none), parsed from the forms {@code mp.jwt.verify.publickey} and the document at {@code
 * mp.jwt.verify.publickey.location} may take: a PEM {@code PUBLIC KEY}, a bare base64 X.509
 * SubjectPublicKeyInfo, a JWK JSON object, or a JWKS {@code {"keys":[...]}}. RSA keys and EC keys
 * on P-256, P-384 and P-521 are supported. In a JWKS, keys of other types (such as symmetric {@code
 * oct} keys) or curves, and keys whose {@code use} is not {@code sig}, are skipped, and of two keys
 * with the same kid the first wins.
 */
public final class PublicKeys {

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Map<String, String> CURVES =
      Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");
  private static final Map<String, ECParameterSpec> CURVE_PARAMS = curveParams();
  private static final JsonReaderFactory JSON =
      Json.createReaderFactory(Map.of("org.eclipse.parsson.rejectDuplicateKeys", true));

  private final Map<String, PublicKey> keys;

  private PublicKeys(Map<String, PublicKey> keys) {
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
  }

  /** The single {@code key}, with key id {@code kid} (may be null). */
  public static PublicKeys of(String kid, PublicKey key) {
    Map<String, PublicKey> map = new LinkedHashMap<>();
    map.put(kid, checked(key));
    return new PublicKeys(map);
  }

  /**
   * Parses a PEM public key, a bare base64 X.509 SubjectPublicKeyInfo, a JWK or a JWKS.
   *
   * @throws IllegalArgumentException if {@code text} is none of these or holds no usable key
   */
  public static PublicKeys parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("No public key given");
    }
    if (t.startsWith("{")) {
      return parseJson(t);
    }
    if (t.startsWith("-----BEGIN ")) {
      Matcher m = PEM.matcher(t);
      if (!m.find()) {
        throw new IllegalArgumentException("Malformed PEM public key");
      }
      if (!m.group(1).equals("PUBLIC KEY")) {
        throw new IllegalArgumentException(
            "Unsupported PEM block " + m.group(1) + ": use a PUBLIC KEY (X.509) block");
      }
      return of(null, x509(m.group(2)));
    }
    return of(null, x509(t));
  }

  /**
   * The key to check a token with key id {@code kid} (may be null): the key with that kid, else the
   * only key if it has no kid; for a token without kid, the only key. Empty when there is no such
   * key, or when the token has no kid and there are several keys.
   */
  public Optional<PublicKey> find(String kid) {
    if (kid != null && keys.containsKey(kid)) {
      return Optional.of(keys.get(kid));
    }
    if (keys.size() == 1 && (kid == null || keys.containsKey(null))) {
      return Optional.of(keys.values().iterator().next());
    }
    return Optional.empty();
  }

  /** The keys by key id; an unmodifiable map in which a key without kid has the null key. */
  public Map<String, PublicKey> byKid() {
    return keys;
  }

  /** How many keys there are (at least one). */
  public int size() {
    return keys.size();
  }

  @Override
  public String toString() {
    return "PublicKeys" + keys.keySet();
  }

  /**
   * The JWK name of the curve of {@code key} ({@code P-256}, {@code P-384} or {@code P-521}), or
   * null if it is on another curve.
   */
  static String curveName(ECPublicKey key) {
    ECParameterSpec p = key.getParams();
    for (Map.Entry<String, ECParameterSpec> e : CURVE_PARAMS.entrySet()) {
      ECParameterSpec c = e.getValue();
      if (c.getCurve().equals(p.getCurve())
          && c.getGenerator().equals(p.getGenerator())
          && c.getOrder().equals(p.getOrder())
          && c.getCofactor() == p.getCofactor()) {
        return e.getKey();
      }
    }
    return null;
  }

  private static PublicKey x509(String base64) {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64.replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Public key is neither PEM, base64 X.509, JWK nor JWKS");
    }
    for (String type : new String[] {"RSA", "EC"}) {
      try {
        return checked(KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der)));
      } catch (GeneralSecurityException | RuntimeException e) {
        // Not a key of this type: try the next one.
      }
    }
    throw new IllegalArgumentException("Public key is not an RSA or EC X.509 SubjectPublicKeyInfo");
  }

  private static PublicKey checked(PublicKey key) {
    if (key instanceof ECPublicKey ec && curveName(ec) == null) {
      throw new IllegalArgumentException("EC public key is not on P-256, P-384 or P-521");
    }
    if (!(key instanceof ECPublicKey) && !(key instanceof RSAPublicKey)) {
      throw new IllegalArgumentException("Public key is neither RSA nor EC");
    }
    return key;
  }

  private static PublicKeys parseJson(String text) {
    JsonObject json;
    try (JsonReader reader = JSON.createReader(new StringReader(text))) {
      json = reader.readObject();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Malformed JWK or JWKS JSON");
    }
    if (!json.containsKey("keys")) {
      Map<String, PublicKey> one = new LinkedHashMap<>();
      if (!isSignatureKey(json)) {
        throw new IllegalArgumentException("JWK is not an RSA or EC (P-256/384/521) signature key");
      }
      one.put(kid(json), jwk(json));
      return new PublicKeys(one);
    }
    if (json.get("keys").getValueType() != JsonValue.ValueType.ARRAY) {
      throw new IllegalArgumentException("JWKS \"keys\" is not an array");
    }
    Map<String, PublicKey> all = new LinkedHashMap<>();
    for (JsonValue v : json.getJsonArray("keys")) {
      if (v.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new IllegalArgumentException("JWKS \"keys\" holds a value that is not an object");
      }
      JsonObject jwk = v.asJsonObject();
      if (isSignatureKey(jwk)) {
        all.putIfAbsent(kid(jwk), jwk(jwk));
      }
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("JWKS has no RSA or EC (P-256/384/521) signature key");
    }
    return new PublicKeys(all);
  }

  private static boolean isSignatureKey(JsonObject jwk) {
    String use = string(jwk, "use", false);
    if (use != null && !use.equals("sig")) {
      return false;
    }
    String kty = string(jwk, "kty", true);
    return kty.equals("RSA") || kty.equals("EC") && CURVES.containsKey(string(jwk, "crv", true));
  }

  private static String kid(JsonObject jwk) {
    return string(jwk, "kid", false);
  }

  private static PublicKey jwk(JsonObject jwk) {
    try {
      if (string(jwk, "kty", true).equals("RSA")) {
        BigInteger n = unsigned(jwk, "n");
        BigInteger e = unsigned(jwk, "e");
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
      }
      ECParameterSpec params = CURVE_PARAMS.get(string(jwk, "crv", true));
      BigInteger x = unsigned(jwk, "x");
      BigInteger y = unsigned(jwk, "y");
      if (!onCurve(params, x, y)) {
        throw new IllegalArgumentException("JWK EC point is not on its curve");
      }
      return KeyFactory.getInstance("EC")
          .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("JWK is not a valid public key", e);
    }
  }

  private static boolean onCurve(ECParameterSpec params, BigInteger x, BigInteger y) {
    BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right =
        x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
    return left.equals(right);
  }

  private static BigInteger unsigned(JsonObject jwk, String member) {
    String value = string(jwk, member, true);
    if (!BASE64URL.matcher(value).matches()) {
      throw new IllegalArgumentException("JWK member \"" + member + "\" is not base64url");
    }
    try {
      return new BigInteger(1, Base64.getUrlDecoder().decode(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("JWK member \"" + member + "\" is not base64url");
    }
  }

  private static String string(JsonObject jwk, String member, boolean required) {
    JsonValue v = jwk.get(member);
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        throw new IllegalArgumentException("JWK has no \"" + member + "\"");
      }
      return null;
    }
    if (!(v instanceof JsonString s)) {
      throw new IllegalArgumentException("JWK member \"" + member + "\" is not a string");
    }
    return s.getString();
  }

  private static Map<String, ECParameterSpec> curveParams() {
    Map<String, ECParameterSpec> params = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> e : CURVES.entrySet()) {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec(e.getValue()));
        params.put(e.getKey(), p.getParameterSpec(ECParameterSpec.class));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK lacks the NIST EC curves", e);
    }
    return Map.copyOf(params);
  }
}
