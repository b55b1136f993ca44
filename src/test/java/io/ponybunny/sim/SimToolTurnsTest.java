package io.ponybunny.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.call.ResponseAccumulator;
import io.ponybunny.llm.provider.AdapterTestSupport;
import io.ponybunny.llm.provider.EndpointTarget;
import io.ponybunny.llm.provider.ProtocolAdapter;
import io.ponybunny.llm.provider.anthropic.AnthropicAdapter;
import io.ponybunny.llm.provider.gemini.GeminiAdapter;
import io.ponybunny.llm.provider.gemini.GeminiJsonArrayAdapter;
import io.ponybunny.llm.provider.ollama.OllamaAdapter;
import io.ponybunny.llm.provider.openai.OpenAiAdapter;
import io.ponybunny.llm.provider.openai.OpenAiResponsesAdapter;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code /sim} wire takes a conversation with tool round-trips as the real adapter sends it
 * (content lists, null content, tool messages, tool result blocks, items or parts) and, as it ends
 * with a tool result, answers with text that repeats the result and no tool call, even under a
 * scenario that calls a tool; the adapter reads that answer back, streamed or whole.
 */
class SimToolTurnsTest {

  /** A scenario that calls a tool: only the tool result at the end makes the reply text. */
  private static final String MODEL = "sim~tool=get_weather";

  private static final EndpointTarget SIM = new EndpointTarget("sim", "http://sim.test", null);

  /** One wire as its resource serves it. */
  private record Wire(
      ProtocolAdapter adapter,
      SimWire wire,
      boolean modelInPath,
      boolean streamDefault,
      Function<JsonObject, SimPrompt> prompt) {}

  private final SimPacerTest.FakeTime time = new SimPacerTest.FakeTime();
  private final Clock clock = Clock.fixed(Instant.parse("2025-05-05T00:00:00Z"), ZoneOffset.UTC);
  private final SimService service =
      new SimService(
          () -> SimSettings.DEFAULTS,
          new SimRecorder(100, clock),
          new SimResponder(),
          new SimPacer(time, time),
          clock);

  static Stream<Arguments> wires() {
    Stream<Arguments> byWire =
        Stream.of(
            Arguments.of(
                "openai",
                new Wire(
                    new OpenAiAdapter(),
                    new OpenAiChatWire(),
                    false,
                    false,
                    SimRequests::openAiChat)),
            Arguments.of(
                "openai-responses",
                new Wire(
                    new OpenAiResponsesAdapter(),
                    new OpenAiResponsesWire(),
                    false,
                    false,
                    SimRequests::responses)),
            Arguments.of(
                "anthropic",
                new Wire(
                    new AnthropicAdapter(),
                    new AnthropicWire(),
                    false,
                    false,
                    SimRequests::anthropic)),
            Arguments.of(
                "gemini",
                new Wire(new GeminiAdapter(), GeminiWire.sse(), true, false, SimRequests::gemini)),
            Arguments.of(
                "gemini-json-array",
                new Wire(
                    new GeminiJsonArrayAdapter(),
                    GeminiWire.jsonArray(),
                    true,
                    false,
                    SimRequests::gemini)),
            Arguments.of(
                "ollama",
                new Wire(new OllamaAdapter(), new OllamaWire(), false, true, SimRequests::ollama)));
    return byWire.flatMap(
        a -> Stream.of(true, false).map(stream -> Arguments.of(a.get()[0], a.get()[1], stream)));
  }

  @ParameterizedTest(name = "{0} stream={2}")
  @MethodSource("wires")
  void aConversationEndingWithAToolResultGetsTextThatRepeatsItAndNoToolCall(
      String name, Wire w, boolean stream) throws IOException {
    LlmResponse response = answer(w, AdapterTestSupport.toolRoundTrip(MODEL), stream);
    assertEquals("Thanks! The tool returned: noon", response.text());
    assertEquals(List.of(), response.toolCalls());
    assertEquals(FinishReason.STOP, response.finishReason());
  }

  @ParameterizedTest(name = "{0} stream={2}")
  @MethodSource("wires")
  void aUserMessageAfterTheToolResultsGetsTheScenariosToolCallAgain(
      String name, Wire w, boolean stream) throws IOException {
    LlmRequest roundTrip = AdapterTestSupport.toolRoundTrip(MODEL);
    List<ChatMessage> messages = new ArrayList<>(roundTrip.messages());
    messages.add(ChatMessage.user("And tomorrow?"));
    LlmResponse response = answer(w, new LlmRequest(MODEL, messages, null, null, null), stream);
    assertEquals(1, response.toolCalls().size());
    assertEquals("get_weather", response.toolCalls().get(0).name());
    assertEquals("", response.text());
    assertEquals(FinishReason.TOOL_CALLS, response.finishReason());
  }

  /** Serves {@code request} as the adapter sends it and reads the answer back with the adapter. */
  private LlmResponse answer(Wire w, LlmRequest request, boolean stream) throws IOException {
    SimResult result =
        service.serve(
            new SimCall(
                w.wire(),
                w.adapter().buildRequest(SIM, request, stream).body(),
                w.modelInPath() ? MODEL : null,
                w.modelInPath() ? stream : null,
                w.streamDefault(),
                w.prompt(),
                List.of("Content-Type"),
                null));
    String body = body(result);
    assertEquals(200, result.status(), body);
    LlmResponse response;
    if (stream) {
      ResponseAccumulator acc = new ResponseAccumulator();
      AdapterTestSupport.chunks(w.adapter().newStreamParser(result.mediaType()), body).forEach(acc);
      response = acc.result();
    } else {
      response = w.adapter().parseResponse(body.getBytes(StandardCharsets.UTF_8));
    }
    assertNull(response.error(), body);
    return response;
  }

  private static String body(SimResult r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.body().writeTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
