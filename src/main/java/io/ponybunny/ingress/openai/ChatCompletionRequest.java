package io.ponybunny.ingress.openai;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.api.ToolSpec;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.web.rest.ApiException;
import io.ponybunny.web.rest.BodyFields;
import io.ponybunny.web.rest.CompletionLimits;
import io.ponybunny.web.rest.InvalidFieldsException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code POST /v1/chat/completions} body as PonyBunny runs it, read from OpenAI's Chat
 * Completions wire format. Every field PonyBunny cannot honour is refused with a 400 naming it
 * (image or audio parts, {@code n} other than 1, a forced {@code tool_choice}); fields it does not
 * know are ignored, as OpenAI-compatible servers do. Limits are those of {@code POST
 * /api/completions} ({@link CompletionLimits}).
 *
 * @param model the model reference as the client named it (a tier, a configured model or {@code
 *     <endpointId>/<model>})
 * @param messages the conversation; {@code developer} messages are system messages
 * @param stream whether the client asked for an event stream
 * @param includeUsage whether the stream ends with a usage chunk ({@code
 *     stream_options.include_usage})
 * @param tools the functions offered to the model (none when {@code tool_choice} is {@code none})
 * @param maxTokens {@code max_completion_tokens}, else {@code max_tokens}, else null
 * @param temperature sampling temperature, or null
 * @param responseFormat {@code text}, {@code json_object} or {@code json_schema}
 * @param jsonSchema the schema of a {@code json_schema} response format, else null
 */
public record ChatCompletionRequest(
    String model,
    List<ChatMessage> messages,
    boolean stream,
    boolean includeUsage,
    List<ToolSpec> tools,
    Integer maxTokens,
    Double temperature,
    String responseFormat,
    JsonObject jsonSchema) {

  /** Longest model reference. */
  static final int MAX_MODEL_CHARS = 300;

  /** Most tools one request may offer (OpenAI's own limit). */
  static final int MAX_TOOLS = 128;

  private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final List<String> ROLES =
      List.of("system", "developer", "user", "assistant", "tool");

  public ChatCompletionRequest {
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  /**
   * The request to run: the conversation, with the instruction to answer in JSON added after the
   * leading system messages when the response format asks for JSON (see {@link
   * #formatInstruction()}).
   */
  public LlmRequest llmRequest() {
    String instruction = formatInstruction();
    List<ChatMessage> conversation = messages;
    if (instruction != null) {
      List<ChatMessage> with = new ArrayList<>(messages);
      int at = 0;
      while (at < with.size() && "system".equals(with.get(at).role())) {
        at++;
      }
      with.add(at, ChatMessage.system(instruction));
      conversation = with;
    }
    return new LlmRequest(model, conversation, maxTokens, temperature, tools);
  }

  /**
   * The system instruction that asks for JSON output, or null for {@code text}. PonyBunny has no
   * constrained decoding across providers: a JSON response format is an instruction to the model,
   * and the output is passed on as the model wrote it, unchecked.
   */
  public String formatInstruction() {
    return switch (responseFormat) {
      case "json_object" ->
          "Answer with a single JSON object and nothing else: no prose, no Markdown code fence.";
      case "json_schema" ->
          "Answer with a single JSON object and nothing else: no prose, no Markdown code fence."
              + " The object must conform to this JSON schema: "
              + (jsonSchema == null ? "{}" : jsonSchema.toString());
      default -> null;
    };
  }

  /**
   * Reads and validates a body; throws {@link InvalidFieldsException} (400) naming the first bad
   * field, or an {@link ApiException} 400 when the body is no JSON object.
   */
  public static ChatCompletionRequest from(JsonValue value, CompletionLimits limits) {
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      throw new ApiException(400, "The request body is required.");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new ApiException(400, "The request body must be a JSON object.");
    }
    JsonObject body = value.asJsonObject();
    String model = model(body);
    List<ChatMessage> messages = messages(body, limits);
    boolean stream = BodyFields.optionalBoolean(body, "stream");
    boolean includeUsage = stream && includeUsage(body);
    Integer n = BodyFields.optionalInt(body, "n", 1, Integer.MAX_VALUE);
    if (n != null && n != 1) {
      throw BodyFields.invalid("n", "must be 1: PonyBunny returns one choice per request");
    }
    Integer maxCompletion =
        BodyFields.optionalInt(body, "max_completion_tokens", 1, limits.maxTokens());
    Integer maxTokens = BodyFields.optionalInt(body, "max_tokens", 1, limits.maxTokens());
    List<ToolSpec> tools = tools(body);
    if (!toolChoiceAllowsTools(body)) {
      tools = List.of();
    }
    JsonObject format = optionalObject(body, "response_format");
    String formatType = formatType(format);
    JsonObject schema = "json_schema".equals(formatType) ? jsonSchema(format) : null;
    return new ChatCompletionRequest(
        model,
        messages,
        stream,
        includeUsage,
        tools,
        maxCompletion != null ? maxCompletion : maxTokens,
        BodyFields.optionalNumber(body, "temperature", 0, 2),
        formatType,
        schema);
  }

  private static String model(JsonObject body) {
    JsonValue v = body.get("model");
    if (!(v instanceof JsonString s) || s.getString().isBlank()) {
      throw BodyFields.invalid(
          "model", "is required: a tier, a configured model or <endpointId>/<model>");
    }
    if (s.getString().length() > MAX_MODEL_CHARS) {
      throw BodyFields.invalid("model", "must be at most " + MAX_MODEL_CHARS + " characters");
    }
    return s.getString().strip();
  }

  private static List<ChatMessage> messages(JsonObject body, CompletionLimits limits) {
    JsonValue v = body.get("messages");
    if (!(v instanceof JsonArray array) || array.isEmpty()) {
      throw BodyFields.invalid("messages", "is required: a non-empty array of messages");
    }
    if (array.size() > limits.maxMessages()) {
      throw BodyFields.invalid(
          "messages",
          "must hold at most "
              + limits.maxMessages()
              + " messages (ponybunny.completions.max-messages); got "
              + array.size());
    }
    List<ChatMessage> result = new ArrayList<>(array.size());
    long chars = 0;
    for (int i = 0; i < array.size(); i++) {
      ChatMessage m = message(array.get(i), "messages[" + i + "]");
      chars += m.content() == null ? 0 : m.content().length();
      for (ToolCall call : m.toolCalls()) {
        chars += call.rawArguments().length();
      }
      if (chars > limits.maxMessageChars()) {
        throw BodyFields.invalid(
            "messages",
            "must hold at most "
                + limits.maxMessageChars()
                + " characters of content in all (ponybunny.completions.max-message-chars)");
      }
      result.add(m);
    }
    return result;
  }

  private static ChatMessage message(JsonValue item, String field) {
    if (!(item instanceof JsonObject m)) {
      throw BodyFields.invalid(field, "must be an object {role, content}");
    }
    String role = JsonSupport.str(m, "role");
    if (role == null || !ROLES.contains(role)) {
      throw BodyFields.invalid(field + ".role", "must be one of " + String.join(", ", ROLES));
    }
    switch (role) {
      case "assistant" -> {
        List<ToolCall> calls = toolCalls(m.get("tool_calls"), field + ".tool_calls");
        String text = content(m.get("content"), field + ".content", true);
        if (text == null && calls.isEmpty()) {
          text = "";
        }
        return ChatMessage.assistant(text, calls);
      }
      case "tool" -> {
        JsonValue id = m.get("tool_call_id");
        if (!(id instanceof JsonString s) || s.getString().isEmpty()) {
          throw BodyFields.invalid(
              field + ".tool_call_id", "is required: the id of the tool call answered");
        }
        return ChatMessage.toolResult(s.getString(), content(m.get("content"), field + ".content"));
      }
      case "user" -> {
        return ChatMessage.user(content(m.get("content"), field + ".content"));
      }
      default -> {
        return ChatMessage.system(content(m.get("content"), field + ".content"));
      }
    }
  }

  private static String content(JsonValue v, String field) {
    return content(v, field, false);
  }

  /** A string, or the text parts of an array joined by newlines; null only when allowed. */
  private static String content(JsonValue v, String field, boolean nullable) {
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      if (nullable) {
        return null;
      }
      throw BodyFields.invalid(field, "is required: a string or an array of text parts");
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    if (!(v instanceof JsonArray parts)) {
      throw BodyFields.invalid(field, "must be a string or an array of text parts");
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      String partField = field + "[" + i + "]";
      if (!(parts.get(i) instanceof JsonObject part)) {
        throw BodyFields.invalid(partField, "must be a part object {type, text}");
      }
      String type = JsonSupport.str(part, "type");
      String key;
      if ("text".equals(type)) {
        key = "text";
      } else if ("refusal".equals(type)) {
        key = "refusal";
      } else {
        throw BodyFields.invalid(
            partField + ".type",
            (type == null ? "is required" : "'" + type + "' is not supported")
                + ": PonyBunny forwards text only (parts of type 'text'); images, audio and"
                + " files are refused");
      }
      String partText = JsonSupport.str(part, key);
      if (partText == null) {
        throw BodyFields.invalid(partField + "." + key, "must be a string");
      }
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(partText);
    }
    return text.toString();
  }

  private static List<ToolCall> toolCalls(JsonValue v, String field) {
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return List.of();
    }
    if (!(v instanceof JsonArray array)) {
      throw BodyFields.invalid(field, "must be an array of tool calls");
    }
    List<ToolCall> calls = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String f = field + "[" + i + "]";
      if (!(array.get(i) instanceof JsonObject call)) {
        throw BodyFields.invalid(f, "must be an object {id, type, function}");
      }
      String id = JsonSupport.str(call, "id");
      if (id == null || id.isEmpty()) {
        throw BodyFields.invalid(f + ".id", "is required");
      }
      String type = JsonSupport.str(call, "type");
      if (type != null && !"function".equals(type)) {
        throw BodyFields.invalid(f + ".type", "must be 'function'");
      }
      JsonObject function = JsonSupport.obj(call, "function");
      if (function == null) {
        throw BodyFields.invalid(f + ".function", "is required: {name, arguments}");
      }
      String name = JsonSupport.str(function, "name");
      if (name == null || name.isEmpty()) {
        throw BodyFields.invalid(f + ".function.name", "is required");
      }
      JsonValue rawArgs = function.get("arguments");
      String arguments;
      if (rawArgs == null || rawArgs.getValueType() == JsonValue.ValueType.NULL) {
        arguments = "{}";
      } else if (rawArgs instanceof JsonString s) {
        arguments = s.getString();
      } else {
        throw BodyFields.invalid(f + ".function.arguments", "must be a string of JSON");
      }
      calls.add(new ToolCall(id, name, JsonSupport.tryReadValue(arguments), arguments));
    }
    return calls;
  }

  private static List<ToolSpec> tools(JsonObject body) {
    JsonValue v = body.get("tools");
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return List.of();
    }
    if (!(v instanceof JsonArray array)) {
      throw BodyFields.invalid("tools", "must be an array of {type: function, function}");
    }
    if (array.size() > MAX_TOOLS) {
      throw BodyFields.invalid("tools", "must hold at most " + MAX_TOOLS + " tools");
    }
    List<ToolSpec> tools = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String f = "tools[" + i + "]";
      if (!(array.get(i) instanceof JsonObject tool)) {
        throw BodyFields.invalid(f, "must be an object {type: function, function}");
      }
      if (!"function".equals(JsonSupport.str(tool, "type"))) {
        throw BodyFields.invalid(
            f + ".type", "must be 'function': PonyBunny forwards function tools only");
      }
      JsonObject function = JsonSupport.obj(tool, "function");
      if (function == null) {
        throw BodyFields.invalid(f + ".function", "is required: {name, description, parameters}");
      }
      String name = JsonSupport.str(function, "name");
      if (name == null || !FUNCTION_NAME.matcher(name).matches()) {
        throw BodyFields.invalid(f + ".function.name", "must be 1-64 letters, digits, '_' or '-'");
      }
      JsonValue description = function.get("description");
      if (description != null
          && description.getValueType() != JsonValue.ValueType.NULL
          && !(description instanceof JsonString)) {
        throw BodyFields.invalid(f + ".function.description", "must be a string");
      }
      JsonValue parameters = function.get("parameters");
      JsonObject schema;
      if (parameters == null || parameters.getValueType() == JsonValue.ValueType.NULL) {
        schema =
            JsonSupport.objectBuilder()
                .add("type", "object")
                .add("properties", JsonValue.EMPTY_JSON_OBJECT)
                .build();
      } else if (parameters instanceof JsonObject o) {
        schema = o;
      } else {
        throw BodyFields.invalid(f + ".function.parameters", "must be a JSON schema object");
      }
      tools.add(new ToolSpec(name, JsonSupport.str(function, "description"), schema));
    }
    return tools;
  }

  /** {@code auto} (or none given): the tools go to the model; {@code none}: they do not. */
  private static boolean toolChoiceAllowsTools(JsonObject body) {
    JsonValue v = body.get("tool_choice");
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return true;
    }
    if (v instanceof JsonString s && "auto".equals(s.getString())) {
      return true;
    }
    if (v instanceof JsonString s && "none".equals(s.getString())) {
      return false;
    }
    throw BodyFields.invalid(
        "tool_choice",
        "must be 'auto' or 'none': PonyBunny cannot force a tool call on every provider");
  }

  private static boolean includeUsage(JsonObject body) {
    JsonObject options = optionalObject(body, "stream_options");
    return options != null
        && BodyFields.optionalBoolean(options, "include_usage", "stream_options.include_usage");
  }

  private static String formatType(JsonObject format) {
    if (format == null) {
      return "text";
    }
    String type = JsonSupport.str(format, "type");
    if (type == null || !List.of("text", "json_object", "json_schema").contains(type)) {
      throw BodyFields.invalid(
          "response_format.type", "must be 'text', 'json_object' or 'json_schema'");
    }
    return type;
  }

  private static JsonObject jsonSchema(JsonObject format) {
    JsonObject wrapper = JsonSupport.obj(format, "json_schema");
    if (wrapper == null) {
      throw BodyFields.invalid("response_format.json_schema", "is required: {name, schema}");
    }
    JsonValue schema = wrapper.get("schema");
    if (schema == null || schema.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(schema instanceof JsonObject o)) {
      throw BodyFields.invalid(
          "response_format.json_schema.schema", "must be a JSON schema object");
    }
    return o;
  }

  private static JsonObject optionalObject(JsonObject body, String name) {
    JsonValue v = body.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      throw BodyFields.invalid(name, "must be an object");
    }
    return o;
  }
}
