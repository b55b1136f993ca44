package io.ponybunny.sim;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Extracts a {@link SimPrompt} from each provider's request body. */
final class SimRequests {

  private SimRequests() {}

  /** OpenAI Chat Completions and Ollama {@code /api/chat}: {@code messages[{role, content}]}. */
  static SimPrompt chatMessages(JsonObject body, String... maxTokenKeys) {
    StringBuilder all = new StringBuilder();
    StringBuilder system = new StringBuilder();
    String lastUser = "";
    for (JsonValue m : array(body, "messages")) {
      if (!(m instanceof JsonObject msg)) {
        continue;
      }
      String text = text(msg.get("content"));
      all.append(' ').append(text);
      String role = string(msg, "role");
      if ("user".equals(role) && !text.isBlank()) {
        lastUser = text;
      } else if ("system".equals(role) || "developer".equals(role)) {
        system.append(system.length() == 0 ? "" : "\n").append(text);
      }
    }
    return new SimPrompt(lastUser, words(all), maxTokens(body, maxTokenKeys), system.toString());
  }

  /** OpenAI Responses: {@code instructions} and {@code input} (a string or input items). */
  static SimPrompt responses(JsonObject body) {
    String instructions = text(body.get("instructions"));
    StringBuilder all = new StringBuilder(instructions);
    StringBuilder system = new StringBuilder(instructions);
    String lastUser = "";
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
        String role = string(o, "role");
        if ("user".equals(role) && !text.isBlank()) {
          lastUser = text;
        } else if ("system".equals(role) || "developer".equals(role)) {
          system.append(system.length() == 0 ? "" : "\n").append(text);
        }
      }
    }
    return new SimPrompt(
        lastUser, words(all), maxTokens(body, "max_output_tokens"), system.toString());
  }

  /** Anthropic Messages: {@code system} and {@code messages[{role, content}]}. */
  static SimPrompt anthropic(JsonObject body) {
    SimPrompt p = chatMessages(body, "max_tokens");
    String system = text(body.get("system"));
    return new SimPrompt(
        p.lastUserText(),
        p.promptTokens() + words(new StringBuilder(system)),
        p.maxTokens(),
        p.systemText().isEmpty() ? system : system + "\n" + p.systemText());
  }

  /** Gemini: {@code systemInstruction} and {@code contents[{role, parts[{text}]}]}. */
  static SimPrompt gemini(JsonObject body) {
    StringBuilder all = new StringBuilder();
    String system = "";
    if (body.get("systemInstruction") instanceof JsonObject si) {
      system = text(si.get("parts"));
      all.append(system);
    }
    String lastUser = "";
    for (JsonValue c : array(body, "contents")) {
      if (!(c instanceof JsonObject content)) {
        continue;
      }
      String text = text(content.get("parts"));
      all.append(' ').append(text);
      String role = string(content, "role");
      if ((role == null || "user".equals(role)) && !text.isBlank()) {
        lastUser = text;
      }
    }
    Integer max = null;
    if (body.get("generationConfig") instanceof JsonObject gc) {
      max = maxTokens(gc, "maxOutputTokens");
    }
    return new SimPrompt(lastUser, words(all), max, system);
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
