package io.ponybunny.sim;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * A simulator scenario, parsed from the requested model name {@code <name>[~key=value]*}.
 *
 * <p>Keys: {@code tokens}, {@code tps}, {@code text}, {@code status}, {@code retry-after}, {@code
 * fail-times}, {@code id}, {@code cut-after-bytes}, {@code error-after-chunks}, {@code
 * stall-first-ms}, {@code stall-between-ms}, {@code pause-after-chunks}, {@code pause-ms}, {@code
 * malformed}, {@code tool}, {@code args}, {@code finish}. Values are URL-decoded ({@code %xx},
 * {@code +} is a space). Null fields mean "not set".
 *
 * @param model the full model string as requested
 * @param name the part before the first {@code ~}
 * @param id the observation/counting key: {@code id=} if given, else the full model string
 * @param tokens reply length in tokens
 * @param tps tokens per second (0 = unpaced), overriding the configured default
 * @param text a fixed reply text
 * @param echo reply with the last user message's text (a long or exact reply without a long model
 *     name)
 * @param status an HTTP error status (400..599) to answer with instead of a reply
 * @param retryAfter seconds for {@code Retry-After} and the provider's own retry hints
 * @param failTimes only the first N requests of this {@code id} fail with {@code status}
 * @param cutAfterBytes abort the connection after this many body bytes
 * @param errorAfterChunks send the provider's mid-stream error after this many content frames
 * @param stallFirstMs wait before the first byte
 * @param stallBetweenMs wait between frames
 * @param malformed emit one frame whose data is not valid JSON
 * @param tool reply with a call of this function
 * @param args the call's arguments (a JSON object text), {@code {}} by default
 * @param finish neutral finish reason override: stop, length, tool_calls, content_filter
 * @param pauseAfterChunks after this many content frames, one silent pause of {@code pauseMs}
 * @param pauseMs the length of that pause (a stall mid-stream, for the console's stall marks)
 */
public record SimScenario(
    String model,
    String name,
    String id,
    Integer tokens,
    Double tps,
    String text,
    boolean echo,
    Integer status,
    Integer retryAfter,
    Integer failTimes,
    Long cutAfterBytes,
    Integer errorAfterChunks,
    Long stallFirstMs,
    Long stallBetweenMs,
    boolean malformed,
    String tool,
    String args,
    String finish,
    Integer pauseAfterChunks,
    Long pauseMs) {

  /** Longest accepted stall, so a typo cannot park a thread for hours. */
  static final long MAX_STALL_MS = 600_000;

  /** Parses {@code model}; throws {@link SimScenarioException} on any bad key or value. */
  public static SimScenario parse(String model) {
    if (model == null || model.isBlank()) {
      throw new SimScenarioException("model is required");
    }
    String[] parts = model.split("~", -1);
    String name = parts[0];
    if (name.isEmpty()) {
      throw new SimScenarioException("model name before '~' is empty: '" + model + "'");
    }
    String id = null;
    Integer tokens = null;
    Double tps = null;
    String text = null;
    boolean echo = false;
    Integer status = null;
    Integer retryAfter = null;
    Integer failTimes = null;
    Long cut = null;
    Integer errorAfter = null;
    Long stallFirst = null;
    Long stallBetween = null;
    Integer pauseAfter = null;
    Long pause = null;
    boolean malformed = false;
    String tool = null;
    String args = null;
    String finish = null;
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new SimScenarioException(
            "scenario part '" + part + "' in model '" + model + "' is not key=value");
      }
      String key = part.substring(0, eq);
      String value = decode(part.substring(eq + 1), key);
      if (!seen.add(key)) {
        throw new SimScenarioException("scenario key '" + key + "' given twice");
      }
      switch (key) {
        case "id" -> {
          if (value.isEmpty() || value.length() > 200) {
            throw bad(key, value, "1 to 200 characters");
          }
          id = value;
        }
        case "tokens" -> tokens = (int) longIn(key, value, 0, 100_000);
        case "tps" -> {
          try {
            tps = Double.parseDouble(value);
          } catch (NumberFormatException e) {
            throw bad(key, value, "a number >= 0");
          }
          if (!(tps >= 0) || tps.isInfinite()) {
            throw bad(key, value, "a number >= 0");
          }
        }
        case "text" -> text = value;
        case "echo" -> {
          if (!value.equals("true") && !value.equals("false")) {
            throw bad(key, value, "true or false");
          }
          echo = value.equals("true");
        }
        case "status" -> status = (int) longIn(key, value, 400, 599);
        case "retry-after" -> retryAfter = (int) longIn(key, value, 0, 86_400);
        case "fail-times" -> failTimes = (int) longIn(key, value, 0, Integer.MAX_VALUE);
        case "cut-after-bytes" -> cut = longIn(key, value, 0, Long.MAX_VALUE);
        case "error-after-chunks" -> errorAfter = (int) longIn(key, value, 0, Integer.MAX_VALUE);
        case "stall-first-ms" -> stallFirst = longIn(key, value, 0, MAX_STALL_MS);
        case "stall-between-ms" -> stallBetween = longIn(key, value, 0, MAX_STALL_MS);
        case "pause-after-chunks" -> pauseAfter = (int) longIn(key, value, 1, Integer.MAX_VALUE);
        case "pause-ms" -> pause = longIn(key, value, 0, MAX_STALL_MS);
        case "malformed" -> {
          if (!value.equals("true") && !value.equals("false")) {
            throw bad(key, value, "true or false");
          }
          malformed = value.equals("true");
        }
        case "tool" -> {
          if (!value.matches("[A-Za-z_][A-Za-z0-9_.:-]{0,127}")) {
            throw bad(key, value, "a function name");
          }
          tool = value;
        }
        case "args" -> args = jsonObject(value);
        case "finish" -> finish = finish(value);
        default ->
            throw new SimScenarioException(
                "unknown simulator scenario key '" + key + "' in model '" + model + "'");
      }
    }
    if ((pauseAfter == null) != (pause == null)) {
      throw new SimScenarioException(
          "scenario keys 'pause-after-chunks' and 'pause-ms' go together");
    }
    if (args != null && tool == null) {
      throw new SimScenarioException("scenario key 'args' needs 'tool'");
    }
    if ((retryAfter != null || failTimes != null) && status == null) {
      throw new SimScenarioException("scenario keys 'retry-after' and 'fail-times' need 'status'");
    }
    return new SimScenario(
        model,
        name,
        id != null ? id : model,
        tokens,
        tps,
        text,
        echo,
        status,
        retryAfter,
        failTimes,
        cut,
        errorAfter,
        stallFirst,
        stallBetween,
        malformed,
        tool,
        tool != null && args == null ? "{}" : args,
        finish,
        pauseAfter,
        pause);
  }

  /**
   * Whether the {@code count}-th request (1-based) of this scenario's id answers with {@link
   * #status()}.
   */
  public boolean failsOn(long count) {
    return status != null && (failTimes == null || count <= failTimes);
  }

  private static String decode(String raw, String key) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new SimScenarioException(
          "scenario key '" + key + "' has a bad %-escape: '" + raw + "'");
    }
  }

  private static long longIn(String key, String value, long min, long max) {
    long v;
    try {
      v = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw bad(key, value, "an integer in " + min + ".." + max);
    }
    if (v < min || v > max) {
      throw bad(key, value, "an integer in " + min + ".." + max);
    }
    return v;
  }

  private static String jsonObject(String value) {
    try (JsonReader r = Json.createReader(new StringReader(value))) {
      JsonValue v = r.readValue();
      if (v.getValueType() != JsonValue.ValueType.OBJECT) {
        throw bad("args", value, "a JSON object");
      }
      return SimJson.compact(v);
    } catch (JsonException e) {
      throw bad("args", value, "a JSON object");
    }
  }

  private static String finish(String value) {
    return switch (value) {
      case "stop", "end_turn", "STOP" -> "stop";
      case "length", "max_tokens", "MAX_TOKENS" -> "length";
      case "tool_calls", "tool_use" -> "tool_calls";
      case "content_filter", "refusal", "SAFETY" -> "content_filter";
      default -> throw bad("finish", value, "stop, length, tool_calls or content_filter");
    };
  }

  private static SimScenarioException bad(String key, String value, String expected) {
    return new SimScenarioException(
        "scenario key '" + key + "' has bad value '" + value + "': expected " + expected);
  }
}
