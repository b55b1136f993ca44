package io.ponybunny.sim;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Extracts a {@link SimPrompt} from each provider's request body. Lenient: a member of another type
 * than the protocol's reads as absent, and content may be a string, a list of parts or null; tool
 * calls and tool results in any protocol's shape are read, never refused.
 */
final class SimRequests {

  private SimRequests() {}

  /**
   * OpenAI Chat Completions: {@code messages}, {@code max_completion_tokens} or {@code max_tokens}.
   */
  static SimPrompt openAiChat(JsonObject body) {
    return chatMessages(body, "max_completion_tokens", "max_tokens");
  }

  /** Ollama {@code /api/chat}: {@code messages}, {@code options.num_predict}. */
  static SimPrompt ollama(JsonObject body) {
    return chatMessages(body);
  }

  /**
   * {@code messages[{role, content}]} (OpenAI Chat Completions, Ollama, Anthropic). A {@code tool}
   * message is a tool result, and so are the {@code tool_result} blocks of a content list
   * (Anthropic); they are no user text.
   */
  static SimPrompt chatMessages(JsonObject body, String... maxTokenKeys) {
    StringBuilder all = new StringBuilder();
    StringBuilder system = new StringBuilder();
    String lastUser = "";
    String toolResult = null;
    for (JsonValue m : array(body, "messages")) {
      if (!(m instanceof JsonObject msg)) {
        continue;
      }
      String role = string(msg, "role");
      JsonValue content = msg.get("content");
      String results = blocks(content, true);
      String text = results == null ? text(content) : blocks(content, false);
      all.append(' ').append(text);
      if (results != null) {
        all.append(' ').append(results);
      }
      toolResult = "tool".equals(role) ? text : results;
      if ("user".equals(role) && !text.isBlank()) {
        lastUser = text;
      } else if ("system".equals(role) || "developer".equals(role)) {
        system.append(system.length() == 0 ? "" : "\n").append(text);
      }
    }
    return new SimPrompt(
        lastUser, words(all), maxTokens(body, maxTokenKeys), system.toString(), toolResult);
  }

  /**
   * OpenAI Responses: {@code instructions} and {@code input} (a string or input items); a {@code
   * function_call_output} item is a tool result.
   */
  static SimPrompt responses(JsonObject body) {
    String instructions = text(body.get("instructions"));
    StringBuilder all = new StringBuilder(instructions);
    StringBuilder system = new StringBuilder(instructions);
    String lastUser = "";
    String toolResult = null;
    JsonValue input = body.get("input");
    if (input instanceof JsonString s) {
      lastUser = s.getString();
      all.append(' ').append(lastUser);
    } else if (input instanceof JsonArray items) {
      for (JsonValue item : items) {
        if (!(item instanceof JsonObject o)) {
          continue;
        }
        String text = o.containsKey("content") ? text(o.get("content")) : text(o.get("output"));
        all.append(' ').append(text);
        toolResult = "function_call_output".equals(string(o, "type")) ? text : null;
        String role = string(o, "role");
        if ("user".equals(role) && !text.isBlank()) {
          lastUser = text;
        } else if ("system".equals(role) || "developer".equals(role)) {
          system.append(system.length() == 0 ? "" : "\n").append(text);
        }
      }
    }
    return new SimPrompt(
        lastUser, words(all), maxTokens(body, "max_output_tokens"), system.toString(), toolResult);
  }

  /** Anthropic Messages: {@code system} and {@code messages[{role, content}]}. */
  static SimPrompt anthropic(JsonObject body) {
    SimPrompt p = chatMessages(body, "max_tokens");
    String system = text(body.get("system"));
    return new SimPrompt(
        p.lastUserText(),
        p.promptTokens() + words(new StringBuilder(system)),
        p.maxTokens(),
        p.systemText().isEmpty() ? system : system + "\n" + p.systemText(),
        p.toolResult());
  }

  /**
   * Gemini: {@code systemInstruction} and {@code contents[{role, parts[{text}]}]}; the {@code
   * functionResponse} parts of a content are tool results.
   */
  static SimPrompt gemini(JsonObject body) {
    StringBuilder all = new StringBuilder();
    String system = "";
    if (body.get("systemInstruction") instanceof JsonObject si) {
      system = text(si.get("parts"));
      all.append(system);
    }
    String lastUser = "";
    String toolResult = null;
    for (JsonValue c : array(body, "contents")) {
      if (!(c instanceof JsonObject content)) {
        continue;
      }
      String text = text(content.get("parts"));
      toolResult = functionResponses(content.get("parts"));
      all.append(' ').append(text);
      if (toolResult != null) {
        all.append(' ').append(toolResult);
      }
      String role = string(content, "role");
      if ((role == null || "user".equals(role)) && !text.isBlank()) {
        lastUser = text;
      }
    }
    Integer max = null;
    if (body.get("generationConfig") instanceof JsonObject gc) {
      max = maxTokens(gc, "maxOutputTokens");
    }
    return new SimPrompt(lastUser, words(all), max, system, toolResult);
  }

  /**
   * The text of the {@code tool_result} blocks of a content list ({@code results}), or of its other
   * blocks; null when it has no {@code tool_result} block.
   */
  private static String blocks(JsonValue content, boolean results) {
    if (!(content instanceof JsonArray list)) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    boolean any = false;
    for (JsonValue block : list) {
      boolean result = block instanceof JsonObject o && "tool_result".equals(string(o, "type"));
      any |= result;
      String t = result == results ? text(block) : "";
      if (!t.isEmpty()) {
        text.append(text.length() == 0 ? "" : " ").append(t);
      }
    }
    return any ? text.toString() : null;
  }

  /**
   * The responses of the {@code functionResponse} parts: each {@code response}'s text, or its JSON
   * when it has none; null when no part is one.
   */
  private static String functionResponses(JsonValue parts) {
    if (!(parts instanceof JsonArray list)) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    boolean any = false;
    for (JsonValue part : list) {
      if (part instanceof JsonObject o && o.get("functionResponse") instanceof JsonObject call) {
        any = true;
        JsonValue response = call.get("response");
        String t = text(response);
        if (t.isEmpty() && response instanceof JsonObject r && !r.isEmpty()) {
          t = SimJson.compact(r);
        }
        if (!t.isEmpty()) {
          text.append(text.length() == 0 ? "" : " ").append(t);
        }
      }
    }
    return any ? text.toString() : null;
  }

  /** Concatenated text of a string, a part list ({@code text}, {@code content}) or null. */
  static String text(JsonValue v) {
    if (v == null) {
      return "";
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    if (v instanceof JsonArray a) {
      StringBuilder sb = new StringBuilder();
      for (JsonValue part : a) {
        String t = text(part);
        if (!t.isEmpty()) {
          if (sb.length() > 0) {
            sb.append(' ');
          }
          sb.append(t);
        }
      }
      return sb.toString();
    }
    if (v instanceof JsonObject o) {
      if (o.containsKey("text")) {
        return text(o.get("text"));
      }
      if (o.containsKey("content")) {
        return text(o.get("content"));
      }
    }
    return "";
  }

  static int words(CharSequence s) {
    String t = s.toString().strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  private static JsonArray array(JsonObject o, String key) {
    return o.get(key) instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
  }

  private static String string(JsonObject o, String key) {
    return o.get(key) instanceof JsonString s ? s.getString() : null;
  }

  private static Integer maxTokens(JsonObject o, String... keys) {
    for (String key : keys) {
      if (o.get(key) instanceof JsonNumber n && n.isIntegral() && n.longValue() > 0) {
        return (int) Math.min(Integer.MAX_VALUE, n.longValue());
      }
    }
    if (o.get("options") instanceof JsonObject opts
        && opts.get("num_predict") instanceof JsonNumber n
        && n.isIntegral()
        && n.longValue() > 0) {
      return (int) Math.min(Integer.MAX_VALUE, n.longValue());
    }
    return null;
  }
}
