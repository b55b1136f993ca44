package io.ponybunny.ingress;

import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.StreamChunk;

/**
 * Writes one call's output as an API's event stream: each method returns the complete {@code
 * text/event-stream} text to send (possibly several events, possibly empty). Stateful, one per
 * stream; its opening events go out with the first call.
 */
public interface StreamEncoder {

  /** The events for a committed piece of output. */
  String delta(StreamChunk delta);

  /** The events that end a completed stream: finish reason, usage, the API's terminator. */
  String end(LlmResponse response);

  /** The events that end a stream that broke after it began. */
  String error(ProviderException error);
}
