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

  /** The response for a non-streaming body that is not the JSON its protocol promised. */
  public static LlmResponse malformedResponse(byte[] body) {
    ResponseAccumulator acc = new ResponseAccumulator();
    acc.accept(
        ProviderErrors.streamError(new String(body, StandardCharsets.UTF_8), "malformed_response"));
    return acc.result();
  }
}
