package io.ponybunny.telemetry;

import static io.ponybunny.testing.OtlpReceiver.decimal;
import static io.ponybunny.testing.OtlpReceiver.integer;
import static io.ponybunny.testing.OtlpReceiver.parentId;
import static io.ponybunny.testing.OtlpReceiver.spanId;
import static io.ponybunny.testing.OtlpReceiver.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.ponybunny.testing.Eventually;
import io.ponybunny.testing.OtlpReceiver;
import io.ponybunny.testing.TestServer;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IT server exports OTLP to a receiver this test runs on the port the build reserved ({@code
 * it.otlp.port}, src/test/liberty/it-server/server.env): a completion is a GenAI {@code chat} span
 * under its request's server span, a goal's calls nest under its work item and goal spans, and the
 * GenAI client metrics arrive.
 */
class TelemetryIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static OtlpReceiver otlp;

  @BeforeAll
  static void listen() throws Exception {
    Integer port = Integer.getInteger("it.otlp.port");
    Assumptions.assumeTrue(port != null, "the build reserves it.otlp.port for the IT servers");
    otlp = OtlpReceiver.listen(port);
  }

  @AfterAll
  static void close() {
    if (otlp != null) {
      otlp.close();
    }
  }

  private static String names(List<Span> spans) {
    return spans.stream()
        .map(s -> s.getName() + " [" + s.getKind() + "] " + spanId(s) + "<-" + parentId(s))
        .collect(Collectors.joining(", "));
  }

  private static Span one(List<Span> spans, String name) {
    List<Span> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertEquals(1, named.size(), "one '" + name + "' in " + names(spans));
    return named.get(0);
  }

  private static Span byId(List<Span> spans, String id) {
    return spans.stream()
        .filter(s -> spanId(s).equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + id + " in " + names(spans)));
  }

  @Test
  void aCompletionIsAChatClientSpanUnderItsRequestsServerSpan() {
    String traceId = HexFormat.of().formatHex(randomBytes(16));
    String callerSpan = HexFormat.of().formatHex(randomBytes(8));
    HttpResponse<String> response =
        TestServer.send(
            TestServer.request("/api/completions")
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"sim/sim-default\",\"stream\":true,\"maxTokens\":64,"
                            + "\"temperature\":0.5,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}"))
                .build());
    assertEquals(200, response.statusCode(), response.body());
    String requestId = TestServer.json(response.body()).getString("requestId");

    List<Span> trace =
        Eventually.until(
            () -> otlp.trace(traceId),
            spans -> spans.stream().anyMatch(s -> s.getName().equals("chat sim-default")),
            WAIT);
    Span chat = one(trace, "chat sim-default");
    assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, chat.getKind());
    assertEquals("chat", string(chat, "gen_ai.operation.name"));
    assertEquals("openai", string(chat, "gen_ai.provider.name"));
    assertEquals("sim-default", string(chat, "gen_ai.request.model"));
    assertEquals("localhost", string(chat, "server.address"));
    assertEquals((long) TestServer.PORT, integer(chat, "server.port"));
    assertEquals(requestId, string(chat, "ponybunny.request_id"));
    assertEquals("sim/sim-default", string(chat, "ponybunny.model"));
    assertEquals(64L, integer(chat, "gen_ai.request.max_tokens"));
    assertEquals(0.5, decimal(chat, "gen_ai.request.temperature"));
    assertTrue(integer(chat, "gen_ai.usage.input_tokens") > 0);
    assertTrue(integer(chat, "gen_ai.usage.output_tokens") > 0);
    assertTrue(decimal(chat, "gen_ai.response.time_to_first_chunk") > 0);
    assertEquals(
        List.of("stop"),
        OtlpReceiver.attribute(chat.getAttributesList(), "gen_ai.response.finish_reasons")
            .orElseThrow()
            .getArrayValue()
            .getValuesList()
            .stream()
            .map(AnyValue::getStringValue)
            .toList());
    assertEquals(null, string(chat, "gen_ai.input.messages"), "no prompts unless opted in");

    Span server = byId(trace, parentId(chat));
    assertEquals(Span.SpanKind.SPAN_KIND_SERVER, server.getKind(), names(trace));
    assertTrue(server.getName().contains("/api/completions"), server.getName());
    assertEquals(callerSpan, parentId(server), "the caller's traceparent was honoured");

    // The upstream request is the call span's child, and carries the trace to the provider (here
    // the simulator, whose server span continues it).
    List<Span> upstream =
        Eventually.until(
            () ->
                otlp.trace(traceId).stream()
                    .filter(s -> s.getName().startsWith("POST /sim/openai/"))
                    .toList(),
            spans -> !spans.isEmpty(),
            WAIT);
    Span httpClient = byId(otlp.trace(traceId), parentId(upstream.get(0)));
    assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, httpClient.getKind());
    assertEquals(spanId(chat), parentId(httpClient), names(otlp.trace(traceId)));
  }

  @Test
  void aGoalsCallsNestUnderItsWorkItemAndTheGoalsRun() {
    HttpResponse<String> created =
        TestServer.postJson(
            "/api/goals",
            "{\"title\":\"What is 17 * 23 + 4?\",\"description\":\"Compute the value exactly.\","
                + "\"model\":\"sim/react~tps=0\"}");
    assertEquals(201, created.statusCode(), created.body());
    String goalId = TestServer.json(created.body()).getString("id");
    JsonObject goal =
        Eventually.until(
            () -> TestServer.json(TestServer.get("/api/goals/" + goalId).body()),
            g -> !Set.of("queued", "running").contains(g.getString("status")),
            WAIT);
    assertEquals("succeeded", goal.getString("status"), goal.toString());
    String workItemId = goal.getJsonArray("workItems").getJsonObject(0).getString("id");

    Span goalSpan =
        Eventually.until(
                () ->
                    otlp.spans().stream()
                        .filter(s -> s.getName().equals("invoke_workflow goal"))
                        .filter(s -> goalId.equals(string(s, "ponybunny.goal_id")))
                        .toList(),
                spans -> !spans.isEmpty(),
                WAIT)
            .get(0);
    String traceId = OtlpReceiver.hex(goalSpan.getTraceId().toByteArray());
    List<Span> trace =
        Eventually.until(
            () -> otlp.trace(traceId),
            spans ->
                spans.stream().filter(s -> s.getName().startsWith("chat ")).count() >= 3
                    && spans.stream().anyMatch(s -> s.getName().equals("invoke_agent react")),
            WAIT);
    assertEquals("succeeded", string(goalSpan, "ponybunny.goal.status"));
    assertEquals("invoke_workflow", string(goalSpan, "gen_ai.operation.name"));
    Span item = one(trace, "invoke_agent react");
    assertEquals(spanId(goalSpan), parentId(item), names(trace));
    assertEquals(workItemId, string(item, "ponybunny.work_item_id"));

    List<Span> chats = trace.stream().filter(s -> s.getName().equals("chat react~tps=0")).toList();
    assertTrue(chats.size() >= 3, "planning and two ReAct turns: " + names(trace));
    List<Span> planning =
        chats.stream().filter(s -> string(s, "ponybunny.work_item_id") == null).toList();
    assertEquals(1, planning.size(), names(trace));
    assertEquals(spanId(goalSpan), parentId(planning.get(0)), "planning: under the goal");
    for (Span turn : chats) {
      assertEquals(goalId, string(turn, "ponybunny.goal_id"));
      if (turn != planning.get(0)) {
        assertEquals(spanId(item), parentId(turn), "a ReAct turn: under its work item");
        assertEquals(workItemId, string(turn, "ponybunny.work_item_id"));
        assertNotNull(string(turn, "ponybunny.run_id"));
      }
    }
  }

  @Test
  void callsRecordTheGenAiClientMetrics() {
    HttpResponse<String> response =
        TestServer.postJson(
            "/api/completions",
            "{\"model\":\"sim/sim-metrics\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Count to five\"}]}");
    assertEquals(200, response.statusCode(), response.body());
    for (String name :
        List.of(
            "gen_ai.client.operation.duration",
            "gen_ai.client.token.usage",
            "gen_ai.client.operation.time_to_first_chunk",
            "gen_ai.client.operation.time_per_output_chunk")) {
      List<HistogramDataPoint> points =
          Eventually.until(() -> pointsOf(name, "sim-metrics"), p -> !p.isEmpty(), WAIT);
      HistogramDataPoint p = points.get(points.size() - 1);
      assertTrue(p.getCount() > 0, name);
      assertEquals("openai", value(p, "gen_ai.provider.name"), name);
      assertEquals("chat", value(p, "gen_ai.operation.name"), name);
    }
    List<HistogramDataPoint> tokens = pointsOf("gen_ai.client.token.usage", "sim-metrics");
    assertEquals(
        Set.of("input", "output"),
        tokens.stream().map(p -> value(p, "gen_ai.token.type")).collect(Collectors.toSet()));
    Metric duration = otlp.metric("gen_ai.client.operation.duration").get(0);
    assertEquals("s", duration.getUnit());
    assertEquals("{token}", otlp.metric("gen_ai.client.token.usage").get(0).getUnit());
  }

  /** The histogram points of {@code metric} for requests to {@code model}, oldest first. */
  private static List<HistogramDataPoint> pointsOf(String metric, String model) {
    return otlp.metric(metric).stream()
        .flatMap(m -> m.getHistogram().getDataPointsList().stream())
        .filter(p -> model.equals(value(p, "gen_ai.request.model")))
        .toList();
  }

  private static String value(HistogramDataPoint p, String key) {
    return OtlpReceiver.attribute(p.getAttributesList(), key)
        .map(AnyValue::getStringValue)
        .orElse(null);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1; // never all zero: an invalid id
    return b;
  }
}
