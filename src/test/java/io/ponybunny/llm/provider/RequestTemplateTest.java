package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ponybunny.llm.http.HttpCall;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTemplateTest {

  private static final String FAKE_KEY = "sk-FAKE-not-a-key";

  @Test
  void bearerKeyJsonHeadersAndStreamAccept() {
    HttpCall call =
        RequestTemplate.bearer(RequestTemplate.SSE)
            .post(
                new EndpointTarget("e", "https://h.test/v1", FAKE_KEY),
                "/chat",
                true,
                JsonFields.object().add("a", 1));
    assertEquals("https://h.test/v1/chat", call.uri().toString());
    assertEquals(
        Map.of(
            "Content-Type", "application/json",
            "Accept", "text/event-stream",
            "Authorization", "Bearer " + FAKE_KEY),
        call.headers());
    assertEquals("{\"a\":1}", call.body());
  }

  @Test
  void nonStreamingAcceptsJsonAndNoKeyMeansNoKeyHeader() {
    RequestTemplate t = RequestTemplate.keyIn("x-api-key", RequestTemplate.NDJSON);
    for (String key : new String[] {null, "", "  "}) {
      HttpCall call =
          t.post(new EndpointTarget("e", "http://h.test", key), "/p", false, JsonFields.object());
      assertEquals(
          Map.of("Content-Type", "application/json", "Accept", "application/json"), call.headers());
    }
    HttpCall keyed =
        t.post(new EndpointTarget("e", "http://h.test", FAKE_KEY), "/p", true, JsonFields.object());
    assertEquals(FAKE_KEY, keyed.headers().get("x-api-key"));
    assertEquals("application/x-ndjson", keyed.headers().get("Accept"));
  }

  @Test
  void fixedHeadersReplaceDefaultsOfTheSameNameInAnyCase() {
    HttpCall call =
        RequestTemplate.keyIn("x-api-key", RequestTemplate.SSE)
            .withHeader("content-type", "application/json")
            .withHeader("anthropic-version", "2023-06-01")
            .post(new EndpointTarget("e", "http://h.test", null), "/p", false, JsonFields.object());
    assertEquals(
        Map.of(
            "content-type", "application/json",
            "Accept", "application/json",
            "anthropic-version", "2023-06-01"),
        call.headers());
    assertFalse(call.headers().containsKey("Content-Type"));
  }

  @Test
  void baseUrlIsTrimmedAndLosesTrailingSlashes() {
    assertEquals(
        "https://h.test/v1/x", RequestTemplate.join(" https://h.test/v1// ", "/x").toString());
    assertEquals("/x", RequestTemplate.join(null, "/x").toString());
  }
}
