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
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one place that looks up the JSON-P provider. The {@code Json.createXxx} statics look the
 * provider up through the ServiceLoader on every call, so hot paths use these cached factories.
 */
public final class JsonSupport {

  private static final JsonProvider PROVIDER = JsonProvider.provider();
  private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());
  private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
  private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());

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

  /** A streaming parser over {@code text} (the cheapest way to pick a few fields). */
  public static JsonParser parser(String text) {
    return PARSERS.createParser(new StringReader(text));
  }

  /**
   * A streaming parser over UTF-8 bytes held by a reusable {@link Utf8Reader}: no intermediate
   * String and no per-call decoder buffers.
   */
  public static JsonParser parser(Utf8Reader reader) {
    return PARSERS.createParser(reader);
  }

  /**
   * A reusable {@link Reader} over a slice of UTF-8 bytes, decoding exactly as {@code new
   * String(bytes, offset, length, UTF_8)} does (malformed input becomes U+FFFD). Valid UTF-8 is
   * decoded in place; from the first malformed sequence on, the rest is decoded through a String.
   * {@link #close()} does nothing, so that a parser can close it and it can be reset for the next
   * event. Not thread-safe.
   */
  public static final class Utf8Reader extends Reader {
    private byte[] bytes;
    private int pos;
    private int end;
    private char pendingLow;
    private String fallback;
    private int fallbackPos;

    /** Points the reader at the next slice; the bytes must not change while it is read. */
    public Utf8Reader reset(byte[] bytes, int offset, int length) {
      this.bytes = bytes;
      this.pos = offset;
      this.end = offset + length;
      this.pendingLow = 0;
      this.fallback = null;
      return this;
    }

    @Override
    public int read(char[] cbuf, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int n = 0;
      if (pendingLow != 0) {
        cbuf[off + n++] = pendingLow;
        pendingLow = 0;
      }
      if (fallback != null) {
        return readFallback(cbuf, off, len, n);
      }
      while (n < len && pos < end) {
        int b = bytes[pos];
        if (b >= 0) {
          cbuf[off + n++] = (char) b;
          pos++;
          continue;
        }
        int cp = decodeMultiByte();
        if (cp < 0) {
          fallback = new String(bytes, pos, end - pos, StandardCharsets.UTF_8);
          fallbackPos = 0;
          pos = end;
          return readFallback(cbuf, off, len, n);
        }
        if (cp < 0x10000) {
          cbuf[off + n++] = (char) cp;
        } else {
          cbuf[off + n++] = Character.highSurrogate(cp);
          char low = Character.lowSurrogate(cp);
          if (n < len) {
            cbuf[off + n++] = low;
          } else {
            pendingLow = low;
          }
        }
      }
      return n == 0 ? -1 : n;
    }

    private int readFallback(char[] cbuf, int off, int len, int n) {
      int count = Math.min(len - n, fallback.length() - fallbackPos);
      fallback.getChars(fallbackPos, fallbackPos + count, cbuf, off + n);
      fallbackPos += count;
      n += count;
      return n == 0 ? -1 : n;
    }

    /** The code point of a valid multi-byte sequence at {@code pos} (advancing), else -1. */
    private int decodeMultiByte() {
      int b0 = bytes[pos] & 0xFF;
      int avail = end - pos;
      if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (avail >= 2 && isCont(bytes[pos + 1])) {
          int cp = ((b0 & 0x1F) << 6) | (bytes[pos + 1] & 0x3F);
          pos += 2;
          return cp;
        }
        return -1;
      }
      if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (avail < 3) {
          return -1;
        }
        int b1 = bytes[pos + 1] & 0xFF;
        int b2 = bytes[pos + 2];
        boolean ok1 =
            b0 == 0xE0
                ? b1 >= 0xA0 && b1 <= 0xBF
                : b0 == 0xED ? b1 >= 0x80 && b1 <= 0x9F : b1 >= 0x80 && b1 <= 0xBF;
        if (!ok1 || !isCont((byte) b2)) {
          return -1;
        }
        pos += 3;
        return ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
      }
      if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (avail < 4) {
          return -1;
        }
        int b1 = bytes[pos + 1] & 0xFF;
        boolean ok1 =
            b0 == 0xF0
                ? b1 >= 0x90 && b1 <= 0xBF
                : b0 == 0xF4 ? b1 >= 0x80 && b1 <= 0x8F : b1 >= 0x80 && b1 <= 0xBF;
        if (!ok1 || !isCont(bytes[pos + 2]) || !isCont(bytes[pos + 3])) {
          return -1;
        }
        int cp =
            ((b0 & 0x07) << 18)
                | ((b1 & 0x3F) << 12)
                | ((bytes[pos + 2] & 0x3F) << 6)
                | (bytes[pos + 3] & 0x3F);
        pos += 4;
        return cp;
      }
      return -1;
    }

    private static boolean isCont(byte b) {
      return (b & 0xC0) == 0x80;
    }

    @Override
    public void close() {
      // Reusable: the parser closing it must not end it.
    }
  }

  /**
   * Skips the value whose first event {@code e} was just returned by {@code p}: a whole object or
   * array, or nothing more for a scalar.
   *
   * <p>Does not use {@link JsonParser#skipObject()} / {@link JsonParser#skipArray()}: Parsson's
   * versions loop forever when the input ends inside the skipped value (eclipse-ee4j/parsson#23),
   * which a truncated stream event does. Walking the events throws at the end of input instead.
   */
  public static void skip(JsonParser p, JsonParser.Event e) {
    if (e != JsonParser.Event.START_OBJECT && e != JsonParser.Event.START_ARRAY) {
      return;
    }
    int depth = 1;
    while (depth > 0) {
      JsonParser.Event n = p.next();
      if (n == JsonParser.Event.START_OBJECT || n == JsonParser.Event.START_ARRAY) {
        depth++;
      } else if (n == JsonParser.Event.END_OBJECT || n == JsonParser.Event.END_ARRAY) {
        depth--;
      }
    }
  }

  /** The string of a value event, null for JSON null; other values are skipped, giving null. */
  public static String stringValue(JsonParser p, JsonParser.Event e) {
    if (e == JsonParser.Event.VALUE_STRING) {
      return p.getString();
    }
    skip(p, e);
    return null;
  }

  /** The int of a number event, null for anything else (skipped). */
  public static Integer intValue(JsonParser p, JsonParser.Event e) {
    if (e == JsonParser.Event.VALUE_NUMBER) {
      return p.isIntegralNumber() ? p.getInt() : p.getBigDecimal().intValue();
    }
    skip(p, e);
    return null;
  }

  /** Parses any JSON value; throws {@link JsonException} when the text is not JSON. */
  public static JsonValue readValue(String text) {
    try (JsonReader reader = READERS.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  /** Parses UTF-8 bytes as any JSON value; throws {@link JsonException} when not JSON. */
  public static JsonValue readValue(byte[] bytes, int offset, int length) {
    try (JsonReader reader =
        READERS.createReader(
            new ByteArrayInputStream(bytes, offset, length), StandardCharsets.UTF_8)) {
      return reader.readValue();
    }
  }

  /** Parses a JSON value, null when the text is not (complete) JSON. */
  public static JsonValue tryReadValue(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return readValue(text);
    } catch (JsonException | IllegalStateException e) {
      return null;
    }
  }

  /** Parses a JSON object, null when the bytes are not a JSON object. */
  public static JsonObject tryReadObject(byte[] bytes, int offset, int length) {
    try {
      JsonValue v = readValue(bytes, offset, length);
      return v instanceof JsonObject o ? o : null;
    } catch (JsonException | IllegalStateException e) {
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
}
