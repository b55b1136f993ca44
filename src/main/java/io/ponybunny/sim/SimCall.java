package io.ponybunny.sim;

import jakarta.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * One incoming provider request, as the thin resources describe it to {@link SimService}.
 *
 * @param wire the provider encoder
 * @param rawBody the request body
 * @param pathModel the model when it comes from the path (Gemini), else null to read {@code model}
 * @param pathStream streaming decided by the path (Gemini), else null to read {@code stream}
 * @param streamDefault the protocol's default for a missing {@code stream} (Ollama: true)
 * @param prompt extracts the prompt from the parsed body
 * @param headerNames request header names (values are never kept)
 * @param invalidRequest a 400 message for a protocol-level problem found by the resource, or null
 */
public record SimCall(
    SimWire wire,
    String rawBody,
    String pathModel,
    Boolean pathStream,
    boolean streamDefault,
    Function<JsonObject, SimPrompt> prompt,
    Collection<String> headerNames,
    String invalidRequest) {

  public SimCall {
    headerNames = headerNames == null ? List.of() : List.copyOf(headerNames);
  }
}
