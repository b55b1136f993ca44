package io.ponybunny.ingress.anthropic;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.api.ToolSpec;
import io.ponybunny.web.rest.ApiException;
import io.ponybunny.web.rest.BodyFields;
import io.ponybunny.web.rest.CompletionLimits;
import io.ponybunny.web.rest.InvalidFieldsException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /v1/messages} (Anthropic's Messages API), read field by field into a
 * provider-neutral request; every mistake is a 400 naming the field, in the words of Anthropic's
 * {@code invalid_request_error}.
 *
 * <p>Read: {@code model}, {@code max_tokens} (required), {@code system} (a string or text blocks),
 * {@code messages} ({@code user}/{@code assistant}; content a string or blocks: {@code text},
 * {@code tool_use}, {@code tool_result} with string or text-block content, prefixed {@code Error: }
 * when {@code is_error}; {@code thinking} and {@code redacted_thinking} blocks of earlier turns are
 * dropped), {@code tools} (custom tools: {@code name}, {@code description}, {@code input_schema}),
 * {@code tool_choice} ({@code auto}, {@code none}), {@code temperature} (0 to 1), {@code stream}.
 * Accepted and not passed on: {@code thinking}, {@code top_p}, {@code top_k}, {@code metadata},
 * {@code cache_control} on blocks, and members this version does not know. Refused with a 400:
 * images and documents, server tools, {@code tool_choice} {@code any} or {@code tool}, and
 * non-empty {@code stop_sequences}, which no upstream is told about.
 *
 * @param model the model as requested (a tier, a configured model or {@code <endpoint>/<model>})
 * @param messages the conversation, the system text first
 * @param maxTokens the output limit
 * @param temperature sampling temperature, or null
 * @param tools the tools offered (none when {@code tool_choice} is {@code none})
 * @param stream whether the answer is an event stream
 */
public record MessagesRequest(
    String model,
    List<ChatMessage> messages,
    int maxTokens,
    Double temperature,
    List<ToolSpec> tools,
    boolean stream) {

  /** Longest model name. */
  static final int MAX_MODEL_CHARS = 300;

  public MessagesRequest {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
  }

  /** The request to run. */
  public LlmRequest toLlmRequest() {
    return new LlmRequest(model, messages, maxTokens, temperature, tools);
  }

  /**
   * Reads {@code value} within {@code limits}; throws {@link InvalidFieldsException} (400) naming
   * the field, or an {@link ApiException} 400 when the body is no JSON object.
   */
  public static MessagesRequest from(JsonValue value, CompletionLimits limits) {
    if (!(value instanceof JsonObject body)) {
      throw new ApiException(400, "The request body must be a JSON object.");
    }
    String model = model(body);
    int maxTokens = maxTokens(body, limits);
    List<ChatMessage> messages = new ArrayList<>();
    Conversation conversation = new Conversation(limits);
    String system = system(body.get("system"));
    if (system != null && !system.isEmpty()) {
      conversation.count(system);
      messages.add(ChatMessage.system(system));
    }
    messages.addAll(conversation.read(body.get("messages")));
    boolean none = toolChoiceIsNone(body.get("tool_choice"));
    List<ToolSpec> tools = tools(body.get("tools"));
    rejectStopSequences(body.get("stop_sequences"));
    checkThinking(body.get("thinking"));
    return new MessagesRequest(
        model,
        messages,
        maxTokens,
        BodyFields.optionalNumber(body, "temperature", 0, 1),
        none ? List.of() : tools,
        BodyFields.optionalBoolean(body, "stream"));
  }

  private static String model(JsonObject body) {
    JsonValue v = body.get("model");
    if (!(v instanceof JsonString s) || s.getString().isBlank()) {
      throw bad("model", "is required: a non-empty string");
    }
    if (s.getString().length() > MAX_MODEL_CHARS) {
      throw bad("model", "must be at most " + MAX_MODEL_CHARS + " characters");
    }
    return s.getString();
  }

  private static int maxTokens(JsonObject body, CompletionLimits limits) {
    JsonValue v = body.get("max_tokens");
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      throw bad("max_tokens", "is required: an integer from 1 to " + limits.maxTokens());
    }
    if (!(v instanceof JsonNumber n)
        || !n.isIntegral()
        || n.bigDecimalValue().compareTo(BigDecimal.ONE) < 0
        || n.bigDecimalValue().compareTo(BigDecimal.valueOf(limits.maxTokens())) > 0) {
      throw bad(
          "max_tokens",
          "must be an integer from 1 to "
              + limits.maxTokens()
              + " (ponybunny.completions.max-tokens)");
    }
    return n.intValue();
  }

  /** The system text: a string or an array of text blocks; null when absent. */
  private static String system(JsonValue v) {
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    if (v instanceof JsonArray blocks) {
      return textBlocks(blocks, "system");
    }
    throw bad("system", "must be a string or an array of text blocks");
  }

  /** The text of an array of {@code text} blocks, joined by newlines. */
  static String textBlocks(JsonArray blocks, String field) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < blocks.size(); i++) {
      String f = field + "[" + i + "]";
      if (!(blocks.get(i) instanceof JsonObject block) || !"text".equals(type(block))) {
        throw bad(f, "must be a text block {\"type\": \"text\", \"text\": ...}");
      }
      if (!(block.get("text") instanceof JsonString t)) {
        throw bad(f + ".text", "must be a string");
      }
      text.append(text.length() == 0 ? "" : "\n").append(t.getString());
    }
    return text.toString();
  }

  private static boolean toolChoiceIsNone(JsonValue v) {
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return false;
    }
    if (!(v instanceof JsonObject choice) || type(choice) == null) {
      throw bad("tool_choice", "must be an object with a type: auto or none");
    }
    return switch (type(choice)) {
      case "auto" -> false;
      case "none" -> true;
      case "any", "tool" ->
          throw bad(
              "tool_choice.type",
              "'"
                  + type(choice)
                  + "' is not supported here: PonyBunny cannot force a tool call on every"
                  + " upstream; use auto or none");
      default -> throw bad("tool_choice.type", "must be auto or none");
    };
  }

  private static List<ToolSpec> tools(JsonValue v) {
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return List.of();
    }
    if (!(v instanceof JsonArray array)) {
      throw bad("tools", "must be an array of tools {name, description, input_schema}");
    }
    List<ToolSpec> tools = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String f = "tools[" + i + "]";
      if (!(array.get(i) instanceof JsonObject tool)) {
        throw bad(f, "must be an object {name, description, input_schema}");
      }
      String type = type(tool);
      if (type != null && !"custom".equals(type)) {
        throw bad(
            f + ".type",
            "'" + type + "' is not supported: only custom tools (name, input_schema) are");
      }
      if (!(tool.get("name") instanceof JsonString name)
          || !name.getString().matches("[a-zA-Z0-9_-]{1,128}")) {
        throw bad(f + ".name", "must be 1-128 letters, digits, '_' or '-'");
      }
      JsonValue description = tool.get("description");
      if (description != null
          && description.getValueType() != JsonValue.ValueType.NULL
          && !(description instanceof JsonString)) {
        throw bad(f + ".description", "must be a string");
      }
      if (!(tool.get("input_schema") instanceof JsonObject schema)) {
        throw bad(f + ".input_schema", "is required: a JSON schema object");
      }
      tools.add(
          new ToolSpec(
              name.getString(),
              description instanceof JsonString d ? d.getString() : null,
              schema));
    }
    return tools;
  }

  private static void rejectStopSequences(JsonValue v) {
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return;
    }
    if (!(v instanceof JsonArray a)) {
      throw bad("stop_sequences", "must be an array of strings");
    }
    if (!a.isEmpty()) {
      throw bad("stop_sequences", "is not supported here: send none (or an empty array)");
    }
  }

  private static void checkThinking(JsonValue v) {
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return;
    }
    if (!(v instanceof JsonObject o) || type(o) == null) {
      throw bad("thinking", "must be an object with a type: enabled, disabled or adaptive");
    }
  }

  static String type(JsonObject o) {
    return o.get("type") instanceof JsonString s ? s.getString() : null;
  }

  static InvalidFieldsException bad(String field, String message) {
    return BodyFields.invalid(field, message);
  }

  /** Reads {@code messages} into chat messages within the limits. */
  private static final class Conversation {
    private final CompletionLimits limits;
    private final List<ChatMessage> out = new ArrayList<>();
    private long chars;

    Conversation(CompletionLimits limits) {
      this.limits = limits;
    }

    List<ChatMessage> read(JsonValue v) {
      if (!(v instanceof JsonArray array) || array.isEmpty()) {
        throw bad("messages", "is required: a non-empty array of {role, content}");
      }
      if (array.size() > limits.maxMessages()) {
        throw bad(
            "messages",
            "must hold at most "
                + limits.maxMessages()
                + " messages (ponybunny.completions.max-messages); got "
                + array.size());
      }
      for (int i = 0; i < array.size(); i++) {
        message(array.get(i), "messages[" + i + "]");
      }
      return out;
    }

    private void message(JsonValue v, String field) {
      if (!(v instanceof JsonObject m)) {
        throw bad(field, "must be an object {role, content}");
      }
      String role = m.get("role") instanceof JsonString s ? s.getString() : null;
      if (!"user".equals(role) && !"assistant".equals(role)) {
        throw bad(field + ".role", "must be user or assistant");
      }
      JsonValue content = m.get("content");
      if (content instanceof JsonString s) {
        count(s.getString());
        out.add(new ChatMessage(role, s.getString()));
      } else if (content instanceof JsonArray blocks) {
        blocks(role, blocks, field + ".content");
      } else {
        throw bad(field + ".content", "must be a string or an array of content blocks");
      }
    }

    private void blocks(String role, JsonArray blocks, String field) {
      StringBuilder text = new StringBuilder();
      List<ToolCall> calls = new ArrayList<>();
      for (int i = 0; i < blocks.size(); i++) {
        String f = field + "[" + i + "]";
        if (!(blocks.get(i) instanceof JsonObject block) || type(block) == null) {
          throw bad(f, "must be a content block with a type");
        }
        switch (type(block)) {
          case "text" -> {
            if (!(block.get("text") instanceof JsonString t)) {
              throw bad(f + ".text", "must be a string");
            }
            count(t.getString());
            text.append(text.length() == 0 ? "" : "\n").append(t.getString());
          }
          case "tool_use" -> {
            if (!"assistant".equals(role)) {
              throw bad(f, "tool_use blocks belong in assistant messages");
            }
            calls.add(toolUse(block, f));
          }
          case "tool_result" -> {
            if (!"user".equals(role)) {
              throw bad(f, "tool_result blocks belong in user messages");
            }
            out.add(toolResult(block, f));
          }
          case "thinking", "redacted_thinking" -> {
            // An earlier turn's reasoning: no upstream takes it back, so it is dropped.
          }
          case "image", "document" ->
              throw bad(
                  f + ".type",
                  "'" + type(block) + "' content is not supported here: send text only");
          default -> throw bad(f + ".type", "'" + type(block) + "' is not a supported block");
        }
      }
      if ("assistant".equals(role)) {
        if (text.length() > 0 || !calls.isEmpty()) {
          out.add(ChatMessage.assistant(text.toString(), calls));
        }
      } else if (text.length() > 0) {
        out.add(ChatMessage.user(text.toString()));
      }
    }

    private ToolCall toolUse(JsonObject block, String f) {
      if (!(block.get("id") instanceof JsonString id) || id.getString().isBlank()) {
        throw bad(f + ".id", "is required: the tool call's id");
      }
      if (!(block.get("name") instanceof JsonString name) || name.getString().isBlank()) {
        throw bad(f + ".name", "is required: the tool's name");
      }
      JsonValue input = block.get("input");
      if (!(input instanceof JsonObject args)) {
        throw bad(f + ".input", "must be an object");
      }
      String raw = args.toString();
      count(raw);
      return new ToolCall(id.getString(), name.getString(), args, raw);
    }

    private ChatMessage toolResult(JsonObject block, String f) {
      if (!(block.get("tool_use_id") instanceof JsonString id) || id.getString().isBlank()) {
        throw bad(f + ".tool_use_id", "is required: the id of the tool_use it answers");
      }
      JsonValue content = block.get("content");
      String text;
      if (content == null || content.getValueType() == JsonValue.ValueType.NULL) {
        text = "";
      } else if (content instanceof JsonString s) {
        text = s.getString();
      } else if (content instanceof JsonArray a) {
        text = textBlocks(a, f + ".content");
      } else {
        throw bad(f + ".content", "must be a string or an array of text blocks");
      }
      if (block.get("is_error") == JsonValue.TRUE) {
        text = "Error: " + text;
      }
      count(text);
      return ChatMessage.toolResult(id.getString(), text);
    }

    private void count(String text) {
      chars += text.length();
      if (chars > limits.maxMessageChars()) {
        throw bad(
            "messages",
            "must hold at most "
                + limits.maxMessageChars()
                + " characters of content in all (ponybunny.completions.max-message-chars)");
      }
    }
  }
}
