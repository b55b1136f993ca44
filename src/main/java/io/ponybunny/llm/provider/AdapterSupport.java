package io.ponybunny.llm.provider;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.call.ResponseAccumulator;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArrayBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers the protocol adapters share for building requests and reading responses. */
public final class AdapterSupport {

  private AdapterSupport() {}

  /** {@code base} (trailing slashes dropped) followed by {@code path} (starting with '/'). */
  public static URI join(String base, String path) {
    String b = base == null ? "" : base.strip();
    int end = b.length();
    while (end > 0 && b.charAt(end - 1) == '/') {
      end--;
    }
    return URI.create(b.substring(0, end) + path);
  }

  /** Whether the target has a usable key. */
  public static boolean hasKey(EndpointTarget target) {
    return target.apiKey() != null && !target.apiKey().isBlank();
  }

  /** A mutable header map with the JSON content type and the accept type set. */
  public static Map<String, String> jsonHeaders(boolean stream, String streamType) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Accept", stream ? streamType : "application/json");
    return h;
  }

  /** {@code [{role, content}]}, as the OpenAI-style chat APIs (and Ollama) take messages. */
  public static JsonArrayBuilder roleContentMessages(List<ChatMessage> messages) {
    JsonArrayBuilder array = JsonSupport.arrayBuilder();
    for (ChatMessage m : messages) {
      array.add(
          JsonSupport.objectBuilder()
              .add("role", m.role())
              .add("content", m.content() == null ? "" : m.content()));
    }
    return array;
  }

  /**
   * The response for a non-streaming body that is not the JSON its protocol promised: the error its
   * envelope holds, if any, else a snippet of it.
   */
  public static LlmResponse malformedResponse(byte[] body, ProviderErrors.EnvelopeReader envelope) {
    ResponseAccumulator acc = new ResponseAccumulator();
    acc.accept(
        ProviderErrors.streamError(
            new String(body, StandardCharsets.UTF_8), "malformed_response", envelope));
    return acc.result();
  }
}
