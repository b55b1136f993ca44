package io.ponybunny.llm.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one place that looks up the JSON-P provider, for the general JSON model (object trees). The
 * {@code Json.createXxx} statics look the provider up through the ServiceLoader on every call, so
 * callers use these cached factories.
 */
public final class JsonSupport {

  private static final JsonProvider PROVIDER = JsonProvider.provider();
  private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());
  private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());

  private JsonSupport() {}

  /** The cached provider. */
  public static JsonProvider provider() {
    return PROVIDER;
  }

  public static JsonObjectBuilder objectBuilder() {
    return BUILDERS.createObjectBuilder();
  }

  /** A builder starting with the members of {@code initial}. */
  public static JsonObjectBuilder objectBuilder(JsonObject initial) {
    return BUILDERS.createObjectBuilder(initial);
  }

  public static JsonArrayBuilder arrayBuilder() {
    return BUILDERS.createArrayBuilder();
  }

  /** Parses any JSON value; throws {@link JsonException} when the text is not JSON. */
  public static JsonValue readValue(String text) {
    try (JsonReader reader = READERS.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  /**
   * Parses UTF-8 bytes as any JSON value; throws {@link JsonException} when not JSON. Decoded to a
   * String first: a reader over an InputStream allocates an 8 KB byte buffer per call.
   */
  public static JsonValue readValue(byte[] bytes, int offset, int length) {
    return readValue(new String(bytes, offset, length, StandardCharsets.UTF_8));
  }

  /**
   * Parses a JSON value, null when the text is not (complete) JSON. Besides {@link JsonException},
   * Parsson throws a bare {@link RuntimeException} for nesting deeper than it reads: also null.
   */
  public static JsonValue tryReadValue(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return readValue(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Parses a JSON object, null when the bytes are not a JSON object (see {@link #tryReadValue}).
   */
  public static JsonObject tryReadObject(byte[] bytes, int offset, int length) {
    try {
      JsonValue v = readValue(bytes, offset, length);
      return v instanceof JsonObject o ? o : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Parses a JSON object, null when the text is not a JSON object. */
  public static JsonObject tryReadObject(String text) {
    return tryReadValue(text) instanceof JsonObject o ? o : null;
  }

  /** The member as a JSON object, null when absent or of another type. */
  public static JsonObject obj(JsonObject o, String key) {
    return o != null && o.get(key) instanceof JsonObject v ? v : null;
  }

  /** The member as a JSON array, null when absent or of another type. */
  public static JsonArray arr(JsonObject o, String key) {
    return o != null && o.get(key) instanceof JsonArray v ? v : null;
  }

  /** The member as a string, null when absent, null or not a string. */
  public static String str(JsonObject o, String key) {
    return o != null && o.get(key) instanceof JsonString v ? v.getString() : null;
  }

  /** The member as an int, null when absent or not a number. */
  public static Integer integer(JsonObject o, String key) {
    return o != null && o.get(key) instanceof JsonNumber v ? v.intValue() : null;
  }

  /** Whether the member is JSON {@code true}. */
  public static boolean isTrue(JsonObject o, String key) {
    return o != null && o.get(key) == JsonValue.TRUE;
  }

  /** Compact JSON text of a value. */
  public static String toJson(JsonValue value) {
    return value.toString();
  }

  /** JSON string literal of {@code s}, quotes included. */
  public static String quote(String s) {
    return PROVIDER.createValue(s).toString();
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * The inside of {@code s}'s JSON string literal, quotes excluded: {@code s} itself when nothing
   * in it needs escaping (no copy), else escaped as {@link #appendQuoted} does.
   */
  public static String escaped(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (needsEscape(s.charAt(i))) {
        StringBuilder out = appendQuoted(new StringBuilder(n + 16), s);
        return out.substring(1, out.length() - 1);
      }
    }
    return s;
  }

  /** Whether {@code c} is escaped in a JSON string literal: a quote, a backslash, a control. */
  private static boolean needsEscape(char c) {
    return c < 0x20 || c == '"' || c == '\\';
  }

  /**
   * Appends the JSON string literal of {@code s}, quotes included: the text the JSON-P generator
   * writes (quote, backslash and control characters escaped, the rest as is), without a generator.
   */
  public static StringBuilder appendQuoted(StringBuilder out, String s) {
    out.append('"');
    int from = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!needsEscape(c)) {
        continue;
      }
      out.append(s, from, i);
      from = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.append(s, from, n).append('"');
  }
}
