package io.ponybunny.llm.openai;

import io.ponybunny.llm.JsonSupport;
import io.ponybunny.llm.ProviderErrors;
import io.ponybunny.llm.StreamChunk;
import io.ponybunny.llm.sse.SseEvent;
import io.ponybunny.llm.sse.SseStreamParser;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Parses an OpenAI Chat Completions stream (and those of compatible servers: Azure, vLLM,
 * DeepSeek, OpenRouter, Groq, Ollama, llama.cpp): content, reasoning ({@code reasoning_content},
 * {@code reasoning}), tool-call fragments by index, finish reasons, usage chunks, in-band error
 * payloads, {@code event: error} and the {@code [DONE]} terminator. Refusal text is not visible
 * text and is dropped.
 */
public final class OpenAiStreamParser extends SseStreamParser {

  private boolean sawFinish;
  private boolean sawDone;
  private boolean sawError;

  @Override
  protected void onEvent(SseEvent event) {
    String data = event.data();
    if (data.equals("[DONE]") || data.strip().equals("[DONE]")) {
      sawDone = true;
      return;
    }
    if ("error".equals(event.type())) {
      sawError = true;
      emit(ProviderErrors.streamError(data, "error"));
      return;
    }
    JsonObject o = JsonSupport.tryReadObject(data);
    if (o == null) {
      if (!data.isBlank()) {
        sawError = true;
        emit(ProviderErrors.streamError(data, "malformed_chunk"));
      }
      return;
    }
    if (o.get("error") instanceof JsonObject) {
      sawError = true;
      emit(ProviderErrors.streamError(o, "error"));
    }
    JsonArray choices = JsonSupport.arr(o, "choices");
    if (choices != null) {
      for (JsonValue v : choices) {
        if (v instanceof JsonObject choice && isFirstChoice(choice)) {
          JsonObject delta = JsonSupport.obj(choice, "delta");
          if (delta != null) {
            OpenAiChatMapping.emitMessage(delta, this::emit);
          }
          String finish = JsonSupport.str(choice, "finish_reason");
          if (finish != null) {
            sawFinish = true;
            emit(new StreamChunk.Finish(OpenAiChatMapping.finishReason(finish), finish));
          }
        }
      }
    }
    StreamChunk.Usage usage = OpenAiChatMapping.usage(JsonSupport.obj(o, "usage"));
    if (usage != null) {
      emit(usage);
    }
  }

  private static boolean isFirstChoice(JsonObject choice) {
    Integer index = JsonSupport.integer(choice, "index");
    return index == null || index == 0;
  }

  @Override
  protected void onEnd() {
    if (!sawFinish && !sawDone && !sawError) {
      emit(
          new StreamChunk.ProviderError(
              0, "incomplete_stream", "stream ended without finish_reason or [DONE]"));
    }
  }
}
