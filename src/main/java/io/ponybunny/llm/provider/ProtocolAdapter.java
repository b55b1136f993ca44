package io.ponybunny.llm.provider;

import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.http.HttpCall;

/**
 * Speaks one provider wire protocol: builds its requests and parses its responses.
 *
 * <p>Implementations are stateless {@code @ApplicationScoped} CDI beans, one per protocol; the
 * per-response state lives in the {@link StreamParser} each streaming call gets.
 */
public interface ProtocolAdapter {

  /** The protocol id used in configuration: {@code openai}, {@code anthropic}, ... */
  String protocol();

  /** The model names this protocol sends ({@link ModelGrammar#JSON_BODY} unless it says else). */
  default ModelGrammar modelGrammar() {
    return ModelGrammar.JSON_BODY;
  }

  /**
   * Throws {@link InvalidModelException} unless {@code model} is one this protocol may send to
   * endpoint {@code endpointId}.
   */
  default void checkModel(String endpointId, String model) {
    modelGrammar().check(endpointId, model);
  }

  /**
   * Whether this protocol can stream; every built-in one can (a protocol that cannot is called
   * without streaming, after the streaming routes).
   */
  default boolean supportsStreaming() {
    return true;
  }

  /** Builds the HTTP request for {@code request} against {@code target}. */
  HttpCall buildRequest(EndpointTarget target, LlmRequest request, boolean stream);

  /**
   * A fresh parser for one streaming response body.
   *
   * @param contentType the response's media type (Gemini picks SSE or JSON-array framing by it)
   */
  StreamParser newStreamParser(String contentType);

  /** Parses a complete non-streaming 2xx response body. */
  LlmResponse parseResponse(byte[] body);

  /**
   * Maps a non-2xx response to the error hierarchy.
   *
   * @param status the HTTP status
   * @param header looks up a response header by case-insensitive name, null when absent
   * @param body the response body (may be empty)
   */
  ProviderException parseError(
      int status, java.util.function.Function<String, String> header, byte[] body);
}
