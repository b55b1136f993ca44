package io.ponybunny.llm.anthropic;

import io.ponybunny.llm.JsonSupport;
import io.ponybunny.llm.ProviderErrors;
import io.ponybunny.llm.StreamChunk;
import io.ponybunny.llm.sse.SseEvent;
import io.ponybunny.llm.sse.SseStreamParser;
import jakarta.json.JsonObject;

/**
 * Parses an Anthropic Messages stream: {@code message_start}, {@code content_block_start} (text,
 * tool_use, thinking, redacted_thinking), {@code content_block_delta} (text, partial tool JSON,
 * thinking; signatures ignored), {@code message_delta} (stop reason and usage), {@code
 * message_stop}, {@code ping} and {@code error}. Unknown event types are ignored.
 */
public final class AnthropicStreamParser extends SseStreamParser {

  private boolean sawStop;
  private boolean sawStopReason;
  private boolean sawError;

  @Override
  protected void onEvent(SseEvent event) {
    JsonObject o = JsonSupport.tryReadObject(event.data());
    if (o == null) {
      if ("error".equals(event.type()) || !event.data().isBlank()) {
        sawError = true;
        emit(ProviderErrors.streamError(event.data(), "malformed_event"));
      }
      return;
    }
    String type = JsonSupport.str(o, "type");
    if (type == null) {
      type = event.type();
    }
    switch (type) {
      case "message_start" -> {
        StreamChunk.Usage u =
            AnthropicMapping.usage(JsonSupport.obj(JsonSupport.obj(o, "message"), "usage"));
        if (u != null) {
          emit(u);
        }
      }
      case "content_block_start" -> blockStart(o);
      case "content_block_delta" -> blockDelta(o);
      case "message_delta" -> {
        String reason = JsonSupport.str(JsonSupport.obj(o, "delta"), "stop_reason");
        if (reason != null) {
          sawStopReason = true;
          emit(new StreamChunk.Finish(AnthropicMapping.finishReason(reason), reason));
        }
        StreamChunk.Usage u = AnthropicMapping.usage(JsonSupport.obj(o, "usage"));
        if (u != null) {
          emit(u);
        }
      }
      case "message_stop" -> sawStop = true;
      case "error" -> {
        sawError = true;
        StreamChunk.ProviderError e = ProviderErrors.streamError(o, "error");
        emit(
            e.status() == 0
                ? new StreamChunk.ProviderError(
                    AnthropicMapping.statusOf(e.type()), e.type(), e.message())
                : e);
      }
      default -> {
        // ping, content_block_stop and future event types carry nothing we need.
      }
    }
  }

  private void blockStart(JsonObject o) {
    JsonObject block = JsonSupport.obj(o, "content_block");
    String blockType = JsonSupport.str(block, "type");
    if (blockType == null) {
      return;
    }
    switch (blockType) {
      case "text" -> {
        String text = JsonSupport.str(block, "text");
        if (text != null && !text.isEmpty()) {
          emit(new StreamChunk.TextDelta(text));
        }
      }
      case "thinking" -> {
        String text = JsonSupport.str(block, "thinking");
        if (text != null && !text.isEmpty()) {
          emit(new StreamChunk.ReasoningDelta(text));
        }
      }
      case "tool_use" -> {
        Integer index = JsonSupport.integer(o, "index");
        emit(
            new StreamChunk.ToolCallDelta(
                index == null ? 0 : index,
                JsonSupport.str(block, "id"),
                JsonSupport.str(block, "name"),
                ""));
      }
      default -> {
        // redacted_thinking, server tools: nothing visible.
      }
    }
  }

  private void blockDelta(JsonObject o) {
    JsonObject delta = JsonSupport.obj(o, "delta");
    String deltaType = JsonSupport.str(delta, "type");
    if (deltaType == null) {
      return;
    }
    switch (deltaType) {
      case "text_delta" -> {
        String text = JsonSupport.str(delta, "text");
        if (text != null && !text.isEmpty()) {
          emit(new StreamChunk.TextDelta(text));
        }
      }
      case "input_json_delta" -> {
        Integer index = JsonSupport.integer(o, "index");
        String json = JsonSupport.str(delta, "partial_json");
        emit(
            new StreamChunk.ToolCallDelta(
                index == null ? 0 : index, null, null, json == null ? "" : json));
      }
      case "thinking_delta" -> {
        String text = JsonSupport.str(delta, "thinking");
        if (text != null && !text.isEmpty()) {
          emit(new StreamChunk.ReasoningDelta(text));
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
