package io.ponybunny.ingress.anthropic;

import static io.ponybunny.testing.StreamAssertions.assertWellFormed;
import static io.ponybunny.testing.StreamAssertions.data;
import static io.ponybunny.testing.StreamAssertions.eventsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.SseException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import io.ponybunny.testing.Eventually;
import io.ponybunny.testing.Principals;
import io.ponybunny.testing.Principals.Principal;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Anthropic Java SDK against {@code /v1/messages} of the running server, with the
 * upstream on every protocol of the simulator: streamed and whole answers, tool round trips, usage,
 * stop reasons and errors as the SDK's own types; a paced stream arrives incrementally, shows live
 * on the console, and a client that leaves cancels the upstream.
 *
 * <p>The message id is {@code msg_} and the hex of the call's request id, so {@code req_<hex>}
 * names the stream in history and on the sockets.
 */
class AnthropicSdkIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CITY_ARGS = "~args=%7B%22city%22%3A%22Oslo%22%7D";

  private static Principal operator;
  private static AnthropicClient client;

  @BeforeAll
  static void signIn() {
    operator = Principals.create("anthropic-sdk", "operator");
    client = sdk(operator.key());
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  private static AnthropicClient sdk(String apiKey) {
    return AnthropicOkHttpClient.builder()
        .baseUrl(TestServer.HTTP)
        .apiKey(apiKey)
        .maxRetries(0)
        .timeout(WAIT)
        .build();
  }

  private static MessageCreateParams.Builder params(String model, String prompt) {
    return MessageCreateParams.builder().model(model).maxTokens(200).addUserMessage(prompt);
  }

  private static Tool weatherTool() {
    return Tool.builder()
        .name("get_weather")
        .description("The weather of a city")
        .inputSchema(
            Tool.InputSchema.builder()
                .properties(
                    Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string")))
                        .build())
                .required(List.of("city"))
                .build())
        .build();
  }

  /** Streams {@code params}; returns the accumulated message and the events' arrival times. */
  private static Streamed stream(AnthropicClient sdk, MessageCreateParams params) {
    MessageAccumulator acc = MessageAccumulator.create();
    List<Long> textArrivals = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    try (StreamResponse<RawMessageStreamEvent> events = sdk.messages().createStreaming(params)) {
      events.stream()
          .forEach(
              e -> {
                acc.accumulate(e);
                e.contentBlockDelta()
                    .flatMap(d -> d.delta().text())
                    .ifPresent(
                        t -> {
                          textArrivals.add(System.nanoTime());
                          text.append(t.text());
                        });
              });
    }
    return new Streamed(acc.message(), text.toString(), textArrivals);
  }

  private record Streamed(Message message, String text, List<Long> textArrivals) {}

  private static String text(Message m) {
    return m.content().stream()
        .filter(ContentBlock::isText)
        .map(b -> b.asText().text())
        .collect(Collectors.joining());
  }

  private static String requestId(Message m) {
    assertTrue(m.id().startsWith("msg_"), m.id());
    return "req_" + m.id().substring(4);
  }

  private static JsonObject history(String requestId, Principal who) {
    HttpResponse<String> r =
        TestServer.sendRaw(
            HttpRequest.newBuilder(URI.create(TestServer.HTTP + "/api/streams/" + requestId))
                .header("Authorization", who.bearer())
                .timeout(WAIT)
                .build());
    return r.statusCode() == 200 ? TestServer.json(r.body()) : null;
  }

  @ParameterizedTest(name = "upstream {0}")
  @ValueSource(strings = {"sim", "sim-responses", "sim-anthropic", "sim-gemini", "sim-ollama"})
  void streamedAndWholeAnswersCarryTheSameTextUsageAndStopReason(String endpoint) {
    String model = endpoint + "/m~tps=0";
    Streamed streamed = stream(client, params(model, "Explain SSE").build());
    Message whole = client.messages().create(params(model, "Explain SSE").build());

    assertFalse(streamed.text().isBlank());
    assertEquals(streamed.text(), text(streamed.message()), "accumulated = the deltas");
    assertEquals(text(whole), text(streamed.message()));
    assertEquals(model, streamed.message().model().asString());
    assertEquals(model, whole.model().asString());
    assertEquals(StopReason.END_TURN, streamed.message().stopReason().orElseThrow());
    assertEquals(StopReason.END_TURN, whole.stopReason().orElseThrow());
    assertTrue(whole.usage().outputTokens() > 0, whole.usage().toString());
    assertTrue(whole.usage().inputTokens() > 0, whole.usage().toString());
    assertEquals(whole.usage().outputTokens(), streamed.message().usage().outputTokens());
    assertEquals(whole.usage().inputTokens(), streamed.message().usage().inputTokens());

    JsonObject record = history(requestId(streamed.message()), operator);
    assertEquals("completed", record.getString("status"));
    assertEquals(streamed.text(), record.getString("content"));
  }

  @ParameterizedTest(name = "upstream {0}")
  @ValueSource(strings = {"sim", "sim-responses", "sim-anthropic", "sim-gemini", "sim-ollama"})
  void aToolCallRoundTripsThroughTheSdk(String endpoint) {
    // Gemini's model is a URL path segment, where '%' is refused: no encoded arguments there.
    boolean pathModel = endpoint.startsWith("sim-gemini");
    String toolModel = endpoint + "/m~tps=0~tool=get_weather" + (pathModel ? "" : CITY_ARGS);
    MessageCreateParams first =
        params(toolModel, "What is the weather in Oslo?").addTool(weatherTool()).build();

    for (Message called :
        List.of(stream(client, first).message(), client.messages().create(first))) {
      assertEquals(StopReason.TOOL_USE, called.stopReason().orElseThrow(), endpoint);
      ToolUseBlock use =
          called.content().stream()
              .filter(ContentBlock::isToolUse)
              .map(ContentBlock::asToolUse)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no tool_use block: " + called));
      assertEquals("get_weather", use.name());
      assertTrue(use.id().matches("[A-Za-z0-9_-]+"), use.id());
      if (!pathModel) {
        assertEquals(JsonValue.from(Map.of("city", "Oslo")), use._input());
      }

      MessageCreateParams followUp =
          params(endpoint + "/m~tps=0", "What is the weather in Oslo?")
              .addTool(weatherTool())
              .addMessage(called)
              .addUserMessageOfContentBlockParams(
                  List.of(
                      ContentBlockParam.ofToolResult(
                          ToolResultBlockParam.builder()
                              .toolUseId(use.id())
                              .content("4 degrees and clear")
                              .build())))
              .build();
      Message answer = client.messages().create(followUp);
      assertEquals(StopReason.END_TURN, answer.stopReason().orElseThrow(), endpoint);
      // The simulator answers a conversation ending with a tool result by repeating the result:
      // this text shows the tool_result block reached the upstream as its own tool turn.
      assertTrue(
          text(answer).contains("The tool returned: 4 degrees and clear"),
          endpoint + ": " + text(answer));
    }
  }

  @ParameterizedTest(name = "upstream {0}")
  @ValueSource(strings = {"sim", "sim-responses", "sim-anthropic", "sim-gemini", "sim-ollama"})
  void aTruncatedAnswerStopsWithMaxTokens(String endpoint) {
    MessageCreateParams p = params(endpoint + "/m~tps=0~finish=length", "Go on").build();
    assertEquals(
        StopReason.MAX_TOKENS, stream(client, p).message().stopReason().orElseThrow(), endpoint);
    assertEquals(
        StopReason.MAX_TOKENS, client.messages().create(p).stopReason().orElseThrow(), endpoint);
  }

  @ParameterizedTest(name = "upstream {0}")
  @ValueSource(strings = {"sim", "sim-responses", "sim-anthropic", "sim-gemini", "sim-ollama"})
  void aFailureMidStreamIsAnErrorEventTheSdkThrows(String endpoint) {
    MessageCreateParams p = params(endpoint + "/m~tps=0~error-after-chunks=3", "hi").build();
    StringBuilder before = new StringBuilder();
    SseException e =
        assertThrows(
            SseException.class,
            () -> {
              try (StreamResponse<RawMessageStreamEvent> events =
                  client.messages().createStreaming(p)) {
                events.stream()
                    .forEach(
                        ev ->
                            ev.contentBlockDelta()
                                .flatMap(d -> d.delta().text())
                                .ifPresent(t -> before.append(t.text())));
              }
            });
    assertFalse(before.toString().isEmpty(), "the text before the failure arrived");
    assertTrue(e.apiMessage().orElse("").startsWith(endpoint), e.getMessage());
  }

  @ParameterizedTest(name = "upstream {0}")
  @ValueSource(strings = {"sim", "sim-responses", "sim-anthropic", "sim-gemini", "sim-ollama"})
  void aProviderThatRefusesIsAServerErrorOfAnthropicsShape(String endpoint) {
    MessageCreateParams p = params(endpoint + "/m~status=401", "hi").build();
    InternalServerException streamed =
        assertThrows(
            InternalServerException.class,
            () -> {
              try (var events = client.messages().createStreaming(p)) {
                events.stream().forEach(ev -> {});
              }
            });
    InternalServerException whole =
        assertThrows(InternalServerException.class, () -> client.messages().create(p));
    for (AnthropicServiceException e : List.of(streamed, whole)) {
      assertEquals(502, e.statusCode());
      assertEquals("api_error", e.type().orElseThrow().toString());
      assertTrue(e.apiMessage().orElse("").startsWith(endpoint), e.getMessage());
    }
  }

  @Test
  void anUnknownModelIsNotFound() {
    NotFoundException e =
        assertThrows(
            NotFoundException.class,
            () -> client.messages().create(params("no-such-model", "hi").build()));
    assertEquals("not_found_error", e.type().orElseThrow().toString());
  }

  @Test
  void aWrongKeyIsUnauthorized() {
    AnthropicClient wrong = sdk("not-a-valid-key");
    try {
      UnauthorizedException e =
          assertThrows(
              UnauthorizedException.class,
              () -> wrong.messages().create(params("sim-anthropic/m", "hi").build()));
      assertEquals("authentication_error", e.type().orElseThrow().toString());
    } finally {
      wrong.close();
    }
  }

  @Test
  void aBearerTokenWorksLikeTheApiKeyHeader() {
    AnthropicClient bearer =
        AnthropicOkHttpClient.builder()
            .baseUrl(TestServer.HTTP)
            .authToken(operator.key())
            .maxRetries(0)
            .build();
    try {
      Message m = bearer.messages().create(params("sim-anthropic/m~tps=0", "hi").build());
      assertFalse(text(m).isBlank());
    } finally {
      bearer.close();
    }
  }

  @Test
  void anInvalidRequestIsABadRequestNamingTheField() {
    BadRequestException e =
        assertThrows(
            BadRequestException.class,
            () ->
                client
                    .messages()
                    .create(
                        params("sim-anthropic/m", "hi")
                            .putAdditionalBodyProperty("temperature", JsonValue.from(1.5))
                            .build()));
    assertEquals("invalid_request_error", e.type().orElseThrow().toString());
    assertTrue(e.apiMessage().orElse("").contains("temperature"), e.getMessage());
  }

  @Test
  void aUsedUpRequestQuotaIsARateLimit() {
    String limited = Principals.limitedKey(operator.name(), "operator", 1, null, null);
    AnthropicClient sdk = sdk(limited);
    try {
      MessageCreateParams p = params("sim-anthropic/m~tps=0", "hi").build();
      sdk.messages().create(p);
      RateLimitException e = assertThrows(RateLimitException.class, () -> sdk.messages().create(p));
      assertEquals("rate_limit_error", e.type().orElseThrow().toString());
      assertEquals(1, e.headers().values("retry-after").size(), "Retry-After is sent");
    } finally {
      sdk.close();
    }
  }

  @Test
  void aPacedStreamArrivesIncrementally() {
    long sent = System.nanoTime();
    Streamed s = stream(client, params("sim-anthropic/m~tokens=30~tps=20", "Count").build());
    List<Long> at = s.textArrivals();
    assertTrue(at.size() >= 10, "text deltas: " + at.size());
    long toFirst = Duration.ofNanos(at.get(0) - sent).toMillis();
    long firstToLast = Duration.ofNanos(at.get(at.size() - 1) - at.get(0)).toMillis();
    // 30 tokens at 20 per second take about 1.5 s: the first text comes long before the last.
    assertTrue(
        firstToLast >= 700 && toFirst < firstToLast,
        "first text after " + toFirst + " ms, the last " + firstToLast + " ms after it");
  }

  @Test
  void aStreamIsLiveOnTheConsoleAndOnItsGoalChannel() throws Exception {
    String goal = "anthropic-goal-" + UUID.randomUUID();
    try (WsClient streams = WsClient.to("/ws/streams").as(operator.bearer()).open();
        WsClient goalSocket = WsClient.to("/ws/goals/" + goal).as(operator.bearer()).open()) {
      Streamed s =
          stream(
              client,
              params("sim-gemini/m~tokens=12~tps=100", "Live please")
                  .putAdditionalHeader("X-PonyBunny-Goal-Id", goal)
                  .build());
      String requestId = requestId(s.message());
      for (WsClient socket : List.of(streams, goalSocket)) {
        JsonObject end = socket.awaitTerminal(requestId, WAIT);
        assertEquals("llm.stream.end", end.getString("event"));
        String text = assertWellFormed(eventsOf(socket.events(), requestId), "llm.stream.end");
        assertEquals(s.text(), text);
        assertEquals(goal, data(end).getString("goalId"));
      }
    }
  }

  /**
   * 50 times: the SDK client closes a paced stream after its first text; the simulator sees its
   * upstream connection closed within a second and the stream ends {@code cancelled} in history.
   * Trials rotate over the simulator's protocols; where a protocol reports usage as it streams
   * (Anthropic, Gemini) the record keeps the usage so far.
   */
  @Test
  void aClientThatLeavesMidStreamCancelsTheUpstreamWithinOneSecond() {
    String[] endpoints = {"sim", "sim-responses", "sim-anthropic", "sim-gemini", "sim-ollama"};
    for (int trial = 0; trial < 50; trial++) {
      String endpoint = endpoints[trial % endpoints.length];
      String id = "anthropic-leave-" + UUID.randomUUID();
      MessageCreateParams p =
          params(endpoint + "/m~tokens=400~tps=40~id=" + id, "Count slowly").build();
      String messageId;
      long leftAt;
      StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(p);
      try {
        var it = events.stream().iterator();
        String msg = null;
        while (it.hasNext()) {
          RawMessageStreamEvent e = it.next();
          if (e.messageStart().isPresent()) {
            msg = e.messageStart().get().message().id();
          }
          if (e.contentBlockDelta().flatMap(d -> d.delta().text()).isPresent()) {
            break;
          }
        }
        messageId = msg;
      } finally {
        leftAt = System.currentTimeMillis();
        events.close();
      }
      String trialName = "trial " + trial + " on " + endpoint;
      assertTrue(messageId != null && messageId.startsWith("msg_"), trialName);

      long closedAt = TestServer.awaitUpstreamClosed(id);
      assertTrue(
          closedAt - leftAt <= 1000,
          trialName + ": the simulator saw its client leave " + (closedAt - leftAt) + " ms later");

      String requestId = "req_" + messageId.substring(4);
      JsonObject record =
          Eventually.until(
              () -> history(requestId, operator),
              r -> r != null && !"streaming".equals(r.getString("status")),
              Duration.ofSeconds(10));
      assertEquals("cancelled", record.getString("status"), trialName + ": " + record);
      assertEquals("cancelled", record.getString("finishReason"), trialName);
      if (endpoint.equals("sim-anthropic") || endpoint.equals("sim-gemini")) {
        assertTrue(record.getInt("tokensUsed") > 0, trialName + ": usage so far " + record);
        assertTrue(
            record.getJsonNumber("costUsd").doubleValue() > 0,
            trialName + ": the part streamed is paid for: " + record);
      }
    }
  }
}
