package io.ponybunny.ingress.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import io.ponybunny.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's {@code OpenAiStreamingChatModel} against PonyBunny's {@code /v1}: it streams text
 * piece by piece, ends with the finish reason and usage, streams tool calls, and reports errors to
 * its handler.
 */
class LangChain4jOpenAiIT {

  private static OpenAiStreamingChatModel model(String name) {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(TestServer.HTTP + "/v1")
        .apiKey(TestServer.authorization().substring("Bearer ".length()))
        .modelName(name)
        .timeout(Duration.ofSeconds(60))
        .build();
  }

  /** What one streamed chat gave the handler. */
  record Outcome(List<String> pieces, List<Long> nanos, ChatResponse response, Throwable error) {}

  private static Outcome chat(OpenAiStreamingChatModel model, ChatRequest request)
      throws Exception {
    List<String> pieces = new ArrayList<>();
    List<Long> nanos = new ArrayList<>();
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    model.chat(
        request,
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            synchronized (pieces) {
              pieces.add(partial);
              nanos.add(System.nanoTime());
            }
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(new Outcome(pieces, nanos, response, null));
          }

          @Override
          public void onError(Throwable error) {
            done.complete(new Outcome(pieces, nanos, null, error));
          }
        });
    return done.get(60, TimeUnit.SECONDS);
  }

  private static ChatRequest ask(String prompt) {
    return ChatRequest.builder().messages(UserMessage.from(prompt)).build();
  }

  @Test
  void aPacedAnswerStreamsPieceByPieceAndEndsWithFinishReasonAndUsage() throws Exception {
    Outcome o = chat(model("sim-anthropic/m~tokens=20~tps=10"), ask("Count"));
    assertEquals(null, o.error());
    assertTrue(o.pieces().size() >= 10, "pieces: " + o.pieces());
    long spreadMs = (o.nanos().get(o.nanos().size() - 1) - o.nanos().get(0)) / 1_000_000;
    assertTrue(spreadMs >= 1000, "the pieces came over ~1.9 s, got " + spreadMs + " ms");
    assertEquals(String.join("", o.pieces()), o.response().aiMessage().text());
    assertEquals(FinishReason.STOP, o.response().finishReason());
    assertTrue(o.response().tokenUsage().outputTokenCount() > 0, o.response().toString());
    assertTrue(o.response().tokenUsage().inputTokenCount() > 0, o.response().toString());
    assertTrue(o.response().id().startsWith("chatcmpl-"), o.response().id());
  }

  @Test
  void aToolCallStreamsAsAToolExecutionRequest() throws Exception {
    ChatRequest request =
        ChatRequest.builder()
            .messages(UserMessage.from("What is the weather in Oslo?"))
            .toolSpecifications(
                ToolSpecification.builder()
                    .name("get_weather")
                    .description("The weather of a city")
                    .parameters(JsonObjectSchema.builder().addStringProperty("city").build())
                    .build())
            .build();
    Outcome o = chat(model("sim-gemini/m~tps=0~tool=get_weather"), request);
    assertEquals(null, o.error());
    List<ToolExecutionRequest> calls = o.response().aiMessage().toolExecutionRequests();
    assertEquals(1, calls.size());
    assertEquals("get_weather", calls.get(0).name());
    assertFalse(calls.get(0).id().isBlank(), "a generated id where Gemini sends none");
    assertEquals(FinishReason.TOOL_EXECUTION, o.response().finishReason());
  }

  @Test
  void anUnknownModelReachesTheHandlersOnError() throws Exception {
    Outcome o = chat(model("nowhere/x"), ask("hi"));
    assertTrue(o.error() != null, "an error, not a response");
    assertTrue(
        String.valueOf(o.error().getMessage()).contains("nowhere"), String.valueOf(o.error()));
  }
}
