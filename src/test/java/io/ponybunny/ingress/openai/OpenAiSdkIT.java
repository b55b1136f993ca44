package io.ponybunny.ingress.openai;

import static io.ponybunny.testing.StreamAssertions.assertWellFormed;
import static io.ponybunny.testing.StreamAssertions.data;
import static io.ponybunny.testing.StreamAssertions.eventsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.models.Model;
import io.ponybunny.testing.Eventually;
import io.ponybunny.testing.Principals;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official OpenAI Java SDK against PonyBunny's {@code /v1}, with the upstream on every protocol
 * of the simulator: streamed and whole answers, usage and finish reasons, a tool call's round trip,
 * incremental delivery, errors as the SDK's own exceptions, the stream live on the console, and a
 * client leaving mid-stream closing the upstream within a second.
 */
class OpenAiSdkIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** One simulator endpoint per upstream protocol. */
  static Stream<String> endpoints() {
    return Stream.of(
        "sim", "sim-responses", "sim-anthropic", "sim-gemini", "sim-gemini-json", "sim-ollama");
  }

  private static final OpenAIClient ADMIN = client(adminKey());

  private static String adminKey() {
    return TestServer.authorization().substring("Bearer ".length());
  }

  static OpenAIClient client(String key) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(TestServer.HTTP + "/v1")
        .apiKey(key)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(60))
        .build();
  }

  private static ChatCompletionCreateParams.Builder ask(String model, String prompt) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt);
  }

  private static ChatCompletionCreateParams.Builder withUsage(
      ChatCompletionCreateParams.Builder b) {
    return b.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
  }

  /** A streamed answer: the chunks, when each content chunk arrived, and the SDK's accumulation. */
  record Streamed(
      List<ChatCompletionChunk> chunks, List<Long> contentNanos, ChatCompletion completion) {

    String requestId() {
      return completion.id().substring("chatcmpl-".length());
    }

    String content() {
      return completion.choices().get(0).message().content().orElse("");
    }
  }

  static Streamed stream(OpenAIClient client, ChatCompletionCreateParams params) {
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    List<Long> nanos = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> response =
        client.chat().completions().createStreaming(params)) {
      response.stream()
          .forEach(
              chunk -> {
                boolean content =
                    chunk.choices().stream()
                        .anyMatch(c -> c.delta().content().filter(s -> !s.isEmpty()).isPresent());
                if (content) {
                  nanos.add(System.nanoTime());
                }
                chunks.add(chunk);
                accumulator.accumulate(chunk);
              });
    }
    return new Streamed(chunks, nanos, accumulator.chatCompletion());
  }

  private static String uuid() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** Gemini's model is a URL path segment where '%' is refused: no encoded arguments there. */
  private static String weatherArgs(String endpoint) {
    return endpoint.startsWith("sim-gemini") ? "" : "~args=%7B%22city%22%3A%22Oslo%22%7D";
  }

  private static ChatCompletionCreateParams.Builder offerWeather(
      ChatCompletionCreateParams.Builder b) {
    return b.addFunctionTool(
        FunctionDefinition.builder()
            .name("get_weather")
            .description("The weather of a city")
            .parameters(
                FunctionParameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty(
                        "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .build())
            .build());
  }

  // ---- answers, usage, finish reasons --------------------------------------------------------

  @ParameterizedTest
  @MethodSource("endpoints")
  void aStreamedAnswerMatchesTheWholeOneWithUsageAndFinishReason(String endpoint) {
    String model = endpoint + "/m~tps=0";
    Streamed streamed = stream(ADMIN, withUsage(ask(model, "Explain SSE")).build());
    ChatCompletion whole = ADMIN.chat().completions().create(ask(model, "Explain SSE").build());

    assertFalse(streamed.content().isBlank());
    assertEquals(whole.choices().get(0).message().content().orElseThrow(), streamed.content());
    ChatCompletionChunk first = streamed.chunks().get(0);
    assertEquals("assistant", first.choices().get(0).delta().role().orElseThrow().asString());
    for (ChatCompletionChunk c : streamed.chunks()) {
      assertEquals(streamed.completion().id(), c.id(), "one id for every chunk");
      assertEquals(model, c.model(), "the model as requested");
    }
    assertTrue(streamed.completion().id().startsWith("chatcmpl-req_"));
    assertEquals(
        ChatCompletion.Choice.FinishReason.STOP,
        streamed.completion().choices().get(0).finishReason());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, whole.choices().get(0).finishReason());
    assertEquals(model, whole.model());

    ChatCompletionChunk last = streamed.chunks().get(streamed.chunks().size() - 1);
    assertTrue(last.choices().isEmpty(), "the usage chunk has no choices");
    var usage = last.usage().orElseThrow();
    var wholeUsage = whole.usage().orElseThrow();
    assertTrue(usage.completionTokens() > 0, usage.toString());
    assertTrue(usage.promptTokens() > 0, usage.toString());
    assertEquals(usage.promptTokens() + usage.completionTokens(), usage.totalTokens());
    assertEquals(wholeUsage.promptTokens(), usage.promptTokens());
    assertEquals(wholeUsage.completionTokens(), usage.completionTokens());
    for (ChatCompletionChunk c : streamed.chunks().subList(0, streamed.chunks().size() - 1)) {
      assertTrue(c.usage().isEmpty(), "only the last chunk has usage");
    }
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void aLengthLimitedAnswerFinishesWithLength(String endpoint) {
    String model = endpoint + "/m~tps=0~finish=length";
    Streamed streamed = stream(ADMIN, ask(model, "Go on").build());
    assertEquals(
        ChatCompletion.Choice.FinishReason.LENGTH,
        streamed.completion().choices().get(0).finishReason());
    ChatCompletion whole = ADMIN.chat().completions().create(ask(model, "Go on").build());
    assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, whole.choices().get(0).finishReason());
  }

  // ---- tools ----------------------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("endpoints")
  void aToolCallRoundTripsThroughTheClientToTheFinalAnswer(String endpoint) {
    String question = "What is the weather in Oslo?";
    String toolModel = endpoint + "/m~tps=0~tool=get_weather" + weatherArgs(endpoint);

    Streamed streamed = stream(ADMIN, offerWeather(withUsage(ask(toolModel, question))).build());
    ChatCompletion.Choice choice = streamed.completion().choices().get(0);
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
    ChatCompletionMessage message = choice.message();
    assertTrue(message.content().orElse("").isEmpty(), "the model only called the tool");
    List<ChatCompletionMessageFunctionToolCall> calls =
        message.toolCalls().orElseThrow().stream().map(c -> c.asFunction()).toList();
    assertEquals(1, calls.size());
    ChatCompletionMessageFunctionToolCall call = calls.get(0);
    assertEquals("get_weather", call.function().name());
    assertFalse(call.id().isBlank(), "every call has an id the client can answer");
    JsonObject args = TestServer.json(call.function().arguments());
    if (!weatherArgs(endpoint).isEmpty()) {
      assertEquals("Oslo", args.getString("city"));
    }

    ChatCompletion whole =
        ADMIN.chat().completions().create(offerWeather(ask(toolModel, question)).build());
    assertEquals(
        ChatCompletion.Choice.FinishReason.TOOL_CALLS, whole.choices().get(0).finishReason());
    assertTrue(whole.choices().get(0).message().content().isEmpty(), "content null with calls");
    var wholeCall = whole.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertEquals("get_weather", wholeCall.function().name());
    assertFalse(wholeCall.id().isBlank());

    ChatCompletionCreateParams followUp =
        offerWeather(
                ChatCompletionCreateParams.builder()
                    .model(endpoint + "/m~tps=0~tokens=6")
                    .addUserMessage(question)
                    .addMessage(message)
                    .addMessage(
                        ChatCompletionToolMessageParam.builder()
                            .toolCallId(call.id())
                            .content("Sunny and 21 degrees in Oslo")
                            .build()))
            .build();
    Streamed answer = stream(ADMIN, followUp);
    assertEquals(
        ChatCompletion.Choice.FinishReason.STOP,
        answer.completion().choices().get(0).finishReason());
    assertFalse(answer.content().isBlank(), "the final answer is text");
    assertTrue(
        answer.completion().choices().get(0).message().toolCalls().orElse(List.of()).isEmpty());
    ChatCompletion wholeAnswer = ADMIN.chat().completions().create(followUp);
    assertEquals(
        ChatCompletion.Choice.FinishReason.STOP, wholeAnswer.choices().get(0).finishReason());
    assertEquals(answer.content(), wholeAnswer.choices().get(0).message().content().orElseThrow());
  }

  // ---- incremental delivery -------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("endpoints")
  void aPacedStreamReachesTheClientPieceByPiece(String endpoint) {
    // 20 tokens at 10 per second: about two seconds between the first and the last.
    Streamed streamed = stream(ADMIN, ask(endpoint + "/m~tokens=20~tps=10", "Count").build());
    List<Long> arrivals = streamed.contentNanos();
    assertTrue(arrivals.size() >= 10, "content came in pieces: " + arrivals.size());
    long spreadMs = (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1_000_000;
    assertTrue(
        spreadMs >= 1000,
        "the first piece arrived long before the last (paced over ~1.9 s), got "
            + spreadMs
            + " ms");
  }

  /**
   * The first piece was held until the second was written (Liberty sent the answer's headers and
   * its first event as one write and kept the event back): B1 measured TTFT +24 ms and the first
   * chunk one interval late. Two pieces half a second apart must arrive half a second apart.
   */
  @Test
  void theFirstPieceReachesTheClientBeforeTheSecondIsMade() {
    Streamed streamed = stream(ADMIN, ask("sim/m~tokens=3~tps=2", "Count").build());
    List<Long> arrivals = streamed.contentNanos();
    assertTrue(arrivals.size() >= 2, "pieces: " + arrivals.size());
    long gapMs = (arrivals.get(1) - arrivals.get(0)) / 1_000_000;
    assertTrue(gapMs >= 250, "the first piece came with the second: " + gapMs + " ms apart");
  }

  // ---- errors ---------------------------------------------------------------------------------

  @Test
  void anUnknownModelIsTheSdksNotFound() {
    NotFoundException e =
        assertThrows(
            NotFoundException.class,
            () -> ADMIN.chat().completions().create(ask("nowhere/x", "hi").build()));
    assertEquals(404, e.statusCode());
    assertEquals("model_not_found", e.code().orElseThrow());
    assertThrows(NotFoundException.class, () -> stream(ADMIN, ask("no-such-model", "hi").build()));
  }

  @Test
  void aBadKeyIsTheSdksUnauthorized() {
    OpenAIClient stranger = client("not-a-ponybunny-key");
    UnauthorizedException e =
        assertThrows(
            UnauthorizedException.class,
            () -> stranger.chat().completions().create(ask("sim/m~tps=0", "hi").build()));
    assertEquals(401, e.statusCode());
    assertThrows(UnauthorizedException.class, () -> stranger.models().list());
  }

  @Test
  void aViewerMayListModelsButNotCall() {
    Principals.Principal viewer = Principals.create("oai-viewer", "viewer");
    OpenAIClient client = client(viewer.key());
    assertFalse(client.models().list().data().isEmpty());
    assertThrows(
        PermissionDeniedException.class,
        () -> client.chat().completions().create(ask("sim/m~tps=0", "hi").build()));
  }

  @Test
  void aProviderFailureIsTheSdksServerErrorStreamedOrNot() {
    String model = "faults/m~tps=0~status=400~id=oai-fail-" + uuid();
    InternalServerException whole =
        assertThrows(
            InternalServerException.class,
            () -> ADMIN.chat().completions().create(ask(model, "hi").build()));
    assertEquals(502, whole.statusCode());
    assertTrue(whole.getMessage().contains("faults 400"), whole.getMessage());
    InternalServerException streamed =
        assertThrows(InternalServerException.class, () -> stream(ADMIN, ask(model, "hi").build()));
    assertEquals(502, streamed.statusCode());
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void aFailureMidStreamIsAnSseErrorAfterTheTextSoFar(String endpoint) {
    List<String> pieces = new ArrayList<>();
    ChatCompletionCreateParams params =
        ask(endpoint + "/m~tps=0~error-after-chunks=3", "hi").build();
    SseException e =
        assertThrows(
            SseException.class,
            () -> {
              try (StreamResponse<ChatCompletionChunk> r =
                  ADMIN.chat().completions().createStreaming(params)) {
                r.stream()
                    .forEach(
                        c ->
                            c.choices().forEach(ch -> ch.delta().content().ifPresent(pieces::add)));
              }
            });
    assertTrue(String.join("", pieces).length() > 0, "the text before the failure arrived");
    assertTrue(e.getMessage().contains(endpoint), e.getMessage());
  }

  @Test
  void aUsedUpQuotaIsTheSdksRateLimit() {
    Principals.Principal owner = Principals.create("oai-quota", "operator");
    OpenAIClient limited = client(Principals.limitedKey(owner.name(), "operator", 1, null, null));
    limited.chat().completions().create(ask("sim/m~tps=0", "hi").build());
    RateLimitException e =
        assertThrows(
            RateLimitException.class,
            () -> limited.chat().completions().create(ask("sim/m~tps=0", "hi").build()));
    assertEquals(429, e.statusCode());
    assertTrue(e.headers().values("Retry-After").size() == 1, "Retry-After is sent");
    assertEquals("rate_limit_exceeded", e.code().orElseThrow());
  }

  @Test
  void aBadRequestNamesTheFieldInOpenAisEnvelope() {
    OpenAIServiceException e =
        assertThrows(
            OpenAIServiceException.class,
            () -> ADMIN.chat().completions().create(ask("sim/m~tps=0", "hi").n(2).build()));
    assertEquals(400, e.statusCode());
    assertTrue(e.getMessage().contains("n must be 1"), e.getMessage());
    assertEquals("invalid_request_error", e.type().orElseThrow());
  }

  // ---- models ---------------------------------------------------------------------------------

  @Test
  void theModelListHoldsTheTiersModelsAndSimulatorNames() {
    List<String> ids = ADMIN.models().list().data().stream().map(Model::id).toList();
    assertTrue(
        ids.containsAll(List.of("simple", "medium", "complex", "fast", "sim/fast")),
        ids.toString());
    Model medium = ADMIN.models().retrieve("medium");
    assertEquals("medium", medium.id());
    assertEquals("ponybunny", medium.ownedBy());
    assertThrows(NotFoundException.class, () -> ADMIN.models().retrieve("no-such-model"));
    HttpResponse<String> direct = TestServer.get("/v1/models/sim/fast");
    assertEquals(200, direct.statusCode(), direct.body());
    assertEquals("sim", TestServer.json(direct.body()).getString("owned_by"));
  }

  @Test
  void withAnAnthropicVersionTheModelListHasAnthropicsShape() {
    HttpResponse<String> r =
        TestServer.send(
            TestServer.request("/v1/models").header("anthropic-version", "2023-06-01").build());
    assertEquals(200, r.statusCode(), r.body());
    JsonObject page = TestServer.json(r.body());
    assertFalse(page.getBoolean("has_more"));
    var data = page.getJsonArray("data");
    JsonObject first = data.getJsonObject(0);
    assertEquals("model", first.getString("type"));
    assertEquals(first.getString("id"), page.getString("first_id"));
    assertEquals(data.getJsonObject(data.size() - 1).getString("id"), page.getString("last_id"));
    Instant.parse(first.getString("created_at"));
    assertFalse(first.getString("display_name").isBlank());
  }

  // ---- live on the console --------------------------------------------------------------------

  @Test
  void theStreamIsLiveOnTheConsoleAndOnTheGoalNamedInTheHeader() throws Exception {
    String goal = "oai-goal-" + uuid();
    try (WsClient all = WsClient.open("/ws/streams");
        WsClient mine = WsClient.open("/ws/goals/" + goal)) {
      Streamed streamed =
          stream(
              ADMIN,
              ask("sim-anthropic/m~tps=0", "Tell me about streams")
                  .putAdditionalHeader("X-PonyBunny-Goal-Id", goal)
                  .build());
      String requestId = streamed.requestId();
      for (WsClient socket : List.of(all, mine)) {
        socket.awaitTerminal(requestId, WAIT);
        List<JsonObject> events = eventsOf(socket.events(), requestId);
        assertEquals(streamed.content(), assertWellFormed(events, "llm.stream.end"));
        assertEquals(goal, data(events.get(0)).getString("goalId"));
      }
      JsonObject record =
          Eventually.until(
              () -> TestServer.json(TestServer.get("/api/streams/" + requestId).body()),
              r -> "completed".equals(r.getString("status", "")),
              WAIT);
      assertEquals(streamed.content(), record.getString("content"));
      assertEquals(goal, record.getString("goalId"));
    }
  }

  // ---- a client that leaves -------------------------------------------------------------------

  @Test
  void aClientThatLeavesMidStreamClosesTheUpstreamWithinOneSecond() {
    List<String> endpoints = endpoints().toList();
    for (int trial = 0; trial < 50; trial++) {
      String endpoint = endpoints.get(trial % endpoints.size());
      String id = "oai-leave-" + trial + "-" + uuid();
      String requestId;
      long leftAt;
      try (StreamResponse<ChatCompletionChunk> response =
          ADMIN
              .chat()
              .completions()
              .createStreaming(
                  ask(endpoint + "/m~tokens=300~tps=50~id=" + id, "Count slowly").build())) {
        Iterator<ChatCompletionChunk> chunks = response.stream().iterator();
        int pieces = 0;
        ChatCompletionChunk chunk = null;
        while (pieces < 3) {
          chunk = chunks.next();
          if (chunk.choices().stream().anyMatch(c -> c.delta().content().isPresent())) {
            pieces++;
          }
        }
        requestId = chunk.id().substring("chatcmpl-".length());
        leftAt = System.currentTimeMillis();
      }
      String trialName = "trial " + trial + " on " + endpoint;
      long closedAt = TestServer.awaitUpstreamClosed(id);
      assertTrue(
          closedAt - leftAt <= 1000,
          trialName + ": the upstream closed " + (closedAt - leftAt) + " ms after the client left");
      JsonObject record =
          Eventually.until(
              () -> TestServer.json(TestServer.get("/api/streams/" + requestId).body()),
              r -> "cancelled".equals(r.getString("status", "")),
              WAIT);
      assertEquals("cancelled", record.getString("finishReason"), trialName);
      assertTrue(record.getInt("chunks") >= 3, trialName + ": " + record);
      assertFalse(record.getString("content").isEmpty(), trialName);
      if (endpoint.equals("sim-anthropic") || endpoint.startsWith("sim-gemini")) {
        // These protocols report the input tokens before the text: the usage so far is kept.
        assertTrue(record.getInt("inputTokens", 0) > 0, trialName + ": " + record);
        assertTrue(record.getInt("tokensUsed") > 0, trialName + ": " + record);
        assertTrue(
            record.getJsonNumber("costUsd").doubleValue() > 0,
            trialName + ": the part streamed is paid for: " + record);
      }
    }
  }
}
