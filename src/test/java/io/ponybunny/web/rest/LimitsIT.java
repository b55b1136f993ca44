package io.ponybunny.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.Principals;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Abuse: floods over quota, oversize bodies, hostile model names, huge calculator inputs, 10,000
 * goals, thousands of idle sockets and client-chosen 1 ms timeouts each get their documented answer
 * within a bounded time, while a well-behaved client's stream, started before and running through
 * all of it, completes normally (its time to first token and chunk gaps are printed).
 */
class LimitsIT {

  /** The longest any refused request may take to be answered. */
  private static final Duration ANSWER = Duration.ofSeconds(10);

  private static final Duration WAIT = Duration.ofSeconds(120);

  private static final int POLITE_TOKENS = 1500;

  private static WsClient polite;
  private static String politeChannel;
  private static long politeStartedAt;
  private static CompletableFuture<HttpResponse<String>> politeAnswer;

  @BeforeAll
  static void aWellBehavedClientStreams() {
    Principals.Principal p = Principals.create("polite", "operator");
    politeChannel = "polite-" + UUID.randomUUID();
    polite = WsClient.to("/ws/goals/" + politeChannel).as(p.bearer()).open();
    politeStartedAt = System.nanoTime();
    politeAnswer =
        TestServer.http()
            .sendAsync(
                completion(
                    p.bearer(),
                    TestServer.completionBody(
                        "sim/polite~tokens=" + POLITE_TOKENS + "~tps=40",
                        politeChannel,
                        "Be polite",
                        null)),
                HttpResponse.BodyHandlers.ofString());
  }

  @AfterAll
  static void theWellBehavedStreamCompletedNormally() throws Exception {
    HttpResponse<String> answer = politeAnswer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(200, answer.statusCode(), answer.body());
    JsonObject end = polite.await(e -> "llm.stream.end".equals(e.getString("event")), WAIT);
    JsonObject data = end.getJsonObject("data");
    assertEquals("stop", data.getString("finishReason"), data.toString());
    assertEquals(POLITE_TOKENS, data.getInt("totalChunks"), "every chunk arrived");
    List<Long> times = polite.arrivalNanos("llm.stream.chunk");
    long ttftMs = TimeUnit.NANOSECONDS.toMillis(times.get(0) - politeStartedAt);
    long maxGapMs = 0;
    for (int i = 1; i < times.size(); i++) {
      maxGapMs = Math.max(maxGapMs, TimeUnit.NANOSECONDS.toMillis(times.get(i) - times.get(i - 1)));
    }
    System.out.printf(
        "%nLimitsIT: the well-behaved stream during the abuse: %d chunks, TTFT %d ms, largest gap"
            + " between chunks %d ms (paced at 25 ms)%n",
        times.size(), ttftMs, maxGapMs);
    polite.close();
  }

  @Test
  void requestsOverTheKeysRateAre429WithRetryAfter() {
    Principals.Principal p = Principals.create("flood", "operator");
    String key = "Bearer " + Principals.limitedKey(p.name(), "operator", 5, null, null);
    int ok = 0;
    int refused = 0;
    for (int i = 0; i < 20; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r =
          send(completion(key, TestServer.completionBody("sim/flood~tps=0", null, "hi", null)));
      assertAnsweredWithin(t0);
      if (r.statusCode() == 200) {
        ok++;
      } else {
        assertProblem(r, 429, "requests-per-minute");
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        refused++;
      }
    }
    assertEquals(5, ok, "the key's 5 requests per minute");
    assertEquals(15, refused);
  }

  @Test
  void aSecondStreamOverTheKeysConcurrencyIs429() throws Exception {
    Principals.Principal p = Principals.create("parallel", "operator");
    String key = "Bearer " + Principals.limitedKey(p.name(), "operator", null, 1, null);
    String channel = "parallel-" + UUID.randomUUID();
    try (WsClient ws = WsClient.to("/ws/goals/" + channel).as(key).open()) {
      CompletableFuture<HttpResponse<String>> first =
          TestServer.http()
              .sendAsync(
                  completion(
                      key,
                      TestServer.completionBody("sim/one~tokens=40~tps=20", channel, "one", null)),
                  HttpResponse.BodyHandlers.ofString());
      ws.await(e -> "llm.stream.start".equals(e.getString("event")), WAIT);
      HttpResponse<String> second =
          send(completion(key, TestServer.completionBody("sim/two~tps=0", channel, "two", null)));
      assertProblem(second, 429, "concurrent-streams");
      assertEquals(200, first.join().statusCode());
      HttpResponse<String> third =
          send(completion(key, TestServer.completionBody("sim/three~tps=0", channel, "3", null)));
      assertEquals(200, third.statusCode(), "the stream is free again: " + third.body());
    }
  }

  @Test
  void tokensOverTheKeysDayAre429UntilMidnight() {
    Principals.Principal p = Principals.create("tokens", "operator");
    String key = "Bearer " + Principals.limitedKey(p.name(), "operator", null, null, 10L);
    HttpResponse<String> first =
        send(completion(key, TestServer.completionBody("sim/t~tokens=30~tps=0", null, "t", null)));
    assertEquals(200, first.statusCode(), first.body());
    HttpResponse<String> second =
        send(completion(key, TestServer.completionBody("sim/t~tps=0", null, "t", null)));
    assertProblem(second, 429, "tokens-per-day");
    long retryAfter = Long.parseLong(second.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 86_400, "until UTC midnight: " + retryAfter);
    // The key page shows it.
    JsonObject keys = TestServer.json(TestServer.get("/api/keys").body());
    JsonObject quota =
        keys.getJsonArray("items").getValuesAs(JsonObject.class).stream()
            .filter(
                k ->
                    p.name().equals(k.getString("owner"))
                        && k.getString("name").equals("limited key"))
            .findFirst()
            .orElseThrow()
            .getJsonObject("quota");
    assertEquals(10, quota.getJsonNumber("tokensPerDay").longValue());
    assertTrue(quota.getJsonNumber("tokensToday").longValue() >= 10, quota.toString());
  }

  @Test
  void oversizeAndOverlongRequestsAre4xxProblems() {
    String huge = "x".repeat(2 * 1024 * 1024);
    long t0 = System.nanoTime();
    HttpResponse<String> body =
        TestServer.postJson(
            "/api/completions", TestServer.completionBody("sim/x~tps=0", null, huge, null));
    assertAnsweredWithin(t0);
    assertEquals(413, body.statusCode(), body.body());
    assertTrue(body.headers().firstValue("Content-Type").orElse("").contains("problem+json"));

    StringBuilder many = new StringBuilder("{\"model\":\"sim/x~tps=0\",\"messages\":[");
    for (int i = 0; i < 1000; i++) {
      many.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"m\"}");
    }
    many.append("]}");
    assertEquals(400, TestServer.postJson("/api/completions", many.toString()).statusCode());

    HttpResponse<String> tokens =
        TestServer.postJson(
            "/api/completions",
            TestServer.completionBody("sim/x~tps=0", null, "hi", "\"maxTokens\":1000000000"));
    assertEquals(400, tokens.statusCode(), tokens.body());
    assertTrue(tokens.body().contains("maxTokens"), tokens.body());
  }

  @Test
  void hostileModelNamesAre400AndNeverReachTheUpstream() {
    for (String model :
        List.of(
            "sim-gemini/../../v1beta/files",
            "sim-gemini/a?key=stolen",
            "sim-gemini/a#fragment",
            "sim-gemini/%2e%2e%2fcachedContents",
            "sim-gemini/" + "a".repeat(1000),
            "sim-gemini/a b",
            "openai/gpt\u0000x")) {
      long t0 = System.nanoTime();
      HttpResponse<String> r =
          TestServer.postJson(
              "/api/completions",
              TestServer.completionBody(model.replace("\u0000", "\\u0000"), null, "hi", null));
      assertAnsweredWithin(t0);
      assertEquals(400, r.statusCode(), model + ": " + r.body());
      assertTrue(r.body().contains("model"), r.body());
    }
  }

  @Test
  void clientChosenTimeoutsNeverOpenTheCircuit() {
    for (int i = 0; i < 50; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r =
          TestServer.postJson(
              "/api/completions",
              TestServer.completionBody(
                  "sim-anthropic/short~tps=0", null, "hi", "\"firstTokenTimeoutMs\":1"));
      assertAnsweredWithin(t0);
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("firstTokenTimeoutMs"), r.body());
    }
    // At the floor, against a provider slower than the caller's own timeout: the caller's
    // failure, not the endpoint's.
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> r =
          TestServer.postJson(
              "/api/completions",
              TestServer.completionBody(
                  "sim-anthropic/late~stall-first-ms=1500~id=late-" + i,
                  null,
                  "hi",
                  "\"firstTokenTimeoutMs\":1000"));
      assertEquals(504, r.statusCode(), r.body());
    }
    JsonObject providers = TestServer.json(TestServer.get("/api/providers").body());
    JsonObject endpoint =
        providers.getJsonArray("endpoints").getValuesAs(JsonObject.class).stream()
            .filter(e -> "sim-anthropic".equals(e.getString("id")))
            .findFirst()
            .orElseThrow();
    assertEquals("closed", endpoint.getString("circuit"), endpoint.toString());
    HttpResponse<String> normal =
        TestServer.postJson(
            "/api/completions",
            TestServer.completionBody("sim-anthropic/normal~tps=0", null, "hi", null));
    assertEquals(200, normal.statusCode(), normal.body());
  }

  @Test
  void aHugeCalculatorInputIsAnObservationNotADeadWorker() {
    long t0 = System.nanoTime();
    HttpResponse<String> created =
        TestServer.postJson(
            "/api/goals",
            "{\"title\":\"Huge power\",\"description\":\"What is 9^9^9^9?\","
                + "\"model\":\"sim/react~tps=0\"}");
    assertEquals(201, created.statusCode(), created.body());
    String id = TestServer.json(created.body()).getString("id");
    JsonObject goal = awaitGoal(id);
    assertTrue(System.nanoTime() - t0 < WAIT.toNanos());
    assertEquals("succeeded", goal.getString("status"), goal.toString());
    assertTrue(goal.getString("result").contains("could not"), goal.getString("result"));
  }

  @Test
  void oneCallersGoalsFillOnlyItsShareOfTheQueueAndOthersStillGetIn() throws Exception {
    Principals.Principal greedy = Principals.create("greedy", "operator");
    Principals.Principal other = Principals.create("other", "operator");
    Map<Integer, List<String>> answers = submitGoals(List.of(greedy), 300);
    try {
      int accepted = answers.getOrDefault(201, List.of()).size();
      System.out.printf(
          "%nLimitsIT: 300 goals from one caller: %d accepted, %d refused with 429%n",
          accepted, answers.getOrDefault(429, List.of()).size());
      assertTrue(accepted >= 100 && accepted <= 100 + 2, "its share and its running goals");
      assertEquals(
          300 - accepted, answers.getOrDefault(429, List.of()).size(), answers.keySet().toString());
      HttpResponse<String> r = send(post("/api/goals", other.bearer(), goalBody("other")));
      assertEquals(201, r.statusCode(), r.body());
      answers.get(201).add(TestServer.json(r.body()).getString("id"));
    } finally {
      cancelAll(answers.getOrDefault(201, List.of()));
    }
  }

  @Test
  void tenThousandGoalsFromTwentyCallersFillTheQueueAndTheRestAre503() throws Exception {
    List<Principals.Principal> ps = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ps.add(Principals.create("queue" + i, "operator"));
    }
    Map<Integer, List<String>> answers = submitGoals(ps, 10_000);
    try {
      int accepted = answers.getOrDefault(201, List.of()).size();
      System.out.printf(
          "%nLimitsIT: 10,000 goals from 20 callers: %d accepted, %d refused with 503%n",
          accepted, answers.getOrDefault(503, List.of()).size());
      assertTrue(answers.containsKey(503), "the queue is bounded");
      assertTrue(accepted <= 1_100, "at most the queue and the running goals: " + accepted);
    } finally {
      cancelAll(answers.getOrDefault(201, List.of()));
    }
  }

  /**
   * Submits {@code n} goals at once, round-robin over {@code callers}; returns the ids of the
   * accepted ones under 201 and the refusals by status, each checked as problem JSON with
   * Retry-After, every answer within {@link #ANSWER}.
   */
  private Map<Integer, List<String>> submitGoals(List<Principals.Principal> callers, int n)
      throws Exception {
    Map<Integer, List<String>> answers = new ConcurrentHashMap<>();
    AtomicInteger slow = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Principals.Principal p = callers.get(i % callers.size());
        String body = goalBody("Queued " + i);
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  long t0 = System.nanoTime();
                  HttpResponse<String> r = send(post("/api/goals", p.bearer(), body));
                  if (System.nanoTime() - t0 > ANSWER.toNanos()) {
                    slow.incrementAndGet();
                  }
                  List<String> of =
                      answers.computeIfAbsent(
                          r.statusCode(), k -> Collections.synchronizedList(new ArrayList<>()));
                  if (r.statusCode() == 201) {
                    of.add(TestServer.json(r.body()).getString("id"));
                    return;
                  }
                  if (r.statusCode() == 429) {
                    assertProblem(r, 429, "queued-goals");
                  } else {
                    assertProblem(r, 503, null);
                    assertTrue(r.headers().firstValue("Retry-After").isPresent(), r.toString());
                  }
                  of.add(r.body());
                },
                pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      // one answer failed its check (the others have answered): the goals accepted so far are
      // withdrawn, or a thousand slow goals stay queued and hold up every later goal IT
      cancelAll(answers.getOrDefault(201, List.of()));
      throw e;
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, slow.get(), "every submission answered within " + ANSWER);
    return answers;
  }

  private static String goalBody(String title) {
    return "{\"title\":\"" + title + "\",\"description\":\"Wait\",\"model\":\"sim/q~tps=1\"}";
  }

  /** Cancels goals as an admin (their owners differ). */
  private static void cancelAll(List<String> ids) {
    for (String id : List.copyOf(ids)) {
      send(post("/api/goals/" + id + "/cancel", TestServer.authorization(), ""));
    }
  }

  @Test
  void thousandsOfIdleSocketsOfOnePrincipalStopAtItsCap() throws Exception {
    int cap = Integer.getInteger("it.ws.max-connections-per-principal", 100);
    int attempts = Math.max(1000, cap + 1000);
    Principals.Principal p = Principals.create("sockets", "viewer");
    List<WsClient> open = new ArrayList<>();
    int refused = 0;
    try {
      for (int i = 0; i < attempts; i++) {
        long t0 = System.nanoTime();
        WsClient.Attempt a = WsClient.to("/ws/streams").as(p.bearer()).attempt();
        assertAnsweredWithin(t0);
        Integer closedWith = a.socket() == null ? null : a.socket().closeCode();
        if (a.socket() != null && closedWith == null) {
          open.add(a.socket());
        } else {
          int code = closedWith == null ? a.status() : closedWith;
          assertEquals(1013, code, "refused with " + code);
          refused++;
        }
      }
    } finally {
      open.forEach(WsClient::close);
    }
    assertEquals(cap, open.size(), "the per-principal cap");
    assertEquals(attempts - cap, refused);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static HttpRequest completion(String authorization, String body) {
    return post("/api/completions", authorization, body);
  }

  private static HttpRequest post(String path, String authorization, String body) {
    return HttpRequest.newBuilder(URI.create(TestServer.HTTP + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static HttpResponse<String> send(HttpRequest r) {
    return TestServer.sendRaw(r);
  }

  private static void assertAnsweredWithin(long startNanos) {
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    assertTrue(ms < ANSWER.toMillis(), "answered after " + ms + " ms");
  }

  private static void assertProblem(HttpResponse<String> r, int status, String limit) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").contains("problem+json"), r.toString());
    JsonObject problem = TestServer.json(r.body());
    assertEquals(status, problem.getInt("status"));
    if (limit != null) {
      assertEquals(limit, problem.getString("limit"), r.body());
      assertNotNull(r.headers().firstValue("Retry-After").orElse(null), "Retry-After");
    }
    assertFalse(r.body().contains("pb_"), "no key in " + r.body());
  }

  private static JsonObject awaitGoal(String id) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonObject g = TestServer.json(TestServer.get("/api/goals/" + id).body());
      String s = g.getString("status");
      if (!"queued".equals(s) && !"running".equals(s)) {
        return g;
      }
      assertTrue(System.nanoTime() < deadline, "goal not finished: " + g);
      try {
        Thread.sleep(100); // polling the goal's state: the API exposes it only by reading it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
