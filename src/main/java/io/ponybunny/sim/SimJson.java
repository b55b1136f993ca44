package io.ponybunny.sim;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny JSON writer with the exact spacing styles the providers use.
 *
 * <p>Values are {@link Map} (insertion-ordered objects), {@link List}, {@link String}, {@link
 * Number}, {@link Boolean}, {@code null}, or JSON-P {@link JsonValue}s (so parsed request or tool
 * JSON can be embedded as is).
 */
final class SimJson {

  /** How to lay out a document. */
  enum Style {
    /** {@code {"a":1,"b":[2]}} (OpenAI, Anthropic, Ollama). */
    COMPACT,
    /** {@code {"a": 1,"b": [2]}} (Gemini SSE). */
    COLON_SPACE,
    /** Two-space indented, {@code "a": 1} (Gemini JSON array, OpenAI error bodies). */
    PRETTY
  }

  private SimJson() {}

  /** An insertion-ordered object from alternating keys and values. */
  static Map<String, Object> obj(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("odd number of arguments");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static String compact(Object value) {
    return write(value, Style.COMPACT);
  }

  static String pretty(Object value) {
    return write(value, Style.PRETTY);
  }

  static String write(Object value, Style style) {
    StringBuilder sb = new StringBuilder();
    append(sb, value, style, 0);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Object value, Style style, int depth) {
    if (value instanceof JsonValue jv) {
      switch (jv.getValueType()) {
        case STRING -> quote(sb, ((JsonString) jv).getString());
        case NUMBER -> sb.append(((JsonNumber) jv).toString());
        case TRUE -> sb.append("true");
        case FALSE -> sb.append("false");
        case NULL -> sb.append("null");
        case OBJECT -> appendObject(sb, jv.asJsonObject(), style, depth);
        case ARRAY -> appendArray(sb, jv.asJsonArray(), style, depth);
      }
    } else if (value == null) {
      sb.append("null");
    } else if (value instanceof String s) {
      quote(sb, s);
    } else if (value instanceof Boolean || value instanceof Number) {
      sb.append(value);
    } else if (value instanceof Map<?, ?> map) {
      appendObject(sb, map, style, depth);
    } else if (value instanceof List<?> list) {
      appendArray(sb, list, style, depth);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }
  }

  private static void appendObject(StringBuilder sb, Map<?, ?> map, Style style, int depth) {
    if (map.isEmpty()) {
      sb.append("{}");
      return;
    }
    sb.append('{');
    Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<?, ?> e = it.next();
      newline(sb, style, depth + 1);
      quote(sb, String.valueOf(e.getKey()));
      sb.append(style == Style.COMPACT ? ":" : ": ");
      append(sb, e.getValue(), style, depth + 1);
      if (it.hasNext()) {
        sb.append(',');
      }
    }
    newline(sb, style, depth);
    sb.append('}');
  }

  private static void appendArray(StringBuilder sb, List<?> list, Style style, int depth) {
    if (list.isEmpty()) {
      sb.append("[]");
      return;
    }
    sb.append('[');
    for (int i = 0; i < list.size(); i++) {
      newline(sb, style, depth + 1);
      append(sb, list.get(i), style, depth + 1);
      if (i < list.size() - 1) {
        sb.append(',');
      }
    }
    newline(sb, style, depth);
    sb.append(']');
  }

  private static void newline(StringBuilder sb, Style style, int depth) {
    if (style == Style.PRETTY) {
      sb.append('\n');
      sb.append("  ".repeat(depth));
    }
  }

  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder();
    quote(sb, s);
    return sb.toString();
  }
}
