package io.ponybunny.web.rest;

import io.ponybunny.llm.api.ChatMessage;
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
 * precise 400 naming the field, within the {@link CompletionLimits}: at most 256 messages and
 * 1,000,000 characters of content, {@code maxTokens} at most 32768, client timeouts at least 1000
 * ms (the defaults).
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

  /** Longest model reference ({@code <endpointId>/<model>}, a tier or a configured name). */
  static final int MAX_MODEL_CHARS = 300;

  /** Reads and validates a request body under the default {@link CompletionLimits}. */
  public static CompletionRequest from(JsonValue value) {
    return from(value, CompletionLimits.defaults());
  }

  /**
   * Reads and validates a request body; throws a 400 naming the field ({@link
   * InvalidFieldsException}), or a 400 {@link ApiException} when the body is no JSON object.
   */
  public static CompletionRequest from(JsonValue value, CompletionLimits limits) {
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      throw new ApiException(400, "The request body is required.");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new ApiException(400, "The request body must be a JSON object.");
    }
    JsonObject body = value.asJsonObject();
    return new CompletionRequest(
        model(body),
        messages(body, limits),
        optionalString(body, "goalId", ID),
        optionalString(body, "workItemId", ID),
        optionalString(body, "runId", ID),
        BodyFields.optionalBoolean(body, "stream"),
        BodyFields.optionalInt(body, "maxTokens", 1, limits.maxTokens()),
        BodyFields.optionalNumber(body, "temperature", 0, 2),
        BodyFields.optionalInt(body, "firstTokenTimeoutMs", limits.minTimeoutMs(), 1_000_000),
        BodyFields.optionalInt(body, "idleTimeoutMs", limits.minTimeoutMs(), 1_000_000));
  }

  private static String model(JsonObject body) {
    String model = optionalString(body, "model", null);
    if (model != null && model.length() > MAX_MODEL_CHARS) {
      throw BodyFields.invalid("model", "must be at most " + MAX_MODEL_CHARS + " characters");
    }
    return model;
  }

  private static List<ChatMessage> messages(JsonObject body, CompletionLimits limits) {
    JsonValue v = body.get("messages");
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      throw BodyFields.invalid("messages", "is required: a non-empty array of {role, content}");
    }
    if (v.getValueType() != JsonValue.ValueType.ARRAY || v.asJsonArray().isEmpty()) {
      throw BodyFields.invalid("messages", "must be a non-empty array of {role, content}");
    }
    if (v.asJsonArray().size() > limits.maxMessages()) {
      throw BodyFields.invalid(
          "messages",
          "must hold at most "
              + limits.maxMessages()
              + " messages (ponybunny.completions.max-messages); got "
              + v.asJsonArray().size());
    }
    List<ChatMessage> result = new ArrayList<>();
    long chars = 0;
    int i = 0;
    for (JsonValue item : v.asJsonArray()) {
      String field = "messages[" + i + "]";
      if (item.getValueType() != JsonValue.ValueType.OBJECT) {
        throw BodyFields.invalid(field, "must be an object {role, content}");
      }
      JsonObject m = item.asJsonObject();
      JsonValue role = m.get("role");
      if (!(role instanceof JsonString rs) || !ROLES.contains(rs.getString())) {
        throw BodyFields.invalid(field + ".role", "must be one of " + ROLES);
      }
      JsonValue content = m.get("content");
      if (!(content instanceof JsonString cs)) {
        throw BodyFields.invalid(field + ".content", "must be a string");
      }
      chars += cs.getString().length();
      if (chars > limits.maxMessageChars()) {
        throw BodyFields.invalid(
            "messages",
            "must hold at most "
                + limits.maxMessageChars()
                + " characters of content in all (ponybunny.completions.max-message-chars)");
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
      throw BodyFields.invalid(name, "must be a string");
    }
    if (pattern != null && !pattern.matcher(s.getString()).matches()) {
      throw BodyFields.invalid(
          name, "must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
    }
    return s.getString();
  }
}
