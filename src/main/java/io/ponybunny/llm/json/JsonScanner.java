package io.ponybunny.llm.json;

import java.nio.charset.StandardCharsets;

/**
 * A forward-only reader of one JSON text held as UTF-8 bytes, for the hot paths that pick a few
 * fields out of small objects of a well-known shape.
 *
 * <p>Keys are matched against names without being decoded, skipped values are only validated, and
 * numbers are read as {@code int} without {@link java.math.BigDecimal}: only the string values a
 * caller asks for become Strings. Everything read or skipped is checked against the JSON grammar.
 *
 * <p>It is deliberately narrower than JSON-P: it throws {@link Unsupported} (preallocated, no stack
 * trace) on anything that is not JSON <em>and</em> on valid JSON it does not handle (escaped keys,
 * numbers that are not small integers where an int is asked for, deep nesting, content after the
 * top-level value). Callers then take their JSON-P path, which has the final word; so a caller must
 * not emit or change anything before the scan has finished.
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

  /** The input is not something this scanner handles: take the JSON-P path instead. */
  public static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Unsupported INSTANCE = new Unsupported();

    private Unsupported() {
      super("not handled by JsonScanner", null, false, false);
    }
  }

  /** Deeper values are left to JSON-P. */
  private static final int MAX_DEPTH = 64;

  /** Longer integers may not fit an int: left to JSON-P. */
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

  private int keyStart;
  private int keyEnd;
  private final StringBuilder unescaped = new StringBuilder();

  /** Points the scanner at a new JSON text; the bytes must not change while it is read. */
  public JsonScanner reset(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.pos = offset;
    this.end = offset + length;
    this.first = false;
    return this;
  }

  /** The exception to throw for a shape a caller leaves to JSON-P. */
  public static Unsupported unsupported() {
    return Unsupported.INSTANCE;
  }

  /** The index in the bytes of the next byte to read (after the value just read). */
  public int position() {
    return pos;
  }

  /** The kind of the next value, without consuming it. */
  public Kind peek() {
    skipSpace();
    if (pos >= end) {
      throw unsupported();
    }
    return switch (bytes[pos]) {
      case '{' -> Kind.OBJECT;
      case '[' -> Kind.ARRAY;
      case '"' -> Kind.STRING;
      case 't' -> Kind.TRUE;
      case 'f' -> Kind.FALSE;
      case 'n' -> Kind.NULL;
      case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> Kind.NUMBER;
      default -> throw unsupported();
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
      throw unsupported();
    }
    keyStart = ++pos;
    keyEnd = plainStringEnd();
    if (bytes[keyEnd] != '"') {
      throw unsupported();
    }
    pos = keyEnd + 1;
    expect(':');
    return true;
  }

  /** Whether the key just read by {@link #nextKey} is {@code name} (ASCII). */
  public boolean keyIs(String name) {
    int n = name.length();
    if (keyEnd - keyStart != n) {
      return false;
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
   * An integer value; null for any value that is not a number, which is skipped. A number with a
   * fraction, an exponent or more than nine digits is {@link Unsupported}.
   */
  public Integer integer() {
    if (peek() != Kind.NUMBER) {
      skipValue();
      return null;
    }
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
      throw unsupported();
    }
    int value = 0;
    for (int i = start; i < pos; i++) {
      value = value * 10 + (bytes[i] - '0');
    }
    return negative ? -value : value;
  }

  /**
   * Whether the next value is {@code true}; any other scalar is skipped and gives false. An object
   * or array is {@link Unsupported}: callers that test a flag leave those shapes to JSON-P.
   */
  public boolean isTrue() {
    Kind kind = peek();
    if (kind == Kind.OBJECT || kind == Kind.ARRAY) {
      throw unsupported();
    }
    skipValue();
    return kind == Kind.TRUE;
  }

  /** Skips the next value, checking it is valid JSON. */
  public void skipValue() {
    skipValue(0);
  }

  /** Checks that nothing but whitespace follows the top-level value. */
  public void endOfInput() {
    skipSpace();
    if (pos != end) {
      throw unsupported();
    }
  }

  private void skipValue(int depth) {
    skipSpace();
    if (pos >= end) {
      throw unsupported();
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

  private static void checkDepth(int depth) {
    if (depth >= MAX_DEPTH) {
      throw unsupported();
    }
  }

  private void literal(String word) {
    int n = word.length();
    if (end - pos < n) {
      throw unsupported();
    }
    for (int i = 0; i < n; i++) {
      if (bytes[pos + i] != word.charAt(i)) {
        throw unsupported();
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
      throw unsupported();
    }
    if (pos < end && bytes[pos] == '.') {
      pos++;
      if (digits() == 0) {
        throw unsupported();
      }
    }
    if (pos < end && (bytes[pos] == 'e' || bytes[pos] == 'E')) {
      pos++;
      if (pos < end && (bytes[pos] == '+' || bytes[pos] == '-')) {
        pos++;
      }
      if (digits() == 0) {
        throw unsupported();
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
      pos = plainStringEnd();
      if (next() == '"') {
        return;
      }
      escape();
    }
  }

  /**
   * The index of the first quote or backslash from {@code pos} on (not moving); {@link Unsupported}
   * at a control character or the end of the input.
   */
  private int plainStringEnd() {
    byte[] b = bytes;
    int e = end;
    for (int p = pos; p < e; p++) {
      if (STRING_STOP[b[p] & 0xFF]) {
        if (b[p] < 0x20) {
          throw unsupported();
        }
        return p;
      }
    }
    throw unsupported();
  }

  /**
   * Reads the string at {@code pos}. Bytes between escapes are decoded as UTF-8 exactly as JSON-P's
   * reader decodes them (malformed sequences become U+FFFD; the escapes and quotes around them are
   * ASCII, so cutting there never splits a sequence).
   */
  private String readString(String[] known) {
    int start = ++pos;
    int stop = plainStringEnd();
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
      stop = plainStringEnd();
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
            throw unsupported();
          }
          c = (c << 4) | h;
        }
        yield (char) c;
      }
      default -> throw unsupported();
    };
  }

  private byte next() {
    if (pos >= end) {
      throw unsupported();
    }
    return bytes[pos++];
  }

  private void expect(char c) {
    skipSpace();
    if (pos >= end || bytes[pos] != c) {
      throw unsupported();
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
