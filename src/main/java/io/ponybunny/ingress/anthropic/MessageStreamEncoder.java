package io.ponybunny.ingress.anthropic;

import io.ponybunny.ingress.StreamEncoder;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * One call's output as Anthropic's streamed Messages events: {@code message_start} (with the first
 * output), then content blocks in the order the output comes ({@code content_block_start}, {@code
 * content_block_delta} with {@code text_delta}, {@code thinking_delta} or {@code input_json_delta},
 * {@code content_block_stop}; a block closes when output of another kind or another tool call
 * begins, a thinking block after its {@code signature_delta}), then {@code message_delta} (stop
 * reason, usage) and {@code message_stop}; or, when the call breaks, an {@code error} event with
 * Anthropic's error envelope. Every tool-use block carries at least one {@code input_json_delta},
 * as the SDKs' accumulators require.
 *
 * <p>The output is known only as it comes, so {@code message_start} reports 0 input tokens and the
 * upstream's counts arrive in {@code message_delta}'s usage ({@code input_tokens} only when the
 * upstream reported them), which the SDKs' accumulators merge. Upstreams stream one tool call after
 * another; a fragment of a tool call whose block was closed would open a second block.
 */
public final class MessageStreamEncoder implements StreamEncoder {

  private enum Kind {
    TEXT,
    THINKING,
    TOOL
  }

  private final String requestId;
  private final String model;
  private boolean started;
  private int nextIndex;
  private Kind open;
  private int openIndex;
  private int openTool;

  /** An encoder for the call {@code requestId}, answering as {@code model} (as requested). */
  public MessageStreamEncoder(String requestId, String model) {
    this.requestId = requestId;
    this.model = model;
  }

  @Override
  public String delta(StreamChunk delta) {
    StringBuilder out = new StringBuilder();
    start(out);
    if (delta instanceof StreamChunk.TextDelta t && !t.text().isEmpty()) {
      open(out, Kind.TEXT, -1, null);
      event(out, "content_block_delta", blockDelta("text_delta").add("text", t.text()));
    } else if (delta instanceof StreamChunk.ReasoningDelta r && !r.text().isEmpty()) {
      open(out, Kind.THINKING, -1, null);
      event(out, "content_block_delta", blockDelta("thinking_delta").add("thinking", r.text()));
    } else if (delta instanceof StreamChunk.ToolCallDelta call) {
      String fragment = call.argumentsFragment() == null ? "" : call.argumentsFragment();
      boolean opened = open(out, Kind.TOOL, call.index(), call);
      if (opened || !fragment.isEmpty()) {
        event(
            out,
            "content_block_delta",
            blockDelta("input_json_delta").add("partial_json", fragment));
      }
    }
    return out.toString();
  }

  @Override
  public String end(LlmResponse response) {
    StringBuilder out = new StringBuilder();
    start(out);
    close(out);
    JsonObjectBuilder usage =
        JsonSupport.objectBuilder()
            .add(
                "output_tokens",
                response.usage().outputTokens() == null ? 0 : response.usage().outputTokens());
    if (response.usage().inputTokens() != null) {
      usage.add("input_tokens", response.usage().inputTokens());
    }
    event(
        out,
        "message_delta",
        JsonSupport.objectBuilder()
            .add("type", "message_delta")
            .add(
                "delta",
                JsonSupport.objectBuilder()
                    .add(
                        "stop_reason",
                        MessageJson.stopReason(response.finishReason(), response.rawFinishReason()))
                    .addNull("stop_sequence"))
            .add("usage", usage));
    event(out, "message_stop", JsonSupport.objectBuilder().add("type", "message_stop"));
    return out.toString();
  }

  @Override
  public String error(ProviderException error) {
    StringBuilder out = new StringBuilder();
    int status = error.status() > 0 ? error.status() : 500;
    out.append("event: error\ndata: ")
        .append(AnthropicErrorBody.of(status, error.describe()))
        .append("\n\n");
    return out.toString();
  }

  private void start(StringBuilder out) {
    if (started) {
      return;
    }
    started = true;
    event(
        out,
        "message_start",
        JsonSupport.objectBuilder()
            .add("type", "message_start")
            .add(
                "message",
                JsonSupport.objectBuilder()
                    .add("id", MessageIds.message(requestId))
                    .add("type", "message")
                    .add("role", "assistant")
                    .add("model", model)
                    .add("content", JsonValue.EMPTY_JSON_ARRAY)
                    .addNull("stop_reason")
                    .addNull("stop_sequence")
                    .add("usage", MessageJson.usage(null))));
  }

  /**
   * Makes a block of {@code kind} (for a tool: of tool call {@code tool}) the open one, closing the
   * open block of another kind or tool first; true when it started a block.
   */
  private boolean open(StringBuilder out, Kind kind, int tool, StreamChunk.ToolCallDelta call) {
    if (open == kind && (kind != Kind.TOOL || openTool == tool)) {
      return false;
    }
    close(out);
    open = kind;
    openIndex = nextIndex++;
    openTool = tool;
    JsonObjectBuilder block =
        switch (kind) {
          case TEXT -> JsonSupport.objectBuilder().add("type", "text").add("text", "");
          case THINKING ->
              JsonSupport.objectBuilder()
                  .add("type", "thinking")
                  .add("thinking", "")
                  .add("signature", "");
          case TOOL ->
              JsonSupport.objectBuilder()
                  .add("type", "tool_use")
                  .add("id", MessageIds.toolUse(requestId, tool, call.id()))
                  .add("name", call.name() == null ? "" : call.name())
                  .add("input", JsonValue.EMPTY_JSON_OBJECT);
        };
    event(
        out,
        "content_block_start",
        JsonSupport.objectBuilder()
            .add("type", "content_block_start")
            .add("index", openIndex)
            .add("content_block", block));
    return true;
  }

  private void close(StringBuilder out) {
    if (open == null) {
      return;
    }
    if (open == Kind.THINKING) {
      event(
          out,
          "content_block_delta",
          blockDelta("signature_delta")
              .add("signature", MessageIds.signature(requestId, openIndex)));
    }
    event(
        out,
        "content_block_stop",
        JsonSupport.objectBuilder().add("type", "content_block_stop").add("index", openIndex));
    open = null;
  }

  /** A {@code content_block_delta} of the open block, to which the delta's fields are added. */
  private DeltaBuilder blockDelta(String type) {
    return new DeltaBuilder(openIndex, type);
  }

  private static void event(StringBuilder out, String name, JsonObjectBuilder data) {
    out.append("event: ").append(name).append("\ndata: ").append(data.build()).append("\n\n");
  }

  private static void event(StringBuilder out, String name, DeltaBuilder delta) {
    event(out, name, delta.build());
  }

  /** The members of one {@code content_block_delta}'s {@code delta}, after its type. */
  private static final class DeltaBuilder {
    private final int index;
    private final JsonObjectBuilder delta;

    DeltaBuilder(int index, String type) {
      this.index = index;
      this.delta = JsonSupport.objectBuilder().add("type", type);
    }

    DeltaBuilder add(String name, String value) {
      delta.add(name, value);
      return this;
    }

    JsonObjectBuilder build() {
      return JsonSupport.objectBuilder()
          .add("type", "content_block_delta")
          .add("index", index)
          .add("delta", delta);
    }
  }
}
