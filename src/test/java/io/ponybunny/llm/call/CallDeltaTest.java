package io.ponybunny.llm.call;

import static io.ponybunny.llm.call.FakeProvider.route;
import static io.ponybunny.llm.call.FakeProvider.status;
import static io.ponybunny.llm.call.FakeProvider.stream;
import static io.ponybunny.llm.call.FakeProvider.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.routing.Backoff;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code onDelta} (what the OpenAI and Anthropic ingress stream to their clients) gets every piece
 * of output in stream order, text, reasoning and tool-call fragments alike; once a delta went out
 * the call is committed: a later failure ends it instead of retrying, so a client never sees a tool
 * call twice.
 */
class CallDeltaTest {

  private static final String TOOL_START =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
          + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},"
          + "\"finish_reason\":null}]}\n\n";
  private static final String TOOL_ARGS =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
          + "\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
          + "\"finish_reason\":null}]}\n\n";
  private static final String REASONING =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hmm\"},"
          + "\"finish_reason\":null}]}\n\n";

  private final FakeProvider p = new FakeProvider(10);
  private final List<StreamChunk> deltas = new ArrayList<>();

  private LlmCompletionOptions listening() {
    return LlmCompletionOptions.builder().stream(true).onDelta(deltas::add).build();
  }

  @Test
  void textReasoningAndToolFragmentsReachTheListenerInStreamOrder() {
    p.script(
        "a", stream().raw(REASONING).text("Let me look.").raw(TOOL_START).raw(TOOL_ARGS).done());
    p.run(List.of(route("a")), listening(), CallLimits.defaults(), Backoff.DEFAULT).await();
    assertEquals(
        List.of(
            new StreamChunk.ReasoningDelta("hmm"),
            new StreamChunk.TextDelta("Let me look."),
            new StreamChunk.ToolCallDelta(0, "call_1", "get_weather", ""),
            new StreamChunk.ToolCallDelta(0, null, null, "{\"city\":\"Paris\"}")),
        deltas);
  }

  @Test
  void aFailureAfterAToolFragmentWentOutIsNotRetried() {
    p.script("a", stream().raw(TOOL_START).reset(), whole("again"));
    LlmCall call =
        p.run(List.of(route("a", 3)), listening(), CallLimits.defaults(), Backoff.DEFAULT);
    assertThrows(ProviderException.class, call::await);
    assertEquals(1, p.requestsTo("a"), "the client already has the call's first fragment");
    assertEquals(List.of(new StreamChunk.ToolCallDelta(0, "call_1", "get_weather", "")), deltas);
  }

  @Test
  void withoutAListenerAToolFragmentCommitsNothingAndTheAttemptIsRetried() {
    p.script("a", stream().raw(TOOL_START).reset(), stream().text("ok").done());
    String text =
        p.run(
                List.of(route("a", 3)),
                LlmCompletionOptions.builder().stream(true).build(),
                CallLimits.defaults(),
                Backoff.DEFAULT)
            .await()
            .text();
    assertEquals("ok", text);
    assertEquals(2, p.requestsTo("a"));
  }

  @Test
  void aWholeAnswerAfterBrokenStreamingReachesTheListenerToo() {
    p.script("a", status(200, "not an event stream"), whole("whole"));
    p.run(List.of(route("a", 0)), listening(), CallLimits.defaults(), Backoff.DEFAULT).await();
    assertEquals(List.of(new StreamChunk.TextDelta("whole")), deltas);
  }
}
