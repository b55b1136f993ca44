package io.ponybunny.sim;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything an encoder needs to render one response.
 *
 * @param model the model name to echo (the requested string)
 * @param promptTokens the input token count to report
 * @param reply what to answer
 * @param idSeed a unique alphanumeric string from which response/message/call ids are derived
 * @param created the response creation time
 * @param includeUsage OpenAI Chat {@code stream_options.include_usage}
 */
public record SimTurn(
    String model,
    int promptTokens,
    SimReply reply,
    String idSeed,
    Instant created,
    boolean includeUsage) {

  public SimTurn {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(idSeed, "idSeed");
    Objects.requireNonNull(created, "created");
  }

  int outputTokens() {
    return reply.outputTokens();
  }

  int totalTokens() {
    return promptTokens + reply.outputTokens();
  }
}
