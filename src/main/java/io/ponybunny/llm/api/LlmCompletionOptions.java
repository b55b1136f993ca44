package io.ponybunny.llm.api;

import io.ponybunny.event.StreamEvent;
import io.ponybunny.event.StreamOrigin;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How one LLM call runs: streamed or not, the callbacks, where it comes from and the sampling
 * settings. Built with {@link #builder()}; {@code stream} defaults to false.
 *
 * @param stream stream the response token by token and emit {@code llm.stream.*} events
 * @param onChunk called with each text delta and its index (streaming only)
 * @param onDelta called with each piece of output as it is committed to the caller (streaming
 *     only): text, reasoning and tool-call deltas in stream order, after {@code onChunk} for text;
 *     once a delta went out the call is never retried or replayed
 * @param onEvent called with each {@code llm.stream.*} event of the call right after it is
 *     published (streaming only): the same records, in the same order, as every observer gets, on
 *     the thread that reads the provider's stream, so it must not block
 * @param client the API the caller speaks ({@code api} for PonyBunny's own, {@code openai}, {@code
 *     anthropic}), shown with its stream; null when the call comes from inside (the agent)
 * @param onComplete called with the final response
 * @param onError called with the error that ended the call
 * @param origin where the call comes from, passed on as it is into its {@code llm.stream.*} events;
 *     {@link StreamOrigin#NONE} (never null) when it belongs to nothing
 * @param owner the principal the call acts for (the owner of its stream), or null
 * @param apiKeyId the API key the call came with (its quota applies too), or null
 * @param maxTokens upper bound on generated tokens, or null
 * @param temperature sampling temperature, or null
 * @param tools tools offered to the model
 * @param firstTokenTimeout longest wait for the first text, null for the endpoint's setting
 * @param idleTimeout longest silence between streamed bytes, null for the endpoint's setting
 */
public record LlmCompletionOptions(
    boolean stream,
    ChunkListener onChunk,
    Consumer<StreamChunk> onDelta,
    Consumer<StreamEvent> onEvent,
    String client,
    Consumer<LlmResponse> onComplete,
    Consumer<ProviderException> onError,
    StreamOrigin origin,
    String owner,
    String apiKeyId,
    Integer maxTokens,
    Double temperature,
    List<ToolSpec> tools,
    Duration firstTokenTimeout,
    Duration idleTimeout) {

  /** Receives streamed text deltas. */
  @FunctionalInterface
  public interface ChunkListener {
    /** Called with each text delta; {@code index} is 0, 1, 2, ... */
    void onChunk(String chunk, int index);
  }

  public LlmCompletionOptions {
    origin = origin == null ? StreamOrigin.NONE : origin;
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link LlmCompletionOptions}. */
  public static final class Builder {
    private boolean stream;
    private ChunkListener onChunk;
    private Consumer<StreamChunk> onDelta;
    private Consumer<StreamEvent> onEvent;
    private String client;
    private Consumer<LlmResponse> onComplete;
    private Consumer<ProviderException> onError;
    private StreamOrigin origin = StreamOrigin.NONE;
    private String owner;
    private String apiKeyId;
    private Integer maxTokens;
    private Double temperature;
    private List<ToolSpec> tools = List.of();
    private Duration firstTokenTimeout;
    private Duration idleTimeout;

    public Builder firstTokenTimeout(Duration v) {
      this.firstTokenTimeout = v;
      return this;
    }

    public Builder idleTimeout(Duration v) {
      this.idleTimeout = v;
      return this;
    }

    public Builder stream(boolean v) {
      this.stream = v;
      return this;
    }

    public Builder onChunk(ChunkListener v) {
      this.onChunk = v;
      return this;
    }

    public Builder onDelta(Consumer<StreamChunk> v) {
      this.onDelta = v;
      return this;
    }

    public Builder onEvent(Consumer<StreamEvent> v) {
      this.onEvent = v;
      return this;
    }

    public Builder client(String v) {
      this.client = v;
      return this;
    }

    public Builder onComplete(Consumer<LlmResponse> v) {
      this.onComplete = v;
      return this;
    }

    public Builder onError(Consumer<ProviderException> v) {
      this.onError = v;
      return this;
    }

    public Builder origin(StreamOrigin v) {
      this.origin = v;
      return this;
    }

    public Builder owner(String v) {
      this.owner = v;
      return this;
    }

    public Builder apiKeyId(String v) {
      this.apiKeyId = v;
      return this;
    }

    public Builder maxTokens(Integer v) {
      this.maxTokens = v;
      return this;
    }

    public Builder temperature(Double v) {
      this.temperature = v;
      return this;
    }

    public Builder tools(List<ToolSpec> v) {
      this.tools = v;
      return this;
    }

    public LlmCompletionOptions build() {
      return new LlmCompletionOptions(
          stream,
          onChunk,
          onDelta,
          onEvent,
          client,
          onComplete,
          onError,
          origin,
          owner,
          apiKeyId,
          maxTokens,
          temperature,
          tools,
          firstTokenTimeout,
          idleTimeout);
    }
  }
}
