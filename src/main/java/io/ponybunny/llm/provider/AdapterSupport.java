package io.ponybunny.llm.provider;

import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.call.ResponseAccumulator;
import java.nio.charset.StandardCharsets;

/**
 * What the protocol adapters share for reading responses; their requests are built with {@link
 * RequestTemplate} and {@link JsonFields}.
 */
public final class AdapterSupport {

  private AdapterSupport() {}

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
