package io.ponybunny.web.rest;

import io.ponybunny.llm.ChatMessage;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/completions}, validated field by field so that every mistake gets a
 * precise 400.
 *
 * @param model {@code <endpointId>/<model>}, or null for the default model
 * @param messages the conversation, at least one message
 * @param goalId the goal whose WebSocket channel receives the stream, or null
 * @param workItemId the work item, or null
 * @param runId the run, or null
 * @param stream stream the response (default false)
 * @param maxTokens upper bound on generated tokens, or null
 * @param temperature sampling temperature 0..2, or null
 * @param firstTokenTimeoutMs longest wait for the first token, or null for the endpoint's
 * @param idleTimeoutMs longest silence between streamed bytes, or null for the endpoint's
 */
@Schema(name = "CompletionRequest", description = "A chat completion to run.")
public record CompletionRequest(
    @Schema(
            description = "<endpointId>/<model>; omitted = the default model",
            example = "sim/sim-default")
        String model,
    @Schema(required = true, description = "The conversation; at least one message")
        List<ChatMessage> messages,
    @Schema(
            description = "Goal whose channel /ws/goals/{goalId} receives the stream",
            example = "g1")
        String goalId,
    String workItemId,
    String runId,
    @Schema(description = "Stream token by token (default false)") boolean stream,
    Integer maxTokens,
    Double temperature,
    @Schema(description = "Longest wait for the first token in ms (default: the endpoint's)")
        Integer firstTokenTimeoutMs,
    @Schema(description = "Longest silence between streamed bytes in ms (default: the endpoint's)")
        Integer idleTimeoutMs) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

  /** Reads and validates a request body; throws a 400 {@link ApiException} naming the field. */
  public static CompletionRequest from(JsonValue value) {
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      throw bad("The request body is required.");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw bad("The request body must be a JSON object.");
    }
    JsonObject body = value.asJsonObject();
    return new CompletionRequest(
        optionalString(body, "model", null),
        messages(body),
        optionalString(body, "goalId", ID),
        optionalString(body, "workItemId", ID),
        optionalString(body, "runId", ID),
        optionalBoolean(body, "stream"),
        optionalPositiveInt(body, "maxTokens"),
        optionalTemperature(body),
        optionalPositiveInt(body, "firstTokenTimeoutMs"),
        optionalPositiveInt(body, "idleTimeoutMs"));
  }

  private static List<ChatMessage> messages(JsonObject body) {
    JsonValue v = body.get("messages");
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      throw bad("'messages' is required: a non-empty array of {role, content}.");
    }
    if (v.getValueType() != JsonValue.ValueType.ARRAY || v.asJsonArray().isEmpty()) {
      throw bad("'messages' must be a non-empty array of {role, content}.");
    }
    List<ChatMessage> result = new ArrayList<>();
    int i = 0;
    for (JsonValue item : v.asJsonArray()) {
      if (item.getValueType() != JsonValue.ValueType.OBJECT) {
        throw bad("'messages[" + i + "]' must be an object {role, content}.");
      }
      JsonObject m = item.asJsonObject();
      JsonValue role = m.get("role");
      if (!(role instanceof JsonString rs) || !ROLES.contains(rs.getString())) {
        throw bad("'messages[" + i + "].role' must be one of " + ROLES + ".");
      }
      JsonValue content = m.get("content");
      if (!(content instanceof JsonString cs)) {
        throw bad("'messages[" + i + "].content' must be a string.");
      }
      result.add(new ChatMessage(rs.getString(), cs.getString()));
      i++;
    }
    return result;
  }

  private static String optionalString(JsonObject body, String name, Pattern pattern) {
    JsonValue v = body.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(v instanceof JsonString s)) {
      throw bad("'" + name + "' must be a string.");
    }
    if (pattern != null && !pattern.matcher(s.getString()).matches()) {
      throw bad(
          "'" + name + "' must be 1-128 characters of letters, digits, '.', '_', ':' or '-'.");
    }
    return s.getString();
  }

  private static boolean optionalBoolean(JsonObject body, String name) {
    JsonValue v = body.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return false;
    }
    if (v == JsonValue.TRUE) {
      return true;
    }
    if (v == JsonValue.FALSE) {
      return false;
    }
    if (v.getValueType() == JsonValue.ValueType.TRUE) {
      return true;
    }
    if (v.getValueType() == JsonValue.ValueType.FALSE) {
      return false;
    }
    throw bad("'" + name + "' must be true or false.");
  }

  private static Integer optionalPositiveInt(JsonObject body, String name) {
    JsonValue v = body.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(v instanceof JsonNumber n)
        || !n.isIntegral()
        || n.longValue() < 1
        || n.longValue() > 1_000_000) {
      throw bad("'" + name + "' must be an integer from 1 to 1000000.");
    }
    return n.intValue();
  }

  private static Double optionalTemperature(JsonObject body) {
    JsonValue v = body.get("temperature");
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(v instanceof JsonNumber n) || n.doubleValue() < 0 || n.doubleValue() > 2) {
      throw bad("'temperature' must be a number from 0 to 2.");
    }
    return n.doubleValue();
  }

  private static ApiException bad(String detail) {
    return new ApiException(400, detail);
  }
}
