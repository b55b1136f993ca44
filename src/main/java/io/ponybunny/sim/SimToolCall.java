package io.ponybunny.sim;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One function call in a simulated reply.
 *
 * @param id the call id without provider prefix (each wire adds {@code call_}, {@code toolu_}...)
 * @param name the function name
 * @param argumentsJson the arguments as a compact JSON object text
 */
public record SimToolCall(String id, String name, String argumentsJson) {

  /** Code points per streamed argument fragment. */
  static final int FRAGMENT_CODE_POINTS = 7;

  public SimToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
  }

  /** The argument text split into streaming fragments (never splitting a code point). */
  public List<String> argumentFragments() {
    List<String> out = new ArrayList<>();
    int[] cps = argumentsJson.codePoints().toArray();
    for (int i = 0; i < cps.length; i += FRAGMENT_CODE_POINTS) {
      out.add(new String(cps, i, Math.min(FRAGMENT_CODE_POINTS, cps.length - i)));
    }
    return out;
  }

  /** The arguments parsed as a JSON object. */
  public JsonObject arguments() {
    try (JsonReader r = Json.createReader(new StringReader(argumentsJson))) {
      return r.readObject();
    }
  }
}
