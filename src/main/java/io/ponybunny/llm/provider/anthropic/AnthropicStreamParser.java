package io.ponybunny.llm.provider.anthropic;

import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.json.JsonScanner;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.sse.SseStreamParser;

/**
 * Parses an Anthropic Messages stream, each event read with a {@link JsonScanner} (an {@code error}
 * event's envelope by {@link AnthropicError}): {@code message_start}, {@code content_block_start}
 * (text, tool_use, thinking, redacted_thinking), {@code content_block_delta} (text, partial tool
 * JSON, thinking; signatures ignored), {@code message_delta} (stop reason and usage), {@code
 * message_stop}, {@code ping} and {@code error}. Unknown event types are ignored.
 */
public final class AnthropicStreamParser extends SseStreamParser {

  private boolean sawStop;
  private boolean sawStopReason;
  private boolean sawError;

  /**
   * The input counters as last reported by any event of the stream ({@code message_start}, then
   * {@code message_delta} may repeat some): an event reporting one of them reports their sum.
   */
  private Integer uncachedInput;

  private Integer cacheCreation;
  private Integer cacheRead;

  /** The few fields of one event that matter (reused; a repeated key's last value wins). */
  private static final class Fields {
    String type;
    Integer index;
    String blockType;
    String blockId;
    String blockName;
    String blockText;
    String deltaType;
    String deltaText;
    String stopReason;
    Integer inputTokens;
    Integer outputTokens;
    Integer cacheCreationTokens;
    Integer cacheReadTokens;

    void clear() {
      type = null;
      index = null;
      clearBlock();
      clearDelta();
      inputTokens = null;
      outputTokens = null;
      cacheCreationTokens = null;
      cacheReadTokens = null;
    }

    void clearBlock() {
      blockType = null;
      blockId = null;
      blockName = null;
      blockText = null;
    }

    void clearDelta() {
      deltaType = null;
      deltaText = null;
      stopReason = null;
    }
  }

  private final Fields fields = new Fields();
  private final JsonScanner scanner = new JsonScanner();

  /** Recurring string values, returned without allocating (see {@link JsonScanner#string}). */
  private static final String[] KNOWN =
      new String[] {
        "content_block_delta",
        "text_delta",
        "input_json_delta",
        "thinking_delta",
        "signature_delta",
        "content_block_start",
        "content_block_stop",
        "message_start",
        "message_delta",
        "message_stop",
        "ping",
        "text",
        "tool_use",
        "thinking",
        "end_turn",
        "max_tokens"
      };

  @Override
  protected void onEvent(String eventType, byte[] data, int offset, int length) {
    Fields f = fields;
    try {
      read(scanner.reset(data, offset, length), f);
    } catch (JsonScanner.Malformed e) {
      String text = text(data, offset, length);
      if ("error".equals(eventType) || !text.isBlank()) {
        sawError = true;
        emit(ProviderErrors.streamError(text, "malformed_event", AnthropicError::read));
      }
      return;
    }
    String type = f.type != null ? f.type : eventType;
    switch (type) {
      case "message_start", "message_delta" -> {
        if (f.stopReason != null) {
          sawStopReason = true;
          emit(new StreamChunk.Finish(AnthropicMapping.finishReason(f.stopReason), f.stopReason));
        }
        usage(f);
      }
      case "content_block_start" -> blockStart(f);
      case "content_block_delta" -> blockDelta(f);
      case "message_stop" -> sawStop = true;
      case "error" -> {
        // Rare: the envelope is read from the event's object tree.
        sawError = true;
        emit(AnthropicError.event(JsonSupport.tryReadObject(data, offset, length)));
      }
      default -> {
        // ping, content_block_stop and future event types carry nothing we need.
      }
    }
  }

  /** Reads the fields of one event object into {@code f}; {@link JsonScanner.Malformed} if none. */
  private static void read(JsonScanner s, Fields f) {
    f.clear();
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("type")) {
        f.type = s.string(KNOWN);
      } else if (s.keyIs("index")) {
        f.index = s.integer();
      } else if (s.keyIs("delta")) {
        f.clearDelta();
        if (s.peek() == JsonScanner.Kind.OBJECT) {
          delta(s, f);
        } else {
          s.skipValue();
        }
      } else if (s.keyIs("content_block")) {
        f.clearBlock();
        if (s.peek() == JsonScanner.Kind.OBJECT) {
          block(s, f);
        } else {
          s.skipValue();
        }
      } else if (s.keyIs("message") && s.peek() == JsonScanner.Kind.OBJECT) {
        s.beginObject();
        while (s.nextKey()) {
          if (s.keyIs("usage") && s.peek() == JsonScanner.Kind.OBJECT) {
            usage(s, f);
          } else {
            s.skipValue();
          }
        }
      } else if (s.keyIs("usage") && s.peek() == JsonScanner.Kind.OBJECT) {
        usage(s, f);
      } else {
        s.skipValue();
      }
    }
    s.endOfInput();
  }

  private static void block(JsonScanner s, Fields f) {
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("type")) {
        f.blockType = s.string(KNOWN);
      } else if (s.keyIs("id")) {
        f.blockId = s.string();
      } else if (s.keyIs("name")) {
        f.blockName = s.string();
      } else if (s.keyIs("text") || s.keyIs("thinking")) {
        f.blockText = s.string();
      } else {
        s.skipValue();
      }
    }
  }

  private static void delta(JsonScanner s, Fields f) {
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("type")) {
        f.deltaType = s.string(KNOWN);
      } else if (s.keyIs("text") || s.keyIs("partial_json") || s.keyIs("thinking")) {
        f.deltaText = s.string();
      } else if (s.keyIs("stop_reason")) {
        f.stopReason = s.string(KNOWN);
      } else {
        s.skipValue();
      }
    }
  }

  private static void usage(JsonScanner s, Fields f) {
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("input_tokens")) {
        f.inputTokens = s.integer();
      } else if (s.keyIs("output_tokens")) {
        f.outputTokens = s.integer();
      } else if (s.keyIs("cache_creation_input_tokens")) {
        f.cacheCreationTokens = s.integer();
      } else if (s.keyIs("cache_read_input_tokens")) {
        f.cacheReadTokens = s.integer();
      } else {
        s.skipValue();
      }
    }
  }

  /**
   * Emits the usage of a {@code message_start} or {@code message_delta}: input counted with cache
   * writes and reads ({@link AnthropicMapping#inputTokens}), cache reads as cached input.
   */
  private void usage(Fields f) {
    boolean input =
        f.inputTokens != null || f.cacheCreationTokens != null || f.cacheReadTokens != null;
    if (f.inputTokens != null) {
      uncachedInput = f.inputTokens;
    }
    if (f.cacheCreationTokens != null) {
      cacheCreation = f.cacheCreationTokens;
    }
    if (f.cacheReadTokens != null) {
      cacheRead = f.cacheReadTokens;
    }
    if (input || f.outputTokens != null) {
      emit(
          new StreamChunk.Usage(
              input ? AnthropicMapping.inputTokens(uncachedInput, cacheCreation, cacheRead) : null,
              f.outputTokens,
              input ? cacheRead : null));
    }
  }

  private void blockStart(Fields f) {
    if (f.blockType == null) {
      return;
    }
    switch (f.blockType) {
      case "text" -> {
        if (f.blockText != null && !f.blockText.isEmpty()) {
          emit(new StreamChunk.TextDelta(f.blockText));
        }
      }
      case "thinking" -> {
        if (f.blockText != null && !f.blockText.isEmpty()) {
          emit(new StreamChunk.ReasoningDelta(f.blockText));
        }
      }
      case "tool_use" ->
          emit(
              new StreamChunk.ToolCallDelta(
                  f.index == null ? 0 : f.index, f.blockId, f.blockName, ""));
      default -> {
        // redacted_thinking, server tools: nothing visible.
      }
    }
  }

  private void blockDelta(Fields f) {
    if (f.deltaType == null) {
      return;
    }
    switch (f.deltaType) {
      case "text_delta" -> {
        if (f.deltaText != null && !f.deltaText.isEmpty()) {
          emit(new StreamChunk.TextDelta(f.deltaText));
        }
      }
      case "input_json_delta" ->
          emit(
              new StreamChunk.ToolCallDelta(
                  f.index == null ? 0 : f.index,
                  null,
                  null,
                  f.deltaText == null ? "" : f.deltaText));
      case "thinking_delta" -> {
        if (f.deltaText != null && !f.deltaText.isEmpty()) {
          emit(new StreamChunk.ReasoningDelta(f.deltaText));
        }
      }
      default -> {
        // signature_delta, citations_delta.
      }
    }
  }

  @Override
  protected void onEnd() {
    if (!sawStop && !sawStopReason && !sawError) {
      emit(
          new StreamChunk.ProviderError(
              0, "incomplete_stream", "stream ended without message_stop or stop_reason"));
    }
  }
}
