package io.ponybunny.llm.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * A forward-only reader of one JSON text held as UTF-8 bytes: the one decoder of the provider
 * stream chunks, which pick a few fields out of small objects of a well-known shape.
 *
 * <p>Keys are matched against names without being decoded (unless they hold escapes), skipped
 * values are only validated, and small integers are read without {@link BigDecimal}: only the
 * string values a caller asks for become Strings. Everything read or skipped is checked against the
 * JSON grammar, and every valid JSON text is read as JSON-P reads it: escaped keys by their decoded
 * name, any number asked for as an int as {@link jakarta.json.JsonNumber#intValue()} gives it, a
 * skipped value nested as deep as JSON-P's reader allows ({@value #MAX_DEPTH} containers; the few a
 * caller opens itself are not counted).
 *
 * <p>It throws {@link Malformed} (preallocated, no stack trace) on anything that is not JSON, on
 * deeper nesting and, at {@link #endOfInput}, on content after the top-level value (which JSON-P's
 * reader would ignore). A caller must not emit or change anything before its scan has finished.
 *
 * <p>Reuse one instance with {@link #reset}; not thread-safe.
 */
public final class JsonScanner {

  /** The kind of the next value, from its first byte. */
  public enum Kind {
    OBJECT,
    ARRAY,
    STRING,
    NUMBER,
    TRUE,
    FALSE,
    NULL
  }

  /** The input is not one JSON text (or a skipped value nests deeper than {@link #MAX_DEPTH}). */
  public static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Malformed INSTANCE = new Malformed();

    private Malformed() {
      super("not JSON", null, false, false);
    }
  }

  /** The most containers a skipped value nests: as many as JSON-P's reader (Parsson) accepts. */
  public static final int MAX_DEPTH = 999;

  /** Longer integers may not fit an int: read through {@link BigDecimal}. */
  private static final int MAX_INT_DIGITS = 9;

  /** The bytes that end a run of plain string content: quote, backslash, control characters. */
  private static final boolean[] STRING_STOP = new boolean[256];

  static {
    for (int c = 0; c < 0x20; c++) {
      STRING_STOP[c] = true;
    }
    STRING_STOP['"'] = true;
    STRING_STOP['\\'] = true;
  }

  private byte[] bytes;
  private int pos;
  private int end;

  /** Whether the container just opened has had no member or element yet. */
  private boolean first;

  /** The key just read: bytes {@code keyStart} to {@code keyEnd}; see {@link #escapedKey()}. */
  private int keyStart;

  private int keyEnd;

  /** The key just read, decoded, when it holds escapes. */
  private String escapedKey;

  private final StringBuilder unescaped = new StringBuilder();

  /** Points the scanner at a new JSON text; the bytes must not change while it is read. */
  public JsonScanner reset(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.pos = offset;
    this.end = offset + length;
    this.first = false;
    return this;
  }

  /** The exception that says the input is not JSON. */
  public static Malformed malformed() {
    return Malformed.INSTANCE;
  }

  /** The index in the bytes of the next byte to read (after the value just read). */
  public int position() {
    return pos;
  }

  /** The kind of the next value, without consuming it. */
  public Kind peek() {
    skipSpace();
    if (pos >= end) {
      throw malformed();
    }
    return switch (bytes[pos]) {
      case '{' -> Kind.OBJECT;
      case '[' -> Kind.ARRAY;
      case '"' -> Kind.STRING;
      case 't' -> Kind.TRUE;
      case 'f' -> Kind.FALSE;
      case 'n' -> Kind.NULL;
      case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> Kind.NUMBER;
      default -> throw malformed();
    };
  }

  /** Consumes the opening brace of the next value, which must be an object. */
  public void beginObject() {
    expect('{');
    first = true;
  }

  /**
   * Moves to the next member of the current object: true with its key read (see {@link #keyIs}) and
   * the scanner before its value, which the caller must then read or skip; false when the object
   * closed.
   */
  public boolean nextKey() {
    skipSpace();
    if (pos < end && bytes[pos] == '}') {
      pos++;
      first = false;
      return false;
    }
    if (!first) {
      expect(',');
      skipSpace();
    }
    first = false;
    if (pos >= end || bytes[pos] != '"') {
      throw malformed();
    }
    keyStart = ++pos;
    keyEnd = plainStringEnd(pos);
    if (bytes[keyEnd] == '"') {
      pos = keyEnd + 1;
    } else {
      escapedKey();
    }
    expect(':');
    return true;
  }

  /**
   * Rare: a key with escapes is decoded into {@link #escapedKey}, and marked by {@code keyEnd < 0}
   * so that {@link #keyIs} compares the decoded name (a plain key costs no branch more).
   */
  private void escapedKey() {
    pos = keyStart - 1;
    escapedKey = readString(null);
    keyStart = 0;
    keyEnd = -1;
  }

  /** Whether the key just read by {@link #nextKey} is {@code name} (ASCII). */
  public boolean keyIs(String name) {
    int n = name.length();
    if (keyEnd - keyStart != n) {
      return keyEnd < 0 && name.equals(escapedKey);
    }
    for (int i = 0; i < n; i++) {
      if (bytes[keyStart + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Consumes the opening bracket of the next value, which must be an array. */
  public void beginArray() {
    expect('[');
    first = true;
  }

  /**
   * Moves to the next element of the current array: true with the scanner before it (the caller
   * must read or skip it), false when the array closed.
   */
  public boolean nextElement() {
    skipSpace();
    if (pos < end && bytes[pos] == ']') {
      pos++;
      first = false;
      return false;
    }
    if (!first) {
      expect(',');
    }
    first = false;
    return true;
  }

  /** A string value decoded; null for any other value, which is skipped. */
  public String string() {
    return string(null);
  }

  /**
   * Like {@link #string()}, but when the raw bytes of the string equal one of {@code known} (ASCII,
   * no escapes) that very instance is returned, so that recurring words cost no allocation.
   *
   * @param known the words to return as themselves; null for none
   */
  public String string(String[] known) {
    if (peek() != Kind.STRING) {
      skipValue();
      return null;
    }
    return readString(known);
  }

  /**
   * An integer value, as {@link jakarta.json.JsonNumber#intValue()} gives it (a fraction is cut, a
   * value beyond an int keeps its low 32 bits); null for any value that is not a number, which is
   * skipped.
   */
  public Integer integer() {
    if (peek() != Kind.NUMBER) {
      skipValue();
      return null;
    }
    int from = pos;
    boolean negative = bytes[pos] == '-';
    if (negative) {
      pos++;
    }
    int start = pos;
    int digits = digits();
    if (digits == 0
        || digits > MAX_INT_DIGITS
        || (digits > 1 && bytes[start] == '0')
        || (pos < end && (bytes[pos] == '.' || bytes[pos] == 'e' || bytes[pos] == 'E'))) {
      return intValue(from);
    }
    int value = 0;
    for (int i = start; i < pos; i++) {
      value = value * 10 + (bytes[i] - '0');
    }
    return negative ? -value : value;
  }

  /**
   * {@code BigDecimal.intValue()} of the number at {@code from} (read to its end, checking it is
   * valid JSON), without building the huge integer a large exponent stands for: with 32 or more
   * factors of ten its low 32 bits are zero, and below one it truncates to zero.
   */
  private int intValue(int from) {
    pos = from;
    skipNumber();
    BigDecimal d;
    try {
      d = new BigDecimal(new String(bytes, from, pos - from, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      // An exponent beyond an int: zero by either rule above.
      return 0;
    }
    if (d.scale() <= -32 || d.precision() - d.scale() <= 0) {
      return 0;
    }
    return d.intValue();
  }

  /** Whether the next value is {@code true}; any other value is skipped and gives false. */
  public boolean isTrue() {
    Kind kind = peek();
    skipValue();
    return kind == Kind.TRUE;
  }

  /**
   * The next value as compact JSON text, as JSON-P writes it ({@link
   * jakarta.json.JsonValue#toString()}): for the rare values passed on whole, like tool arguments.
   */
  public String json() {
    skipSpace();
    int from = pos;
    skipValue();
    try {
      return JsonSupport.readValue(bytes, from, pos - from).toString();
    } catch (RuntimeException e) {
      // JSON-P refusing what the scanner accepted (nesting, see JsonSupport#tryReadValue).
      throw malformed();
    }
  }

  /** Skips the next value, checking it is valid JSON nested at most {@link #MAX_DEPTH} deep. */
  public void skipValue() {
    skipValue(0);
  }

  /** {@link #skipValue()} inside {@code depth} containers it opened. */
  private void skipValue(int depth) {
    skipSpace();
    if (pos >= end) {
      throw malformed();
    }
    switch (bytes[pos]) {
      case '"' -> skipString();
      case '{' -> {
        checkDepth(depth);
        beginObject();
        while (nextKey()) {
          skipValue(depth + 1);
        }
      }
      case '[' -> {
        checkDepth(depth);
        beginArray();
        while (nextElement()) {
          skipValue(depth + 1);
        }
      }
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> skipNumber();
    }
  }

  /** Checks that nothing but whitespace follows the top-level value. */
  public void endOfInput() {
    skipSpace();
    if (pos != end) {
      throw malformed();
    }
  }

  private static void checkDepth(int depth) {
    if (depth >= MAX_DEPTH) {
      throw malformed();
    }
  }

  private void literal(String word) {
    int n = word.length();
    if (end - pos < n) {
      throw malformed();
    }
    for (int i = 0; i < n; i++) {
      if (bytes[pos + i] != word.charAt(i)) {
        throw malformed();
      }
    }
    pos += n;
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
  private void skipNumber() {
    if (bytes[pos] == '-') {
      pos++;
    }
    if (pos < end && bytes[pos] == '0') {
      pos++;
    } else if (digits() == 0) {
      throw malformed();
    }
    if (pos < end && bytes[pos] == '.') {
      pos++;
      if (digits() == 0) {
        throw malformed();
      }
    }
    if (pos < end && (bytes[pos] == 'e' || bytes[pos] == 'E')) {
      pos++;
      if (pos < end && (bytes[pos] == '+' || bytes[pos] == '-')) {
        pos++;
      }
      if (digits() == 0) {
        throw malformed();
      }
    }
  }

  /** Moves past the digits at {@code pos}; how many there were. */
  private int digits() {
    byte[] b = bytes;
    int p = pos;
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      p++;
    }
    int n = p - pos;
    pos = p;
    return n;
  }

  private void skipString() {
    pos++;
    while (true) {
      pos = plainStringEnd(pos);
      if (next() == '"') {
        return;
      }
      escape();
    }
  }

  /**
   * The index of the first quote or backslash from {@code from} on (not moving); {@link Malformed}
   * at a control character or the end of the input.
   */
  private int plainStringEnd(int from) {
    byte[] b = bytes;
    int e = end;
    for (int p = from; p < e; p++) {
      if (STRING_STOP[b[p] & 0xFF]) {
        if (b[p] < 0x20) {
          throw malformed();
        }
        return p;
      }
    }
    throw malformed();
  }

  /**
   * Reads the string at {@code pos}. Bytes between escapes are decoded as UTF-8 exactly as JSON-P's
   * reader decodes them (malformed sequences become U+FFFD; the escapes and quotes around them are
   * ASCII, so cutting there never splits a sequence).
   */
  private String readString(String[] known) {
    int start = ++pos;
    int stop = plainStringEnd(start);
    pos = stop + 1;
    if (bytes[stop] == '"') {
      return plain(start, stop, known);
    }
    StringBuilder sb = unescaped;
    sb.setLength(0);
    appendUtf8(sb, start, stop);
    while (true) {
      sb.append(escape());
      int from = pos;
      stop = plainStringEnd(from);
      appendUtf8(sb, from, stop);
      pos = stop + 1;
      if (bytes[stop] == '"') {
        return sb.toString();
      }
    }
  }

  private String plain(int from, int to, String[] known) {
    if (known != null) {
      for (String k : known) {
        if (rawEquals(from, to, k)) {
          return k;
        }
      }
    }
    return new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }

  private boolean rawEquals(int from, int to, String s) {
    int n = s.length();
    if (to - from != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (bytes[from + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void appendUtf8(StringBuilder sb, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] < 0) {
        sb.append(new String(bytes, i, to - i, StandardCharsets.UTF_8));
        return;
      }
      sb.append((char) bytes[i]);
    }
  }

  /** The character of the escape whose backslash was just consumed. */
  private char escape() {
    byte b = next();
    return switch (b) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '/' -> '/';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> {
        int c = 0;
        for (int i = 0; i < 4; i++) {
          int h = Character.digit(next(), 16);
          if (h < 0) {
            throw malformed();
          }
          c = (c << 4) | h;
        }
        yield (char) c;
      }
      default -> throw malformed();
    };
  }

  private byte next() {
    if (pos >= end) {
      throw malformed();
    }
    return bytes[pos++];
  }

  private void expect(char c) {
    skipSpace();
    if (pos >= end || bytes[pos] != c) {
      throw malformed();
    }
    pos++;
  }

  private void skipSpace() {
    byte[] b = bytes;
    int p = pos;
    while (p < end) {
      byte c = b[p];
      if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) {
        break;
      }
      p++;
    }
    pos = p;
  }
}
